// "Your doc set": drop or pick a JSONL/CSV/TSV file, map its columns, import
// it in a worker (streamed, with progress, cancel and line-numbered problems)
// into a column table, then hand that to the runtime, which encodes it with
// every tower (cached in IndexedDB by model + doc-set hash) and ranks it like
// the demo world.
import { useRef, useState } from 'react';
import { guessMapping, readShape, type ColumnMapping, type FileShape } from '../../data/importDocsFormat';
import { MAX_IMPORT_DOCS } from '../../data/importDocs';
import { labClient } from '../../runtime/lab/client';
import { BM25_MAX_DOCS } from '../../runtime/docs/docset';
import { useLab } from '../../state/store';
import { useClientSnapshot } from '../../services/lab/useRuntime';
import { activateDemoDocs, activateImportedTable } from '../../services/lab/docsetSync';
import { ImportProgressView } from './ImportProgressView';
import { ImportReport } from './ImportReport';
import { runImport, type ImportProgressMessage, type ImportSummary } from './importProtocol';
import { MappingForm } from './MappingForm';

type Phase = 'idle' | 'mapping' | 'reading' | 'loading' | 'ready' | 'error';
const MB = (n: number): string => (n / 1048576).toFixed(n < 10 * 1048576 ? 1 : 0);

/** Problems an import keeps by line (the report shows the first 100 and offers every one kept as a file). */
const MAX_LISTED_PROBLEMS = 100_000;

export function DocSetSection() {
  const docset = useLab((s) => s.docset);
  const snap = useClientSnapshot();
  const [phase, setPhase] = useState<Phase>('idle');
  const [file, setFile] = useState<File | null>(null);
  const [shape, setShape] = useState<FileShape | null>(null);
  const [mapping, setMapping] = useState<ColumnMapping | null>(null);
  const [defaultCategory, setDefaultCategory] = useState('其他');
  const [progress, setProgress] = useState<ImportProgressMessage | null>(null);
  const [report, setReport] = useState<ImportSummary | null>(null);
  const [error, setError] = useState('');
  const [over, setOver] = useState(false);
  const abort = useRef<AbortController | null>(null);

  const pick = async (f: File | undefined) => {
    if (!f) return;
    setFile(f); setReport(null); setError('');
    const s = readShape(f.name, await f.slice(0, 65536).text());
    setShape(s);
    setMapping(guessMapping(s.columns));
    setPhase('mapping');
  };

  const start = async () => {
    if (!file || !shape || !mapping?.title) return;
    abort.current = new AbortController();
    setPhase('reading'); setError(''); setReport(null);
    setProgress({ type: 'progress', phase: 'reading', bytes: 0, total: file.size, docs: 0, records: 0, problems: 0, ms: 0 });
    try {
      // NOTE: every problem is kept (up to 100,000; the rest counted), not only the 100 shown: the report offers them all as a file.
      const r = await runImport(file, { file: file.name, format: shape.format, delimiter: shape.delimiter, mapping, defaultCategory, maxErrors: MAX_LISTED_PROBLEMS },
        setProgress, abort.current.signal);
      // NOTE: the report keeps only counts and issues; the table goes to the runtime and docsetSync.
      const { table, ...summary } = r;
      setReport(summary);
      if (r.count === 0) throw new Error('no valid docs in the file');
      setPhase('loading');
      await activateImportedTable(table, r.sha256, file.name);
      setPhase('ready');
    } catch (e) {
      setError((e as Error).message);
      setPhase('error');
    }
  };

  const encoding = Object.values(snap.encode);
  return (
    <section className="share-section" data-testid="byo.docset" data-state={phase}>
      <h3>Your doc set</h3>
      <p className="help">
        Ranking now: <b data-testid="byo.active-docset" data-source={docset.source}>{docset.source === 'file' ? docset.name : 'the demo world'}</b>
        {snap.docs ? ` (${snap.docs.count.toLocaleString()} docs)` : ''}.
        {' '}JSONL, CSV or TSV, up to {MAX_IMPORT_DOCS.toLocaleString()} docs; a title column is required. The file is read in this browser only.
      </p>
      <div
        className="byo-drop" data-testid="byo.drop" data-over={over}
        onDragOver={(e) => { e.preventDefault(); setOver(true); }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => { e.preventDefault(); setOver(false); void pick(e.dataTransfer.files[0]); }}
      >
        Drop a doc file here, or{' '}
        <label>
          <u>choose one</u>
          <input type="file" hidden data-testid="byo.docs-file" accept=".jsonl,.ndjson,.json,.csv,.tsv,.tab,.txt"
            onChange={(e) => { void pick(e.target.files?.[0]); e.target.value = ''; }} />
        </label>
        {docset.source === 'file' && (
          <> · <button type="button" data-testid="byo.use-demo" onClick={() => void activateDemoDocs().catch((e: Error) => setError(e.message))}>back to the demo world</button></>
        )}
      </div>
      {shape && mapping && phase !== 'idle' && (
        <>
          <p><b>{file?.name}</b> · {MB(file?.size ?? 0)} MB</p>
          <MappingForm shape={shape} mapping={mapping} defaultCategory={defaultCategory} onMapping={setMapping} onDefaultCategory={setDefaultCategory} />
          <button type="button" data-testid="byo.import" disabled={!mapping.title || phase === 'reading' || phase === 'loading'} onClick={() => void start()}>
            Import
          </button>
          {!mapping.title && <span className="muted"> pick the title column first</span>}
        </>
      )}
      {phase === 'reading' && progress && (
        <ImportProgressView p={progress} onCancel={() => abort.current?.abort()} />
      )}
      {phase === 'loading' && <p data-testid="byo.progress" data-phase="loading">handing {report?.count.toLocaleString()} docs to the runtime…</p>}
      {report && file && <ImportReport name={file.name} r={report} />}
      {docset.source === 'file' && snap.docs?.bm25 === false && (
        <p className="muted" data-testid="byo.bm25-off">
          BM25 column off: this set has more than {BM25_MAX_DOCS.toLocaleString()} docs (its lexical index would not fit in the page&apos;s memory).
        </p>
      )}
      {error && <p className="error" data-testid="byo.error">Import failed: {error}</p>}
      {docset.source === 'file' && encoding.length > 0 && (
        <ul data-testid="byo.encode">
          {encoding.map((p) => (
            <li key={p.modelId} data-state={p.state}>
              {p.modelId}: {p.state === 'running' ? `encoding ${p.done.toLocaleString()} / ${p.total.toLocaleString()} docs (${p.docsPerSec.toFixed(0)}/s)` : p.state}
              {p.source === 'indexeddb' ? ' (from the cache)' : ''}
              {p.state === 'running' && Number.isFinite(p.etaS) && p.etaS > 0 ? ` · about ${Math.ceil(p.etaS / 60)} min left ` : ' '}
              {p.state === 'running' && <button type="button" data-testid={`byo.encode-cancel.${p.modelId}`} onClick={() => void labClient.cancelEncode(p.modelId)}>stop</button>}
              {p.state === 'cancelled' && <button type="button" data-testid={`byo.encode-resume.${p.modelId}`} onClick={() => void labClient.resumeEncode(p.modelId)}>resume</button>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
