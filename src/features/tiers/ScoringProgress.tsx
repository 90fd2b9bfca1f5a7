// How far the runtime's scoring of the query set has got: "scoring queries
// 120 / 360 · about 40 s left". Figures are shown only once every query is
// scored (a funnel over part of the set would read like the whole one's), so
// this is what the panel shows meanwhile — and says that typing is not blocked.
import type { QuerySetProgress } from '../../runtime/api';

export function ScoringProgress({ p, adding }: { p: QuerySetProgress; adding?: boolean }) {
  return (
    <p className="task-progress" role="status" data-testid="tiers.progress" data-done={p.done} data-total={p.total} data-eta={p.etaS ?? ''}>
      <progress max={p.total || 1} value={p.done} />{' '}
      {adding ? 'scoring a newly loaded model: ' : ''}scoring queries {p.done} / {p.total}
      {p.etaS !== null && p.done < p.total ? ` · about ${p.etaS} s left` : ''}
      <span className="muted">
        {' '}— {adding ? 'the figures below are the other models\' until it is done' : 'figures appear once every query is scored'}; the
        other panels answer meanwhile, and the scores are kept in this browser for the next visit.
      </span>
    </p>
  );
}
