/**
 * An imported doc set in columns: every string field of every doc in one
 * joined string with offsets, zone / category / CTR in typed arrays. A
 * million docs are a few strings and arrays (tens of MB, copied between
 * threads as a whole) instead of a million objects of 17 fields each (the
 * DocRow shape), which would be several hundred MB per thread and seconds of
 * structured cloning on the page.
 *
 * Holds only the fields an import can fill (id, zone, category, title, tags,
 * CTR); the others read as empty. Refuses nothing itself: rows are validated
 * by importDocs.ts before they are added.
 */
import { docText } from '../core/docText';
import type { Zone } from '../core/domain';
import type { DocRow } from './schema';
import { Sha256 } from './sha256';

/** The plain, cloneable form (postMessage copies it; the buffers may be transferred). */
export interface DocTableData {
  n: number;
  ids: string;
  /** [n + 1] offsets into ids */
  idOff: Uint32Array;
  titles: string;
  titleOff: Uint32Array;
  /** each doc's tags joined by TAG_SEP (no tag contains it) */
  tags: string;
  tagOff: Uint32Array;
  categories: string[];
  /** [n] index into categories */
  category: Uint32Array;
  /** [n] 0 = premium, 1 = short */
  zone: Uint8Array;
  /** [n] NaN = no CTR */
  ctr: Float64Array;
}

export const TAG_SEP = '\u001f';
const ZONE_CODE: readonly Zone[] = ['premium', 'short'];

const BLOCK = 8192; // strings per joined block (a power of 2: get() finds the block by a shift)

/** Appends a string per doc; parts are joined in blocks so no long rope builds up. */
class StringColumn {
  private blocks: string[] = [];
  private blockStart: number[] = [];
  private parts: string[] = [];
  private at = 0;
  off: Uint32Array = new Uint32Array(1024);

  push(i: number, s: string): void {
    this.parts.push(s);
    this.at += s.length;
    if (i + 1 >= this.off.length) this.off = grow(this.off, i + 2);
    this.off[i + 1] = this.at;
    if (this.parts.length === BLOCK) {
      this.blockStart.push(this.off[i + 1 - BLOCK]);
      this.blocks.push(this.parts.join(''));
      this.parts = [];
    }
  }

  /** The i-th string pushed so far. */
  get(i: number): string {
    const b = i / BLOCK | 0;
    if (b >= this.blocks.length) return this.parts[i - b * BLOCK];
    const base = this.blockStart[b];
    return this.blocks[b].slice(this.off[i] - base, this.off[i + 1] - base);
  }

  finish(n: number): { text: string; off: Uint32Array } {
    const text = [...this.blocks, this.parts.join('')].join('');
    this.blocks = []; this.parts = []; this.blockStart = [];
    return { text, off: this.off.slice(0, n + 1) };
  }
}

/** FNV-1a over UTF-16 code units: the id index's hash (not for security). */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 0x01000193); }
  return h >>> 0;
}

/** Open addressing, linear probing; a slot holds doc + 1 (0 = empty). */
function place(slots: Int32Array, h: number, doc: number): void {
  const mask = slots.length - 1;
  let s = h & mask;
  while (slots[s] !== 0) s = (s + 1) & mask;
  slots[s] = doc + 1;
}

