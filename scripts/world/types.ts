// Shared shapes of the generator: entities (small, kept in memory) and the
// compact per-doc structure (typed arrays) from which all labels are derived.

import type { Word } from './pools';

export const KIND = { EP: 0, FULL: 1, MOVIE: 2, TRAILER: 3, EXTRA: 4, CLIP: 5, FAN: 6 } as const;
export type Kind = (typeof KIND)[keyof typeof KIND];

export interface Series {
  idx: number;
  name: string;
  cat: number; // index into PREMIUM
  genres: string[];
  year: number;
  seasons: number; // season count (for films: sequel count)
  cast: number[]; // person idx; for 综艺 the hosts
  directors: number[];
  pinyin?: string; // pinyin initials alias, unique when set
  abbr?: string; // 2-char abbreviation of a 4-char name
  style: number[];
  pop: number;
  docs: number[];
}
export interface Person {
  idx: number;
  name: string;
  series: number[];
}
export interface Topic {
  idx: number;
  cat: number; // index into SHORT
  head: Word;
  tail: Word;
  name: string;
  /** Same item written with synonym parts (no shared chars with the replaced part). */
  synName?: string;
  /** A Latin token that some of its clips carry: model code, platform, league. */
  en?: string;
  docs: number[];
}
export interface Uploader {
  idx: number;
  name: string;
  cat: number; // SHORT index, or -1 for 影视 fan-clip accounts
  style: number[];
  favs: number[]; // favourite topic idx (or series idx for fan accounts)
  synRate: number;
  pop: number;
  docs: number[];
}

/** Per-doc facts the labels come from. NOTE: labels never look at strings. */
export class DocMeta {
  kind: Uint8Array;
  cat: Uint8Array; // 0..4 premium, 5.. short, FAN_CAT_ID for 影视
  ent: Int32Array; // series idx (premium docs and fan clips), else -1
  season: Int16Array;
  episode: Int16Array;
  topic: Int32Array;
  aspect: Int8Array;
  uploader: Int32Array;
  ckey: Int32Array; // content key: near-duplicates share it
  mention: Int32Array; // person named in the title (花絮), else -1
  ctr: Float32Array;
  constructor(public readonly n: number) {
    this.kind = new Uint8Array(n);
    this.cat = new Uint8Array(n);
    this.ent = new Int32Array(n).fill(-1);
    this.season = new Int16Array(n);
    this.episode = new Int16Array(n);
    this.topic = new Int32Array(n).fill(-1);
    this.aspect = new Int8Array(n).fill(-1);
    this.uploader = new Int32Array(n).fill(-1);
    this.ckey = new Int32Array(n);
    this.mention = new Int32Array(n).fill(-1);
    this.ctr = new Float32Array(n);
  }
}

export interface DocRowOut {
  id: string;
  zone: 'premium' | 'short';
  category: string;
  title: string;
  tags: string[];
  series: string | null;
  season: number | null;
  episode: number | null;
  uploader: string | null;
  cast: string[];
  directors: string[];
  year: number;
  genres: string[];
  duration_s: number;
  publish_date: string;
  ctr: number;
  cover: number[];
}

export const docId = (i: number): string => 'v' + String(i).padStart(6, '0');
export const qid = (i: number): string => 'q' + String(i).padStart(5, '0');
