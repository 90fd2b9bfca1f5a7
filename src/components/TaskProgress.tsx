// Progress of a long job off the page's thread (an import): what it is doing,
// how far (a bar and "done / total"), its rate and time left, and Cancel.
// Every figure is also a data attribute for the e2e specs.

export interface TaskProgressProps {
  testId: string;
  /** what the job is doing now, e.g. "writing labels" */
  what: string;
  done: number;
  total: number;
  /** unit of done/total: rows are counted, bytes shown in MB */
  unit: 'rows' | 'bytes';
  /** ms the current phase has run (for rate and ETA) */
  ms: number;
  onCancel?: () => void;
}

const fmt = (n: number, unit: TaskProgressProps['unit']): string =>
  unit === 'bytes' ? `${(n / 1048576).toFixed(1)} MB` : n.toLocaleString('en-US');

export function TaskProgress({ testId, what, done, total, unit, ms, onCancel }: TaskProgressProps) {
  const perSec = ms > 0 ? (done / ms) * 1000 : 0;
  // NOTE: no ETA until there is a rate to divide by (never "Infinity s").
  const eta = perSec > 0 && total > done ? Math.ceil((total - done) / perSec) : null;
  return (
    <p className="task-progress" data-testid={testId} data-done={done} data-total={total} data-what={what} role="status">
      <progress max={total || 1} value={done} />{' '}
      {what}: {fmt(done, unit)} / {fmt(total, unit)}
      {perSec > 0 && unit === 'rows' ? ` (${Math.round(perSec).toLocaleString('en-US')}/s)` : ''}
      {eta !== null ? ` · about ${eta} s left` : ''}
      {onCancel && <>{' '}<button type="button" data-testid={`${testId}-cancel`} onClick={onCancel}>Cancel</button></>}
    </p>
  );
}