function grow<T extends Uint32Array | Uint8Array | Float64Array>(a: T, need: number): T {
  const b = new (a.constructor as new (n: number) => T)(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}

/**
 * Collects validated rows (only their importable fields) into a DocTable.
 * With `uniqueIds` it also keeps an id index (4–8 bytes a doc, not a Set of
 * strings) so `has(id)` can refuse repeats while importing.
 */
export class DocTableBuilder {
  n = 0;
  private slots: Int32Array | null;
  private ids = new StringColumn();
  private titles = new StringColumn();
  private tags = new StringColumn();
  private categories: string[] = [];
  private catIndex = new Map<string, number>();
  private category = new Uint32Array(1024);
  private zone = new Uint8Array(1024);
  private ctr = new Float64Array(1024);

  constructor(uniqueIds = false) {
    this.slots = uniqueIds ? new Int32Array(2048) : null;
  }

  /** Whether a doc with this id was added (only with uniqueIds). */
  has(id: string): boolean {
    const slots = this.slots;
    if (!slots) return false;
    const mask = slots.length - 1;
    for (let s = hash(id) & mask; ; s = (s + 1) & mask) {
      const v = slots[s];
      if (v === 0) return false;
      if (this.ids.get(v - 1) === id) return true;
    }
  }

  private index(i: number, id: string): void {
    let slots = this.slots!;
    if ((i + 1) * 2 > slots.length) {
      slots = new Int32Array(slots.length * 2);
      for (let k = 0; k < i; k++) place(slots, hash(this.ids.get(k)), k);
      this.slots = slots;
    }
    place(slots, hash(id), i);
  }

  add(r: Pick<DocRow, 'id' | 'zone' | 'category' | 'title' | 'tags' | 'ctr'>): void {
    const i = this.n++;
    if (i >= this.zone.length) {
      this.category = grow(this.category, i + 1);
      this.zone = grow(this.zone, i + 1);
      this.ctr = grow(this.ctr, i + 1);
    }
    this.ids.push(i, r.id);
    if (this.slots) this.index(i, r.id);
    this.titles.push(i, r.title);
    this.tags.push(i, r.tags.join(TAG_SEP));
    let c = this.catIndex.get(r.category);
    if (c === undefined) { c = this.categories.length; this.categories.push(r.category); this.catIndex.set(r.category, c); }
    this.category[i] = c;
    this.zone[i] = r.zone === 'premium' ? 0 : 1;
    this.ctr[i] = r.ctr ?? NaN;
  }

  finish(): DocTable {
    const n = this.n;
    const ids = this.ids.finish(n), titles = this.titles.finish(n), tags = this.tags.finish(n);
    return new DocTable({
      n, ids: ids.text, idOff: ids.off, titles: titles.text, titleOff: titles.off, tags: tags.text, tagOff: tags.off,
      categories: this.categories, category: this.category.slice(0, n), zone: this.zone.slice(0, n), ctr: this.ctr.slice(0, n),
    });
  }
}


export class DocTable {
  private slots: Int32Array | null = null; // id index: open addressing, doc + 1 per slot

  constructor(readonly data: DocTableData) {}

  get length(): number { return this.data.n; }

  id(i: number): string { const d = this.data; return d.ids.slice(d.idOff[i], d.idOff[i + 1]); }
  title(i: number): string { const d = this.data; return d.titles.slice(d.titleOff[i], d.titleOff[i + 1]); }
  zone(i: number): Zone { return ZONE_CODE[this.data.zone[i]]; }
  category(i: number): string { return this.data.categories[this.data.category[i]]; }
  ctr(i: number): number | null { const c = this.data.ctr[i]; return Number.isNaN(c) ? null : c; }
  tags(i: number): string[] {
    const d = this.data;
    const a = d.tagOff[i], b = d.tagOff[i + 1];
    return a === b ? [] : d.tags.slice(a, b).split(TAG_SEP);
  }

  /** The DocRow of doc i (a new object per call; fields an import cannot fill are empty). */
  row(i: number): DocRow {
    return {
      id: this.id(i), zone: this.zone(i), category: this.category(i), title: this.title(i), tags: this.tags(i),
      series: null, season: null, episode: null, uploader: null, cast: [], directors: [], year: null, genres: [],
      duration_s: null, publish_date: null, ctr: this.ctr(i), cover: null,
    };
  }

  /** What the towers and the fine ranker see for doc i (src/core/docText). */
  text(i: number): string {
    return docText({ title: this.title(i), category: this.category(i), tags: this.tags(i) });
  }

  /** Doc index of an id, or undefined. The index (4 bytes per slot) is built on the first call. */
  indexOf(id: string): number | undefined {
    const slots = this.slots ?? this.buildIndex();
    const mask = slots.length - 1;
    for (let s = hash(id) & mask; ; s = (s + 1) & mask) {
      const v = slots[s];
      if (v === 0) return undefined;
      if (this.idEquals(v - 1, id)) return v - 1;
    }
  }

  private idEquals(i: number, id: string): boolean {
    const d = this.data;
    const a = d.idOff[i], b = d.idOff[i + 1];
    if (b - a !== id.length) return false;
    return d.ids.startsWith(id, a);
  }

  private buildIndex(): Int32Array {
    let size = 1024;
    while (size < this.length * 2) size *= 2;
    const slots = new Int32Array(size);
    for (let i = 0; i < this.length; i++) place(slots, hash(this.id(i)), i);
    this.slots = slots;
    return slots;
  }

  /** Every row as objects — for tests and small sets only. */
  rows(): DocRow[] {
    return Array.from({ length: this.length }, (_, i) => this.row(i));
  }

  /** The buffers, for postMessage's transfer list. */
  transferables(): ArrayBuffer[] {
    const d = this.data;
    return [d.idOff, d.titleOff, d.tagOff, d.category, d.zone, d.ctr].map((a) => a.buffer as ArrayBuffer);
  }

  /** Approximate size in bytes (strings counted at 2 bytes a character). */
  bytes(): number {
    const d = this.data;
    return 2 * (d.ids.length + d.titles.length + d.tags.length) + this.transferables().reduce((s, b) => s + b.byteLength, 0);
  }
}

/**
 * A read-only DocRow[] over a table: `rows[i]`, `length`, iteration and the
 * array methods work, each row made when it is read. NOTE: it is a Proxy, so
 * it cannot be posted to another thread (post the table's data instead), and
 * `rows[i] !== rows[i]` — compare ids, not objects.
 */
export function arrayView<T>(length: number, at: (i: number) => T): readonly T[] {
  const index = (p: string | symbol): number => {
    if (typeof p !== 'string' || p.length === 0 || p.length > 10) return -1;
    const c = p.charCodeAt(0);
    if (c < 48 || c > 57 || (c === 48 && p.length > 1)) return -1;
    const i = Number(p);
    return Number.isInteger(i) ? i : -1;
  };
  return new Proxy<T[]>([], {
    get(target, p, receiver) {
      if (p === 'length') return length;
      const i = index(p);
      if (i >= 0) return i < length ? at(i) : undefined;
      return Reflect.get(target, p, receiver) as unknown;
    },
    has(target, p) {
      const i = index(p);
      return i >= 0 ? i < length : Reflect.has(target, p);
    },
    set() { return false; },
  });
}

export const rowsView = (t: DocTable): readonly DocRow[] => arrayView(t.length, (i) => t.row(i));
export const textsView = (t: DocTable): readonly string[] => arrayView(t.length, (i) => t.text(i));

/** Canonical docs.jsonl of a table (the same bytes as toDocsJsonl of its rows), in blocks of `per` lines. */
export function* docTableJsonl(t: DocTable, per = 10_000): Generator<string> {
  const parts: string[] = [];
  for (let i = 0; i < t.length; i++) {
    const o: Record<string, unknown> = { id: t.id(i), zone: t.zone(i), category: t.category(i), title: t.title(i) };
    const tags = t.tags(i), ctr = t.ctr(i);
    if (tags.length) o.tags = tags;
    if (ctr !== null) o.ctr = ctr;
    parts.push(JSON.stringify(o));
    if (parts.length === per) { yield parts.join('\n') + '\n'; parts.length = 0; }
  }
  if (parts.length) yield parts.join('\n') + '\n';
}

/** sha256 of the table's canonical docs.jsonl, hashed block by block (never the whole file in memory). */
export function docTableSha256(t: DocTable): string {
  const h = new Sha256();
  const enc = new TextEncoder();
  for (const block of docTableJsonl(t)) h.update(enc.encode(block));
  return h.hex();
}
