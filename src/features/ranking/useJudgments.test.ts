import { describe, expect, it } from 'vitest';
import { qidOf } from './useJudgments';

describe('judgment loop: which qid a typed query is graded under', () => {
  const byText = new Map([['高勇主演', 'q00003']]);
  it('a demo query by its text (trimmed); free text under text:<query>, within the store\'s 200 characters', () => {
    expect(qidOf('  高勇主演 ', byText)).toBe('q00003');
    expect(qidOf('红烧肉怎么做', byText)).toBe('text:红烧肉怎么做');
    expect(qidOf('长'.repeat(300), byText)).toHaveLength(200);
  });
});
