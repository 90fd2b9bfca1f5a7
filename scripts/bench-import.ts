// Measures the streaming doc-set import in Node: writes an N-row CSV to a temp
// dir (never committed), imports it in 1 MiB chunks through the same code the
// import worker runs, and prints rows/s, the peak JS heap, the table's size
// and — for comparison — the heap the same docs take as DocRow objects.
// (The GC every 8 MiB for the live figure slows the rows/s a little.)
//   nice -n 19 node --expose-gc --import tsx scripts/bench-import.ts [rows=1000000]
import { createReadStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { docTableSha256 } from '../src/data/docTable';
import { importDocStream } from '../src/data/importDocs';

const N = Number(process.argv[2] ?? 1_000_000);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const MB = (b: number): string => `${(b / 1048576).toFixed(0)} MB`;

/** Short rows: id, a CJK title, zone, category, CTR, two tags. */
export function bigCsv(n: number): string {
  const cats = ['美食', '科技', '电影', '游戏', '音乐'];
  const parts = ['id,title,zone,category,ctr,tags'];
  for (let i = 1; i <= n; i++) parts.push(`d${i},视频标题${i % 9973} 第${i}集,${i % 3 ? 'short' : 'premium'},${cats[i % 5]},0.${i % 97},a${i % 50}|b${i % 7}`);
  return parts.join('\n') + '\n';
}

gc();
const base = process.memoryUsage().heapUsed; // before the CSV is made: everything after is measured against this
const dir = mkdtempSync(join(tmpdir(), 'bigdocs-'));
const path = join(dir, 'docs.csv');
writeFileSync(path, bigCsv(N));
const size = statSync(path).size;
gc(); gc();
let peak = base, livePeak = base, chunks = 0;
const t0 = performance.now();
let r = await importDocStream(createReadStream(path, { highWaterMark: 1 << 20 }), {
  file: 'docs.csv', format: 'csv', delimiter: ',',
  mapping: { title: 'title', id: 'id', zone: 'zone', category: 'category', ctr: 'ctr', tags: 'tags' },
}, () => {
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  if (++chunks % 8 === 0) { gc(); livePeak = Math.max(livePeak, process.memoryUsage().heapUsed); } // live data, every 8 MiB
});
const t1 = performance.now();
const sha = docTableSha256(r.table);
const t2 = performance.now();
gc(); gc();
const withTable = process.memoryUsage().heapUsed;
console.log(`${N.toLocaleString()} rows, ${MB(size)} CSV: import ${((t1 - t0) / 1000).toFixed(1)} s = ${Math.round(r.records / ((t1 - t0) / 1000)).toLocaleString()} rows/s, `
  + `hash ${((t2 - t1) / 1000).toFixed(1)} s (${sha.slice(0, 12)}…)`);
const docs = r.table.length, issues = r.issues.length, tableBytes = r.table.bytes();
const objects = r.table.rows();
r = null as unknown as typeof r;
gc(); gc();
const asObjects = process.memoryUsage().heapUsed;
void objects.length;
console.log(`heap: peak +${MB(peak - base)} during import (heapUsed per chunk, garbage included), live peak +${MB(livePeak - base)} (after a GC every 8 MiB); `
  + `table ${MB(tableBytes)}, heap with the table ${MB(withTable - base)} over the start; ${docs.toLocaleString()} docs, ${issues} issues`);
console.log(`the same docs as DocRow objects: ${MB(asObjects - base)} over the start`);
rmSync(dir, { recursive: true });
