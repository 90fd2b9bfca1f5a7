/**
 * The figures of both configurations, recomputed from the store's configs
 * and the prepared funnels: runFunnel for A and B, their comparison, and how
 * long the recompute took (the panel shows it; the ≤ 100 ms budget of a
 * slider move). NOTE: not deferred — a recompute is ~10–30 ms on the test
 * split, and one render per move is cheaper than two.
 */
import { useMemo } from 'react';
import { runFunnel, type FunnelConfig, type FunnelResult, type PreparedFunnel } from '../../core/funnel';
import { compareFunnels, type FunnelComparison } from '../../core/funnelCompare';

export interface TimedResult {
  result: FunnelResult;
  ms: number;
}

function timedRun(prep: PreparedFunnel, cfg: FunnelConfig): TimedResult {
  const t0 = performance.now();
  const result = runFunnel(prep, cfg);
  return { result, ms: performance.now() - t0 };
}

export interface FunnelRuns {
  a: TimedResult;
  b: TimedResult;
  cmp: FunnelComparison;
  cfgA: FunnelConfig;
  cfgB: FunnelConfig;
}

export function useFunnelRuns(prepA: PreparedFunnel, prepB: PreparedFunnel, cfgA: FunnelConfig, cfgB: FunnelConfig): FunnelRuns {
  const a = useMemo(() => timedRun(prepA, cfgA), [prepA, cfgA]);
  const b = useMemo(() => timedRun(prepB, cfgB), [prepB, cfgB]);
  const cmp = useMemo(() => compareFunnels(a.result, b.result), [a, b]);
  return { a, b, cmp, cfgA, cfgB };
}
