// What an import kept and what it rejected, by line (first 100 listed).
import type { ImportDone } from './importProtocol';

export function ImportReport({ name, r }: { name: string; r: ImportDone }) {
  const bad = r.issues.length + r.droppedIssues;
  return (
    <div data-testid="byo.report" data-docs={r.count} data-rejected={bad}>
      <p>
        {name}: <b>{r.count.toLocaleString()}</b> doc{r.count === 1 ? '' : 's'} imported from {r.records.toLocaleString()} row{r.records === 1 ? '' : 's'}
        {bad > 0 ? `; ${bad.toLocaleString()} problem${bad === 1 ? '' : 's'}` : '; no problems'}
        {r.truncated ? ' (stopped at the doc limit)' : ''}.
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
