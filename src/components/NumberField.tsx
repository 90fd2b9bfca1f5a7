// A number typed exactly: the text is kept while the user types ("0.", "-"),
// a parseable in-range value is committed at once, anything else is marked
// invalid and never reaches the caller. Empty means "none" when `optional`.
import { useState } from 'react';

export interface NumberFieldProps {
  value: number | undefined;
  onChange: (v: number | undefined) => void;
  min?: number;
  max?: number;
  step?: number;
  integer?: boolean;
  optional?: boolean;
  label: string;
  testId?: string;
  placeholder?: string;
  digits?: number;
}

export function formatNumber(v: number | undefined, digits = 4): string {
  if (v === undefined || !Number.isFinite(v)) return '';
  return String(Number(v.toFixed(digits)));
}

export function NumberField(p: NumberFieldProps) {
  // NOTE: the draft is tied to the value it was typed against; when the value
  // changes from outside (drag, import), the field shows the new value.
  const [draft, setDraft] = useState<{ text: string; base: number | undefined } | null>(null);
  const text = draft && draft.base === p.value ? draft.text : formatNumber(p.value, p.digits);
  const parse = (t: string): { ok: boolean; v: number | undefined } => {
    if (t.trim() === '') return { ok: !!p.optional, v: undefined };
    const v = Number(t);
    if (!Number.isFinite(v)) return { ok: false, v: undefined };
    if (p.integer && !Number.isInteger(v)) return { ok: false, v: undefined };
    if ((p.min !== undefined && v < p.min) || (p.max !== undefined && v > p.max)) return { ok: false, v: undefined };
    return { ok: true, v };
  };
  const invalid = !parse(text).ok;
  return (
    <input
      className={invalid ? 'num invalid' : 'num'}
      type="text"
      inputMode="decimal"
      aria-label={p.label}
      aria-invalid={invalid}
      title={invalid ? `${p.label}: expected ${p.integer ? 'a whole number' : 'a number'}${p.min !== undefined ? ` ≥ ${p.min}` : ''}${p.max !== undefined ? ` ≤ ${p.max}` : ''}` : undefined}
      data-testid={p.testId}
      placeholder={p.placeholder}
      value={text}
      onChange={(e) => {
        const t = e.target.value;
        const r = parse(t);
        if (r.ok) {
          setDraft({ text: t, base: r.v });
          if (r.v !== p.value) p.onChange(r.v);
        } else setDraft({ text: t, base: p.value });
      }}
      onBlur={() => setDraft(null)}
    />
  );
}
