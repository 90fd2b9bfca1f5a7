// The page's side of a doc-set import: one file in a fresh worker
// (src/workers/importDocs.worker.ts, src/data/importDocFile.ts); the page only
// gets progress and the finished table.
import type { ImportOptions } from '../../data/importDocs';
import type { ImportDocsApi, ImportDone, ImportProgressMessage } from '../../data/importDocFile';
import { Connection, type ClientPort } from '../../runtime/rpc';

export type { ImportDone, ImportProgressMessage, ImportSummary } from '../../data/importDocFile';

/** Runs one import in a fresh worker. Aborting the signal terminates the worker at once. */
export function runImport(file: File, options: ImportOptions, onProgress: (p: ImportProgressMessage) => void,
  signal?: AbortSignal): Promise<ImportDone> {
  const w = new Worker(new URL('../../workers/importDocs.worker.ts', import.meta.url), { type: 'module', name: 'import-docs' });
  const conn: Connection<ImportDocsApi, ImportProgressMessage> = new Connection(w as unknown as ClientPort, 'import worker', {
    onEvent: onProgress,
    onError: (message) => conn.close(message || 'the import worker failed'),
  });
  const stop = (): void => conn.close('import cancelled');
  if (signal?.aborted) stop();
  signal?.addEventListener('abort', stop, { once: true });
  return conn.call('run', file, options).finally(() => {
    signal?.removeEventListener('abort', stop);
    conn.close('the import is done');
  });
}
