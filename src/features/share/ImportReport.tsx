// What an import kept and what it rejected, by line (first 100 listed), and how fast it read.
import type { ImportSummary } from './importProtocol';

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
          {r.issues.map((i, k) => (
            <li key={k} data-testid="byo.issue" data-line={i.line}>line {i.line}: {i.reason}</li>
          ))}
          {r.droppedIssues > 0 && <li>…and {r.droppedIssues.toLocaleString()} more</li>}
        </ul>
      )}
    </div>
  );
}
