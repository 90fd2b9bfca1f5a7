// CLI round trip on the toy world: encode → rank → score, up-to-date skips,
// and input errors that name the file and line.
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readEmbeddingHeader } from '../core/embeddingFile';
import { TOY_DOCS, writeToyWorld } from '../runtime/testing/toyWorld';
import { docText } from '../core/docText';
import { runCli } from './commands';

let dir: string;
let w: { modelsDir: string; docsPath: string };

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const code = await runCli(argv, { out: (s) => { out += s; }, err: (s) => { err += `${s}\n`; } });
  return { code, out, err };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'prerank-cli-'));
  w = writeToyWorld(dir);
});

describe('cli', () => {
  it('--help lists the commands', async () => {
    const r = await cli('--help');
    expect(r.code).toBe(0);
    for (const c of ['encode', 'rank', 'score']) expect(r.out).toContain(c);
  });

  it('encode writes one embedding file per tower, then skips them when up to date', async () => {
    const emb = join(dir, 'emb');
    const r = await cli('encode', '--models', w.modelsDir, '--docs', w.docsPath, '--out', emb);
    expect(r.code).toBe(0);
    for (const id of ['teacher', 'student']) {
      const { header } = readEmbeddingHeader(new Uint8Array(readFileSync(join(emb, `${id}.emb`))));
      expect(header).toMatchObject({ modelId: id, count: 8, dtype: 'f16' });
    }
    // …and the doc set's index for the browser's docs worker (docsIndexFile.ts), bound to these bytes
    const index = JSON.parse(readFileSync(join(emb, 'docs.index.json'), 'utf8')) as { docsetSha256: string; ids: string[]; texts: string[] };
    expect(index.ids).toEqual(TOY_DOCS.map((d) => d.id));
    expect(index.texts).toEqual(TOY_DOCS.map((d) => docText(d as never)));
    expect(index.docsetSha256).toBe(readEmbeddingHeader(new Uint8Array(readFileSync(join(emb, 'student.emb')))).header.docsetSha256);
    expect(r.err).toMatch(/docs\.index\.json: written \(8 docs/);
    const again = await cli('encode', '--models', w.modelsDir, '--docs', w.docsPath, '--out', emb);
    expect(again.err).toMatch(/\.emb: up to date, skipped/);
    expect(again.err).toMatch(/docs\.index\.json: up to date, skipped/);
  });

  it('rank writes TREC runs with strictly decreasing scores', async () => {
    const queries = join(dir, 'queries.jsonl');
    writeFileSync(queries, '{"qid":"q00001","text":"琅琊榜"}\n{"qid":"q00002","text":"红烧肉做法"}\n');
    const out = join(dir, 'runs');
    const r = await cli('rank', '--models', w.modelsDir, '--docs', w.docsPath, '--embeddings', join(dir, 'emb'),
      '--queries', queries, '--model', 'teacher,student,bm25', '--k', '5', '--out', out);
    expect(r.code, r.err).toBe(0);
    const lines = readFileSync(join(out, 'student.trec'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(10);
    const byQ = new Map<string, number[]>();
    for (const l of lines) {
      const [qid, q0, docid, rank, score, tag] = l.split(' ');
      expect([q0, tag]).toEqual(['Q0', 'student']);
      expect(docid).toMatch(/^v\d{6}$/);
      byQ.set(qid, [...(byQ.get(qid) ?? []), Number(score)]);
      expect(Number(rank)).toBe(byQ.get(qid)!.length);
    }
    for (const s of byQ.values()) for (let i = 1; i < s.length; i++) expect(s[i]).toBeLessThan(s[i - 1]);
    expect(existsSync(join(out, 'bm25.trec'))).toBe(true);
  });

  it('rank --query prints one run to stdout; its scores match score on the same title', async () => {
    const r = await cli('rank', '--models', w.modelsDir, '--docs', w.docsPath, '--query', '三体', '--model', 'student', '--k', '1');
    expect(r.code, r.err).toBe(0);
    const [, , docid, , score] = r.out.trim().split(' ');
    const doc = TOY_DOCS.find((d) => d.id === docid)!;
    const pairs = join(dir, 'one.tsv');
    writeFileSync(pairs, `三体\t${docText(doc)}\n`);
    const s = await cli('score', '--models', w.modelsDir, '--pairs', pairs, '--model', 'student');
    const [logit, p] = s.out.trim().split('\n')[1].split('\t').map(Number);
    expect(p).toBeCloseTo(Number(score), 5);
    expect(p).toBeCloseTo(1 / (1 + Math.exp(-logit)), 8);
  });

  it('score prints a header, then logit and p per model for each pair', async () => {
    const pairs = join(dir, 'pairs.tsv');
    writeFileSync(pairs, '琅琊榜\t琅琊榜 第1集\n红烧肉\tNBA集锦 湖人\n');
    const r = await cli('score', '--models', w.modelsDir, '--pairs', pairs);
    expect(r.code, r.err).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines[0]).toBe('teacher.logit\tteacher.p\tstudent.logit\tstudent.p\tfine.logit\tfine.p');
    expect(lines).toHaveLength(3);
    for (const l of lines.slice(1)) {
      const x = l.split('\t').map(Number);
      expect(x).toHaveLength(6);
      for (let i = 0; i < 6; i += 2) expect(x[i + 1]).toBeCloseTo(1 / (1 + Math.exp(-x[i])), 8);
    }
  });

  it('score echoes # and blank lines in place, so the output lines up with the input', async () => {
    const pairs = join(dir, 'commented.tsv');
    writeFileSync(pairs, '# my pairs\n琅琊榜\t琅琊榜 第1集\n\n红烧肉\tNBA集锦 湖人\n# end\n');
    const r = await cli('score', '--models', w.modelsDir, '--pairs', pairs, '--model', 'student,fine', '--no-header', '--batch', '2');
    expect(r.code, r.err).toBe(0);
    const lines = r.out.split('\n');
    expect(lines).toHaveLength(6); // five lines, each newline-terminated
    expect([lines[0], lines[2], lines[4], lines[5]]).toEqual(['# my pairs', '', '# end', '']);
    for (const l of [lines[1], lines[3]]) expect(l.split('\t')).toHaveLength(4);
    // the same pair scores the same whatever its batch
    const one = join(dir, 'one-pair.tsv');
    writeFileSync(one, '红烧肉\tNBA集锦 湖人\n');
    const s = await cli('score', '--models', w.modelsDir, '--pairs', one, '--model', 'student,fine', '--no-header');
    expect(s.out.trim().split('\t').map(Number)).toEqual(lines[3].split('\t').map(Number));
  });

  it('reports a bad TSV line by file and line number, before scoring anything', async () => {
    const pairs = join(dir, 'bad.tsv');
    writeFileSync(pairs, '琅琊榜\t琅琊榜 第1集\n# a comment\nno tab here\n');
    const r = await cli('score', '--models', w.modelsDir, '--pairs', pairs);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${pairs} line 3: expected "query<TAB>title", found no tab (nothing scored)`);
    expect(r.out).toBe('');
  });

  it('refuses invalid UTF-8 naming its line, and prints nothing', async () => {
    const pairs = join(dir, 'latin1.tsv');
    const enc = new TextEncoder();
    writeFileSync(pairs, Buffer.concat([enc.encode('琅琊榜\t琅琊榜 第1集\n# ok\ncaf'), Buffer.from([0xff]), enc.encode('\ttitle\n红烧肉\tx\n')]));
    const r = await cli('score', '--models', w.modelsDir, '--pairs', pairs);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${pairs} line 3: invalid UTF-8 (nothing scored)`);
    expect(r.out).toBe('');
  });

  it('says what is wrong with options and missing files', async () => {
    expect((await cli('rank', '--models', w.modelsDir)).err).toMatch(/--query TEXT or --queries FILE/);
    expect((await cli('rank', '--models', join(dir, 'nowhere'), '--query', 'x')).err).toMatch(/manifest\.json is missing/);
    expect((await cli('frobnicate')).code).toBe(2);
    expect((await cli('score', '--models', w.modelsDir, '--pairs', join(dir, 'nowhere.tsv'))).err).toMatch(/nowhere\.tsv: no such file/);
    expect((await cli('score', '--models', w.modelsDir, '--pairs', join(dir, 'pairs.tsv'), '--batch', '0')).err).toMatch(/--batch must be a positive integer/);
    expect((await cli('rank', '--models', w.modelsDir, '--query', 'x', '--model', 'nope')).err).toMatch(/cannot rank with: nope/);
  });
});
