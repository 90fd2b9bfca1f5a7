// Messages between the doc-set import worker and the page.
import type { DataIssue } from '../../data/errors';
import type { ImportOptions } from '../../data/importDocs';

export interface ImportRequest {
  file: File;
  options: ImportOptions;
}

export interface ImportDone {
  type: 'done';
  /** canonical docs.jsonl (docs/CONTRACTS.md) */
  jsonl: Uint8Array;
  count: number;
  records: number;
  issues: DataIssue[];
  droppedIssues: number;
  truncated: boolean;
}

export type ImportMessage =
  | { type: 'progress'; bytes: number; total: number; docs: number }
  | ImportDone
  | { type: 'error'; message: string };

/** Runs one import in a fresh worker; `onProgress` gets bytes read and docs kept. */
export function runImport(file: File, options: ImportOptions, onProgress: (bytes: number, total: number, docs: number) => void,
  signal?: AbortSignal): Promise<ImportDone> {
  const w = new Worker(new URL('./importDocs.worker.ts', import.meta.url), { type: 'module', name: 'import-docs' });
  return new Promise<ImportDone>((resolve, reject) => {
    const stop = (): void => { w.terminate(); reject(new Error('import cancelled')); };
    signal?.addEventListener('abort', stop, { once: true });
    w.onmessage = (e: MessageEvent<ImportMessage>) => {
      const m = e.data;
      if (m.type === 'progress') return onProgress(m.bytes, m.total, m.docs);
      signal?.removeEventListener('abort', stop);
      w.terminate();
      if (m.type === 'done') resolve(m); else reject(new Error(m.message));
    };
    w.onerror = (e) => { w.terminate(); reject(new Error(e.message || 'the import worker failed')); };
    w.postMessage({ file, options } satisfies ImportRequest);
  });
}
