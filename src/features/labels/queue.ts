/**
 * The labelling queue: which (query, doc) pairs a labeller sees, in which
 * order. Three strategies:
 *  - disagreement: pairs in the top-K of any of the compared models, most
 *    disputed first (spread of log2 ranks across the models; a doc a model
 *    did not return counts as rank = its list length + 1);
 *  - topk: the chosen model's top-K of every query, rank 1s of all queries
 *    first, then rank 2s, …;
 *  - random: the candidate pairs shuffled by a seeded PRNG (same seed, same
 *    order, whatever order the pairs came in).
 * The queue is the full ordering; which items are still pending (not yet
 * graded by this labeller, not skipped) is filtered by the caller, so undo
 * can put a pair back where it was.
 *
 * Refuses: Math.random, and inventing ranks for a model that has none.
 */
import { mulberry32 } from '../../core/stats';

export interface QueuePair {
  qid: string;
  docid: string;
}

export interface QueueItem extends QueuePair {
  /** model id → 1-based rank in that model's list, null if not returned */
  ranks: Record<string, number | null>;
  /** disagreement strategy: spread of log2 ranks (0 = all agree) */
  spread?: number;
}

/** model id → qid → docids, best first. */
export type Rankings = Record<string, Record<string, readonly string[]>>;

export type QueueStrategy =
  | { kind: 'disagreement'; models: readonly string[]; k: number }
  | { kind: 'topk'; model: string; k: number }
  | { kind: 'random'; seed: number };

const byPair = (a: QueuePair, b: QueuePair): number =>
  a.qid < b.qid ? -1 : a.qid > b.qid ? 1 : a.docid < b.docid ? -1 : a.docid > b.docid ? 1 : 0;

/** rank lookup per model per query, built once. */
function rankIndex(rankings: Rankings): Map<string, Map<string, Map<string, number>>> {
  const out = new Map<string, Map<string, Map<string, number>>>();
  for (const [model, byQ] of Object.entries(rankings)) {
    const mq = new Map<string, Map<string, number>>();
    for (const [qid, docs] of Object.entries(byQ)) {
      const m = new Map<string, number>();
      docs.forEach((d, i) => { if (!m.has(d)) m.set(d, i + 1); });
      mq.set(qid, m);
    }
    out.set(model, mq);
  }
  return out;
}

/** Seeded Fisher–Yates over a canonical (qid, docid) order. */
export function shuffledPairs<T extends QueuePair>(pairs: readonly T[], seed: number): T[] {
  const a = [...pairs].sort(byPair);
  const rand = mulberry32(seed);
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/**
 * Build the ordered queue. `candidates` are the pairs random draws from (e.g.
 * the judged pairs of a split plus the models' pools); `rankings` give ranks
 * for display and for the model-driven strategies; `shownModels` are the
 * models whose ranks each item carries.
 */
export function buildQueue(
  strategy: QueueStrategy, candidates: readonly QueuePair[], rankings: Rankings, shownModels: readonly string[],
): QueueItem[] {
  const idx = rankIndex(rankings);
  const ranksOf = (p: QueuePair): Record<string, number | null> => {
    const r: Record<string, number | null> = {};
    for (const m of shownModels) r[m] = idx.get(m)?.get(p.qid)?.get(p.docid) ?? null;
    return r;
  };
  const k = (x: number): number => Math.max(1, Math.floor(x));

  if (strategy.kind === 'random') {
    const seen = new Set<string>();
    const uniq = candidates.filter((p) => {
      const key = `${p.qid}\u0000${p.docid}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    return shuffledPairs(uniq, strategy.seed).map((p) => ({ qid: p.qid, docid: p.docid, ranks: ranksOf(p) }));
  }

  if (strategy.kind === 'topk') {
    const byQ = rankings[strategy.model] ?? {};
    const items: (QueueItem & { r: number })[] = [];
    for (const [qid, docs] of Object.entries(byQ)) {
      const seen = new Set<string>();
      for (let i = 0; i < Math.min(docs.length, k(strategy.k)); i++) {
        if (seen.has(docs[i])) continue;
        seen.add(docs[i]);
        items.push({ qid, docid: docs[i], ranks: ranksOf({ qid, docid: docs[i] }), r: i });
      }
    }
    items.sort((a, b) => a.r - b.r || byPair(a, b));
    return items.map(({ r: _r, ...it }) => it);
  }

  // disagreement
  const models = strategy.models.filter((m) => rankings[m]);
  if (models.length < 2) return [];
  const qids = new Set<string>();
  for (const m of models) for (const q of Object.keys(rankings[m])) qids.add(q);
  const items: QueueItem[] = [];
  for (const qid of qids) {
    const pool = new Set<string>();
    for (const m of models) for (const d of (rankings[m][qid] ?? []).slice(0, k(strategy.k))) pool.add(d);
    for (const docid of pool) {
      let lo = Infinity, hi = -Infinity;
      for (const m of models) {
        const list = rankings[m][qid] ?? [];
        const r = idx.get(m)?.get(qid)?.get(docid) ?? list.length + 1;
        const lr = Math.log2(r);
        lo = Math.min(lo, lr); hi = Math.max(hi, lr);
      }
      items.push({ qid, docid, ranks: ranksOf({ qid, docid }), spread: hi - lo });
    }
  }
  items.sort((a, b) => (b.spread ?? 0) - (a.spread ?? 0) || byPair(a, b));
  return items;
}

/**
 * The first pending item at or after `from` (wrapping around), or -1 when
 * nothing is pending.
 */
export function nextPending(queue: readonly QueuePair[], from: number, isPending: (p: QueuePair) => boolean): number {
  const n = queue.length;
  for (let s = 0; s < n; s++) {
    const i = (((from + s) % n) + n) % n;
    if (isPending(queue[i])) return i;
  }
  return -1;
}
