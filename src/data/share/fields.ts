/**
 * The share codec's small parts: sanitisers (shared by encode, so a bad
 * in-memory state cannot produce a bad link, and by restore) and readers of
 * one comma-list field that name the key and field they reject. Pure.
 */

export type Warn = (m: string) => void;

/** Drop control chars, replace lone surrogates, cap at `max` code points. */
export function cleanText(s: string, max: number): string {
  let out = '', n = 0;
  for (let i = 0; i < s.length && n < max; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) continue;
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) { out += s[i] + s[i + 1]; i++; } else out += '\ufffd';
    } else out += c >= 0xdc00 && c <= 0xdfff ? '\ufffd' : s[i];
    n++;
  }
  return out;
}

export const round4 = (x: number): number => Math.round(x * 1e4) / 1e4 + 0; // + 0 folds -0
export const clampNum = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));
export const isModelId = (s: string): boolean => /^[A-Za-z0-9_.-]{1,64}$/.test(s);
export const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
export const intIn = (x: unknown, lo: number, hi: number, dflt: number): number => (finite(x) ? Math.round(clampNum(x, lo, hi)) : dflt);
/** A model id, or '' (= the lab's default) for anything else. */
export const modelOrEmpty = (m: unknown): string => (typeof m === 'string' && isModelId(m) ? m : '');

export function pick<T extends string>(v: unknown, allowed: readonly T[], fallback: T): T {
  return allowed.includes(v as T) ? (v as T) : fallback;
}

/** `v` when it is one of `allowed` (numbers), else `dflt`. */
export function pickNum(v: unknown, allowed: readonly number[], dflt: number): number {
  return typeof v === 'number' && allowed.includes(v) ? v : dflt;
}

export function parseNum(s: string | undefined): number | null {
  if (s === undefined) return null;
  const t = s.trim();
  return /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t) && Number.isFinite(Number(t)) ? Number(t) : null;
}

export function decode(raw: string, key: string, warn: Warn): string | null {
  try { return decodeURIComponent(raw); } catch { warn(`key "${key}": bad percent-encoding, ignored`); return null; }
}

/** A comma list with default fields left empty and trailing empty fields dropped. */
export function commaList(fields: (string | number)[], defaults: (string | number)[]): string {
  const out = fields.map((f, i) => (i < defaults.length && f === defaults[i] ? '' : String(f)));
  while (out.length && out[out.length - 1] === '') out.pop();
  return out.join(',');
}

/**
 * Reads one field of a comma-list value: '' or missing = the default;
 * anything else must be what `read` accepts, or a warning names the field
 * and says what is used instead.
 */
export function field<T>(key: string, name: string, raw: string | undefined, read: (x: string) => T | null, dflt: T, want: string, warn: Warn, fallback = 'default used'): T {
  if (raw === undefined || raw === '') return dflt;
  const v = read(raw);
  if (v !== null) return v;
  warn(`key "${key}": ${name} "${cleanText(raw, 20)}" is not ${want}; ${fallback}`);
  return dflt;
}

export const intRange = (lo: number, hi: number) => (x: string): number | null => {
  const n = parseNum(x);
  return n !== null && Number.isInteger(n) && n >= lo && n <= hi ? n : null;
};
export const numRange = (lo: number, hi: number) => (x: string): number | null => {
  const n = parseNum(x);
  return n !== null && n >= lo && n <= hi ? n : null;
};
export const oneOf = <T extends string>(allowed: readonly T[]) => (x: string): T | null => (allowed.includes(x as T) ? (x as T) : null);
export const oneOfNum = (allowed: readonly number[]) => (x: string): number | null => {
  const n = parseNum(x);
  return n !== null && allowed.includes(n) ? n : null;
};
export const modelId = (x: string): string | null => (isModelId(x) ? x : null);
/** '1' / '0' (a flag written as '1' when on, empty when off). */
export const flag = (x: string): boolean | null => (x === '1' ? true : x === '0' ? false : null);

/**
 * A number from a link put into the lab's range (and grain: whole numbers or
 * 4 decimals), as normalize would; NOTE: a warning names the key, the value
 * given and the value used whenever they differ, so no clamp is silent.
 */
export function fitNum(key: string, name: string, x: number, lo: number, hi: number, grain: 1 | 1e-4, warn: Warn): number {
  const c = clampNum(x, lo, hi);
  const used = grain === 1 ? Math.round(c) + 0 : round4(c);
  if (used === x) return used; // (-0 folds to 0 here)
  const why = x > hi ? `above the lab's maximum ${hi}` : x < lo ? `below the lab's minimum ${lo}` : grain === 1 ? 'not a whole number' : 'finer than 4 decimals';
  warn(`key "${key}": ${name} ${x} in the link is ${why}; ${used} used`);
  return used;
}

/** cleanText for a field read from a link, with a warning for each kind of change it made. */
export function fitText(key: string, name: string, s: string, max: number, warn: Warn): string {
  const all = cleanText(s, Infinity);
  if (all !== s) warn(`key "${key}": ${name} has control characters or broken surrogates; removed`);
  const n = [...all].length; // code points, as cleanText counts
  if (n > max) warn(`key "${key}": ${name} is ${n} characters, above the lab's maximum ${max}; the first ${max} kept`);
  return n > max ? cleanText(all, max) : all;
}

/** A list from a link capped at `max` entries, saying how many it had. */
export function fitList<T>(key: string, name: string, xs: T[], max: number, warn: Warn): T[] {
  if (xs.length > max) warn(`key "${key}": ${xs.length} ${name}, above the lab's maximum ${max}; the first ${max} kept`);
  return xs.slice(0, max);
}

/** Warns once when a comma list has more fields than this version reads. */
export function extraFields(key: string, f: readonly string[], known: number, warn: Warn): void {
  if (f.length > known) warn(`key "${key}": ${f.length - known} extra field${f.length === known + 1 ? '' : 's'} ignored`);
}
