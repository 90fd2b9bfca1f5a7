import { describe, expect, it } from 'vitest';
import { arrangeColumns, DEFAULT_PINNED, movePin, pinKey, togglePin, type LayoutColumn } from './columnLayout';

// The engine's order: towers, then BM25, then the fine ranker (last: below the fold with ten columns).
const cols: LayoutColumn[] = [
  { modelId: 'teacher', kind: 'tower' }, { modelId: 'student_a', kind: 'tower' }, { modelId: 'student_b', kind: 'tower' },
  { modelId: 'bm25', kind: 'bm25' }, { modelId: 'fine_v2', kind: 'fine' },
];
const ids = (pinned: readonly string[]): string[] => arrangeColumns(cols, pinned).map((c) => c.column.modelId);

describe('column layout', () => {
  it('pins BM25 and the fine ranker first by default, whatever the manifest calls the fine ranker', () => {
    expect(ids(DEFAULT_PINNED)).toEqual(['bm25', 'fine_v2', 'teacher', 'student_a', 'student_b']);
    expect(arrangeColumns(cols, DEFAULT_PINNED).map((c) => c.pin)).toEqual([0, 1, -1, -1, -1]);
    expect(pinKey(cols[4])).toBe('fine');
  });
  it('keeps pin order, skips pins of columns not on screen, and returns every column once', () => {
    expect(ids(['student_b', 'gone', 'fine'])).toEqual(['student_b', 'fine_v2', 'teacher', 'student_a', 'bm25']);
    expect(ids([])).toEqual(cols.map((c) => c.modelId));
    expect(ids(['bm25', 'bm25'])).toEqual(['bm25', 'teacher', 'student_a', 'student_b', 'fine_v2']);
  });
  it('toggles a pin at the end, and moves a pin among the shown ones', () => {
    expect(togglePin(['bm25', 'fine'], 'teacher')).toEqual(['bm25', 'fine', 'teacher']);
    expect(togglePin(['bm25', 'fine'], 'bm25')).toEqual(['fine']);
    expect(movePin(['bm25', 'fine', 'teacher'], 'teacher', -1)).toEqual(['bm25', 'teacher', 'fine']);
    expect(movePin(['bm25', 'fine'], 'bm25', -1)).toEqual(['bm25', 'fine']); // already first
    // a pinned model that is not on screen does not take a move
    expect(movePin(['bm25', 'gone', 'fine'], 'fine', -1, ['bm25', 'fine', 'teacher'])).toEqual(['fine', 'gone', 'bm25']);
  });
});
