// The query-set scorer's results kept across reloads (IndexedDB), so the long
// first scoring of a query set happens once. One entry ("unit") per coarse
// model — each query's top-N + judged docs with their raw dots — and one for
// the fine ranker — each query's logits over the union pools scored so far.
// Keyed by everything a score depends on: the model and its files' hashes
// (manifest), the doc set, the query set (its qids and the texts' file), and
// the pool definition (N, and the qrels whose judged docs join every pool).
//
// Refuses: trusting what it reads. A stored unit is checked (format, key,
// shapes, doc range, finite values) and anything odd — or a read that fails or
// hangs — is a miss: the scorer recomputes, it never stops.
import { sha256Hex } from '../hash';
import { idbKeptStore } from '../docs/idbCache';

/** Bumped when the stored format or the meaning of a value changes: old entries then miss. */
export const POOL_CACHE_VERSION = 1;
/** Entries kept; the oldest go first (a query set × pool size × model is one entry of ~0.3 MB). */
export const POOL_CACHE_MAX = 48;
const READ_TIMEOUT_MS = 3_000;
const LEDGER = '__ledger';

export interface PoolKeyParts {
  kind: 'coarse' | 'fine';
  model: string;
  /** sha256 of the model's graph and tokenizer (manifest) */
  graph: string;
  tokenizer: string;
  /** sha256 of the doc set */
  docs: string;
  /** sha256 of the query set's qids (poolQidsHash) */
  qids: string;
  /** sha256 of the queries file: the texts the towers encode */
  queries: string;
  /** each model's top-`size` plus every judged doc of the qrels file (its sha256) */
  pool: { size: number; judged: string };
}

/** The key's canonical text: every part, in a fixed order. Stored with the entry and checked on read. */
export function poolKeyText(p: PoolKeyParts): string {
  return JSON.stringify([POOL_CACHE_VERSION, p.kind, p.model, p.graph, p.tokenizer, p.docs, p.qids, p.queries, p.pool.size, p.pool.judged]);
}

export function poolQidsHash(qids: readonly string[]): Promise<string> {
  return sha256Hex(qids.join('\n'));
}

/** One query's pool: doc indexes, and per doc the raw dot q·d (coarse) or the logit (fine). */
export interface PoolRows {
  docs: Int32Array;
  values: Float32Array;
}
export type PoolUnit = Map<string, PoolRows>;

interface StoredUnit {
  v: number;
  key: string;
  savedAt: number;
  qids: string[];
  /** [qids + 1]: query i's rows are docs/values[offsets[i], offsets[i + 1]) */
  offsets: Int32Array;
  docs: Int32Array;
  values: Float32Array;
}

export function packUnit(key: string, unit: PoolUnit, savedAt: number): StoredUnit {
  const qids = [...unit.keys()];
  const offsets = new Int32Array(qids.length + 1);
  qids.forEach((q, i) => { offsets[i + 1] = offsets[i] + unit.get(q)!.docs.length; });
  const docs = new Int32Array(offsets[qids.length]), values = new Float32Array(offsets[qids.length]);
  qids.forEach((q, i) => { docs.set(unit.get(q)!.docs, offsets[i]); values.set(unit.get(q)!.values, offsets[i]); });
  return { v: POOL_CACHE_VERSION, key, savedAt, qids, offsets, docs, values };
}

/** A stored unit as the scorer uses it, or null when anything about it is off (then: recompute). */
export function restoreUnit(v: unknown, key: string, docCount: number): PoolUnit | null {
  if (!v || typeof v !== 'object') return null;
  const s = v as Partial<StoredUnit>;
  if (s.v !== POOL_CACHE_VERSION || s.key !== key || !Array.isArray(s.qids)) return null;
  if (!(s.offsets instanceof Int32Array) || !(s.docs instanceof Int32Array) || !(s.values instanceof Float32Array)) return null;
  const n = s.qids.length;
  if (s.offsets.length !== n + 1 || s.offsets[0] !== 0 || s.offsets[n] !== s.docs.length || s.values.length !== s.docs.length) return null;
  for (let i = 0; i < n; i++) if (s.offsets[i + 1] < s.offsets[i] || typeof s.qids[i] !== 'string') return null;
  for (let i = 0; i < s.docs.length; i++) {
    if (s.docs[i] < 0 || s.docs[i] >= docCount || !Number.isFinite(s.values[i])) return null;
  }
  const unit: PoolUnit = new Map();
  s.qids.forEach((q, i) => unit.set(q, { docs: s.docs!.subarray(s.offsets![i], s.offsets![i + 1]), values: s.values!.subarray(s.offsets![i], s.offsets![i + 1]) }));
  return unit;
}

/** Where units live: IndexedDB in the browser, a Map in tests. Keys are key texts (poolKeyText); values are opaque here. */
export interface PoolStore {
  /** every key in one go (one transaction): undefined where there is none */
  getMany(keys: readonly string[]): Promise<unknown[]>;
  put(key: string, value: StoredUnit): Promise<void>;
}

export function memoryPoolStore(): PoolStore & { entries: Map<string, unknown> } {
  const entries = new Map<string, unknown>();
  return { entries, getMany: async (keys) => keys.map((k) => entries.get(k)), put: async (k, v) => { entries.set(k, v); } };
}

/**
 * IndexedDB, keyed by the key text itself (a few hundred characters; no digest to wait for), with a
 * ledger of keys by age so the store keeps POOL_CACHE_MAX entries. Null where there is no IndexedDB.
 */
export function idbPoolStore(): PoolStore | null {
  if (typeof indexedDB === 'undefined') return null;
  const tx = idbKeptStore('prerank-lab-pools', 'pools');
  return {
    getMany: (keys) => tx('readonly', (s) => {
      const reqs = keys.map((k) => s.get(k));
      return () => reqs.map((r) => r.result as unknown);
    }),
    put: (key, value) => tx('readwrite', (s) => {
      s.put(value, key);
      const r = s.get(LEDGER);
      r.onsuccess = () => {
        const ledger = (Array.isArray(r.result) ? r.result as { key: string; at: number }[] : []).filter((e) => e.key !== key);
        ledger.push({ key, at: value.savedAt });
        ledger.sort((a, b) => a.at - b.at);
        while (ledger.length > POOL_CACHE_MAX) s.delete(ledger.shift()!.key);
        s.put(ledger, LEDGER);
      };
      return () => undefined;
    }),
  };
}

function timeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms);
    p.then((v) => { clearTimeout(t); resolve(v); }, (e: unknown) => { clearTimeout(t); reject(e); });
  });
}

/** Each unit, or null for a miss, a bad entry — or all null when the read fails or hangs. */
export async function readUnits(store: PoolStore, parts: readonly PoolKeyParts[], docCount: number): Promise<(PoolUnit | null)[]> {
  const keys = parts.map(poolKeyText);
  try {
    const got = await timeout(store.getMany(keys), READ_TIMEOUT_MS);
    return keys.map((k, i) => restoreUnit(got[i], k, docCount));
  } catch {
    return keys.map(() => null);
  }
}

/** Writes a unit; the error (quota, a closed database) is the caller's to report, never to throw. */
export async function writeUnit(store: PoolStore, parts: PoolKeyParts, unit: PoolUnit, now = Date.now()): Promise<string | null> {
  try {
    const key = poolKeyText(parts);
    await store.put(key, packUnit(key, unit, now));
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}
