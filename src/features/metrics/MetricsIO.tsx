// Runs in and out: import a TREC run (or ranx JSON run) to evaluate it next to
// the models; export any run as a TREC run file, and the exact qrels the
// table was computed on, so outside tools (trec_eval, ranx, ir_measures)
// reproduce the figures.
import { useState } from 'react';
import type { Qrels, Run } from '../../core/metricsTypes';
import { formatRanxQrels, formatRanxRun, parseRanxRun } from '../../data/formats/ranxJson';
import { formatTrecQrels, formatTrecRun, parseTrecRun } from '../../data/formats/trec';
import type { ParseError } from '../../data/formats/types';
import { downloadText } from '../../components/download';
import type { World } from '../../services/labels/world';
import { judgedAndScored } from '../../services/metrics/evaluate';
import { addImportedRun } from '../../services/metrics/importedRuns';

const tagOf = (id: string): string => id.replace(/\s+/g, '_') || 'run';

export function MetricsIO({ runs, qrels }: { world: World; runs: Record<string, Run>; qrels: Qrels }) {
  const ids = Object.keys(runs);
  const [pick, setPick] = useState('');
  const chosen = runs[pick] ? pick : ids[0] ?? '';
  const [msg, setMsg] = useState<{ kind: 'ok' | 'error'; lines: string[] } | null>(null);

  const doImport = async (file: File): Promise<void> => {
    const text = await file.text();
    const json = file.name.toLowerCase().endsWith('.json') || text.trimStart().startsWith('{');
    let run: Run, errors: ParseError[];
    if (json) ({ value: run, errors } = parseRanxRun(text));
    else ({ value: { run }, errors } = parseTrecRun(text));
    if (errors.length || Object.keys(run).length === 0) {
      const lines = errors.length ? errors.slice(0, 12).map((e) => `${file.name}${e.line > 0 ? ` line ${e.line}` : ''}: ${e.reason}`) : [`${file.name}: no run lines in the file`];
      setMsg({ kind: 'error', lines: [`${file.name} was not imported:`, ...lines] });
      return;
    }
    const id = addImportedRun(file.name.replace(/\.(run|trec|txt|json)$/i, ''), run);
    setMsg({ kind: 'ok', lines: [`Imported ${file.name} as "${id}": ${Object.keys(run).length} queries.`] });
  };

  // NOTE: exactly the query set the table used: judged queries some run scored.
  const usedQrels = (): Qrels => judgedAndScored(qrels, runs);

  return (
    <section className="metric-section">
      <h3>Runs and qrels</h3>
      <div className="label-io">
        <label>
          import a run (TREC run or ranx JSON){' '}
          <input data-testid="metrics.import-run" type="file" accept=".run,.trec,.txt,.json"
            onChange={(e) => { const f = e.target.files?.[0]; e.target.value = ''; if (f) void doImport(f); }} />
        </label>
        {ids.length > 0 && (
          <>
            <label>
              run{' '}
              <select data-testid="metrics.export-model" value={chosen} onChange={(e) => setPick(e.target.value)}>
                {ids.map((id) => <option key={id} value={id}>{id}</option>)}
              </select>
            </label>
            <button data-testid="metrics.export-run" onClick={() => downloadText(`${tagOf(chosen)}.run`, formatTrecRun(runs[chosen], tagOf(chosen)))}>
              export TREC run
            </button>
            <button data-testid="metrics.export-run-json" onClick={() => downloadText(`${tagOf(chosen)}.run.json`, formatRanxRun(runs[chosen]), 'application/json')}>
              export ranx JSON run
            </button>
            <button data-testid="metrics.export-qrels" onClick={() => downloadText('metrics.qrels', formatTrecQrels(usedQrels()))}>
              export the qrels in use (TREC)
            </button>
            <button data-testid="metrics.export-qrels-json" onClick={() => downloadText('metrics.qrels.json', formatRanxQrels(usedQrels()), 'application/json')}>
              (ranx JSON)
            </button>
          </>
        )}
      </div>
      <p className="label-note">
        A TREC run cannot hold tied scores (trec_eval re-sorts them by docid), so tied scores are written one ulp apart in rank order;
        the ranx JSON run keeps the exact scores.
      </p>
      {msg && (
        <div className={msg.kind === 'ok' ? 'label-ok' : 'error'} data-testid="metrics.import-message" data-kind={msg.kind}>
          {msg.lines.map((l, i) => <div key={i}>{l}</div>)}
        </div>
      )}
    </section>
  );
}
