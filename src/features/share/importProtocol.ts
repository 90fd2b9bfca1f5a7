// Messages between the doc-set import worker and the page.
import type { DataIssue } from '../../data/errors';
import type { DocTableData } from '../../data/docTable';
import type { ImportOptions, ImportProgress } from '../../data/importDocs';

export interface ImportRequest {
  file: File;
  options: ImportOptions;
}

export interface ImportDone {
  type: 'done';
  /** the kept docs in columns (src/data/docTable.ts); its buffers are transferred, not copied */
  table: DocTableData;
  /** sha256 of the table's canonical docs.jsonl (docs/CONTRACTS.md): the embedding cache key */
  sha256: string;
  count: number;
  records: number;
  issues: DataIssue[];
  droppedIssues: number;
  truncated: boolean;
  /** time spent reading + validating, and hashing (ms) */
  readMs: number;
  hashMs: number;
}

/** What the import report shows (no docs). */
export type ImportSummary = Omit<ImportDone, 'table'>;

export interface ImportProgressMessage extends ImportProgress {
  type: 'progress';
  phase: 'reading' | 'hashing';
  total: number;
  /** ms since the worker started reading */
  ms: number;
}

export type ImportMessage = ImportProgressMessage | ImportDone | { type: 'error'; message: string };

/**
 * Runs one import in a fresh worker (the page only gets progress and the
 * finished table). Aborting the signal terminates the worker at once.
 */
export function runImport(file: File, options: ImportOptions, onProgress: (p: ImportProgressMessage) => void,
  signal?: AbortSignal): Promise<ImportDone> {
  const w = new Worker(new URL('./importDocs.worker.ts', import.meta.url), { type: 'module', name: 'import-docs' });
  return new Promise<ImportDone>((resolve, reject) => {
    const stop = (): void => { w.terminate(); reject(new Error('import cancelled')); };
    if (signal?.aborted) return stop();
    signal?.addEventListener('abort', stop, { once: true });
    w.onmessage = (e: MessageEvent<ImportMessage>) => {
      const m = e.data;
      if (m.type === 'progress') return onProgress(m);
      signal?.removeEventListener('abort', stop);
      w.terminate();
      if (m.type === 'done') resolve(m); else reject(new Error(m.message));
    };
    w.onerror = (e) => { w.terminate(); reject(new Error(e.message || 'the import worker failed')); };
    w.postMessage({ file, options } satisfies ImportRequest);
  });
}
