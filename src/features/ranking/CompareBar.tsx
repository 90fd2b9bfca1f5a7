// Overlap@K and Kendall τ between any two columns of the current ranking.
// The chosen columns live in the store (query slice), so a link carries them;
// a column that is not shown falls back to the first (second) one.
import { kendallTauShared, overlapAtK } from '../../core/listCompare';
import type { RankResponse } from '../../runtime/api';
import type { DocRow } from '../../runtime/docs/docset';
import { useLab } from '../../state/store';

export function CompareBar({ response, rows }: { response: RankResponse; rows: DocRow[] }) {
  const ids = response.columns.filter((c) => c.results.length).map((c) => c.modelId);
  const { a, b } = useLab((s) => s.compare);
  const setCompare = useLab((s) => s.setCompare);
  const colA = ids.includes(a) ? a : ids[0];
  const colB = ids.includes(b) ? b : ids.find((x) => x !== colA) ?? ids[0];
  if (ids.length < 2) return null;
  const list = (id: string) => response.columns.find((c) => c.modelId === id)!.results.map((r) => rows[r.doc]?.id ?? '');
  const la = list(colA), lb = list(colB);
  const k = response.topK;
  const { tau, shared } = kendallTauShared(la, lb);
  return (
    <div className="compare" data-testid="ranking.compare">
      compare{' '}
      <select data-testid="ranking.compare.a" value={colA} onChange={(e) => setCompare({ a: e.target.value })}>
        {ids.map((x) => <option key={x} value={x}>{x}</option>)}
      </select>{' '}
      with{' '}
      <select data-testid="ranking.compare.b" value={colB} onChange={(e) => setCompare({ b: e.target.value })}>
        {ids.map((x) => <option key={x} value={x}>{x}</option>)}
      </select>
      <span data-testid="ranking.compare.result">
        {' '}Overlap@{k} = {overlapAtK(la, lb, k).toFixed(2)} · Kendall τ = {tau === null ? '—' : tau.toFixed(3)} <small>(over the {shared} docs both hold)</small>
      </span>
    </div>
  );
}
