// Imports a foreign doc set off the main thread: File.stream() → line
// splitter → column mapping → validation, posting progress as it goes, then
// the canonical docs.jsonl bytes (transferred, not copied). The file never
// leaves this browser: it is read here and handed to the lab's runtime worker.
import { DocImporter, toDocsJsonl, type ImportOptions } from '../../data/importDocs';
import type { ImportRequest, ImportMessage } from './importProtocol';

const post = (m: ImportMessage, transfer: Transferable[] = []): void => (self as unknown as Worker).postMessage(m, transfer);

self.onmessage = async (e: MessageEvent<ImportRequest>) => {
  const { file, options } = e.data;
  try {
    const imp = new DocImporter(options as ImportOptions);
    const reader = file.stream().getReader();
    let bytes = 0, last = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      imp.push(value);
      bytes += value.length;
      const now = performance.now();
      if (now - last > 100) {
        last = now;
        post({ type: 'progress', bytes, total: file.size, docs: imp.rows.length });
      }
      if (imp.truncated) { await reader.cancel(); break; }
    }
    const r = imp.finish();
    post({ type: 'progress', bytes: file.size, total: file.size, docs: r.rows.length });
    const jsonl = new TextEncoder().encode(toDocsJsonl(r.rows));
    post({
      type: 'done', jsonl, count: r.rows.length, records: r.records, issues: r.issues, droppedIssues: r.droppedIssues, truncated: r.truncated,
    }, [jsonl.buffer]);
  } catch (err) {
    post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
};
