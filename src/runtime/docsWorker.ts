// The lab worker's doc set, loaded by a docs worker (docsLoad.ts says why);
// where a worker cannot start one, it streams and parses here instead. Kept
// apart so Node code and tests never meet the Worker URL.
import { fromParsed, streamDocSet, type DocsReply, type DocsRequest } from './docsLoad';
import { addMarks } from './timeline';
import type { LoadedDocSet } from './docset';
import { LabError } from './manifest';

/** `indexUrl`: the precomputed docs.index.json to try first (docsIndexFile.ts). */
export function loadDocSetOffThread(url: string, maxLines?: number, indexUrl?: string): Promise<LoadedDocSet> {
  let w: Worker;
  try {
    w = new Worker(new URL('../workers/docs.worker.ts', import.meta.url), { type: 'module', name: 'docs' });
  } catch {
    return streamDocSet(url, maxLines);
  }
  return new Promise<LoadedDocSet>((resolve, reject) => {
    w.onmessage = (ev: MessageEvent<DocsReply>) => {
      w.terminate();
      if (ev.data.ok) {
        addMarks(ev.data.marks);
        resolve(fromParsed(ev.data.docs));
      }
      else reject(new LabError(ev.data.error, url));
    };
    // The worker itself failed (its script did not load): parse here after all.
    w.onerror = () => {
      w.terminate();
      streamDocSet(url, maxLines).then(resolve, reject);
    };
    w.postMessage({ url, maxLines, indexUrl } satisfies DocsRequest);
  });
}
