// The browser's cache of doc embeddings it encoded itself: IndexedDB, keyed
// by model hash + doc-set hash, holding the same bytes as an embedding file,
// so a reload reuses them instead of encoding again.
const DB = 'prerank-lab-embeddings';
const STORE = 'embeddings';

export function embeddingCacheKey(modelSha: string, docsetSha: string): string {
  return `${modelSha}:${docsetSha}`;
}

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB open failed'));
  });
}

function tx<T>(mode: IDBTransactionMode, f: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  return open().then((db) => new Promise<T>((resolve, reject) => {
    const t = db.transaction(STORE, mode);
    const req = f(t.objectStore(STORE));
    t.oncomplete = () => { db.close(); resolve(req.result); };
    t.onerror = () => { db.close(); reject(t.error ?? new Error('IndexedDB transaction failed')); };
  }));
}

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
