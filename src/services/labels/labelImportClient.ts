/**
 * Starts one label or state-file import in its own worker (src/workers/
 * labelImport.worker.ts) and hands back progress and the outcome. The page
 * never parses or writes the file itself: a 5 MB qrels file or a 200k-label
 * state file used to freeze it for tens of seconds.
 */
import type { LabelImportApi, LabelImportOutcome, LabelImportProgress, LabelImportRequest } from '../../data/labelImport';
import { Connection, type ClientPort } from '../../runtime/rpc';

export interface RunningImport {
  done: Promise<LabelImportOutcome>;
  /** Asks the worker to stop; a write not yet committed is rolled back (the outcome says 'cancelled'). */
  cancel(): void;
}

export function startLabelImport(req: LabelImportRequest, onProgress: (p: LabelImportProgress) => void): RunningImport {
  const w = new Worker(new URL('../../workers/labelImport.worker.ts', import.meta.url), { type: 'module', name: 'label-import' });
  const conn: Connection<LabelImportApi, LabelImportProgress> = new Connection(w as unknown as ClientPort, 'label-import worker', {
    onEvent: onProgress,
    onError: (message) => conn.close(message || 'the label-import worker failed'),
  });
  const done = conn.call('run', req).finally(() => conn.close('the label import is done'));
  return { done, cancel: () => void conn.call('cancel').catch(() => undefined) };
}
