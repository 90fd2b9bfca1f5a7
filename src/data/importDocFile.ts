/**
 * A foreign doc set imported off the main thread (src/workers/importDocs.worker.ts):
 * File.stream() → importDocStream (line splitter, column mapping, validation,
 * column table) with progress at most every 100 ms, then the table and the
 * hash of its canonical docs.jsonl. The file never leaves this browser: it is
 * read in the worker and handed to the lab's runtime worker. Memory: one chunk
 * of the file, the table (~40 bytes a doc + the text) and, with an id column,
 * the set of ids seen.
 */
import type { DataIssue } from './errors';
import { docTableSha256, type DocTableData } from './docTable';
import { importDocStream, type ImportOptions, type ImportProgress } from './importDocs';

export interface ImportDone {
  type: 'done';
  /** the kept docs in columns (docTable.ts); its buffers are transferred, not copied */
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

/** What the doc-import worker answers (src/runtime/rpc.ts); its events are ImportProgressMessage. */
export interface ImportDocsApi {
  run(file: File, options: ImportOptions): Promise<ImportDone>;
}

async function* chunksOf(file: File): AsyncGenerator<Uint8Array> {
  const reader = file.stream().getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    void reader.cancel().catch(() => undefined); // stops reading when the doc limit ends the import early
  }
}

/** The import, and the table's buffers (to transfer with it). */
export async function importDocFile(file: File, options: ImportOptions, onProgress: (p: ImportProgressMessage) => void): Promise<{ done: ImportDone; transfer: Transferable[] }> {
  const t0 = performance.now();
  let last = 0;
  const r = await importDocStream(chunksOf(file), options, (p) => {
    const now = performance.now();
    if (now - last < 100) return;
    last = now;
    onProgress({ type: 'progress', phase: 'reading', total: file.size, ms: now - t0, ...p });
  });
  const t1 = performance.now();
  const count = r.table.length;
  onProgress({ type: 'progress', phase: 'hashing', bytes: file.size, total: file.size, docs: count, records: r.records, problems: r.issues.length + r.droppedIssues, ms: t1 - t0 });
  const sha256 = docTableSha256(r.table);
  const done: ImportDone = {
    type: 'done', table: r.table.data, sha256, count, records: r.records, issues: r.issues, droppedIssues: r.droppedIssues, truncated: r.truncated,
    readMs: t1 - t0, hashMs: performance.now() - t1,
  };
  return { done, transfer: r.table.transferables() };
}
