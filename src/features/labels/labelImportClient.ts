/**
 * Starts one label or state-file import in its own worker (src/workers/
 * labelImport.worker.ts) and hands back progress and the outcome. The page
 * never parses or writes the file itself: a 5 MB qrels file or a 200k-label
 * state file used to freeze it for tens of seconds.
 */
import type { LabelImportMessage, LabelImportOutcome, LabelImportProgress, LabelImportRequest } from '../../data/labelImport';

export interface RunningImport {
  done: Promise<LabelImportOutcome>;
  /** Asks the worker to stop; a write not yet committed is rolled back (the outcome says 'cancelled'). */
  cancel(): void;
}

export function startLabelImport(req: LabelImportRequest, onProgress: (p: LabelImportProgress) => void): RunningImport {
  const w = new Worker(new URL('../../workers/labelImport.worker.ts', import.meta.url), { type: 'module', name: 'label-import' });
  const done = new Promise<LabelImportOutcome>((resolve, reject) => {
    w.onmessage = (e: MessageEvent<LabelImportMessage>) => {
      const m = e.data;
      if (m.type === 'progress') return onProgress(m);
      w.terminate();
      if (m.type === 'error') reject(new Error(m.message)); else resolve(m);
    };
    w.onerror = (e) => { w.terminate(); reject(new Error(e.message || 'the label-import worker failed')); };
  });
  w.postMessage(req);
  return { done, cancel: () => w.postMessage({ type: 'cancel' }) };
}
