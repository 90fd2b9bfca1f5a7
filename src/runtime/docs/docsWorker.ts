// The lab worker's doc set, loaded by a docs worker (docsLoad.ts says why);
// where a worker cannot start one, it streams and parses here instead. Kept
// apart so Node code and tests never meet the Worker URL.
import { fromParsed, streamDocSet, type DocsApi } from './docsLoad';
import { addMarks } from '../timeline';
import type { LoadedDocSet } from './docset';
import { LabError } from '../engine/manifest';
import { callOnce } from '../rpc';

/** `indexUrl`: the precomputed docs.index.json to try first (docsIndexFile.ts). */
export function loadDocSetOffThread(url: string, maxLines?: number, indexUrl?: string): Promise<LoadedDocSet> {
  const spawn = () => new Worker(new URL('../../workers/docs.worker.ts', import.meta.url), { type: 'module', name: 'docs' });
  return callOnce<DocsApi, 'load', LoadedDocSet>(spawn, 'docs worker', 'load', [{ url, maxLines, indexUrl }], (r) => {
    addMarks(r.marks);
    return fromParsed(r.docs);
  }, () => streamDocSet(url, maxLines)).catch((e: Error) => {
    throw e instanceof LabError ? e : new LabError(e.message, url);
  });
}
