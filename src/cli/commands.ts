// The CLI's commands over the shared runtime (onnxruntime-node): encode a doc
// set to embedding files, rank queries into TREC runs, score (query, title)
// pairs. `runCli(argv, io)` returns an exit code; tests call it in-process.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { trecRunLines } from '../core/trecRun';
import type { ZoneFilter } from '../core/domain';
import { coarseModels, fineModel, LabError } from '../runtime/engine/manifest';
import { embeddingPath, embeddingUpToDate, openNodeEngine, readManifest, writeDocsIndex, writeEmbeddingFile } from '../runtime/ort/node';
import { leanFile } from '../runtime/engine/manifest';
import { checkPairs, pairLines, readQueries, type QueryItem } from './inputs';
import { fineScorer, SCORE_BATCH, scoreHeader, scorePairLines, towerScorer } from './scorePairs';

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

export const HELP = `prerank-lab CLI — the lab's runtime in Node (onnxruntime-node)

usage: npm run cli -- <command> [options]

commands
  encode   encode a doc set with tower models into embedding files (fp16/int8,
           header = model sha256 + doc-set sha256); skips files already up to date
             --docs FILE        docs.jsonl            (default public/demo/docs.jsonl)
             --model ID[,ID]    towers to encode      (default: every tower)
             --out DIR          where <id>.emb goes   (default public/embeddings), with
                                docs.index.json (the doc set's ids, zones, texts, line ranges)
             --dtype f16|int8   (default f16)   --force   re-encode even if up to date
  rank     rank queries over the doc set, write TREC runs (qid Q0 docid rank score tag)
             --query TEXT | --queries FILE  (queries.jsonl, qid<TAB>text, or one query per line)
             --model ID[,ID]    towers and/or bm25     (default: every tower)
             --k N              results per query      (default 100)
             --zone all|premium|short                  (default all)
             --out PATH         a file for one model; a directory (<id>.trec) for several;
                                default: stdout (one model only)
             --docs FILE --embeddings DIR (default public/embeddings; encoded if missing/stale)
  score    score (query, title) pairs from a TSV (query<TAB>title per line), streamed in
           batches (memory flat in the file's size). Prints a TSV: a header line
           (<id>.logit<TAB><id>.p per model), then one line per input line, in order:
           a pair's scores, or a blank or #-comment line echoed as-is, so output line
           N+1 is input line N (N with --no-header: paste pairs.tsv out.tsv lines up).
           logit = the model's raw score (towers q·d, fine ranker its logit), printed
           exactly, so distinct scores never print alike; p = sigmoid(logit) to 9
           significant digits. Invalid UTF-8, a line without exactly one tab, an empty
           query or title, or a line over 64 KiB stops it with "FILE line N: reason",
           exit 1, before anything is scored (the file is checked first).
           Use npm run -s cli -- score … > out.tsv: -s keeps npm's banner off stdout.
             --pairs FILE       --model ID[,ID] (default: every tower and the fine ranker)
             --batch N          pairs per model run   (default ${SCORE_BATCH})
             --no-header        no header line

common options
  --models DIR   the models folder with manifest.json (default models)
  --threads N    intra-op threads for onnxruntime-node
  -h, --help     this text
`;

const OPTIONS = {
  models: { type: 'string', default: 'models' },
  docs: { type: 'string', default: 'public/demo/docs.jsonl' },
  embeddings: { type: 'string', default: 'public/embeddings' },
  model: { type: 'string' },
  out: { type: 'string' },
  dtype: { type: 'string', default: 'f16' },
  force: { type: 'boolean', default: false },
  query: { type: 'string' },
  queries: { type: 'string' },
  k: { type: 'string', default: '100' },
  zone: { type: 'string', default: 'all' },
  tag: { type: 'string' },
  pairs: { type: 'string' },
  batch: { type: 'string', default: String(SCORE_BATCH) },
  'no-header': { type: 'boolean', default: false },
  threads: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

const list = (s?: string): string[] | undefined => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : undefined);
const intArg = (s: string | undefined, name: string): number | undefined => {
  if (s === undefined) return undefined;
  const n = Number(s);
  if (!Number.isInteger(n) || n <= 0) throw new LabError(`--${name} must be a positive integer, got ${JSON.stringify(s)}`);
  return n;
};

async function encode(v: Values, io: Io): Promise<number> {
  const manifest = readManifest(v.models!);
  const towers = coarseModels(manifest).map((m) => m.id);
  const ids = list(v.model) ?? towers;
  const bad = ids.filter((id) => !towers.includes(id));
  if (bad.length) throw new LabError(`not tower model(s): ${bad.join(', ')} (towers: ${towers.join(', ')})`);
  if (v.dtype !== 'f16' && v.dtype !== 'int8') throw new LabError(`--dtype must be f16 or int8, got ${v.dtype}`);
  const outDir = v.out ?? v.embeddings!;
  const { readDocSet } = await import('../runtime/ort/node');
  const docs = await readDocSet(v.docs!);
  const idx = writeDocsIndex(docs, outDir, !!v.force);
  io.err(`${idx.path}: ${idx.written ? `written (${docs.rows.length} docs: ids, zones, model texts, line ranges)` : 'up to date, skipped'}`);
  const todo = ids.filter((id) => {
    const m = manifest.models.find((x) => x.id === id)!;
    const fresh = !v.force && embeddingUpToDate(embeddingPath(outDir, id), m.sha256[leanFile(m)] ?? '', docs.sha256);
    if (fresh) io.err(`${embeddingPath(outDir, id)}: up to date, skipped`);
    return !fresh;
  });
  if (!todo.length) return 0;
  const engine = await openNodeEngine({ modelsDir: v.models!, models: todo, threads: intArg(v.threads, 'threads'), noBm25: true });
  engine.setDocs(docs);
  for (const id of todo) {
    const t0 = performance.now();
    const r = await writeEmbeddingFile(engine, id, embeddingPath(outDir, id), v.dtype);
    const s = (performance.now() - t0) / 1000;
    io.err(`${embeddingPath(outDir, id)}: ${r.count} docs × ${r.dim} (${v.dtype}, ${(r.bytes / 1e6).toFixed(2)} MB) in ${s.toFixed(1)} s, ${(r.count / s).toFixed(0)} docs/s`);
  }
  await engine.release();
  return 0;
}

