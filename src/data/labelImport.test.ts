import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { runLabelImport, type LabelImportProgress, type LabelImportRequest } from './labelImport';
import { labelReader, packLabels } from './labelPack';
import { openLabelStore, type Label, type LabelStore } from './labelStore';
import { makeStateFile, serializeStateFile } from './stateFile';

let n = 0;
const open: LabelStore[] = [];
async function fresh(): Promise<LabelStore> {
  const s = await openLabelStore(`label-import-${n++}`);
  open.push(s);
  return s;
}
afterEach(() => { for (const s of open.splice(0)) s.close(); });

const L = (qid: string, docid: string, grade: 0 | 1 | 2 | 3, labeller = 'ana', time = 1): Label => ({ qid, docid, grade, labeller, time });
const qrels = (rows: number, grade: (i: number) => number): string =>
  Array.from({ length: rows }, (_, i) => `q${i % 300} 0 v${i} ${grade(i)}`).join('\n') + '\n';
const req = (text: string, name = 'x.qrels', now = 1000): LabelImportRequest =>
  ({ kind: 'labels', file: new Blob([text]), name, labeller: 'ana', textToQid: [], now });
const run = (r: LabelImportRequest, store: LabelStore, signal = new AbortController().signal, progress: LabelImportProgress[] = []) =>
  runLabelImport(r, store, (p) => progress.push(p), signal);

describe('label import job (the worker\'s body)', () => {
  it('a file of 16,000 out-of-range grades is refused at once, names each line, and writes nothing', async () => {
    const store = await fresh();
    const t0 = performance.now();
    const r = await run(req(qrels(16_000, () => 4)), store);
    expect(performance.now() - t0).toBeLessThan(3_000); // was minutes: a text search per bad row
    expect(r.type).toBe('refused');
    if (r.type !== 'refused') return;
    expect(r.problems).toBe(16_000);
    expect(r.messages).toHaveLength(200);
    expect(r.messages[199]).toBe("x.qrels line 200: grade 4 of q199 v199 is outside the lab's 0–3 scale");
    expect((await store.all()).labels).toHaveLength(0);
  });

  it('a valid file is written in one transaction, with writing progress, and handed back packed', async () => {
    const store = await fresh();
    const progress: LabelImportProgress[] = [];
    const r = await run(req(qrels(12_000, (i) => i % 4)), store, undefined, progress);
    expect(r.type).toBe('done');
    if (r.type !== 'done') return;
    expect(r.labels.n).toBe(12_000);
    expect((await store.all()).labels).toHaveLength(12_000);
    const back = labelReader(r.labels)(0, 12_000);
    expect(back[11_999]).toEqual(L('q299', 'v11999', 3, 'ana', 1000));
    const writing = progress.filter((p) => p.phase === 'writing').map((p) => p.done);
    expect(writing).toEqual([0, 5000, 10_000, 12_000]);
  });

  it('a grade given in the lab after the import started is not overwritten by the file', async () => {
    const store = await fresh();
    await store.put(L('q1', 'v1', 3, 'ana', 5000)); // given at t=5000, the import started at t=1000
    await store.put(L('q1', 'v2', 3, 'ana', 500)); // given before: the file replaces it
    const r = await run(req('q1 0 v1 0\nq1 0 v2 0\n'), store);
    expect(r.type === 'done' && r.labels.n).toBe(1);
    const stored = (await store.all()).labels.sort((a, b) => a.docid.localeCompare(b.docid));
    expect(stored.map((l) => l.grade)).toEqual([3, 0]);
  });

  it('cancel before the commit writes nothing', async () => {
    const store = await fresh();
    const ctl = new AbortController();
    const r = await runLabelImport(req(qrels(20_000, () => 1)), store, (p) => { if (p.phase === 'writing' && p.done > 0) ctl.abort(); }, ctl.signal);
    expect(r.type).toBe('cancelled');
    expect((await store.all()).labels).toHaveLength(0);
  });

  it('a state file of 20,000 labels merges with what is stored: newer grades here are kept', async () => {
    const store = await fresh();
    await store.putMany([L('q0', 'v0', 3, 'bo', 9e12), L('q1', 'v1', 2, 'ana', 1)]);
    const labels = Array.from({ length: 20_000 }, (_, i) => L(`q${i % 1000}`, `v${i}`, (i % 4) as 0, i % 2 ? 'ana' : 'bo', 100));
    const text = serializeStateFile(makeStateFile('v=1&p=labels', labels, null, null));
    const t0 = performance.now();
    const r = await run({ kind: 'state', file: new Blob([text]), name: 's.json', now: 1000 }, store);
    const ms = performance.now() - t0;
    expect(r.type).toBe('done');
    if (r.type !== 'done' || r.kind !== 'state') return;
    expect(r.merge).toEqual({ added: 19_998, updated: 1, unchanged: 0, keptNewer: 1 });
    expect(r.view).toBe('v=1&p=labels');
    expect((await store.all()).labels).toHaveLength(20_000);
    console.log(`state file of 20k labels (${(text.length / 1e6).toFixed(1)} MB): ${ms.toFixed(0)} ms in the job (fake-indexeddb)`);
  }, 60_000); // fake-indexeddb writes ~1k labels/s per core here; the 200k file is the e2e spec's

  it('a state file that is not one is refused with the reason, nothing written', async () => {
    const store = await fresh();
    const r = await run({ kind: 'state', file: new Blob(['{"format":"other"}']), name: 's.json', now: 1 }, store);
    expect(r).toEqual({ type: 'refused', messages: ['s.json: not a Prerank Lab state file (format is "other")'], problems: 1 });
  });
});

describe('packed labels', () => {
  it('round-trip every field, any script, in slices', () => {
    const labels = [L('q1', 'v1', 0), L('查询 ☃', '𠮷\u0000"x', 3, '李', 1.5e12), L('q'.repeat(200), 'd', 2, 'bo', 0)];
    const read = labelReader(packLabels(labels));
    expect([...read(0, 2), ...read(2, 9)]).toEqual(labels);
  });
});
