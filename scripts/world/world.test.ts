// Invariants of a small generated world: determinism, label completeness and
// bounds, split hygiene, alias/synonym tables. Runs in a temp dir (~1 s).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocsJsonl, parseQrels, parseQueriesJsonl } from '../../src/data';
import { buildWorld } from './build';
import { hasPinyin, homophones, pinyinInitials } from './pinyin';
import { GIVEN_CHARS, SERIES_SUFFIX, SERIES_WORDS, SHORT, SURNAMES, zhNum } from './pools';

const build = (seed: number) => {
  const out = mkdtempSync(join(tmpdir(), 'world-'));
  buildWorld({ seed, docs: 3000, out, clicks: true, impressions: 3000, perIntent: 30, clicksPath: join(out, 'clicks.jsonl'), log: () => {} });
  const read = (f: string) => readFileSync(join(out, f), 'utf8');
  return { out, read };
};

describe('generated world', () => {
  const a = build(5);

  it('is byte-identical for the same seed and differs for another', () => {
    const b = build(5);
    const c = build(6);
    for (const f of ['docs.jsonl', 'queries.jsonl', 'qrels.trec', 'human.qrels.trec', 'world.json', 'clicks.jsonl']) {
      expect(b.read(f)).toBe(a.read(f));
    }
    expect(c.read('docs.jsonl')).not.toBe(a.read('docs.jsonl'));
  });

  it('parses cleanly and labels every query completely and compactly', () => {
    const docs = parseDocsJsonl(a.read('docs.jsonl'));
    const qs = parseQueriesJsonl(a.read('queries.jsonl'));
    const qrels = parseQrels(a.read('qrels.trec'));
    expect([docs.errors, qs.errors, qrels.errors]).toEqual([[], [], []]);
    expect(docs.rows.length).toBe(3000);
    expect(docs.rows[0].id).toBe('v000000');
    for (const q of qs.rows) {
      const j = [...(qrels.byQuery.get(q.qid) ?? new Map()).values()];
      expect(Math.max(...j)).toBeGreaterThanOrEqual(2);
      expect(j.filter((g) => g > 0).length).toBeLessThanOrEqual(50);
    }
  });

  it('keeps query texts in one split and every intent in test', () => {
    const qs = parseQueriesJsonl(a.read('queries.jsonl')).rows;
    const texts = new Set(qs.map((q) => q.text.toLowerCase().replace(/\s+/g, '')));
    expect(texts.size).toBe(qs.length);
    expect(new Set(qs.filter((q) => q.split === 'test').map((q) => q.intent)).size).toBe(9);
    const human = parseQrels(a.read('human.qrels.trec'));
    expect([...human.byQuery.keys()].sort()).toEqual(qs.filter((q) => q.human).map((q) => q.qid).sort());
  });

  it('grades an episode query: that episode 3, other episodes of the series 1, its trailers and 花絮 0', () => {
    const docs = new Map(parseDocsJsonl(a.read('docs.jsonl')).rows.map((d) => [d.id, d] as const));
    const qrels = parseQrels(a.read('qrels.trec'));
    let seen = 0;
    for (const q of parseQueriesJsonl(a.read('queries.jsonl')).rows.filter((x) => x.intent === 'series_episode')) {
      const judged = [...(qrels.byQuery.get(q.qid) ?? new Map<string, number>())].map(([id, g]) => ({ d: docs.get(id)!, g }));
      const top = judged.filter((x) => x.g === 3).map((x) => x.d);
      if (!top.length || top.some((d) => d.episode == null)) continue; // a season-only query
      seen++;
      const series = top[0].series;
      for (const { d, g } of judged.filter((x) => x.d.series === series && x.d.zone === 'premium')) {
        if (d.episode != null && d.episode !== top[0].episode) expect(g).toBe(1);
        if (d.episode == null && /预告|花絮/.test(d.title)) expect(g).toBe(0);
      }
    }
    expect(seen).toBeGreaterThan(5);
  });

  it('writes clicks in the contract format', () => {
    const lines = a.read('clicks.jsonl').trim().split('\n');
    expect(lines.length).toBe(3000 + 2 * 180);
    const c = JSON.parse(lines[0]);
    expect(Object.keys(c)).toEqual(['qid', 'split', 'shown', 'clicks']);
    expect(c.shown.length).toBe(10);
    for (const p of c.clicks) expect(p).toBeLessThan(10);
  });
});

describe('name tables', () => {
  it('has pinyin for every character a name can use', () => {
    const chars = [...SERIES_WORDS.join(''), ...SERIES_SUFFIX, ...SURNAMES, ...GIVEN_CHARS];
    expect(chars.filter((c) => !hasPinyin(c))).toEqual([]);
    expect(pinyinInitials('星河长梦')).toBe('xhcm');
    expect(homophones('梦')).toContain('孟');
  });

  it('pairs synonyms that share no character', () => {
    for (const cat of SHORT) {
      for (const w of [...cat.heads, ...cat.tails, ...cat.aspects]) {
        if (!w.syn) continue;
        expect([...w.syn].some((c) => w.w.includes(c)), `${w.w}/${w.syn}`).toBe(false);
      }
    }
  });

  it('writes Chinese numerals', () => {
    expect([1, 10, 12, 20, 25].map(zhNum)).toEqual(['一', '十', '十二', '二十', '二十五']);
  });
});
