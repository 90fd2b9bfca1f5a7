/**
 * Keyboard map of the labelling mode. Grades: digits 0–3, or the left-hand
 * home row a s d f (= 0 1 2 3); right hand: j = next, k = skip, u = undo
 * (Backspace and Ctrl/⌘+Z undo too; → and Enter go to the next pair).
 *
 * Refuses: acting on keys typed into a text field (the caller checks focus),
 * and on chords with Alt or with Ctrl/⌘ other than Ctrl/⌘+Z.
 */
import type { Grade } from '../../data/labelStore';

export type LabelAction = { type: 'grade'; grade: Grade } | { type: 'undo' } | { type: 'skip' } | { type: 'next' };

const GRADE_KEYS: Record<string, Grade> = { '0': 0, '1': 1, '2': 2, '3': 3, a: 0, s: 1, d: 2, f: 3 };

export const KEY_LEGEND: readonly { keys: string; what: string }[] = [
  { keys: '0 1 2 3 / a s d f', what: 'grade 0–3' },
  { keys: 'j → Enter', what: 'next' },
  { keys: 'k', what: 'skip' },
  { keys: 'u Backspace Ctrl+Z', what: 'undo' },
];

export function actionForKey(e: { key: string; ctrlKey?: boolean; metaKey?: boolean; altKey?: boolean }): LabelAction | null {
  if (e.altKey) return null;
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  if (e.ctrlKey || e.metaKey) return key === 'z' ? { type: 'undo' } : null;
  if (key in GRADE_KEYS) return { type: 'grade', grade: GRADE_KEYS[key] };
  if (key === 'u' || key === 'Backspace') return { type: 'undo' };
  if (key === 'k') return { type: 'skip' };
  if (key === 'j' || key === 'ArrowRight' || key === 'Enter') return { type: 'next' };
  return null;
}

/** True when a key press belongs to a form field, not to the labelling mode. */
export function typingInField(target: EventTarget | null): boolean {
  const el = target as { tagName?: string; isContentEditable?: boolean } | null;
  const tag = el?.tagName?.toLowerCase();
  return tag === 'input' || tag === 'textarea' || tag === 'select' || el?.isContentEditable === true;
}
