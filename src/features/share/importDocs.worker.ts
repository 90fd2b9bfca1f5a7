// Imports a foreign doc set off the main thread: File.stream() → line
// splitter → column mapping → validation → column table, posting progress at
// most every 100 ms, then the table (its buffers transferred, not copied) and
// the hash of its canonical docs.jsonl. The file never leaves this browser:
// it is read here and handed to the lab's runtime worker. Memory: one chunk of
// the file, the table (~40 bytes a doc + the text) and, with an id column,
// the set of ids seen.
import { docTableSha256 } from '../../data/docTable';
import { importDocStream, type ImportOptions } from '../../data/importDocs';
import type { ImportMessage, ImportRequest } from './importProtocol';

const post = (m: ImportMessage, transfer: Transferable[] = []): void => (self as unknown as Worker).postMessage(m, transfer);

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

self.onmessage = async (e: MessageEvent<ImportRequest>) => {
  const { file, options } = e.data;
  try {
    const t0 = performance.now();
    let last = 0;
    const r = await importDocStream(chunksOf(file), options as ImportOptions, (p) => {
      const now = performance.now();
      if (now - last < 100) return;
      last = now;
      post({ type: 'progress', phase: 'reading', total: file.size, ms: now - t0, ...p });
    });
    const t1 = performance.now();
    const count = r.table.length;
    post({ type: 'progress', phase: 'hashing', bytes: file.size, total: file.size, docs: count, records: r.records, problems: r.issues.length + r.droppedIssues, ms: t1 - t0 });
    const sha256 = docTableSha256(r.table);
    post({
      type: 'done', table: r.table.data, sha256, count, records: r.records, issues: r.issues, droppedIssues: r.droppedIssues, truncated: r.truncated,
      readMs: t1 - t0, hashMs: performance.now() - t1,
    }, r.table.transferables());
  } catch (err) {
    post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
};
