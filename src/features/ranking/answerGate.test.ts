import { describe, expect, it } from 'vitest';
import { AnswerGate } from './answerGate';

describe('AnswerGate', () => {
  it('sends the first request and re-sends of the same inputs at once, debounces changes', () => {
    const g = new AnswerGate();
    expect(g.next('a', 150).wait).toBe(0);
    expect(g.next('a', 150).wait).toBe(0);
    expect(g.next('ab', 150).wait).toBe(150);
  });

  it('shows an older answer for the current inputs while a re-sent request is out, never an older one after a newer', () => {
    const g = new AnswerGate();
    const first = g.next('q', 150).ticket;
    const resent = g.next('q', 150).ticket; // a model became ready
    expect(g.accept(first, 'q')).toBe(true);
    expect(g.isLatest(first)).toBe(false);
    expect(g.accept(resent, 'q')).toBe(true);
    expect(g.isLatest(resent)).toBe(true);
    const third = g.next('q', 150).ticket;
    const fourth = g.next('q', 150).ticket;
    expect(g.accept(fourth, 'q')).toBe(true);
    expect(g.accept(third, 'q')).toBe(false); // arrived late: would replace newer results
  });

  it('drops answers to inputs no longer asked for', () => {
    const g = new AnswerGate();
    const old = g.next('红', 150).ticket;
    const now = g.next('红烧肉', 150).ticket;
    expect(g.accept(old, '红')).toBe(false);
    expect(g.accept(now, '红烧肉')).toBe(true);
  });
});
