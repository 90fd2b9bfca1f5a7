// ESIM: the query-token × doc-token alignment the head computes (raw e_ij, or
// the softmax in either direction), the tokens it weighs most, its score
// beside the plain dot product — and a check that the head's softmaxes are
// softmax(e) as the math says (src/core/esim.ts).
import { useMemo, type ReactNode } from 'react';
import { Heatmap } from '../../components/Heatmap';
import { fmt, scaleFor } from '../../components/HeatmapScale';
import { crop, matrix, SPECIAL_TOKENS, visibleTokens, type Matrix } from '../../core/attention';
import { maxAbsDiff, softmax, tokenWeights, topTokens } from '../../core/esim';
import type { ManifestModel } from '../../runtime/api';
import type { HeadResult } from '../../runtime/inspect/inspectHeads';
import type { Tensor32 } from '../../runtime/inspect/inspectTypes';
import { useLab } from '../../state/store';
import type { EsimView } from '../../core/domain';
import { HeadFactsNote } from './HeadFactsNote';
import { RunNote } from './RunNote';
import { TokenChips } from './TokenChips';
import type { Run } from './useInspectRun';

const VIEWS: Record<EsimView, string> = { raw: 'raw e_ij', queryToDoc: 'softmax over doc tokens (query → doc)', docToQuery: 'softmax over query tokens (doc → query)' };
const asMatrix = (t: Tensor32): Matrix => matrix(t.dims[0], t.dims[1], t.data);

export function EsimSection({ run, headId, entry, pairTag }: { run: Run<HeadResult>; headId: string | null; entry?: ManifestModel; pairTag: readonly string[] }) {
  const opts = useLab((s) => s.inspectOptions);
  const set = useLab((s) => s.setInspectOptions);
  const r = run.data;
  const derived = useMemo(() => {
    if (!r?.esim) return null;
    const raw = asMatrix(r.esim.raw), a = asMatrix(r.esim.queryToDoc), b = asMatrix(r.esim.docToQuery);
    const check = Math.max(maxAbsDiff(softmax(raw, 'row'), a), maxAbsDiff(softmax(raw, 'col'), b));
    const w = tokenWeights({ queryToDoc: a, docToQuery: b });
    const skipQ = new Set(r.queryTokens.flatMap((t, i) => (SPECIAL_TOKENS.has(t) ? [i] : [])));
    const skipD = new Set(r.docTokens.flatMap((t, i) => (SPECIAL_TOKENS.has(t) ? [i] : [])));
    return { mats: { raw, queryToDoc: a, docToQuery: b }, check, w, coreQ: topTokens(w.query, 2, skipQ), coreD: topTokens(w.doc, 4, skipD) };
  }, [r]);
  const { rows, cols, shown } = useMemo(() => {
    const rows = r ? visibleTokens(r.queryTokens, opts.hideSpecial) : [];
    const cols = r ? visibleTokens(r.docTokens, opts.hideSpecial) : [];
    return { rows, cols, shown: derived ? crop(derived.mats[opts.esimView], rows, cols) : null };
  }, [r, derived, opts.hideSpecial, opts.esimView]);
  if (!headId) return <Shell><p className="muted" data-testid="inspect.esim.none">No ESIM head in models/manifest.json yet.</p></Shell>;
  const wq = derived ? Array.from(derived.w.query) : [];
  const wd = derived ? Array.from(derived.w.doc) : [];
  const wScale = scaleFor([...wq, ...wd], 'seq');
  return (
    <Shell>
      <HeadFactsNote entry={entry} testId="inspect.esim.facts" />
      <RunNote run={run} testId="inspect.esim.note" />
      {r && !r.esim && <p className="error">Head {r.headId} returned no alignment outputs (has {Object.keys(r.outputs).join(', ')}).</p>}
      {r && derived && shown && (
        <>
          <p className="inspect-scores">
            ESIM head <code>{r.headId}</code> on <code>{r.baseTower}</code>: score{' '}
            <b data-testid="inspect.esim.score" data-value={r.score}>{fmt(r.score)}</b> · plain dot product sigmoid(q·d){' '}
            <b data-testid="inspect.esim.dot-score" data-value={r.dotScore}>{fmt(r.dotScore)}</b>{' '}
            <span className="muted" data-testid="inspect.esim.check" data-max-diff={derived.check}>
              (head softmaxes vs softmax(e): max |Δ| {derived.check.toExponential(1)})
            </span>
          </p>
          <p data-testid="inspect.esim.core-terms" data-query={JSON.stringify(derived.coreQ.map((i) => r.queryTokens[i]))} data-doc={JSON.stringify(derived.coreD.map((i) => r.docTokens[i]))}>
            core terms — query:{' '}
            <TokenChips testId="inspect.esim.weights.query" scale={wScale} chips={rows.map((i) => ({ token: r.queryTokens[i], pos: i, value: wq[i], strong: derived.coreQ.includes(i) }))} />
            {' '}doc:{' '}
            <TokenChips testId="inspect.esim.weights.doc" scale={wScale} chips={cols.map((j) => ({ token: r.docTokens[j], pos: j, value: wd[j], strong: derived.coreD.includes(j) }))} />
          </p>
          <label className="inspect-block">
            show{' '}
            <select data-testid="inspect.esim.view" value={opts.esimView} onChange={(e) => set({ esimView: e.target.value as EsimView })}>
              {(Object.keys(VIEWS) as EsimView[]).map((k) => <option key={k} value={k}>{VIEWS[k]}</option>)}
            </select>
          </label>
          <Heatmap
            testId="inspect.esim.matrix"
            matrix={shown}
            rowLabels={rows.map((i) => r.queryTokens[i])}
            colLabels={cols.map((j) => r.docTokens[j])}
            kind={opts.esimView === 'raw' ? 'div' : 'seq'}
            axes={['query', 'doc']}
            title={`ESIM ${VIEWS[opts.esimView]}`}
            exportName={['esim', r.headId, opts.esimView, ...pairTag]}
          />
        </>
      )}
    </Shell>
  );
}

function Shell({ children }: { children: ReactNode }) {
  return (
    <section className="inspect-section" data-testid="inspect.esim">
      <h3>ESIM alignment</h3>
      {children}
    </section>
  );
}
