// What an import kept and what it rejected, by line (first 100 listed), and how fast it read.
import type { ImportSummary } from './importProtocol';
import type { DataIssue } from '../../data/errors';
import { downloadText } from '../../components/download';

/** Problems shown on the page; all that the import kept go in the downloadable list. */
const SHOWN = 100;

/** line<TAB>reason per problem (tabs and newlines in a reason made spaces). */
export function problemsTsv(issues: readonly DataIssue[]): string {
  return 'line\treason\n' + issues.map((i) => `${i.line}\t${i.reason.replace(/[\t\r\n]+/g, ' ')}`).join('\n') + '\n';
}

export function ImportReport({ name, r }: { name: string; r: ImportSummary }) {
  const bad = r.issues.length + r.droppedIssues;
  const rowsPerSec = Math.round(r.records / Math.max(r.readMs / 1000, 1e-3));
  return (
    <div data-testid="byo.report" data-docs={r.count} data-rejected={bad} data-rows-per-sec={rowsPerSec}>
      <p>
        {name}: <b>{r.count.toLocaleString()}</b> doc{r.count === 1 ? '' : 's'} imported from {r.records.toLocaleString()} row{r.records === 1 ? '' : 's'}
        {bad > 0 ? `; ${bad.toLocaleString()} problem${bad === 1 ? '' : 's'}` : '; no problems'}
        {r.truncated ? ' (stopped at the doc limit)' : ''}.
        {' '}<span className="muted">Read and checked in {(r.readMs / 1000).toFixed(1)} s ({rowsPerSec.toLocaleString()} rows/s), hashed in {(r.hashMs / 1000).toFixed(1)} s.</span>
      </p>
      {bad > 0 && (
        <ul className="byo-issues">
          {r.issues.slice(0, SHOWN).map((i, k) => (
            <li key={k} data-testid="byo.issue" data-line={i.line}>line {i.line}: {i.reason}</li>
          ))}
          {bad > SHOWN && <li>…and {(bad - SHOWN).toLocaleString()} more</li>}
        </ul>
      )}
      {r.issues.length > SHOWN && (
        <button type="button" data-testid="byo.issues-download" data-count={r.issues.length}
          onClick={() => downloadText(`${name}.problems.tsv`, problemsTsv(r.issues), 'text/tab-separated-values')}>
          download all {r.issues.length.toLocaleString()} problems (line, reason){r.droppedIssues > 0 ? ` — ${r.droppedIssues.toLocaleString()} beyond those are only counted` : ''}
        </button>
      )}
    </div>
  );
}
