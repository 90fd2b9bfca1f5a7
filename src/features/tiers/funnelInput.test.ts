import { describe, expect, it } from 'vitest';
import { prepareFunnel, runFunnel } from '../../core/funnel';
import { buildFunnelQueries, type FunnelDoc } from './funnelInput';
import { exportScores, exportTrecRun } from './scoresExport';
import { DEFAULT_CONFIG, cloneConfig } from './strategy';

const docs: FunnelDoc[] = [
  { id: 'v000000', zone: 'premium', ctr: 0.1 },
  { id: 'v000001', zone: 'short', ctr: 0.9 },
  { id: 'v000002', zone: 'short', ctr: 0.2 },
  { id: 'v000003', zone: 'premium', ctr: 0.5 },
];

const args = {
  qids: ['q00001', 'q00002'],
  coarse: {
    q00001: [{ doc: 3, score: 0.9 }, { doc: 1, score: 0.6 }, { doc: 2, score: 0.6 }, { doc: 0, score: 0.2 }],
  },
  fine: { q00001: [{ doc: 0, score: 0.95 }, { doc: 1, score: 0.5 }, { doc: 3, score: 0.4 }] },
  docs,
  qrels: { q00001: { v000000: 3, v000001: 2, v000009: 1 } },
  intentOf: (q: string) => (q === 'q00001' ? 'topic' : undefined),
};

describe('buildFunnelQueries', () => {
  it('maps pools to struct-of-arrays with zones, CTR, fine scores and grades', () => {
    const [q, ...rest] = buildFunnelQueries(args);
    expect(rest).toHaveLength(0); // q00002 has no pool
    expect(q.qid).toBe('q00001');
    expect(q.intent).toBe('topic');
    expect(q.docids).toEqual(['v000003', 'v000001', 'v000002', 'v000000']);
    expect(q.zone).toEqual(['premium', 'short', 'short', 'premium']);
    expect(Array.from(q.coarse)).toEqual([0.9, 0.6, 0.6, 0.2]);
    expect(Array.from(q.ctr)).toEqual([0.5, 0.9, 0.2, 0.1]);
    expect(Array.from(q.fine)).toEqual([0.4, 0.5, NaN, 0.95]);
    expect(Array.from(q.grades)).toEqual([NaN, 2, NaN, 3]);
    // the ideal ranking uses every judged doc, candidates or not
    expect([...(q.idealGrades ?? [])].sort()).toEqual([1, 2, 3]);
  });

  it('throws on a doc index outside the doc set', () => {
    expect(() => buildFunnelQueries({ ...args, coarse: { q00001: [{ doc: 9, score: 1 }] } })).toThrow(/doc index 9/);
  });

  it('feeds the core funnel: a cutoff above every premium score forwards only short docs', () => {
    const prep = prepareFunnel(buildFunnelQueries(args));
    const cfg = cloneConfig(DEFAULT_CONFIG);
    cfg.premium.cutoff = 2;
    cfg.short = { boundaries: [], quotas: [], order: 'ctr', alpha: 0.5 };
    const r = runFunnel(prep, cfg);
    expect(r.aggregate.forwarded).toBe(2);
    expect(r.perQuery[0].forwardedIdx).toEqual([1, 2]); // CTR order inside the one tier
    expect(r.aggregate.relevantSurviving).toBe(1);
  });
});

describe('scores export', () => {
  const prep = prepareFunnel(buildFunnelQueries(args));

  it('JSON lists every candidate best first with norm score, grade, tier and forwarded flag', () => {
    const cfg = cloneConfig(DEFAULT_CONFIG);
    cfg.premium.cutoff = 0.5;
    cfg.short = { boundaries: [0.7], quotas: [], order: 'ctr', alpha: 0.5 };
    const out = exportScores(prep, cfg, 'student', 'fine');
    expect(out.queries).toHaveLength(1);
    const c = out.queries[0].candidates;
    expect(c.map((x) => x.docid)).toEqual(['v000003', 'v000001', 'v000002', 'v000000']);
    expect(c.map((x) => x.forwarded)).toEqual([true, true, true, false]);
    expect(c.map((x) => x.tier)).toEqual([null, 1, 1, null]);
    expect(c.map((x) => x.grade)).toEqual([null, 2, null, 3]);
    expect(c[2].fine).toBeNull();
    expect(JSON.parse(JSON.stringify(out))).toEqual(out); // plain JSON
  });

  it('TREC run: six columns, ranks from 1, strictly decreasing scores despite ties', () => {
    const lines = exportTrecRun(prep, 'my run').trim().split('\n');
    expect(lines).toHaveLength(4);
    const rows = lines.map((l) => l.split(' '));
    expect(rows.every((r) => r.length === 6 && r[1] === 'Q0' && r[5] === 'my_run')).toBe(true);
    expect(rows.map((r) => r[3])).toEqual(['1', '2', '3', '4']);
    const scores = rows.map((r) => Number(r[4]));
    for (let i = 1; i < scores.length; i++) expect(scores[i]).toBeLessThan(scores[i - 1]);
  });
});

describe('pools import', () => {
  it('export → import gives the same funnel figures', async () => {
    const { parsePools } = await import('./poolsImport');
    const prep = prepareFunnel(buildFunnelQueries(args));
    const cfg = cloneConfig(DEFAULT_CONFIG);
    const r = parsePools(JSON.stringify(exportScores(prep, cfg, 'student', 'fine')));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.model).toBe('student');
    const again = runFunnel(prepareFunnel(r.value.queries), cfg);
    const before = runFunnel(prep, cfg);
    expect(again.aggregate).toEqual(before.aggregate);
  });

  it.each([
    ['nope', /not valid JSON/],
    ['{"format":"x"}', /prerank-lab\.pools/],
    ['{"format":"prerank-lab.pools","version":1,"queries":[{"qid":"q1","candidates":[{"docid":"d","zone":"mid","coarse":1}]}]}', /query q1 candidate 0: zone/],
    ['{"format":"prerank-lab.pools","version":1,"queries":[{"qid":"q1","candidates":[{"docid":"d","zone":"short","coarse":"x"}]}]}', /coarse must be a number/],
  ])('rejects %s', async (text, msg) => {
    const { parsePools } = await import('./poolsImport');
    const r = parsePools(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(msg);
  });
});
