/**
 * Serving-strategy configurations as the lab stores, exports and imports
 * them: the core's FunnelConfig (src/core/funnel.ts; defaults in src/core/domain.ts), a strict
 * validator with error messages that name the field, and the JSON file
 * format (`prerank-lab.tiers`, version 1) holding configs A and B.
 *
 * Pure. Refuses: returning a half-valid config — on any error the caller
 * gets the error and keeps its current config.
 */
import { TIER_ORDERS, type TierOrder } from '../../core/domain';
import type { FunnelConfig } from '../../core/funnel';
import { NORM_MODES, type NormMode } from '../../core/scoreNorm';
import { SHARE_LIMITS } from '../shareState';

// NOTE: limits match the share codec (src/data/shareState.ts SHARE_LIMITS), so
// every valid config fits in a share link.
export const MAX_BOUNDARIES = SHARE_LIMITS.boundaries;
export const MAX_QUOTA = SHARE_LIMITS.quotaMax;
export const CUTOFF_LIMIT = SHARE_LIMITS.scoreAbs;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : v === undefined ? 'nothing' : JSON.stringify(v) ?? String(v));

class ConfigError extends Error {}
const fail = (path: string, want: string, got: unknown): never => {
  throw new ConfigError(`${path} must be ${want} (got ${show(got)})`);
};

function num(o: Obj, key: string, path: string, lo: number, hi: number, opts: { int?: boolean; optional?: boolean } = {}): number | undefined {
  const v = o[key];
  if (v === undefined || v === null) {
    if (opts.optional) return undefined;
    return fail(`${path}.${key}`, 'a number', v);
  }
  if (typeof v !== 'number' || !Number.isFinite(v)) return fail(`${path}.${key}`, 'a finite number', v);
  if (opts.int && !Number.isInteger(v)) return fail(`${path}.${key}`, 'a whole number', v);
  if (v < lo || v > hi) return fail(`${path}.${key}`, `between ${lo} and ${hi}`, v);
  return v;
}

function oneOf<T extends string>(o: Obj, key: string, path: string, allowed: readonly T[]): T {
  const v = o[key];
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) return fail(`${path}.${key}`, `one of ${allowed.join(', ')}`, v);
  return v as T;
}

/** Validate one config (strict types, ranges; boundaries sorted descending). Throws ConfigError. */
function readConfig(v: unknown, path: string): FunnelConfig {
  if (!isObj(v)) return fail(path, 'an object', v);
  const norm = oneOf<NormMode>(v, 'norm', path, NORM_MODES);
  if (!isObj(v.premium)) return fail(`${path}.premium`, 'an object', v.premium);
  if (!isObj(v.short)) return fail(`${path}.short`, 'an object', v.short);
  const p = v.premium, s = v.short;
  const cutoff = num(p, 'cutoff', `${path}.premium`, -CUTOFF_LIMIT, CUTOFF_LIMIT)!;
  const maxForward = num(p, 'maxForward', `${path}.premium`, 0, MAX_QUOTA, { int: true, optional: true });
  if (!Array.isArray(s.boundaries)) return fail(`${path}.short.boundaries`, 'a list of numbers', s.boundaries);
  if (s.boundaries.length > MAX_BOUNDARIES) return fail(`${path}.short.boundaries`, `at most ${MAX_BOUNDARIES} numbers`, s.boundaries.length);
  const boundaries = s.boundaries.map((b, i) =>
    typeof b === 'number' && Number.isFinite(b) && Math.abs(b) <= CUTOFF_LIMIT ? b : fail(`${path}.short.boundaries[${i}]`, `a number between ${-CUTOFF_LIMIT} and ${CUTOFF_LIMIT}`, b));
  if (!Array.isArray(s.quotas)) return fail(`${path}.short.quotas`, 'a list of whole numbers', s.quotas);
  if (s.quotas.length > boundaries.length + 1) return fail(`${path}.short.quotas`, `at most one per tier (${boundaries.length + 1})`, s.quotas.length);
  const quotas = s.quotas.map((q, i) =>
    typeof q === 'number' && Number.isInteger(q) && q >= 0 && q <= MAX_QUOTA ? q : fail(`${path}.short.quotas[${i}]`, `a whole number between 0 and ${MAX_QUOTA}`, q));
  const order = oneOf<TierOrder>(s, 'order', `${path}.short`, TIER_ORDERS);
  const alpha = num(s, 'alpha', `${path}.short`, 0, 1, { optional: true }) ?? 0.5;
  const total = num(s, 'total', `${path}.short`, 0, MAX_QUOTA, { int: true, optional: true });
  const threshold = num(v, 'threshold', path, 1, 3, { int: true, optional: true }) ?? 2;
  const ndcgK = num(v, 'ndcgK', path, 1, 1000, { int: true, optional: true }) ?? 10;
  const kmK = num(v, 'kmK', path, 1, 1000, { int: true, optional: true }) ?? 10;
  const out: FunnelConfig = {
    norm,
    premium: maxForward === undefined ? { cutoff } : { cutoff, maxForward },
    short: { boundaries: [...boundaries].sort((a, b) => b - a), quotas, order, alpha, ...(total === undefined ? {} : { total }) },
    threshold, ndcgK, kmK,
  };
  return out;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: string };

export function validateConfig(v: unknown, path = 'config'): Result<FunnelConfig> {
  try { return { ok: true, value: readConfig(v, path) }; } catch (e) {
    if (e instanceof ConfigError) return { ok: false, error: e.message };
    throw e;
  }
}

/** One side of the comparison: a config and the coarse model it runs on (null = the default model). */
export interface StrategySide {
  model: string | null;
  config: FunnelConfig;
}

export interface StrategyFile {
  format: 'prerank-lab.tiers';
  version: 1;
  A: StrategySide;
  B?: StrategySide;
}

export function exportStrategies(A: StrategySide, B?: StrategySide): string {
  const file: StrategyFile = { format: 'prerank-lab.tiers', version: 1, A, ...(B ? { B } : {}) };
  return JSON.stringify(file, null, 2);
}

function readSide(v: unknown, path: string): StrategySide {
  if (!isObj(v)) return fail(path, 'an object', v);
  const model = v.model === undefined || v.model === null ? null : typeof v.model === 'string' ? v.model : fail(`${path}.model`, 'a model id or null', v.model);
  return { model, config: readConfig(v.config, `${path}.config`) };
}

/**
 * Parse an imported file: the `prerank-lab.tiers` envelope, or a bare
 * FunnelConfig (taken as A). Never throws; the error says what and where.
 */
export interface ParsedStrategies {
  A: StrategySide;
  B?: StrategySide;
  /** a bare config (no envelope): the caller applies it to the side being edited */
  bare: boolean;
}

export function parseStrategies(text: string): Result<ParsedStrategies> {
  let v: unknown;
  try { v = JSON.parse(text); } catch (e) {
    return { ok: false, error: `not valid JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  try {
    if (isObj(v) && 'format' in v) {
      if (v.format !== 'prerank-lab.tiers') return fail('format', '"prerank-lab.tiers"', v.format);
      if (v.version !== 1) return fail('version', '1 (this lab reads version 1)', v.version);
      return { ok: true, value: { A: readSide(v.A, 'A'), ...(v.B === undefined ? {} : { B: readSide(v.B, 'B') }), bare: false } };
    }
    return { ok: true, value: { A: { model: null, config: readConfig(v, 'config') }, bare: true } };
  } catch (e) {
    if (e instanceof ConfigError) return { ok: false, error: e.message };
    throw e;
  }
}
