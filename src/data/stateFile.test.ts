import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { openLabelStore, type Label } from './labelStore';
import { encodeShareState, normalizeShareState } from './shareState';
import { createHash } from 'node:crypto';
import { docsetIdentity, makeStateFile, mergeLabels, openStateFile, serializeStateFile, STATE_FILE_FORMAT, type DocsetSources } from './stateFile';

const L = (qid: string, docid: string, grade: 0 | 1 | 2 | 3, time = 1, labeller = 'ana'): Label => ({ qid, docid, grade, labeller, time });
const view = encodeShareState({ ...normalizeShareState(null), query: '庆余年 第2集', panel: 'labels', labelSource: 'human' });
const docset = { sha256: 'ab'.repeat(32), name: 'mine.csv', count: 3 };
const modelset = { sha256: 'cd'.repeat(32), models: ['student-4l', 'byo-1234abcd'] };

describe('state file', () => {
  it('round-trips view, labels and hashes', () => {
    const f = makeStateFile(view, [L('q1', 'd1', 3, 5), L('q1', 'd2', 0, 6)], docset, modelset, new Date(0));
    const text = serializeStateFile(f);
    expect(text.split('\n').filter((l) => l.includes('"qid"'))).toHaveLength(2); // one label per line
    const o = openStateFile(text);
    expect(o.file).toEqual(f);
    expect(o.view).toMatchObject({ query: '庆余年 第2集', panel: 'labels', labelSource: 'human' });
    expect(o.warnings).toEqual([]);
    expect(openStateFile(serializeStateFile(makeStateFile('', [], null, null))).file.labels).toEqual([]);
  });

  it('carries the labeller; files without one (saved before it) still open, as version 1', () => {
    const f = makeStateFile(view, [L('q1', 'd1', 3)], docset, modelset, new Date(0), 'ana');
    const text = serializeStateFile(f);
    expect(JSON.parse(text)).toMatchObject({ version: 1, labeller: 'ana' });
    expect(openStateFile(text).file.labeller).toBe('ana');
    const old = JSON.parse(text) as Record<string, unknown>;
    delete old.labeller;
    const o = openStateFile(JSON.stringify(old));
    expect(o.file.labeller).toBeUndefined();
    expect([o.file.labels, o.warnings]).toEqual([[L('q1', 'd1', 3)], []]);
    for (const bad of [7, '   ', null, ['ana']]) expect(openStateFile(JSON.stringify({ ...old, labeller: bad })).file.labeller).toBeUndefined();
    expect(openStateFile(JSON.stringify({ ...old, labeller: ` ${'z'.repeat(50)} ` })).file.labeller).toBe('z'.repeat(40));
    expect('labeller' in makeStateFile(view, [], null, null, new Date(0), '  ')).toBe(false);
  });

  it('a long view (past the old 4,096-char cut) comes back whole', () => {
    const s = { ...normalizeShareState(null), query: '\u{2A6D6}'.repeat(200), inspect: { q: '\u{2A6D6}'.repeat(200), doc: 'v1' }, topK: 50 };
    const long = encodeShareState(s);
    expect(long.length).toBeGreaterThan(4096);
    const o = openStateFile(serializeStateFile(makeStateFile(long, [], null, null)));
    expect([o.file.view, o.view, o.warnings]).toEqual([long, s, []]);
  });

  it('rejects unusable files with a reason, reads tampered parts with warnings', () => {
    const bad: [string, RegExp][] = [
      ['not json', /not a JSON file/],
      ['[]', /no JSON object/],
      ['{"format":"other","version":1,"labels":[]}', /format is "other"/],
      [`{"format":"${STATE_FILE_FORMAT}","version":99,"labels":[]}`, /newer lab/],
      [`{"format":"${STATE_FILE_FORMAT}","version":1}`, /no "labels" list/],
      [`{"format":"${STATE_FILE_FORMAT}","version":"1","labels":[]}`, /no valid version/],
    ];
    for (const [text, re] of bad) expect(() => openStateFile(text)).toThrow(re);
    const o = openStateFile(JSON.stringify({
      format: STATE_FILE_FORMAT, version: 1, view: 'v=1&zz=1&k=abc', docset: { sha256: 'XYZ' }, modelset: 5,
      labels: [L('q', 'd', 2), { qid: 'q', docid: 'd', grade: 7, labeller: 'x' }, null, '<script>'],
    }));
    expect(o.file.labels).toEqual([L('q', 'd', 2)]);
    expect(o.file.docset).toBeNull();
    expect(o.file.modelset).toBeNull();
    expect(o.warnings[0]).toBe('3 invalid labels skipped');
    expect(o.warnings.some((w) => /unknown key "zz"/.test(w))).toBe(true);
  });

  it('never crashes on random or mutated files', () => {
    const good = serializeStateFile(makeStateFile(view, [L('q1', 'd1', 3)], docset, modelset));
    fc.assert(fc.property(fc.string({ maxLength: 200 }), fc.nat(), fc.nat(), (junk, a, b) => {
      for (const text of [junk, good.slice(0, a % good.length), good.slice(0, a % good.length) + junk + good.slice(b % good.length)]) {
        try {
          const o = openStateFile(text);
          expect(Array.isArray(o.file.labels)).toBe(true);
        } catch (e) {
          expect(e).toBeInstanceOf(Error);
        }
      }
    }), { numRuns: 500 });
  });
});

