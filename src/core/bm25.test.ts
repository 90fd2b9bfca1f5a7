import { describe, expect, it } from 'vitest';
import { bm25Scores, bm25TopK, buildBm25, tokenize } from './bm25';

describe('tokenize', () => {
  it('emits CJK chars, CJK bigrams and lower-cased Latin words', () => {
    expect(tokenize('iPhone15 评测')).toEqual(['iphone15', '评', '测', '评测']);
    expect(tokenize('《星河》S2E5')).toEqual(['星', '河', '星河', 's2e5']);
  });
  it('normalises full-width letters (NFKC)', () => {
    expect(tokenize('ＮＢＡ集锦')).toEqual(['nba', '集', '锦', '集锦']);
  });
});

describe('bm25', () => {
  const docs = ['红烧排骨做法', '糖醋排骨做法', '红烧茄子', 'NBA 集锦'];
  const idx = buildBm25(docs);

  it('matches a hand-computed score', () => {
    // query "nba": df=1, N=4 → idf = ln(1 + 3.5/1.5); doc 3 has |d|=4 terms (nba 集 锦 集锦)
    const avgdl = (11 + 11 + 7 + 4) / 4; // 6 chars + 5 bigrams for the 6-char titles
    const idf = Math.log(1 + 3.5 / 1.5);
    const expected = (idf * 2.2) / (1 + 1.2 * (1 - 0.75 + (0.75 * 4) / avgdl));
    expect(bm25Scores(idx, 'NBA')[3]).toBeCloseTo(expected, 5);
    expect(bm25Scores(idx, 'NBA')[0]).toBe(0);
  });

  it('ranks the exact dish first and counts repeated query terms once', () => {
    const top = bm25TopK(idx, '红烧排骨', 4);
    expect(top[0].doc).toBe(0);
    expect(bm25Scores(idx, '排骨排骨')[1]).toBeCloseTo(bm25Scores(idx, '排骨')[1], 6);
  });

  it('returns [] for unknown terms and breaks ties by doc index', () => {
    expect(bm25TopK(idx, 'zzz', 3)).toEqual([]);
    const tie = buildBm25(['a b', 'a b', 'a b']);
    expect(bm25TopK(tie, 'a', 2).map((h) => h.doc)).toEqual([0, 1]);
  });

  it('scores 20k docs in a few ms', () => {
    const texts = Array.from({ length: 20000 }, (_, i) => `视频${i % 97}标题${i % 13} 美食 做法${i % 7} tag${i % 31}`);
    const big = buildBm25(texts);
    const buf = new Float32Array(big.n);
    bm25TopK(big, '美食做法 tag3', 10, buf);
    const t = performance.now();
    for (let i = 0; i < 20; i++) bm25TopK(big, '视频标题 美食做法 tag3', 10, buf);
    expect((performance.now() - t) / 20).toBeLessThan(50); // generous: shared CI cores
  });
});
