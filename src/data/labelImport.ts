/**
 * A label or state file imported off the page's thread: read → check →
 * write, with progress, in ONE IndexedDB transaction (all or nothing), and the
 * written labels handed back packed (labelPack.ts). Runs in the label-import
 * worker (src/workers/labelImport.worker.ts); pure but for the store it is
 * given, so Node tests run it on fake-indexeddb.
 *
 * Refuses: writing anything from a file with a problem (every problem is
 * listed by file and line), and overwriting a grade given in the lab after
 * the import started (a labeller keeps grading while a big file loads).
 */
import { parseLabelFile, type LabelFormat } from './labelFiles';
import { openLabelStore, type Label, type LabelStore } from './labelStore';
import { packLabels, packTransferables, type PackedLabels } from './labelPack';
import { mergeLabels, openStateFile, type LabelMerge } from './stateFile';

export type LabelImportRequest =
  | { kind: 'labels'; file: Blob; name: string; labeller: string; textToQid: [string, string][]; now: number; dbName?: string }
  | { kind: 'state'; file: Blob; name: string; now: number; dbName?: string };

export type ImportPhase = 'reading' | 'checking' | 'writing';

export interface LabelImportProgress {
  type: 'progress';
  phase: ImportPhase;
  /** rows done of total in this phase (bytes while reading) */
  done: number;
  total: number;
  /** ms since the import started */
  ms: number;
}

/** The most problem lines a refusal carries; the count says how many there were. */
export const MAX_MESSAGES = 200;

export type LabelImportOutcome =
  | { type: 'refused'; messages: string[]; problems: number }
  | { type: 'done'; kind: 'labels'; format: LabelFormat; labels: PackedLabels; labellers: string[]; ms: number }
  | { type: 'done'; kind: 'state'; labels: PackedLabels; view: string; labeller?: string; warnings: string[]; merge: Omit<LabelMerge, 'write'>; ms: number }
  | { type: 'cancelled' };

/** What the label-import worker answers (src/runtime/rpc.ts); its events are LabelImportProgress. */
export interface LabelImportApi {
  run(req: LabelImportRequest): Promise<LabelImportOutcome>;
  /** Aborts the write transaction: nothing is written (the outcome says 'cancelled'). */
  cancel(): void;
}

const refused = (messages: string[]): LabelImportOutcome =>
  ({ type: 'refused', messages: messages.slice(0, MAX_MESSAGES), problems: messages.length });

/** Keeps a stored label that was given after `since` (during the import): the newer grade wins. */
const notNewerThan = (since: number, stored: readonly Label[]): ((l: Label) => boolean) => {
  const newer = new Set<string>();
  for (const s of stored) if (s.time > since) newer.add(`${s.labeller}\u0000${s.qid}\u0000${s.docid}`);
  return (l) => !newer.has(`${l.labeller}\u0000${l.qid}\u0000${l.docid}`);
};

export async function runLabelImport(
  req: LabelImportRequest, store: LabelStore, onProgress: (p: LabelImportProgress) => void, signal: AbortSignal,
): Promise<LabelImportOutcome> {
  const t0 = performance.now();
  const progress = (phase: ImportPhase, done: number, total: number): void =>
    onProgress({ type: 'progress', phase, done, total, ms: performance.now() - t0 });
  progress('reading', 0, req.file.size);
  const text = await req.file.text();
  if (signal.aborted) return { type: 'cancelled' };
  progress('checking', 0, req.file.size);
  const write = { every: 5000, signal, onProgress: (n: number, total: number) => progress('writing', n, total) };
  try {
    if (req.kind === 'labels') {
      const r = parseLabelFile(req.name, text, { labeller: req.labeller, textToQid: new Map(req.textToQid), now: req.now });
      if (!r.ok) return refused(r.messages);
      if (signal.aborted) return { type: 'cancelled' };
      progress('writing', 0, r.labels.length);
      const written = await store.mergeMany((stored) => r.labels.filter(notNewerThan(req.now, stored)), write);
      return { type: 'done', kind: 'labels', format: r.format, labels: packLabels(written), labellers: [...new Set(r.labels.map((l) => l.labeller))], ms: performance.now() - t0 };
    }
    let opened;
    try {
      opened = openStateFile(text);
    } catch (e) {
      return refused([`${req.name}: ${(e as Error).message}`]);
    }
    if (signal.aborted) return { type: 'cancelled' };
    progress('writing', 0, opened.file.labels.length);
    let merge: LabelMerge | null = null;
    const written = await store.mergeMany((stored) => {
      merge = mergeLabels(stored, opened.file.labels);
      return merge.write.filter(notNewerThan(req.now, stored));
    }, write);
    const { write: _w, ...counts } = merge!;
    return { type: 'done', kind: 'state', labels: packLabels(written), view: opened.file.view, ...(opened.file.labeller ? { labeller: opened.file.labeller } : {}), warnings: opened.warnings, merge: counts, ms: performance.now() - t0 };
  } catch (e) {
    if (signal.aborted) return { type: 'cancelled' }; // the transaction was aborted: nothing written
    throw e;
  }
}

/**
 * In the label-import worker: the import on the store `req.dbName` names, with progress at most
 * every 100 ms; and the outcome's packed labels, to transfer with it.
 */
export async function importLabelFile(
  req: LabelImportRequest, onProgress: (p: LabelImportProgress) => void, signal: AbortSignal,
): Promise<{ outcome: LabelImportOutcome; transfer: Transferable[] }> {
  let last = 0;
  const store = await openLabelStore(req.dbName);
  try {
    const outcome = await runLabelImport(req, store, (p) => {
      if (p.ms - last < 100 && p.done !== p.total && p.done !== 0) return;
      last = p.ms;
      onProgress(p);
    }, signal);
    return { outcome, transfer: outcome.type === 'done' ? packTransferables(outcome.labels) : [] };
  } finally {
    store.close();
  }
}
