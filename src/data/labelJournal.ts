/**
 * A synchronous backup of grades not yet committed to IndexedDB. A grade is
 * written to the store in a transaction that commits a moment later; a reload
 * or a closed tab in that moment lost it (1 grade in 41 keyed right before a
 * reload, in a probe). localStorage writes are synchronous, so the grade is in
 * the journal before the key handler returns; the next page replays every
 * journal into the store (a newer stored grade wins) and clears it.
 *
 * Refuses: failing a grade because storage is full or missing (the journal
 * is a backup: without it a grade still goes to IndexedDB as before).
 */
import { restoreLabel, type Label } from './labelStore';

/** The part of Storage the journal uses (localStorage in the page; a Map in tests). */
export interface KeyValue {
  readonly length: number;
  key(i: number): string | null;
  getItem(k: string): string | null;
  setItem(k: string, v: string): void;
  removeItem(k: string): void;
}

const keyOf = (l: Label): string => `${l.labeller}\u0000${l.qid}\u0000${l.docid}`;

export class LabelJournal {
  private readonly entries = new Map<string, Label>();
  private readonly key: string;

  constructor(private readonly kv: KeyValue | null, prefix: string, tab = Math.random().toString(36).slice(2, 10)) {
    this.key = `${prefix}${tab}`;
  }

  /** Before the write is queued. */
  add(l: Label): void {
    this.entries.set(keyOf(l), l);
    this.save();
  }

  /** After the write committed (only if no newer grade of the pair is pending). */
  done(l: Label): void {
    const have = this.entries.get(keyOf(l));
    if (have && have.time === l.time && have.grade === l.grade) { this.entries.delete(keyOf(l)); this.save(); }
  }

  private save(): void {
    if (!this.kv) return;
    try {
      if (this.entries.size) this.kv.setItem(this.key, JSON.stringify([...this.entries.values()]));
      else this.kv.removeItem(this.key);
    } catch { /* quota or storage off: IndexedDB still gets the grade */ }
  }

  /** Every journal's labels (this page's and those left by earlier pages or other tabs), and their keys. */
  static pending(kv: KeyValue | null, prefix: string): { labels: Label[]; keys: string[] } {
    const labels: Label[] = [], keys: string[] = [];
    if (!kv) return { labels, keys };
    try {
      for (let i = 0; i < kv.length; i++) {
        const k = kv.key(i);
        if (!k?.startsWith(prefix)) continue;
        keys.push(k);
        const rows: unknown = JSON.parse(kv.getItem(k) ?? '[]');
        if (Array.isArray(rows)) for (const r of rows) { const l = restoreLabel(r); if (l) labels.push(l); }
      }
    } catch { /* a damaged journal: nothing to replay from it */ }
    return { labels, keys };
  }

  /** The stored labels a replay should write: those newer than what is stored for their pair. */
  static newer(journal: readonly Label[], stored: readonly Label[]): Label[] {
    const have = new Map(stored.map((l) => [keyOf(l), l.time]));
    const latest = new Map<string, Label>();
    for (const l of journal) { const k = keyOf(l); if ((latest.get(k)?.time ?? -Infinity) <= l.time) latest.set(k, l); }
    return [...latest.values()].filter((l) => (have.get(keyOf(l)) ?? -Infinity) < l.time);
  }
}
