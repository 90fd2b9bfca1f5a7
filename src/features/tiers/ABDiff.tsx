// Every field in which configs B and A differ, in words ("B differs: cutoff
// 0.6 (A 0.5)"), wherever the two are shown side by side: two columns whose
// labels read the same must not hide what sets them apart.
import { describeDifferences, type ConfigDifference } from '../../core/configDiff';

export function ABDiff({ diffs, testId }: { diffs: readonly ConfigDifference[]; testId: string }) {
  return (
    <span className="ab-diff" data-testid={testId} data-fields={diffs.map((d) => d.field).join('|')}>
      {describeDifferences(diffs)}
    </span>
  );
}
