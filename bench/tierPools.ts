/**
 * Candidate pools for the tiers benchmark and e2e spec when no trained model
 * is at hand: the demo world's queries of a split, each with the BM25 top-P
 * over the whole catalogue plus every judged doc (the same pool rule as the
 * runtime's scoreQuerySet). Coarse score = BM25 squashed to [0, 1)
 * (s / (s + 10), monotone); the "fine" score is a second BM25 with other
 * parameters — a stand-in reranker, so N/M and Recall@k@m are not trivially 1.
 * Written in the panel's pools-file format (prerank-lab.pools v1).
 *
 * Node only (reads public/demo/). Refuses to pretend these are model scores:
 * the file's model id says "bm25".
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { bm25Scores, buildBm25 } from '../src/core/bm25';
import { docText } from '../src/core/docText';
import { topK } from '../src/core/topk';
import { DEFAULT_FUNNEL_CONFIG, type Split, type Zone } from '../src/core/domain';
import type { ExportedScores } from '../src/data/formats/pools';

interface Doc { id: string; zone: Zone; title: string; category: string; tags: string[]; ctr: number }
interface Query { qid: string; text: string; intent: string; split: string }

export interface PoolOptions {
  split?: Split;
  /** first N queries of the split (sorted by qid); default all */
  limit?: number;
  pool?: number;
  root?: string;
}

const lines = (p: string): string[] => readFileSync(p, 'utf8').split('\n').filter((l) => l.trim());

export function buildBm25Pools(opts: PoolOptions = {}): ExportedScores {
  const root = opts.root ?? resolve(import.meta.dirname, '..');
  const demo = (f: string): string => resolve(root, 'public/demo', f);
  const docs = lines(demo('docs.jsonl')).map((l) => JSON.parse(l) as Doc);
  const queries = lines(demo('queries.jsonl')).map((l) => JSON.parse(l) as Query)
    .filter((q) => q.split === (opts.split ?? 'test')).sort((a, b) => (a.qid < b.qid ? -1 : 1)).slice(0, opts.limit);
  const qrels = new Map<string, Map<string, number>>();
  for (const l of lines(demo('qrels.trec'))) {
    const [qid, , docid, rel] = l.split(/\s+/);
    if (!qrels.has(qid)) qrels.set(qid, new Map());
    qrels.get(qid)!.set(docid, Number(rel));
  }
  const byId = new Map(docs.map((d, i) => [d.id, i]));
  const texts = docs.map((d) => docText(d));
  const coarseIdx = buildBm25(texts);
  const fineIdx = buildBm25(texts, { k1: 0.6, b: 0.3 });
  const squash = (s: number): number => s / (s + 10);
  const out: ExportedScores['queries'] = [];
  for (const q of queries) {
    const judged = qrels.get(q.qid) ?? new Map<string, number>();
    const cs = bm25Scores(coarseIdx, q.text);
    const fs = bm25Scores(fineIdx, q.text);
    const cand = new Set<number>(topK(cs, opts.pool ?? 100));
    for (const id of judged.keys()) { const i = byId.get(id); if (i !== undefined) cand.add(i); }
    const list = [...cand].sort((a, b) => cs[b] - cs[a] || a - b);
    out.push({
      qid: q.qid, intent: q.intent, idealGrades: [...judged.values()].sort((a, b) => b - a),
      candidates: list.map((i) => ({
        docid: docs[i].id, zone: docs[i].zone, ctr: docs[i].ctr ?? 0, coarse: squash(cs[i]), norm: squash(cs[i]),
        fine: squash(fs[i]), grade: judged.get(docs[i].id) ?? null, tier: null, forwarded: false,
      })),
    });
  }
  return { format: 'prerank-lab.pools', version: 1, model: 'bm25', fineModel: 'bm25-alt', config: DEFAULT_FUNNEL_CONFIG, queries: out };
}
