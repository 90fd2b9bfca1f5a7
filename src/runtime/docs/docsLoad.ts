// Downloading and parsing the lab's doc set off the lab worker's thread. On
// the cold start that thread must start ORT (its WASM module, its threads)
// and create the first model's session; parsing 9 MB of docs.jsonl on it
// (even in slices as it downloads) held all of that back by over a second on
// a busy 2-core machine. A docs worker (src/workers/docs.worker.ts) fetches
// and parses instead, and hands back what the runtime needs: texts, ids,
// zones, the sha256 — and the bytes with row ranges, from which the page and
// this worker read rows when they need one (jsonlRows.ts).
import type { LoadedDocSet } from './docset';
import { loadDocSet, loadDocSetStream } from './docset';
import { fromDocsIndex } from './docsIndexFile';
import { sha256Hex } from '../hash';
import type { DocsJsonl } from './docsJsonl';
import { jsonlRows } from './jsonlRows';
import { LabError } from '../engine/manifest';
import { mark, marksSoFar, type TimelineMark } from '../timeline';
import { transfer } from '../rpc';

/** What a docs worker sends back (structured-cloned; the typed arrays transferred). */
export interface ParsedDocSet {
  texts: string[];
  ids: string[];
  /** [n] 0 = premium, 1 = short */
  zones: Uint8Array;
  sha256: string;
  jsonl: DocsJsonl;
}

/** `indexUrl`: a precomputed docs.index.json for these bytes (docsIndexFile.ts), used when it fits. */
export type DocsRequest = { url: string; maxLines?: number; indexUrl?: string };
/** `marks`: the docs worker's own timeline (timeline.ts), for the cold start's record. */
export interface DocsReply {
  docs: ParsedDocSet;
  marks?: TimelineMark[];
}

/** What a docs worker answers (rpc.ts): the thread's protocol. */
export interface DocsApi {
  load(req: DocsRequest): Promise<DocsReply>;
}

/** The docs worker's host: the set packed for the lab worker, its buffers transferred. */
export const docsHost: DocsApi = {
  async load(req) {
    const { docs, transfer: list, note } = await parseForRuntime(req);
    if (note) console.warn(`docs worker: ${note}; docs.jsonl parsed instead (same rows, slower start)`);
    return transfer({ docs, marks: marksSoFar() }, list);
  },
};

export async function fetchOk(url: string): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url);
  } catch (e) {
    throw new LabError(`could not fetch ${url}: ${(e as Error).message}`, url);
  }
  if (!res.ok) throw new LabError(`${url} is missing (HTTP ${res.status})`, url);
  return res;
}

export async function fetchBytes(url: string): Promise<Uint8Array> {
  return new Uint8Array(await (await fetchOk(url)).arrayBuffer());
}

/** A response body chunk by chunk; stopping early cancels the download. */
async function* bodyChunks(res: Response): AsyncGenerator<Uint8Array> {
  if (!res.body) {
    yield new Uint8Array(await res.arrayBuffer());
    return;
  }
  const reader = res.body.getReader();
  let done = false;
  try {
    for (;;) {
      const r = await reader.read();
      if (r.done) { done = true; return; }
      yield r.value;
    }
  } finally {
    if (!done) void reader.cancel().catch(() => undefined);
  }
}

/** docs.jsonl at `url`, parsed as it downloads (docsJsonl.ts); `maxLines` keeps its first lines. */
export async function streamDocSet(url: string, maxLines?: number): Promise<LoadedDocSet> {
  return parseResponse(await fetchOk(url), url, maxLines);
}

function parseResponse(res: Response, url: string, maxLines?: number): Promise<LoadedDocSet> {
  // A compressed body's Content-Length (the build serves docs.jsonl brotli'd) is not the bytes read.
  const size = res.headers.get('content-encoding') ? undefined : Number(res.headers.get('content-length')) || undefined;
  return loadDocSetStream(bodyChunks(res), url, { maxLines, sizeHint: size });
}

/**
 * In the docs worker: the set, packed for the lab worker — from the precomputed index when one
 * fits these bytes (`note` says why not, when there was one), else parsed and validated here.
 */
export async function parseForRuntime(req: DocsRequest): Promise<{ docs: ParsedDocSet; transfer: Transferable[]; note?: string }> {
  let note: string | undefined;
  let set: LoadedDocSet;
  if (req.indexUrl && !req.maxLines) {
    // Both downloads at once; the index (a third of the size) decides how the bytes are read.
    const [index, res] = await Promise.all([
      fetch(req.indexUrl).then((r) => (r.ok ? r.text() : null), () => null),
      fetchOk(req.url),
    ]);
    if (index === null) {
      set = await parseResponse(res, req.url);
    } else {
      mark('docs worker: index in');
      const bytes = new Uint8Array(await res.arrayBuffer());
      mark('docs worker: docs.jsonl in');
      const sha = await sha256Hex(bytes);
      mark('docs worker: docs.jsonl hashed');
      const got = fromDocsIndex(index, bytes, sha);
      mark('docs worker: index applied');
      if ('docs' in got) return { docs: got.docs, transfer: transferOf(got.docs) };
      note = `${req.indexUrl} not used: ${got.reason}`;
      set = await loadDocSet(bytes, req.url);
    }
  } else {
    set = await streamDocSet(req.url, req.maxLines);
  }
  const zones = Uint8Array.from(set.rows, (r) => (r.zone === 'premium' ? 0 : 1));
  const docs: ParsedDocSet = { texts: [...set.texts], ids: set.rows.map((r) => r.id), zones, sha256: set.sha256, jsonl: set.jsonl! };
  return { docs, transfer: transferOf(docs), note };
}

function transferOf(d: ParsedDocSet): Transferable[] {
  return [d.jsonl.bytes.buffer as ArrayBuffer, d.jsonl.start.buffer as ArrayBuffer, d.jsonl.end.buffer as ArrayBuffer, d.zones.buffer as ArrayBuffer];
}

/** In the lab worker: the runtime's doc set from a docs worker's answer (rows read from the bytes on demand). */
export function fromParsed(p: ParsedDocSet): LoadedDocSet {
  const j = p.jsonl;
  return {
    rows: jsonlRows(j),
    texts: p.texts,
    sha256: p.sha256,
    byId: new Map(p.ids.map((id, i) => [id, i])),
    zones: p.zones,
    // NOTE: the page gets a copy: this worker keeps reading its own rows from the original.
    jsonl: { bytes: j.bytes.slice(), start: j.start.slice(), end: j.end.slice() },
  };
}
