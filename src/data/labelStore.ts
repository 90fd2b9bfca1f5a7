/**
 * Durable storage of human relevance labels in IndexedDB. Every label is one
 * record keyed by (labeller, qid, docid) — several labellers can grade the same
 * pair — written in its own transaction the moment it is given; the write
 * resolves only when the transaction has committed (durability 'strict'), so
 * a reload or a crashed tab loses nothing that was acknowledged. Every write
 * also appends to a log store, so an overwritten or undone grade can still be
 * recovered by hand.
 *
 * Refuses: partial imports (putMany is one transaction: all or nothing), and
 * records that fail restoreLabel (they are skipped on read and counted).
 */

export type Grade = 0 | 1 | 2 | 3;

export interface Label {
  qid: string;
  docid: string;
  grade: Grade;
  labeller: string;
  /** ms since epoch when the grade was given */
  time: number;
}

export interface LabelLogEntry {
  op: 'put' | 'remove';
  label: Label;
  /** ms since epoch of the write */
  at: number;
}

export const LABEL_DB = 'prerank-lab-labels';
const DB_VERSION = 1;
const LABELS = 'labels';
const LOG = 'log';

/** The record key: one grade per labeller per pair. */
export function labelKey(l: Pick<Label, 'labeller' | 'qid' | 'docid'>): [string, string, string] {
  return [l.labeller, l.qid, l.docid];
}

export function pairKey(qid: string, docid: string): string {
  return `${qid}\u0000${docid}`;
}

/** Validate one stored or imported record; null when it is not a label. */
export function restoreLabel(x: unknown): Label | null {
  if (typeof x !== 'object' || x === null) return null;
  const r = x as Record<string, unknown>;
  const str = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 200;
  if (!str(r.qid) || !str(r.docid) || !str(r.labeller)) return null;
  const g = r.grade;
  if (typeof g !== 'number' || !Number.isInteger(g) || g < 0 || g > 3) return null;
  const time = typeof r.time === 'number' && Number.isFinite(r.time) ? r.time : 0;
  return { qid: r.qid, docid: r.docid, labeller: r.labeller, grade: g as Grade, time };
}

export interface LabelStore {
  /** Write (or overwrite) one label; resolves when committed. */
  put(label: Label): Promise<void>;
  /** Write many labels in ONE transaction: either all land or none. */
  putMany(labels: readonly Label[], opts?: WriteOptions): Promise<void>;
  /**
   * Read the stored labels and write what `pick` chooses from them, in ONE
   * read-write transaction: nothing given between the read and the write can
   * be overwritten by a stale decision. Resolves with what was written.
   */
  mergeMany(pick: (stored: readonly Label[]) => readonly Label[], opts?: WriteOptions): Promise<Label[]>;
  /** Remove one labeller's grade of a pair (undo of a first grade). */
  remove(key: Pick<Label, 'labeller' | 'qid' | 'docid'>): Promise<void>;
  /** Every valid label; `invalid` counts records that failed restoreLabel. */
  all(): Promise<{ labels: Label[]; invalid: number }>;
  /** The append-only write log, oldest first. */
  log(): Promise<LabelLogEntry[]>;
  close(): void;
}

export interface WriteOptions {
  /** called every `every` labels written (the put's success, not the commit) */
  onProgress?: (written: number, total: number) => void;
  every?: number;
  /** aborts the transaction (nothing is written) when it fires before the commit */
  signal?: AbortSignal;
}

function req<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('label store: transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('label store: transaction aborted'));
  });
}

function openDb(factory: IDBFactory, name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const r = factory.open(name, DB_VERSION);
    r.onupgradeneeded = () => {
      const db = r.result;
      if (!db.objectStoreNames.contains(LABELS)) db.createObjectStore(LABELS, { keyPath: ['labeller', 'qid', 'docid'] });
      if (!db.objectStoreNames.contains(LOG)) db.createObjectStore(LOG, { autoIncrement: true });
    };
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
    r.onblocked = () => reject(new Error(`label store: opening "${name}" is blocked by another tab`));
  });
}

