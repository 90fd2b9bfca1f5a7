// BM25 baseline on the demo world: nDCG@10 and AUC on the test split, overall and
// per intent (definitions in scripts/world/metrics.ts and docs/DATA.md).
// Usage: npx tsx scripts/bm25-report.ts [--dir public/demo] [--split test]

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bm25Scores, bm25TopK, buildBm25 } from '../src/core/bm25';
import { docText } from '../src/core/docText';
import { parseDocsJsonl, parseQrels, parseQueriesJsonl } from '../src/data';
import { aucJudged, mean, ndcgAt } from './world/metrics';

const argv = process.argv.slice(2);
const opt = (k: string, d: string): string => (argv.includes(k) ? argv[argv.indexOf(k) + 1] : d);
const dir = opt('--dir', 'public/demo');
const split = opt('--split', 'test');
const read = (f: string): string => readFileSync(join(dir, f), 'utf8');

const docs = parseDocsJsonl(read('docs.jsonl'), { file: 'docs.jsonl' });
const queries = parseQueriesJsonl(read('queries.jsonl'), { file: 'queries.jsonl' });
const qrels = parseQrels(read('qrels.trec'), { file: 'qrels.trec' });
for (const e of [...docs.errors, ...queries.errors, ...qrels.errors].slice(0, 5)) console.error(`${e.file}:${e.line}: ${e.reason}`);

const t0 = performance.now();
const index = buildBm25(docs.rows.map(docText));
const tBuild = performance.now() - t0;
const ids = docs.rows.map((d) => d.id);
const scratch = new Float32Array(index.n);
const pos = new Map(ids.map((id, i) => [id, i] as const));
const rows: { intent: string; ndcg: number; ndcgExp: number; auc: number | null; top1: number }[] = [];
const t1 = performance.now();
let nq = 0;
for (const q of queries.rows) {
  if (q.split !== split) continue;
  const judged = qrels.byQuery.get(q.qid) ?? new Map<string, number>();
  const top = bm25TopK(index, q.text, 10, scratch).map((h) => ids[h.doc]);
  const ndcg = ndcgAt(top, judged, 10);
  const ndcgExp = ndcgAt(top, judged, 10, 'exp');
  const scores = bm25Scores(index, q.text, scratch);
  const auc = aucJudged((d) => scores[pos.get(d) ?? -1] ?? 0, judged);
  const best = Math.max(0, ...judged.values());
  rows.push({ intent: q.intent ?? 'none', ndcg, ndcgExp, auc, top1: top.length && judged.get(top[0]) === best ? 1 : 0 });
  nq++;
}
const perQueryMs = (performance.now() - t1) / Math.max(1, nq);

const table: string[] = ['| slice | queries | nDCG@10 | nDCG@10 exp | AUC | top-1 best |', '|---|---:|---:|---:|---:|---:|'];
const line = (name: string, rs: typeof rows): string => {
  const aucs = rs.map((r) => r.auc).filter((a): a is number => a !== null);
  const f = (xs: number[]): string => mean(xs).toFixed(3);
  return `| ${name} | ${rs.length} | ${f(rs.map((r) => r.ndcg))} | ${f(rs.map((r) => r.ndcgExp))} | ${f(aucs)} | ${f(rs.map((r) => r.top1))} |`;
};
table.push(line('**all**', rows));
for (const intent of [...new Set(rows.map((r) => r.intent))].sort()) table.push(line(intent, rows.filter((r) => r.intent === intent)));
console.log(`BM25 (chars + char bigrams + Latin words, k1=1.2, b=0.75) on ${dir}, split=${split}: ${docs.rows.length} docs`);
console.log(`index build ${tBuild.toFixed(0)} ms; ~${perQueryMs.toFixed(1)} ms per query (top-10 + full scoring for AUC)`);
console.log(table.join('\n'));