async function rank(v: Values, io: Io): Promise<number> {
  const queries: QueryItem[] = v.query !== undefined ? [{ qid: 'q1', text: v.query }] : v.queries ? readQueries(v.queries) : [];
  if (!queries.length) throw new LabError('rank needs --query TEXT or --queries FILE');
  const zone = v.zone as ZoneFilter;
  if (!['all', 'premium', 'short'].includes(zone)) throw new LabError(`--zone must be all, premium or short, got ${v.zone}`);
  const k = intArg(v.k, 'k')!;
  const manifest = readManifest(v.models!);
  const towers = coarseModels(manifest).map((m) => m.id);
  const ids = list(v.model) ?? towers;
  const bad = ids.filter((id) => id !== 'bm25' && !towers.includes(id));
  if (bad.length) throw new LabError(`cannot rank with: ${bad.join(', ')} (towers: ${towers.join(', ')}, or bm25)`);
  if (ids.length > 1 && !v.out) throw new LabError('several models: pass --out DIR (one <id>.trec per model)');
  const engine = await openNodeEngine({
    modelsDir: v.models!, docsPath: v.docs, embeddingsDir: v.embeddings, models: ids.filter((x) => x !== 'bm25'),
    threads: intArg(v.threads, 'threads'), noBm25: !ids.includes('bm25'), log: io.err,
  });
  const docs = engine.docs!;
  const runs = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const q of queries) {
    for (const id of ids) {
      const col = id === 'bm25' ? engine.bm25Column(q.text, k, zone)! : await engine.towerColumn(id, q.text.trim(), k, zone);
      runs.get(id)!.push(...trecRunLines(q.qid, col.results.map((r) => ({ docId: docs.rows[r.doc].id, score: r.score })), v.tag ?? id));
    }
  }
  for (const [id, lines] of runs) {
    const text = lines.length ? lines.join('\n') + '\n' : '';
    if (!v.out) io.out(text);
    else {
      const path = ids.length > 1 ? join(v.out, `${id}.trec`) : v.out;
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
      io.err(`${path}: ${queries.length} queries, ${lines.length} lines`);
    }
  }
  await engine.release();
  return 0;
}

async function score(v: Values, io: Io): Promise<number> {
  if (!v.pairs) throw new LabError('score needs --pairs FILE (query<TAB>title per line)');
  const batch = intArg(v.batch, 'batch')!;
  const manifest = readManifest(v.models!);
  const fine = fineModel(manifest);
  const runnable = [...coarseModels(manifest).map((m) => m.id), ...(fine ? [fine.id] : [])];
  const ids = list(v.model) ?? runnable;
  const bad = ids.filter((id) => !runnable.includes(id));
  if (bad.length) throw new LabError(`cannot score with: ${bad.join(', ')} (models: ${runnable.join(', ')})`);
  // NOTE: a first pass checks every line before a model loads, so a bad line stops the command
  // with nothing printed; the scoring pass then reads the file again, batch by batch.
  try {
    await checkPairs(v.pairs);
  } catch (e) {
    if (e instanceof LabError) throw new LabError(`${e.message} (nothing scored)`, e.where);
    throw e;
  }
  const engine = await openNodeEngine({ modelsDir: v.models!, models: ids, threads: intArg(v.threads, 'threads'), noBm25: true });
  try {
    const scorers = ids.map((id) => (id === fine?.id ? fineScorer(id, engine.fine!) : towerScorer(id, engine.tower(id))));
    if (!v['no-header']) io.out(`${scoreHeader(ids)}\n`);
    await scorePairLines(pairLines(v.pairs), scorers, io.out, batch);
  } finally {
    await engine.release();
  }
  return 0;
}

export async function runCli(argv: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    io.err(`error: ${(e as Error).message}\n\n${HELP}`);
    return 2;
  }
  const [cmd] = parsed.positionals;
  if (parsed.values.help || !cmd) {
    (cmd || parsed.values.help ? io.out : io.err)(HELP);
    return parsed.values.help ? 0 : 2;
  }
  try {
    if (cmd === 'encode') return await encode(parsed.values, io);
    if (cmd === 'rank') return await rank(parsed.values, io);
    if (cmd === 'score') return await score(parsed.values, io);
    io.err(`error: unknown command ${JSON.stringify(cmd)}\n\n${HELP}`);
    return 2;
  } catch (e) {
    io.err(`error: ${(e as Error).message}`);
    return 1;
  }
}
