import { describe, expect, it } from 'vitest';
import { DEFAULT_FUNNEL_CONFIG } from '../../core/domain';
import { cloneConfig, prepareFunnel, runFunnel } from '../../core/funnel';
import { buildFunnelQueries } from '../../core/funnelInput';
import { exportScores, exportTrecRun, parsePools } from './pools';
import { args } from '../../core/__fixtures__/funnelArgs';

describe('scores export', () => {
  const prep = prepareFunnel(buildFunnelQueries(args));

  it('JSON lists every candidate best first with norm score, grade, tier and forwarded flag', () => {
    const cfg = cloneConfig(DEFAULT_FUNNEL_CONFIG);
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
  it('export → import gives the same funnel figures', () => {
    const prep = prepareFunnel(buildFunnelQueries(args));
    const cfg = cloneConfig(DEFAULT_FUNNEL_CONFIG);
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
  ])('rejects %s', (text, msg) => {
    const r = parsePools(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(msg);
  });
});
