// Typed rows of the demo world (docs/CONTRACTS.md) and their validators.
// A validator returns the restored row or the reason it was rejected. Missing
// optional fields get defaults (so your own data may carry less); wrong types
// are always rejected; unknown keys are dropped.
import { SPLITS, ZONES, type Split, type Zone } from '../core/domain';

export const INTENTS = [
  'navigational', 'series_episode', 'person', 'topic', 'category_attr', 'alias', 'typo', 'mixed_en', 'long_desc',
] as const;
export type Intent = (typeof INTENTS)[number];
export const COVER_DIM = 16;
export const MAX_GRADE = 3;

export interface DocRow {
  id: string;
  zone: Zone;
  category: string;
  title: string;
  tags: string[];
  series: string | null;
  season: number | null;
  episode: number | null;
  uploader: string | null;
  cast: string[];
  directors: string[];
  year: number | null;
  genres: string[];
  duration_s: number | null;
  publish_date: string | null;
  ctr: number | null;
  cover: number[] | null;
}

export interface QueryRow {
  qid: string;
  text: string;
  intent: Intent | null;
  split: Split;
  human: boolean;
}

export interface QrelRow {
  qid: string;
  docid: string;
  rel: number;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const ID = /^[^\s]{1,64}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

class Reject extends Error {}
const fail = (reason: string): never => {
  throw new Reject(reason);
};

function str(o: Obj, k: string, required: boolean): string | null {
  const v = o[k];
  if (v === undefined || v === null) return required ? fail(`missing ${k}`) : null;
  if (typeof v !== 'string') return fail(`${k} must be a string`);
  if (required && v.trim() === '') return fail(`empty ${k}`);
  return v;
}
function int(o: Obj, k: string, min: number, max: number): number | null {
  const v = o[k];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'number' || !Number.isInteger(v)) return fail(`${k} must be an integer`);
  if (v < min || v > max) return fail(`${k} out of range [${min}, ${max}]`);
  return v;
}
function strList(o: Obj, k: string): string[] {
  const v = o[k];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) return fail(`${k} must be a string array`);
  return v as string[];
}

function guard<T>(fn: () => T): T | string {
  try {
    return fn();
  } catch (e) {
    if (e instanceof Reject) return e.message;
    throw e;
  }
}

export function validateDoc(v: unknown): DocRow | string {
  return guard(() => {
    if (!isObj(v)) return fail('not a JSON object');
    const id = str(v, 'id', true)!;
    if (!ID.test(id)) fail('id must be 1–64 non-space characters');
    const zone = str(v, 'zone', true)!;
    if (!(ZONES as readonly string[]).includes(zone)) fail(`unknown zone "${zone.slice(0, 20)}"`);
    const ctr = v.ctr;
    if (ctr !== undefined && ctr !== null && (typeof ctr !== 'number' || !(ctr >= 0 && ctr <= 1))) fail('ctr must be a number in [0, 1]');
    const cover = v.cover;
    if (cover !== undefined && cover !== null) {
      if (!Array.isArray(cover) || cover.length !== COVER_DIM || !cover.every((x) => typeof x === 'number' && Number.isFinite(x))) {
        fail(`cover must be ${COVER_DIM} finite numbers`);
      }
    }
    const date = str(v, 'publish_date', false);
    if (date !== null && !DATE.test(date)) fail('publish_date must be YYYY-MM-DD');
    return {
      id, zone: zone as Zone, category: str(v, 'category', true)!, title: str(v, 'title', true)!,
      tags: strList(v, 'tags'), series: str(v, 'series', false), season: int(v, 'season', 0, 1000),
      episode: int(v, 'episode', 0, 100000), uploader: str(v, 'uploader', false), cast: strList(v, 'cast'),
      directors: strList(v, 'directors'), year: int(v, 'year', 1800, 3000), genres: strList(v, 'genres'),
      duration_s: int(v, 'duration_s', 0, 10_000_000), publish_date: date, ctr: (ctr as number | null | undefined) ?? null,
      cover: (cover as number[] | null | undefined) ?? null,
    };
  });
}

export function validateQuery(v: unknown): QueryRow | string {
  return guard(() => {
    if (!isObj(v)) return fail('not a JSON object');
    const qid = str(v, 'qid', true)!;
    if (!ID.test(qid)) fail('qid must be 1–64 non-space characters');
    const text = str(v, 'text', true)!;
    const intent = str(v, 'intent', false);
    if (intent !== null && !(INTENTS as readonly string[]).includes(intent)) fail(`unknown intent "${intent.slice(0, 20)}"`);
    const split = str(v, 'split', false) ?? 'test';
    if (!(SPLITS as readonly string[]).includes(split)) fail(`unknown split "${split.slice(0, 20)}"`);
    const human = v.human ?? false;
    if (typeof human !== 'boolean') fail('human must be a boolean');
    return { qid, text, intent: intent as Intent | null, split: split as Split, human: human as boolean };
  });
}
