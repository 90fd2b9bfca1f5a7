// Multi-head soft attention: the head's weights over its K heads for this
// pair and each head's own similarity s_k; the score is α·(q·d) + Σ w_k s_k + β.
// What the head is (base tower, shipped checkpoint) comes first: a head kept
// at step 0 shows s_k = 0 by construction.
import { fmt } from '../../components/HeatmapScale';
import type { ManifestModel } from '../../runtime/api';
import type { HeadResult } from '../../runtime/inspect/inspectHeads';
import { HeadFactsNote } from './HeadFactsNote';
import { RunNote } from './RunNote';
import type { Run } from './useInspectRun';

export function MultiHeadSection({ run, headId, entry }: { run: Run<HeadResult>; headId: string | null; entry?: ManifestModel }) {
  const r = run.data;
  const mh = r?.multihead;
  return (
    <section className="inspect-section" data-testid="inspect.multihead">
      <h3>Multi-head</h3>
      {!headId && <p className="muted" data-testid="inspect.multihead.none">No multi-head head in models/manifest.json yet.</p>}
      <HeadFactsNote entry={entry} testId="inspect.multihead.facts" />
      <RunNote run={run} testId="inspect.multihead.note" />
      {r && !mh && <p className="error">Head {r.headId} returned no per-head weights (has {Object.keys(r.outputs).join(', ')}).</p>}
      {r && mh && (
        <>
          <p className="inspect-scores">
            head <code>{r.headId}</code> on <code>{r.baseTower}</code>: score <b data-testid="inspect.multihead.score" data-value={r.score}>{fmt(r.score)}</b>
            {' '}· plain dot product <b data-testid="inspect.multihead.dot-score" data-value={r.dotScore}>{fmt(r.dotScore)}</b>
          </p>
          <table className="inspect-table" data-testid="inspect.multihead.table" data-weights={JSON.stringify(Array.from(mh.weights))} data-scores={JSON.stringify(Array.from(mh.scores))}>
            <thead><tr><th>head</th><th>weight w_k</th><th /><th>similarity s_k</th><th>w_k·s_k</th></tr></thead>
            <tbody>
              {Array.from(mh.weights, (w, k) => (
                <tr key={k}>
                  <td>{k + 1}</td>
                  <td>{fmt(w)}</td>
                  <td><span className="bar" style={{ width: `${Math.round(w * 120)}px` }} /></td>
                  <td>{fmt(mh.scores[k])}</td>
                  <td>{fmt(w * mh.scores[k])}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
