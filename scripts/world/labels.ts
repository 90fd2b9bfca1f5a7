// Turns query drafts into the labelled query set: dedupe texts, complete
// relevant sets (bounded), judged negatives (BM25-loved hard ones + same
// category + random), stratified splits, and the human-labelled subset.

import { bm25TopK, type Bm25Index } from '../../src/core/bm25';
import type { Catalog } from './catalog';
import type { Grader } from './grade';
import { INTENTS, type Draft, type Intent, QueryMaker } from './queries';
import { Rng } from './rng';

export const MAX_RELEVANT = 50;
export type Split = 'train' | 'valid' | 'test';

export interface LabeledQuery extends Draft {
  qid: number; // 1-based
  split: Split;
  human: boolean;
  judged: [number, number][]; // [doc, grade], relevant first (grade desc), then negatives
}

export function buildQueries(seed: number, cat: Catalog, grader: Grader, bm25: Bm25Index, perIntent: number): LabeledQuery[] {
  const rng = Rng.stream(seed, 'queries');
  const maker = new QueryMaker(rng, cat);
  const seen = new Set<string>();
  const byIntent = new Map<Intent, LabeledQuery[]>(INTENTS.map((i) => [i, []]));
  const scratch = new Float32Array(bm25.n);
  const byCat = docsByCategory(cat);
  const n = cat.meta.n;
  let order = 0;
  for (let attempts = 0; attempts < perIntent * INTENTS.length * 30; attempts++) {
    const intent = INTENTS[attempts % INTENTS.length];
    const list = byIntent.get(intent)!;
    if (list.length >= perIntent) {
      if ([...byIntent.values()].every((l) => l.length >= perIntent)) break;
      continue;
    }
    const d = maker.make(intent);
    if (!d || !d.text.trim()) continue;
    const key = d.text.toLowerCase().replace(/\s+/g, '');
    if (seen.has(key)) continue;
    const rel = grader.relevant(d.spec);
    if (!rel.length || rel[0][1] < 2 || rel.length > MAX_RELEVANT) continue;
    seen.add(key);
    const relSet = new Set(rel.map(([doc]) => doc));
    const neg = new Set<number>();
    const addNeg = (doc: number): void => {
      if (!relSet.has(doc) && grader.grade(d.spec, doc) === 0) neg.add(doc);
    };
    // Hard negatives: the docs BM25 puts on top that the structure says are unrelated.
    for (const h of bm25TopK(bm25, d.text, 30, scratch)) if (neg.size < 10) addNeg(h.doc);
    const sameCat = byCat[cat.meta.cat[rel[0][0]]];
    for (let k = 0; k < 12 && neg.size < 15; k++) addNeg(sameCat[rng.int(0, sameCat.length - 1)]);
    for (let k = 0; k < 12 && neg.size < 20; k++) addNeg(rng.int(0, n - 1));
    const judged: [number, number][] = [...rel, ...[...neg].sort((a, b) => a - b).map((x): [number, number] => [x, 0])];
    list.push({ ...d, qid: order++, split: 'train', human: false, judged });
  }
  // Stratified split per intent: 10% test, 10% valid, rest train; ~5% human labels each.
  const all: LabeledQuery[] = [];
  for (const intent of INTENTS) {
    const list = rng.shuffle(byIntent.get(intent)!.slice());
    const nTest = Math.max(2, Math.round(list.length * 0.1));
    list.forEach((q, i) => {
      q.split = i < nTest ? 'test' : i < 2 * nTest ? 'valid' : 'train';
      q.human = rng.chance(0.05);
    });
    all.push(...list);
  }
  all.sort((a, b) => a.qid - b.qid);
  all.forEach((q, i) => (q.qid = i + 1));
  return all;
}

function docsByCategory(cat: Catalog): Int32Array[] {
  const m = cat.meta;
  const counts = new Map<number, number[]>();
  for (let i = 0; i < m.n; i++) {
    const c = m.cat[i];
    const l = counts.get(c);
    if (l) l.push(i);
    else counts.set(c, [i]);
  }
  const out: Int32Array[] = [];
  for (const [c, l] of counts) out[c] = Int32Array.from(l);
  return out;
}
