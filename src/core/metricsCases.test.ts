/**
 * Guards the cross-language fixture: the TS code must still produce the
 * expected values stored in __fixtures__/metric-cases.json (regenerate with
 * `npx tsx scripts/metric-cases.ts` only after an intended metric change),
 * and a few stored values are checked against hand arithmetic.
 */
import { describe, expect, it } from 'vitest';
import data from './__fixtures__/metric-cases.json';
import { evaluateRun, summarize } from './metricsAggregate';
import type { Qrels, Run } from './metricsTypes';
import { kendallTauB, nmConsistency, recallAtKAtM } from './rankCompare';
import { bootstrapMeanCI } from './stats';

type AnyCase = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function close(got: unknown, want: unknown, path = ''): void {
  if (typeof want === 'number' && typeof got === 'number') {
    expect(Math.abs(got - want), path).toBeLessThanOrEqual(1e-9);
  } else if (want && typeof want === 'object') {
    expect(got, path).toBeTypeOf('object');
    expect(Object.keys(got as object).sort(), path).toEqual(Object.keys(want).sort());
    for (const k of Object.keys(want)) close((got as AnyCase)[k], (want as AnyCase)[k], `${path}.${k}`);
  } else {
    expect(got, path).toEqual(want);
  }
}

const cases = (data as { cases: AnyCase[] }).cases;

describe('metric-cases.json', () => {
  it('has ~30 cases of every kind', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
    expect(new Set(cases.map((c) => c.kind))).toEqual(new Set(['run', 'pairs', 'bootstrap']));
  });
  for (const c of cases) {
    it(`reproduces ${c.name}`, () => {
      if (c.kind === 'run') {
        const rows = evaluateRun(c.qrels as Qrels, c.run as Run, (c.reference ?? undefined) as Run | undefined, c.options);
        close(JSON.parse(JSON.stringify(rows)), c.expected.perQuery);
        close(JSON.parse(JSON.stringify(summarize(rows, c.options.bootstrap))), c.expected.summary);
      } else if (c.kind === 'pairs') {
        const nm = nmConsistency(c.reference, c.model);
        close({ n: nm.n, m: nm.m, nm: nm.share, kendall: kendallTauB(c.reference, c.model), km: recallAtKAtM(c.reference, c.model, c.k, c.m) },
          { n: c.expected.n, m: c.expected.m_pairs, nm: c.expected.nm, kendall: c.expected.kendall, km: c.expected.recallKM });
      } else {
        close(bootstrapMeanCI(c.values, { samples: c.samples, seed: c.seed, level: c.level }), c.expected);
      }
    });
  }
  it('stored hand-worked values match hand arithmetic', () => {
    const by = (n: string): AnyCase => cases.find((c) => c.name === n)!;
    expect(by('ndcg_exp_unjudged_and_ideal_from_all_judged').expected.perQuery[0].ndcg).toBeCloseTo(6.5 / (7.5 + 3 / Math.log2(3)), 12);
    expect(by('ndcg_linear_gain').expected.perQuery[0].ndcg).toBeCloseTo(3.5 / (3.5 + 2 / Math.log2(3)), 12);
    expect(by('auc_ties_half_unjudged_excluded').expected.perQuery[0].auc).toBe(0.875);
    expect(by('nm_half').expected).toMatchObject({ n: 3, m_pairs: 6, nm: 0.5, kendall: 0 });
    expect(by('fine_reference_nm_kendall_km').expected.perQuery[0]).toMatchObject({ nmN: 3, nmM: 6, recallKM: 0.5 });
    expect(by('no_negative_and_no_positive_queries_skipped').expected.summary.auc).toEqual({ mean: null, n: 0, skipped: 2 });
  });
});
