/**
 * The lab's labels in memory, backed by the IndexedDB label store. A grade
 * updates the in-memory snapshot at once (so the keyboard never waits) and
 * is queued for a durable write; writes run one after another, and the
 * snapshot says how many are still in flight, so the UI can show "saved".
 * Other tabs hear about changes on a BroadcastChannel and reload.
 *
 * Refuses: keeping labels in zustand (they are data, not inputs; the slice
 * only carries a version counter), and import writes that are not atomic.
 */
import { openLabelStore, pairKey, type Label, type LabelStore } from '../../data/labelStore';
import { labelReader, type PackedLabels } from '../../data/labelPack';
import { LabelJournal, type KeyValue } from '../../data/labelJournal';

/** Rows taken into memory per slice when adopting an import (~3 ms each idle, ~15 ms on 2 busy cores); the page paints between. */
const ADOPT_SLICE = 5_000;
const nextTask = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

export interface LabelSnapshot {
  status: 'loading' | 'ready' | 'error';
  labels: readonly Label[];
  /** writes given but not yet committed */
  pending: number;
  /** labels committed to IndexedDB in this page (acknowledged writes) */
  saved: number;
  error?: string;
}

type Key = Pick<Label, 'labeller' | 'qid' | 'docid'>;
const keyOf = (k: Key): string => `${k.labeller}\u0000${pairKey(k.qid, k.docid)}`;

export class LabelService {
  private snap: LabelSnapshot = { status: 'loading', labels: [], pending: 0, saved: 0 };
  private byKey = new Map<string, Label>();
  private listeners = new Set<() => void>();
  private chain: Promise<unknown> = Promise.resolve();
  private store: Promise<LabelStore>;
  private channel: BroadcastChannel | null = null;
  /** byKey changed since the last publish */
  private dirty = true;

  private readonly journal: LabelJournal;
  private readonly journalPrefix: string;
  /** another tab wrote while this one had writes in flight: reload once they commit */
  private reloadWhenIdle = false;

  constructor(dbName?: string, private onChange: () => void = () => {}, kv: KeyValue | null = pageStorage()) {
    this.journalPrefix = `prerank-lab.label-journal.${dbName ?? 'default'}.`;
    this.journal = new LabelJournal(kv, this.journalPrefix);
    this.store = openLabelStore(dbName);
    this.store.then(async (s) => {
      await this.replayJournals(s, kv);
      await this.reload();
    }, (e) => this.set({ status: 'error', error: `Labels cannot be stored: ${String(e)}` }));
    if (typeof BroadcastChannel !== 'undefined') {
      this.channel = new BroadcastChannel(`labels:${dbName ?? 'default'}`);
      this.channel.onmessage = () => void this.reload();
    }
  }

  /** Grades an earlier page gave but did not see committed (a reload, a crash): written now, newer stored ones kept. */
  private async replayJournals(s: LabelStore, kv: KeyValue | null): Promise<void> {
    const { labels, keys } = LabelJournal.pending(kv, this.journalPrefix);
    if (labels.length === 0) return;
    try {
      await s.mergeMany((stored) => LabelJournal.newer(labels, stored));
      for (const k of keys) kv?.removeItem(k);
    } catch { /* kept for the next start */ }
  }

  /** Every label in the store, after this page's writes have committed: what an export must hold (other tabs' too). */
  async stored(): Promise<Label[]> {
    await this.flush();
    return (await (await this.store).all()).labels;
  }

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  getSnapshot = (): LabelSnapshot => this.snap;

  get(k: Key): Label | undefined {
    return this.byKey.get(keyOf(k));
  }

  /** Give a grade: memory now, IndexedDB next in line. Returns the write. */
  give(label: Label): Promise<void> {
    this.byKey.set(keyOf(label), label);
    this.dirty = true;
    this.journal.add(label); // NOTE: synchronous, before the transaction: a reload this tick keeps it
    return this.write((s) => s.put(label)).then(() => this.journal.done(label));
  }

