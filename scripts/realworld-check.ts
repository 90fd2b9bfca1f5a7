// Real-world held-out check (issue #19 item 2): every model that can score a (query, title)
// pair — the towers and the fine ranker, loaded and run exactly as `cli score` does — and BM25,
// judged by pairwise accuracy on the hand-graded pairs in training/realworld/pairs.tsv.
// Usage: npm run check:realworld [-- --models DIR --pairs FILE --out DIR --docs FILE]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { bm25Scores, buildBm25 } from '../src/core/bm25';
import { pairwiseWithCi, queryPairs, resampleIndices, type PairwiseResult, type QueryPairs } from '../src/core/pairwise';
import { parseDocsJsonl } from '../src/data/parse';
import { parseRealworldPairs, type RealworldQuery } from '../src/data/realworldPairs';
import { fineModel } from '../src/runtime/engine/manifest';
import { openNodeEngine } from '../src/runtime/ort/node';
import { fineScorer, SCORE_BATCH, towerScorer, type Pair } from '../src/cli/scorePairs';

const SAMPLES = 2000, SEED = 0x5eed;

const { values: v } = parseArgs({
  options: {
    models: { type: 'string', default: 'models' },
    pairs: { type: 'string', default: 'training/realworld/pairs.tsv' },
    out: { type: 'string' },
    docs: { type: 'string', default: 'public/demo/docs.jsonl' },
  },
});
const modelsDir = v.models!, pairsPath = v.pairs!, outDir = v.out ?? modelsDir;

function readPairs(path: string): RealworldQuery[] {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(path));
  } catch (e) {
    throw new Error(`${path}: ${(e as Error).message}`);
  }
  const r = parseRealworldPairs(text, { file: path });
  // NOTE: refuse the whole file on any bad row: a dropped row would silently change the test.
  if (r.errors.length) {
    const more = r.dropped ? `\n… and ${r.dropped} more` : '';
    throw new Error(`${r.errors.map((e) => `${e.file}:${e.line}: ${e.reason}`).join('\n')}${more}`);
  }
  return r.queries;
}

/** Per model id: one score per pair, in the file's query/item order. */
async function modelScores(pairs: Pair[]): Promise<Map<string, { kind: string; scores: ArrayLike<number>[] }>> {
  // The same engine and scorers as `cli score` (src/cli/commands.ts): every tower and the fine ranker.
  const engine = await openNodeEngine({ modelsDir, noBm25: true });
  const out = new Map<string, { kind: string; scores: ArrayLike<number>[] }>();
  try {
    const fine = fineModel(engine.manifest);
    for (const m of engine.runnableModels()) {
      const s = m.id === fine?.id ? fineScorer(m.id, engine.fine!) : towerScorer(m.id, engine.tower(m.id));
      const cols: ArrayLike<number>[] = [];
      for (let i = 0; i < pairs.length; i += SCORE_BATCH) cols.push(await s.logits(pairs.slice(i, i + SCORE_BATCH)));
      out.set(m.id, { kind: m.kind, scores: cols });
    }
  } finally {
    await engine.release();
  }
  return out;
}

const flat = (cols: ArrayLike<number>[]): number[] => cols.flatMap((c) => Array.from(c));

/** Per-query agreement counts of one flat score column. */
function perQuery(queries: RealworldQuery[], scores: number[]): QueryPairs[] {
  let k = 0;
  return queries.map((q) => queryPairs(q.items.map((it) => ({ grade: it.grade, score: scores[k++] }))));
}

/** BM25 (chars + char bigrams + Latin words) with IDF over the demo catalog's titles plus the set's titles. */
function bm25Column(queries: RealworldQuery[]): number[] {
  const docs = parseDocsJsonl(readFileSync(v.docs!, 'utf8'), { file: v.docs });
  const setTitles = [...new Set(queries.flatMap((q) => q.items.map((i) => i.title)))];
  const base = docs.rows.length;
  const index = buildBm25([...docs.rows.map((d) => d.title), ...setTitles]);
  const at = new Map(setTitles.map((t, i) => [t, base + i] as const));
  return queries.flatMap((q) => {
    const s = bm25Scores(index, q.query);
    return q.items.map((i) => s[at.get(i.title)!]);
  });
}

async function main(): Promise<void> {
  const queries = readPairs(pairsPath);
  const pairs: Pair[] = queries.flatMap((q) => q.items.map((i) => ({ query: q.query, title: i.title })));
  const bm25 = perQuery(queries, bm25Column(queries));
  const draws = resampleIndices(queries.length, { samples: SAMPLES, seed: SEED });
  const results = new Map<string, { kind: string; r: PairwiseResult }>();
  results.set('bm25', { kind: 'bm25', r: pairwiseWithCi(bm25, bm25, {}, draws) });
  for (const [id, m] of await modelScores(pairs)) results.set(id, { kind: m.kind, r: pairwiseWithCi(perQuery(queries, flat(m.scores)), bm25, {}, draws) });

  const contrasts = bm25.reduce((s, q) => s + q.pairs, 0);
  const sorted = [...results].sort((a, b) => b[1].r.acc - a[1].r.acc || a[0].localeCompare(b[0]));
  const f = (x: number) => x.toFixed(3), sg = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(3)}`;
  const table = [
    '| model | kind | pairwise acc | 95% CI | − BM25 | 95% CI |',
    '| --- | --- | ---: | ---: | ---: | ---: |',
    ...sorted.map(([id, { kind, r }]) => {
      const d = r.vsBaseline!;
      return `| ${id} | ${kind} | ${f(r.acc)} | ${f(r.ci[0])}–${f(r.ci[1])} | ${sg(d.diff)} | ${sg(d.ci[0])} – ${sg(d.ci[1])} |`;
    }),
  ].join('\n');
  const protocol =
    `${pairs.length} hand-graded (0–3) real-world query–title pairs over ${queries.length} queries give ${contrasts} within-query pairs with different grades; ` +
    `pairwise accuracy is the share of those a model orders like the grades (a score tie counts ½), pooled over all pairs. ` +
    `Each title is scored alone as the doc text by the same code as \`cli score\` (towers q·d, fine ranker its logit) and by BM25 (chars + char bigrams, IDF over the demo catalog's titles plus the set's titles); ` +
    `95% CIs and the paired difference to BM25 come from ${SAMPLES} bootstrap resamples of queries (seed 0x${SEED.toString(16)}).`;

  mkdirSync(outDir, { recursive: true });
  const json = {
    generated: new Date().toISOString(),
    pairs: pairs.length,
    queries: queries.length,
    contrast_pairs: contrasts,
    source: pairsPath,
    bootstrap: { samples: SAMPLES, seed: SEED, level: 0.95, unit: 'query' },
    models: Object.fromEntries(sorted.map(([id, { kind, r }]) => [id, {
      kind, pairwise_acc: r.acc, ci: r.ci, vs_bm25: { diff: r.vsBaseline!.diff, ci: r.vsBaseline!.ci },
    }])),
  };
  writeFileSync(join(outDir, 'realworld.json'), JSON.stringify(json, null, 1) + '\n');
  const md = `# Real-world held-out check\n\nGenerated by \`npm run check:realworld\` on ${json.generated}; the set and how it was made: \`training/realworld/README.md\`.\n\n${protocol}\n\n${table}\n`;
  writeFileSync(join(outDir, 'REPORT.realworld.md'), md);
  console.log(`${protocol}\n\n${table}\n\nwritten: ${join(outDir, 'realworld.json')}, ${join(outDir, 'REPORT.realworld.md')}`);
}

main().catch((e: Error) => {
  console.error(`error: ${e.message}`);
  process.exit(1);
});
