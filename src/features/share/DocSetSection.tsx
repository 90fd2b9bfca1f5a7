// "Your doc set": drop or pick a JSONL/CSV/TSV file, map its columns, import
// it in a worker (streamed, with progress and line-numbered problems), then
// hand it to the runtime, which encodes it with every tower (cached in
// IndexedDB by model + doc-set hash) and ranks it like the demo world.
import { useRef, useState } from 'react';
import { guessMapping, readShape, type ColumnMapping, type FileShape } from '../../data/importDocsFormat';
import { MAX_IMPORT_DOCS } from '../../data/importDocs';
import { useLab } from '../../state/store';
import { useClientSnapshot } from '../models/useRuntime';
import { activateDemoDocs, activateImportedDocs } from './docsetSync';
import { ImportReport } from './ImportReport';
import { runImport, type ImportDone } from './importProtocol';
import { MappingForm } from './MappingForm';

type Phase = 'idle' | 'mapping' | 'reading' | 'loading' | 'ready' | 'error';
const MB = (n: number): string => (n / 1048576).toFixed(n < 10 * 1048576 ? 1 : 0);

export function DocSetSection() {
  const docset = useLab((s) => s.docset);
  const snap = useClientSnapshot();
  const [phase, setPhase] = useState<Phase>('idle');
  const [file, setFile] = useState<File | null>(null);
  const [shape, setShape] = useState<FileShape | null>(null);
  const [mapping, setMapping] = useState<ColumnMapping | null>(null);
  const [defaultCategory, setDefaultCategory] = useState('其他');
  const [progress, setProgress] = useState({ bytes: 0, total: 0, docs: 0 });
  const [report, setReport] = useState<ImportDone | null>(null);
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
    try {
      const r = await runImport(file, { file: file.name, format: shape.format, delimiter: shape.delimiter, mapping, defaultCategory },
        (bytes, total, docs) => setProgress({ bytes, total, docs }), abort.current.signal);
      setReport(r);
      if (r.count === 0) throw new Error('no valid docs in the file');
      setPhase('loading');
      await activateImportedDocs(r.jsonl, file.name);
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
          {phase === 'reading' && <button type="button" onClick={() => abort.current?.abort()}>Cancel</button>}
        </>
      )}
      {(phase === 'reading' || phase === 'loading') && (
        <p data-testid="byo.progress" data-phase={phase}>
          <progress max={progress.total || 1} value={progress.bytes} />{' '}
          {phase === 'reading' ? `${MB(progress.bytes)} of ${MB(progress.total)} MB read · ${progress.docs.toLocaleString()} docs` : 'handing the docs to the runtime…'}
        </p>
      )}
      {report && file && <ImportReport name={file.name} r={report} />}
      {error && <p className="error" data-testid="byo.error">Import failed: {error}</p>}
      {docset.source === 'file' && encoding.length > 0 && (
        <ul data-testid="byo.encode">
          {encoding.map((p) => (
            <li key={p.modelId} data-state={p.state}>
              {p.modelId}: {p.state === 'running' ? `encoding ${p.done.toLocaleString()} / ${p.total.toLocaleString()} docs (${p.docsPerSec.toFixed(0)}/s)` : p.state}
              {p.source === 'indexeddb' ? ' (from the cache)' : ''}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
