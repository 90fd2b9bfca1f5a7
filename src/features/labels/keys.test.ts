import { describe, expect, it } from 'vitest';
import { actionForKey, typingInField } from './keys';

describe('labelling keys', () => {
  it('grades from digits and the home row', () => {
    expect(['0', '1', '2', '3'].map((key) => actionForKey({ key }))).toEqual([0, 1, 2, 3].map((grade) => ({ type: 'grade', grade })));
    expect(['a', 's', 'd', 'F'].map((key) => actionForKey({ key }))).toEqual([0, 1, 2, 3].map((grade) => ({ type: 'grade', grade })));
    expect(actionForKey({ key: '4' })).toBeNull();
  });
  it('undo, skip, next; no chords', () => {
    expect(actionForKey({ key: 'u' })).toEqual({ type: 'undo' });
    expect(actionForKey({ key: 'z', ctrlKey: true })).toEqual({ type: 'undo' });
    expect(actionForKey({ key: 'Backspace' })).toEqual({ type: 'undo' });
    expect(actionForKey({ key: 'k' })).toEqual({ type: 'skip' });
    expect(actionForKey({ key: 'ArrowRight' })).toEqual({ type: 'next' });
    expect(actionForKey({ key: '2', ctrlKey: true })).toBeNull();
    expect(actionForKey({ key: '2', altKey: true })).toBeNull();
  });
  it('ignores typing in form fields', () => {
    expect(typingInField({ tagName: 'INPUT' } as unknown as EventTarget)).toBe(true);
    expect(typingInField({ tagName: 'DIV' } as unknown as EventTarget)).toBe(false);
    expect(typingInField(null)).toBe(false);
  });
});
