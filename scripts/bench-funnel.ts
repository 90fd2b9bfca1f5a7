/**
 * Funnel recompute benchmark: 360 queries × 1000 candidates (synthetic),
 * prints the one-off prepare time (per model) and the median time of a full
 * runFunnel recompute (per slider move) for each norm mode and tier order,
 * plus a 1M × 128 scoring figure. Run: npx tsx scripts/bench-funnel.ts
 * Not a unit test: timing on a shared 2-core box is noise-prone.
 */
import { loadavg } from 'node:os';
import { prepareFunnel, runFunnel, type FunnelConfig } from '../src/core/funnel';
import { tradeoffCurve } from '../src/core/funnelSweep';
import { scoreDocs } from '../src/core/score';
import { syntheticFunnel } from '../src/core/__fixtures__/syntheticFunnel';
import { NORM_MODES } from '../src/core/scoreNorm';
import { TIER_ORDERS } from '../src/core/domain';

function median(xs: number[]): number { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; }
/** Median wall ms and median process CPU ms (CPU time is what contention does not inflate). */
function time(fn: () => void, reps: number): string {
  const wall: number[] = [], cpu: number[] = [];
  for (let r = 0; r < reps; r++) {
    const c0 = process.cpuUsage(), t0 = performance.now();
    fn();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return `${median(wall).toFixed(1)} ms wall, ${median(cpu).toFixed(1)} ms CPU`;
}

// Shared boxes distort timings: print the load so a reader can discount them.
console.log(`load average ${loadavg().map((x) => x.toFixed(2)).join(' ')} on this machine`);
const queries = syntheticFunnel(360, 1000, 42);
let prep = prepareFunnel(queries);
const prepMs = time(() => { prep = prepareFunnel(queries); }, 5);
console.log(`prepareFunnel (once per model) 360×1000: ${prepMs}`);
for (const norm of NORM_MODES) {
  for (const order of TIER_ORDERS) {
    const cfg: FunnelConfig = {
      norm, premium: { cutoff: norm === 'zscore' ? 0 : 0.5, maxForward: 200 },
      short: { boundaries: norm === 'zscore' ? [1, 0] : [0.7, 0.4], quotas: [100, 60, 20], order, alpha: 0.6, total: 150 },
    };
    for (let w = 0; w < 3; w++) runFunnel(prep, cfg); // warm-up (JIT)
    const ms = time(() => runFunnel(prep, cfg), 15);
    console.log(`runFunnel recompute norm=${norm.padEnd(10)} order=${order.padEnd(5)}: ${ms}`);
  }
}
console.log(`tradeoffCurve (360k candidates, minmax): ${time(() => tradeoffCurve(prep, { norm: 'minmax' }), 5)}`);

const N = 1_000_000, D = 128;
const docs = new Float32Array(N * D);
for (let i = 0; i < docs.length; i++) docs[i] = ((i * 2654435761) % 1000) / 1000 - 0.5;
const q = Float32Array.from({ length: D }, (_, i) => Math.sin(i));
const out = new Float32Array(N);
scoreDocs(q, { kind: 'f32', data: docs, dim: D }, out);
console.log(`scoreDocs f32 1M×128: ${time(() => scoreDocs(q, { kind: 'f32', data: docs, dim: D }, out), 5)}`);
