// Builds the demo world files (see scripts/gen-world.ts for the CLI). Deterministic:
// the same WorldArgs give byte-identical files. Docs are streamed to disk.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildBm25 } from '../../src/core/bm25';
import { generateCatalog } from './catalog';
import { simulateClicks, type ClickStats } from './clicks';
import { Grader } from './grade';
import { LineWriter } from './io';
import { buildQueries } from './labels';
import { INTENTS } from './queries';
import { docId, qid } from './types';

export const GENERATOR_VERSION = 1;

export interface WorldArgs {
  seed: number;
  docs: number;
  out: string;
  clicks: boolean;
  impressions: number;
  perIntent: number;
  clicksPath?: string;
  log?: (msg: string) => void;
}

export function buildWorld(args: WorldArgs): { manifest: object; clickStats?: ClickStats } {
  const log = args.log ?? ((m: string) => console.log(m));
  const t0 = Date.now();
  const files: Record<string, { bytes: number; sha256: string }> = {};
  const docsOut = new LineWriter(join(args.out, 'docs.jsonl'));
  const cat = generateCatalog(args.seed, args.docs, (l) => docsOut.write(l));
  files['docs.jsonl'] = { sha256: docsOut.close(), bytes: docsOut.bytes };
  log(`docs: ${args.docs} in ${Date.now() - t0} ms (${cat.reg.series.length} series, ${cat.reg.uploaders.length} uploaders, ${cat.reg.topics.length} topics)`);

  const bm25 = buildBm25(cat.texts);
  const grader = new Grader(cat.meta, cat.reg);
  const queries = buildQueries(args.seed, cat, grader, bm25, args.perIntent);
  const qOut = new LineWriter(join(args.out, 'queries.jsonl'));
  const rOut = new LineWriter(join(args.out, 'qrels.trec'));
  const hOut = new LineWriter(join(args.out, 'human.qrels.trec'));
  const grades = [0, 0, 0, 0];
  const byIntent: Record<string, Record<string, number>> = {};
  const bySplit: Record<string, number> = { train: 0, valid: 0, test: 0 };
  let human = 0;
  for (const q of queries) {
    qOut.write(JSON.stringify({ qid: qid(q.qid), text: q.text, intent: q.intent, split: q.split, human: q.human }));
    for (const [d, g] of q.judged) {
      const line = `${qid(q.qid)} 0 ${docId(d)} ${g}`;
      rOut.write(line);
      if (q.human) hOut.write(line);
      grades[g]++;
    }
    (byIntent[q.intent] ??= { train: 0, valid: 0, test: 0 })[q.split]++;
    bySplit[q.split]++;
    if (q.human) human++;
  }
  for (const [name, w] of [['queries.jsonl', qOut], ['qrels.trec', rOut], ['human.qrels.trec', hOut]] as const) {
    files[name] = { sha256: w.close(), bytes: w.bytes };
  }
  const manifest = {
    generator: 'prerank-lab/gen-world', version: GENERATOR_VERSION, seed: args.seed,
    params: { docs: args.docs, perIntent: args.perIntent },
    counts: {
      docs: args.docs, series: cat.reg.series.length, uploaders: cat.reg.uploaders.length, topics: cat.reg.topics.length,
      queries: queries.length, humanQueries: human, qrels: rOut.lines, humanQrels: hOut.lines,
      grades: { 0: grades[0], 1: grades[1], 2: grades[2], 3: grades[3] }, splits: bySplit,
      intents: Object.fromEntries(INTENTS.map((i) => [i, byIntent[i] ?? {}])),
    },
    files,
  };
  writeFileSync(join(args.out, 'world.json'), JSON.stringify(manifest, null, 2) + '\n');
  log(`queries: ${queries.length} (human ${human}), qrels ${rOut.lines}, grades ${grades.join('/')}, splits ${JSON.stringify(bySplit)}`);

  let clickStats: ClickStats | undefined;
  if (args.clicks) {
    const path = args.clicksPath ?? 'data/world/clicks.jsonl';
    const st = (clickStats = simulateClicks(args.seed, cat, grader, bm25, queries, args.impressions, path));
    writeFileSync(path.replace(/\.jsonl$/, '.stats.json'), JSON.stringify(st, null, 2) + '\n');
    log(`clicks: ${path} impressions ${JSON.stringify(st.impressions)}, clicks ${st.clicks}, ` +
      `false-positive ${(st.falsePositiveRate * 100).toFixed(1)}%, false-negative ${(st.falseNegativeRate * 100).toFixed(1)}%`);
  }
  log(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return { manifest, clickStats };
}
