// The browser's caches in IndexedDB. Doc embeddings it encoded itself, keyed
// by model hash + doc-set hash, holding the same bytes as an embedding file,
// so a reload reuses them instead of encoding again; and (through idbStore)
// the query-set scorer's pools (poolCache.ts), in a database of their own.
const DB = 'prerank-lab-embeddings';
const STORE = 'embeddings';

export function embeddingCacheKey(modelSha: string, docsetSha: string): string {
  return `${modelSha}:${docsetSha}`;
}

function open(db: string, store: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(db, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(store);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB open failed'));
  });
}

/** One request in its own transaction on `store` of database `db` (one store per database, version 1). */
export function idbStore(db: string, store: string) {
  return function tx<T>(mode: IDBTransactionMode, f: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
    return open(db, store).then((d) => new Promise<T>((resolve, reject) => {
      const t = d.transaction(store, mode);
      const req = f(t.objectStore(store));
      t.oncomplete = () => { d.close(); resolve(req.result); };
      t.onerror = () => { d.close(); reject(t.error ?? new Error('IndexedDB transaction failed')); };
      t.onabort = () => { d.close(); reject(t.error ?? new Error('IndexedDB transaction aborted')); };
    }));
  };
}

/**
 * Like idbStore, but one connection kept open between transactions, and a transaction may issue
 * several requests: `f` returns a reader of their results, called once the transaction completed.
 * For the pool cache, read on every query-set request — each open is one more turn of a worker's
 * event loop, and at a cold start every turn may wait behind a model's session creation.
 */
export function idbKeptStore(db: string, store: string) {
  let conn: Promise<IDBDatabase> | null = null;
  const connect = (): Promise<IDBDatabase> => (conn ??= open(db, store).then((d) => {
    d.onclose = () => { conn = null; };
    d.onversionchange = () => { d.close(); conn = null; };
    return d;
  }, (e: unknown) => { conn = null; throw e; }));
  return <T>(mode: IDBTransactionMode, f: (s: IDBObjectStore) => () => T): Promise<T> => connect().then((d) => new Promise<T>((resolve, reject) => {
    let t: IDBTransaction;
    try {
      t = d.transaction(store, mode);
    } catch (e) {
      conn = null; // closed under us: the next call opens again
      reject(e instanceof Error ? e : new Error(String(e)));
      return;
    }
    const read = f(t.objectStore(store));
    t.oncomplete = () => resolve(read());
    t.onerror = () => reject(t.error ?? new Error('IndexedDB transaction failed'));
    t.onabort = () => reject(t.error ?? new Error('IndexedDB transaction aborted'));
  }));
}

const tx = idbStore(DB, STORE);

export async function getCachedEmbeddings(key: string): Promise<Uint8Array | null> {
  if (typeof indexedDB === 'undefined') return null;
  try {
    const v = await tx<unknown>('readonly', (s) => s.get(key));
    return v instanceof Uint8Array ? v : v instanceof ArrayBuffer ? new Uint8Array(v) : null;
  } catch {
    return null;
  }
}

export async function putCachedEmbeddings(key: string, bytes: Uint8Array): Promise<void> {
  if (typeof indexedDB === 'undefined') return;
  await tx('readwrite', (s) => s.put(bytes, key));
}

export async function clearEmbeddingCache(): Promise<void> {
  if (typeof indexedDB === 'undefined') return;
  await tx('readwrite', (s) => s.clear());
}