/** Open (creating if needed) the label database. `factory` is injectable for tests. */
export async function openLabelStore(name = LABEL_DB, factory: IDBFactory = indexedDB): Promise<LabelStore> {
  const db = await openDb(factory, name);
  // NOTE: 'strict' asks the browser to flush to disk before oncomplete fires.
  const rw = (): IDBTransaction => db.transaction([LABELS, LOG], 'readwrite', { durability: 'strict' });

  const validated = (labels: readonly Label[]): Label[] => labels.map((l) => {
    const c = restoreLabel(l);
    if (!c) throw new Error(`label store: not a valid label: ${JSON.stringify(l).slice(0, 300)}`);
    return c;
  });

  /** Queues the puts (and their log entries) on an active transaction. */
  const queue = (tx: IDBTransaction, clean: readonly Label[], opts?: WriteOptions): void => {
    const at = Date.now(), every = opts?.every ?? 5000;
    clean.forEach((l, i) => {
      const r = tx.objectStore(LABELS).put(l);
      tx.objectStore(LOG).add({ op: 'put', label: l, at } satisfies LabelLogEntry);
      if (opts?.onProgress && ((i + 1) % every === 0 || i + 1 === clean.length)) r.onsuccess = () => opts.onProgress!(i + 1, clean.length);
    });
  };

  /** Aborting the signal aborts the transaction; once committed it changes nothing. */
  const abortable = (tx: IDBTransaction, opts?: WriteOptions): void => {
    if (!opts?.signal) return;
    const stop = (): void => { try { tx.abort(); } catch { /* already finished */ } };
    if (opts.signal.aborted) stop(); else opts.signal.addEventListener('abort', stop, { once: true });
  };

  const writeAll = async (labels: readonly Label[], opts?: WriteOptions): Promise<void> => {
    const clean = validated(labels);
    const tx = rw();
    const finished = done(tx);
    queue(tx, clean, opts);
    abortable(tx, opts);
    await finished;
  };

  const mergeMany = async (pick: (stored: readonly Label[]) => readonly Label[], opts?: WriteOptions): Promise<Label[]> => {
    const tx = rw();
    const finished = done(tx);
    let written: Label[] = [];
    let failure: unknown = null;
    const all = tx.objectStore(LABELS).getAll();
    // Callback, not await: the writes must be queued while the transaction is still active.
    all.onsuccess = () => {
      const stored: Label[] = [];
      for (const r of all.result) { const l = restoreLabel(r); if (l) stored.push(l); }
      try {
        written = validated(pick(stored));
      } catch (e) {
        failure = e;
        tx.abort();
        return;
      }
      queue(tx, written, opts);
    };
    abortable(tx, opts);
    await finished.catch((e: unknown) => { throw failure ?? e; });
    return written;
  };

  return {
    put: (label) => writeAll([label]),
    putMany: (labels, opts) => (labels.length === 0 ? Promise.resolve() : writeAll(labels, opts)),
    mergeMany,
    async remove(key) {
      const tx = rw();
      const finished = done(tx);
      const store = tx.objectStore(LABELS);
      // Callback, not await: the log entry must be queued while the transaction is active.
      const get = store.get(labelKey(key));
      get.onsuccess = () => {
        const prev = restoreLabel(get.result);
        store.delete(labelKey(key));
        if (prev) tx.objectStore(LOG).add({ op: 'remove', label: prev, at: Date.now() } satisfies LabelLogEntry);
      };
      await finished;
    },
    async all() {
      const tx = db.transaction(LABELS, 'readonly');
      const rows = await req(tx.objectStore(LABELS).getAll());
      const labels: Label[] = [];
      let invalid = 0;
      for (const r of rows) {
        const l = restoreLabel(r);
        if (l) labels.push(l); else invalid++;
      }
      return { labels, invalid };
    },
    async log() {
      const tx = db.transaction(LOG, 'readonly');
      return (await req(tx.objectStore(LOG).getAll())) as LabelLogEntry[];
    },
    close: () => db.close(),
  };
}