  /** Put back what a pair had before (undo): a label, or nothing. */
  restore(k: Key, prev: Label | undefined): Promise<void> {
    if (prev) return this.give(prev);
    this.byKey.delete(keyOf(k));
    this.dirty = true;
    return this.write((s) => s.remove(k));
  }

  /** All or nothing: on failure memory is reloaded from the store. */
  async importMany(labels: readonly Label[]): Promise<void> {
    const before = new Map(this.byKey);
    for (const l of labels) this.byKey.set(keyOf(l), l);
    this.dirty = true;
    try {
      await this.write((s) => s.putMany(labels), labels.length);
    } catch (e) {
      this.byKey = before;
      this.dirty = true;
      this.set({});
      throw e;
    }
  }

  /**
   * Take labels another thread has already committed (an import worker) into
   * memory, a slice per task, then tell other tabs. A label given here after
   * `since` (while the file was importing) is newer and stays.
   */
  async adopt(p: PackedLabels, since: number): Promise<void> {
    const read = labelReader(p);
    this.set({ pending: this.snap.pending + 1 }); // NOTE: a reload meanwhile must not drop the slices taken so far
    try {
      for (let i = 0; i < p.n; i += ADOPT_SLICE) {
        for (const l of read(i, i + ADOPT_SLICE)) {
          const have = this.byKey.get(keyOf(l));
          if (!have || have.time <= since) this.byKey.set(keyOf(l), l);
        }
        if (i + ADOPT_SLICE < p.n) await nextTask();
      }
    } finally {
      this.dirty = true;
      // The import is in memory; what follows is the views recomputing over every label (e2e marks the line).
      performance.mark('labels: import adopted');
      this.set({ pending: this.snap.pending - 1, saved: this.snap.saved + p.n });
      this.channel?.postMessage('changed');
    }
  }

  /** Reread everything from IndexedDB (start-up, other tab). */
  async reload(): Promise<void> {
    try {
      const { labels } = await (await this.store).all();
      // NOTE: writes still in flight win over what the store said a moment ago; the reload is
      // then done again once they commit (another tab's labels must not stay unseen).
      if (this.snap.pending === 0) {
        this.byKey = new Map(labels.map((l) => [keyOf(l), l]));
        this.dirty = true;
        this.reloadWhenIdle = false;
      } else this.reloadWhenIdle = true;
      this.set({ status: 'ready' });
    } catch (e) {
      this.set({ status: 'error', error: `Labels cannot be read: ${String(e)}` });
    }
  }

  /** Resolves when every queued write has committed. */
  flush(): Promise<void> {
    return this.chain.then(() => undefined, () => undefined);
  }

  private write(op: (s: LabelStore) => Promise<void>, count = 1): Promise<void> {
    this.set({ pending: this.snap.pending + 1 });
    const p = this.chain.then(async () => op(await this.store));
    this.chain = p.catch(() => undefined);
    return p.then(
      () => {
        this.set({ pending: this.snap.pending - 1, saved: this.snap.saved + count });
        this.channel?.postMessage('changed');
        if (this.snap.pending === 0 && this.reloadWhenIdle) void this.reload();
      },
      (e: unknown) => {
        this.set({ pending: this.snap.pending - 1, error: `A label was not saved: ${String(e)}` });
        throw e;
      },
    );
  }

  /** Stop listening to other tabs and close the database. */
  dispose(): void {
    this.channel?.close();
    void this.store.then((s) => s.close(), () => undefined);
  }

  private set(patch: Partial<LabelSnapshot>): void {
    const changed = this.dirty;
    this.dirty = false;
    this.snap = { ...this.snap, ...patch, labels: changed ? [...this.byKey.values()] : this.snap.labels };
    if (changed) this.onChange();
    for (const fn of this.listeners) fn();
  }
}

/** localStorage where the page has one (null in Node and where storage is off). */
function pageStorage(): KeyValue | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // storage disabled: reading the property throws
  }
}

let shared: LabelService | null = null;

/** The page's one label service (created on first use, so tests can make their own). */
export function labelService(onChange?: () => void): LabelService {
  shared ??= new LabelService(undefined, onChange);
  return shared;
}
