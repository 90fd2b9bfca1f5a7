// Import and export of labels in the standard formats. An import is checked
// whole before anything is written: a bad file changes nothing and says which
// file, which line and why. Reading, checking and writing run in the import
// worker, with progress and Cancel; the page stays responsive.
import { useMemo, useState } from 'react';
import { labStore, useLab } from '../../state/store';
import { downloadText } from '../../components/download';
import { TaskProgress } from '../../components/TaskProgress';
import { LABEL_FORMATS, formatLabelFile, type LabelFormat } from '../../data/labelFiles';
import { labelService } from '../../services/labels/labelService';
import { useLabelImport } from '../../services/labels/useLabelImport';
import type { World } from '../../services/labels/world';

type Message = { kind: 'ok' | 'error'; lines: string[] } | null;

export function LabelsIO({ world }: { world: World }) {
  const labeller = useLab((s) => s.labeller);
  const svc = labelService(() => labStore.getState().bumpLabels());
  const [format, setFormat] = useState<LabelFormat>('trec');
  const [importAs, setImportAs] = useState('');
  const [msg, setMsg] = useState<Message>(null);
  const qidToText = useMemo(() => new Map(world.queries.map((q) => [q.qid, q.text])), [world]);
  const textToQid = useMemo(() => world.queries.map((q): [string, string] => [q.text, q.qid]), [world]);
  const imp = useLabelImport();

  const doExport = async (): Promise<void> => {
    const f = LABEL_FORMATS.find((x) => x.id === format)!;
    // NOTE: from the store, not this tab's memory: another tab's labels are there too (an export
    // from a tab that had not yet heard of them dropped them).
    const text = formatLabelFile(format, await svc.stored(), { labeller, qidToText });
    downloadText(`labels-${format === 'jsonl' ? 'all' : labeller}${f.ext}`, text, f.mime);
  };

  const doImport = async (file: File): Promise<void> => {
    const as = importAs.trim() || labeller;
    setMsg(null);
    try {
      const r = await imp.run({ kind: 'labels', file, name: file.name, labeller: as, textToQid, now: Date.now() });
      if (r.type === 'cancelled') { setMsg({ kind: 'error', lines: [`Import of ${file.name} cancelled; nothing was imported.`] }); return; }
      if (r.type === 'refused') {
        const more = r.problems > 12 ? [`…and ${(r.problems - 12).toLocaleString('en-US')} more problems`] : [];
        setMsg({ kind: 'error', lines: [`Nothing was imported from ${file.name} (${r.problems.toLocaleString('en-US')} problem${r.problems === 1 ? '' : 's'}):`, ...r.messages.slice(0, 12), ...more] });
        return;
      }
      if (r.kind !== 'labels') return;
      setMsg({ kind: 'ok', lines: [`Imported ${r.labels.n.toLocaleString('en-US')} labels from ${file.name} (${LABEL_FORMATS.find((x) => x.id === r.format)!.label}) as ${r.labellers.join(', ')} in ${(r.ms / 1000).toFixed(1)} s.`] });
    } catch (e) {
      setMsg({ kind: 'error', lines: [`Nothing was imported from ${file.name}: ${(e as Error).message}`] });
    }
  };

  return (
    <section className="label-section">
      <h3>Import / export</h3>
      <div className="label-io">
        <label>
          format{' '}
          <select data-testid="labels.export-format" value={format} onChange={(e) => setFormat(e.target.value as LabelFormat)}>
            {LABEL_FORMATS.map((f) => <option key={f.id} value={f.id}>{f.label}</option>)}
          </select>
        </label>
        <button data-testid="labels.export" onClick={() => void doExport()}>
          export {format === 'jsonl' ? 'all labellers' : `${labeller}'s labels`}
        </button>
        <label>
          import as{' '}
          <input data-testid="labels.import-as" placeholder={labeller} size={10} value={importAs} onChange={(e) => setImportAs(e.target.value)} />
        </label>
        <label>
          import file (TREC qrels, ranx JSON, Quepid CSV, JSONL){' '}
          <input
            data-testid="labels.import-file"
            disabled={imp.busy}
            type="file"
            accept=".qrels,.trec,.txt,.json,.csv,.jsonl,.ndjson"
            onChange={(e) => {
              const f = e.target.files?.[0];
              e.target.value = '';
              if (f) void doImport(f);
            }}
          />
        </label>
      </div>
      {imp.view && <TaskProgress testId="labels.import-progress" {...imp.view} onCancel={imp.cancel} />}
      {msg && (
        <div className={msg.kind === 'ok' ? 'label-ok' : 'error'} data-testid="labels.import-message" data-kind={msg.kind}>
          {msg.lines.map((l, i) => <div key={i}>{l}</div>)}
        </div>
      )}
    </section>
  );
}
