// Print src/core/bm25.ts terms and top-5 hits for texts given as JSON on stdin (pytest parity check).
import { readFileSync } from 'node:fs';
import { bm25Scores, buildBm25, tokenize } from '../src/core/bm25';

const inp = JSON.parse(readFileSync(0, 'utf8')) as { docs: string[]; queries: string[] };
const index = buildBm25(inp.docs);
const out = {
  terms: inp.queries.map(tokenize),
  scores: inp.queries.map((q) => Array.from(bm25Scores(index, q))),
};
process.stdout.write(JSON.stringify(out));
