// What a section says while its run is pending or when it failed.
import type { Run } from './useInspectRun';

export function RunNote({ run, testId }: { run: Run<unknown>; testId: string }) {
  if (run.error) return <p className="error" data-testid={testId} data-state="error">{run.error}</p>;
  if (run.pending) return <p className="muted" data-testid={testId} data-state="pending">running…</p>;
  return null;
}