describe('the doc set a state file names comes from the doc set itself (issue #10)', () => {
  const DOCS = new TextEncoder().encode('{"id":"v1","title":"a"}\n{"id":"v2","title":"b"}\n\n{"id":"v3","title":"c"}');
  const hex = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
  const demo = { source: 'demo' as const, name: 'demo world', sha256: '', count: 0 };
  const src = (over: Partial<DocsetSources>): DocsetSources => ({
    active: demo, runtime: null, readDemo: async () => DOCS, sha256: async (b) => hex(b), ...over,
  });

  it('no manifest, runtime not reported yet: the demo file is hashed, and the saved file carries it', async () => {
    const ds = await docsetIdentity(src({}));
    expect(ds).toEqual({ sha256: hex(DOCS), name: 'demo world', count: 3 });
    const o = openStateFile(serializeStateFile(makeStateFile(view, [L('q1', 'd1', 3)], ds, null)));
    expect(o.file.docset?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(o.file.docset?.sha256).toBe(hex(DOCS));
    expect(o.file.modelset).toBeNull();
  });
  it('the runtime\'s hash of the docs it parsed when it has one; an imported file\'s own hash first', async () => {
    const runtime = { sha256: 'ef'.repeat(32), count: 7 };
    let reads = 0;
    const readDemo = async (): Promise<Uint8Array> => { reads++; return DOCS; };
    expect(await docsetIdentity(src({ runtime, readDemo }))).toEqual({ sha256: runtime.sha256, name: 'demo world', count: 7 });
    const file = { source: 'file' as const, name: 'mine.csv', sha256: 'ab'.repeat(32), count: 3 };
    expect(await docsetIdentity(src({ active: file, runtime, readDemo }))).toEqual({ sha256: file.sha256, name: 'mine.csv', count: 3 });
    expect(reads).toBe(0);
  });
  it('null (and the labels still saved) only when the demo file cannot be read', async () => {
    const ds = await docsetIdentity(src({ readDemo: () => Promise.reject(new Error('HTTP 404')) }));
    expect(ds).toBeNull();
    expect(openStateFile(serializeStateFile(makeStateFile(view, [L('q1', 'd1', 3)], ds, null))).file.labels).toHaveLength(1);
  });
});

describe('merging labels never loses what is stored', () => {
  it('adds new pairs, updates older grades, keeps newer ones', () => {
    const existing = [L('q1', 'd1', 3, 10), L('q1', 'd2', 1, 10), L('q1', 'd3', 2, 10)];
    const incoming = [L('q1', 'd1', 3, 1), L('q1', 'd2', 2, 20), L('q1', 'd3', 0, 5), L('q2', 'd1', 1, 1), L('q2', 'd1', 2, 2), L('q1', 'd1', 0, 1, 'bo')];
    const m = mergeLabels(existing, incoming);
    expect({ ...m, write: undefined }).toEqual({ write: undefined, added: 2, updated: 1, unchanged: 1, keptNewer: 1 });
    expect(m.write).toEqual([L('q1', 'd2', 2, 20), L('q2', 'd1', 2, 2), L('q1', 'd1', 0, 1, 'bo')]);
  });

  it('through IndexedDB: a bad file writes nothing; a good one only adds', async () => {
    const store = await openLabelStore('state-file-merge');
    await store.putMany([L('q1', 'd1', 3, 10), L('q1', 'd2', 1, 10)]);
    const before = (await store.all()).labels;
    expect(() => openStateFile('{"format":"prerank-lab-state","version":1,"labels":{}}')).toThrow();
    expect((await store.all()).labels).toEqual(before);
    const opened = openStateFile(serializeStateFile(makeStateFile(view, [L('q1', 'd1', 0, 1), L('q9', 'd9', 2, 1)], null, null)));
    const m = mergeLabels(before, opened.file.labels);
    await store.putMany(m.write);
    const after = (await store.all()).labels;
    expect(after).toHaveLength(3);
    expect(after).toContainEqual(L('q1', 'd1', 3, 10));
    expect(after).toContainEqual(L('q9', 'd9', 2, 1));
    store.close();
  });
});
