// Token contributions to the two-tower score: the change of the logit q·d when
// each query or doc token is left out (all variants encoded in one batch). Red =
// the logit drops without the token (the match leans on it). NOTE: the logit,
// not sigmoid(q·d): a saturated probability moves by 1e-7 and coloured noise.
import { fmt, scaleFor } from '../../components/HeatmapScale';
import type { Contributions } from '../../runtime/inspect/inspectContrib';
import { RunNote } from './RunNote';
import { TokenChips } from './TokenChips';
import type { Run } from './useInspectRun';

export function ContribSection({ run }: { run: Run<Contributions> }) {
  const c = run.data;
  // Negative change = the token helped; flip the sign so "helped" is red.
  const scale = c ? scaleFor([...c.query, ...c.doc].map((x) => -x.change), 'div') : null;
  return (
    <section className="inspect-section" data-testid="inspect.contrib">
      <h3>Token contributions</h3>
      <RunNote run={run} testId="inspect.contrib.note" />
      {c && scale && (
        <>
          <p className="muted" data-testid="inspect.contrib.summary" data-score={c.score} data-logit={c.logit} data-batch={c.batchRows}>
            {c.modelId}: score {fmt(c.score)} (logit q·d = {c.logit.toFixed(3)}); {c.batchRows} inputs in one batch. Colour = how much the logit drops when the token is left out (red: it helped; blue: the logit rises without it).
          </p>
          <div>query{' '}
            <TokenChips testId="inspect.contrib.query" scale={scale} unit="(logit drop)" chips={c.query.map((x) => ({ token: x.token, pos: x.pos, value: -x.change }))} />
          </div>
          <div>doc{' '}
            <TokenChips testId="inspect.contrib.doc" scale={scale} unit="(logit drop)" chips={c.doc.map((x) => ({ token: x.token, pos: x.pos, value: -x.change }))} />
          </div>
        </>
      )}
    </section>
  );
}
