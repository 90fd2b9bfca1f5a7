// Agreement between labellers (quadratic-weighted kappa on shared pairs),
// computed in the metrics worker (useLabelViews); null until the first answer.
import type { Agreement } from '../../services/labels/agreement';

export function LabelsAgreement({ ag }: { ag: Agreement | null }) {
  return (
    <section className="label-section">
      <h3>Agreement between judges <small className="label-note">(weighted κ, quadratic; shared pairs in brackets)</small></h3>
      {!ag ? (
        <p className="label-note" data-testid="labels.kappa-pending">Working out agreement…</p>
      ) : ag.judges.length < 2 ? (
        <p className="label-note" data-testid="labels.kappa-empty">Agreement appears once two judges have graded the same pairs.</p>
      ) : (
        <table className="metric-table" data-testid="labels.kappa">
          <thead><tr><th />{ag.judges.map((j) => <th key={j}>{j}</th>)}</tr></thead>
          <tbody>
            {ag.judges.map((a) => (
              <tr key={a}>
                <th>{a}</th>
                {ag.judges.map((b) => {
                  if (a === b) return <td key={b}>·</td>;
                  const c = ag.cells[a][b];
                  return (
                    <td key={b} data-testid={`labels.kappa.${a}.${b}`} data-value={c.kappa ?? ''}>
                      {c.kappa === null ? '—' : c.kappa.toFixed(3)} <small>({c.shared})</small>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
