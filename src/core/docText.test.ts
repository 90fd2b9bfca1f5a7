import { describe, expect, it } from 'vitest';
import { docText } from './docText';

describe('docText', () => {
  it('joins title, category and the first 4 tags with single spaces', () => {
    const doc = { title: '《星河长梦》第二季 第5集', category: '电视剧', tags: ['悬疑', 'xhcm', '张三', '2021年', '李四'] };
    expect(docText(doc)).toBe('《星河长梦》第二季 第5集 电视剧 悬疑 xhcm 张三 2021年');
  });
  it('trims when tags are empty or missing (same as training/doctext.py)', () => {
    expect(docText({ title: '红烧排骨做法', category: '美食', tags: [] })).toBe('红烧排骨做法 美食');
    expect(docText({ title: 'a', category: 'b' })).toBe('a b');
    expect(docText({ title: '', category: '美食', tags: ['x'] })).toBe('美食 x');
  });
});
