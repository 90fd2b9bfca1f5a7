// Click logs from a simulated, deliberately imperfect search engine:
//   ranker  = 0.55·BM25(normalised) + 0.2·CTR prior + 0.25·legacy engagement (grade/3)
//             + N(0, 0.3) per impression → a page of 10 from a pool of BM25 top-40 ∪ judged docs;
//   clicks  = PBM: P(examine | position) × attractiveness(grade, doc CTR), plus 1% misclicks.
// So clicks hold false positives (grade-0 clicks) and false negatives (relevant, unclicked).

import type { Bm25Index } from '../../src/core/bm25';
import { bm25TopK } from '../../src/core/bm25';
import type { Catalog } from './catalog';
import type { Grader } from './grade';
import type { LabeledQuery, Split } from './labels';
import { LineWriter } from './io';
import { Rng } from './rng';
import { docId, qid } from './types';

const EXAMINE = [1, 0.82, 0.68, 0.57, 0.49, 0.42, 0.37, 0.33, 0.3, 0.27];
const ATTRACT = [0.04, 0.2, 0.5, 0.75];
const PAGE = 10;

export interface ClickStats {
  impressions: Record<Split, number>;
  clicks: number;
  clicksOnGrade0: number;
  shownRelevant: number; // grade >= 2 shown
  shownRelevantUnclicked: number;
  falsePositiveRate: number; // share of clicks on grade-0 docs
  falseNegativeRate: number; // share of shown grade>=2 docs not clicked
  ctrAtPosition: number[];
}

interface Pool {
  docs: Int32Array;
  base: Float32Array;
  grade: Uint8Array;
}

export function simulateClicks(seed: number, cat: Catalog, grader: Grader, bm25: Bm25Index,
  queries: LabeledQuery[], trainImpressions: number, path: string): ClickStats {
  const rng = Rng.stream(seed, 'clicks');
  const meta = cat.meta;
  let ctrSum = 0;
  for (let i = 0; i < meta.n; i++) ctrSum += meta.ctr[i];
  const ctrMean = ctrSum / meta.n;
  const scratch = new Float32Array(bm25.n);

  const pools = queries.map((q): Pool => {
    const lex = new Map<number, number>();
    for (const h of bm25TopK(bm25, q.text, 40, scratch)) lex.set(h.doc, h.score);
    const ids = new Set<number>([...lex.keys(), ...q.judged.map(([d]) => d)]);
    const docs = Int32Array.from(ids);
    const maxLex = Math.max(1e-6, ...lex.values());
    const grade = new Uint8Array(docs.length);
    const base = new Float32Array(docs.length);
    docs.forEach((d, k) => {
      grade[k] = grader.grade(q.spec, d);
      base[k] = 0.55 * ((lex.get(d) ?? 0) / maxLex) + 0.2 * Math.min(1, meta.ctr[d] / (3 * ctrMean)) + 0.25 * (grade[k] / 3);
    });
    return { docs, base, grade };
  });

  // Impressions per query: a floor each, the rest Zipf-like over a shuffled order (head queries).
  const plan: number[] = [];
  const splitCounts: Record<Split, number> = { train: 0, valid: 0, test: 0 };
  for (const split of ['train', 'valid', 'test'] as Split[]) {
    const idx = rng.shuffle(queries.map((_, i) => i).filter((i) => queries[i].split === split));
    const total = split === 'train' ? trainImpressions : Math.round(trainImpressions * 0.06);
    const floor = Math.min(split === 'train' ? 20 : 5, Math.floor(total / Math.max(1, idx.length)));
    const w = idx.map((_, r) => 1 / (r + 8) ** 0.8);
    const wsum = w.reduce((a, b) => a + b, 0);
    const rest = total - floor * idx.length;
    let given = 0;
    const counts = idx.map((_, r) => {
      const c = floor + Math.floor((rest * w[r]) / wsum);
      given += c;
      return c;
    });
    for (let r = 0; given < total && idx.length; r = (r + 1) % idx.length, given++) counts[r]++;
    idx.forEach((qi, r) => { for (let c = 0; c < counts[r]; c++) plan.push(qi); });
    splitCounts[split] = total;
  }
  rng.shuffle(plan);

  const out = new LineWriter(path);
  const st = { clicks: 0, g0: 0, rel: 0, relUn: 0, pos: new Array(PAGE).fill(0) };
  const noisy = new Float32Array(200);
  const order: number[] = [];
  for (const qi of plan) {
    const q = queries[qi];
    const p = pools[qi];
    const m = p.docs.length;
    order.length = 0;
    for (let k = 0; k < m; k++) {
      noisy[k] = p.base[k] + rng.normal() * 0.3;
      order.push(k);
    }
    order.sort((a, b) => noisy[b] - noisy[a] || p.docs[a] - p.docs[b]);
    const shown: string[] = [];
    const clicks: number[] = [];
    for (let pos = 0; pos < Math.min(PAGE, m); pos++) {
      const k = order[pos];
      const d = p.docs[k];
      const g = p.grade[k];
      shown.push(docId(d));
      const attract = Math.min(0.95, ATTRACT[g] * (0.6 + 0.4 * Math.min(3, meta.ctr[d] / ctrMean)));
      const clicked = rng.next() < EXAMINE[pos] * attract || rng.next() < 0.01;
      if (clicked) {
        clicks.push(pos);
        st.clicks++;
        st.pos[pos]++;
        if (g === 0) st.g0++;
      }
      if (g >= 2) {
        st.rel++;
        if (!clicked) st.relUn++;
      }
    }
    out.write(JSON.stringify({ qid: qid(q.qid), split: q.split, shown, clicks }));
  }
  out.close();
  return {
    impressions: splitCounts, clicks: st.clicks, clicksOnGrade0: st.g0, shownRelevant: st.rel, shownRelevantUnclicked: st.relUn,
    falsePositiveRate: st.g0 / Math.max(1, st.clicks), falseNegativeRate: st.relUn / Math.max(1, st.rel),
    ctrAtPosition: st.pos.map((c) => c / Math.max(1, plan.length)),
  };
}
