// The ranking panel: type a query, every selected model ranks the whole doc
// set (two-tower sigmoid(q·d), brute force), BM25 beside them, and the fine
// ranker re-scores each column's top-K as the next stage would.
import { useCallback, useLayoutEffect, useMemo } from 'react';
import { arrangeColumns, movePin, togglePin } from '../../core/columnLayout';
import { SHARE_LIMITS } from '../../data/shareState';
import { hasTowerResults, type RankResponse } from '../../runtime/api';
import { mark } from '../../runtime/timeline';
import { useLab } from '../../state/store';
import { ModelsBar } from '../../components/ModelsBar';
import { useClientSelect } from '../../services/lab/useRuntime';
import { CompareBar } from './CompareBar';
import { RankColumnView } from './RankColumnView';
import { useRanking } from './useRanking';
import { useJudgments } from './useJudgments';
import { JudgeBar } from './JudgeBar';
import { LayoutBar } from './LayoutBar';
import type { ZoneFilter } from '../../core/domain';
import './ranking.css';

/** Each figure names what it times: the answer's wait, the worker's work, the shared fine pass. */
function statusLine(r: RankResponse): string {
  const fine = r.columns.find((c) => c.kind === 'fine')?.timings.rerankMs;
  const wait = r.roundTripMs !== undefined ? Math.max(0, r.roundTripMs - r.totalMs) : null;
  return [
    wait !== null ? `answer in ${r.roundTripMs!.toFixed(0)} ms (ranking ${r.totalMs.toFixed(0)} ms + queue and messaging ${wait.toFixed(0)} ms)` : `ranking ${r.totalMs.toFixed(0)} ms`,
    fine !== undefined ? `fine ranker re-scored the ${r.poolSize} pooled docs in ${fine.toFixed(0)} ms` : `${r.poolSize} pooled docs`,
  ].join(' · ');
}

export function RankingPanel() {
  const query = useLab((s) => s.query);
  const setQuery = useLab((s) => s.setQuery);
  const zone = useLab((s) => s.zone);
  const setZone = useLab((s) => s.setZone);
  const topK = useLab((s) => s.topK);
  const setTopK = useLab((s) => s.setTopK);
  const setPair = useLab((s) => s.setPair);
  const setPanel = useLab((s) => s.setPanel);
  const layout = useLab((s) => s.rankLayout);
  const setLayout = useLab((s) => s.setRankLayout);
  // NOTE: rows and the doc count only — progress events (encoding) re-render the Models bar, not the rows.
  const rows = useClientSelect((s) => s.rows);
  const docCount = useClientSelect((s) => s.docs?.count);
  const { response, error, pending } = useRanking();
  const judge = useJudgments(query, response !== null);
  // A layout effect: it runs as the rows enter the DOM (a passive effect can wait for a frame).
  useLayoutEffect(() => {
    if (response && hasTowerResults(response)) mark('page: first tower rows in the DOM');
  }, [response]);
  const pick = useCallback((docId: string) => {
    setPair({ query, docId });
    setPanel('inspect');
  }, [query, setPair, setPanel]);
  // Pinned columns first (BM25 and the fine ranker by default), so the baselines sit above the fold.
  const arranged = useMemo(() => (response ? arrangeColumns(response.columns, layout.pinned) : []), [response, layout.pinned]);
  const shownKeys = useMemo(() => arranged.map((c) => c.key), [arranged]);
  const pinCount = arranged.filter((c) => c.pin >= 0).length;
  const onPin = useCallback((key: string) => setLayout({ pinned: togglePin(layout.pinned, key) }), [layout.pinned, setLayout]);
  const onMove = useCallback((key: string, dir: -1 | 1) => setLayout({ pinned: movePin(layout.pinned, key, dir, shownKeys) }), [layout.pinned, shownKeys, setLayout]);
  return (
    <div className="ranking">
      <ModelsBar />
      <div className="ranking-controls">
        <input
          data-testid="ranking.query"
          className="query-input"
          placeholder="type a query, e.g. 琅琊榜 第3集"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          autoFocus
        />
        <label>
          zone{' '}
          <select data-testid="ranking.zone" value={zone} onChange={(e) => setZone(e.target.value as ZoneFilter)}>
            <option value="all">all</option>
            <option value="premium">premium</option>
            <option value="short">short-video</option>
          </select>
        </label>
        <label>
          top-K{' '}
          <input data-testid="ranking.topk" type="number" min={SHARE_LIMITS.topKMin} max={SHARE_LIMITS.topKMax} value={topK} onChange={(e) => setTopK(Number(e.target.value))} />
        </label>
        {/* data-ms: the round trip (sent → answered, the worker's queue included), not only the engine's part. */}
        <span className="muted" data-testid="ranking.status" data-pending={pending} data-ms={response?.roundTripMs ?? response?.totalMs}>
          {pending ? 'ranking…' : response ? statusLine(response) : ''}
        </span>
      </div>
      {error && <p className="error" data-testid="ranking.error">Ranking failed: {error}</p>}
      {!query.trim() && <p className="empty" data-testid="ranking.empty">Type a query to rank {docCount !== undefined ? `${docCount} docs` : 'the doc set'} with every model.</p>}
      {response && query.trim() && (
        <>
          {/* NOTE: one line at 1280 px: every line above the columns pushes their rows below the fold */}
          <div className="ranking-bars">
            <CompareBar response={response} rows={rows} />
            <LayoutBar columns={arranged.map((a) => ({ key: a.key, label: a.column.kind === 'bm25' ? 'BM25' : a.column.modelId, pin: a.pin }))} />
          </div>
          {judge && <JudgeBar qid={judge.qid} source={judge.source} />}
          <div className={`rank-columns${layout.compact ? ' compact' : ''}`} data-testid="ranking.columns" data-query={response.query} data-compact={layout.compact}
            data-order={arranged.map((a) => a.column.modelId).join(',')}>
            {arranged.map(({ column: c, pin }) => (
              <RankColumnView key={c.modelId} c={c} rows={rows} query={response.query} onPick={pick} grades={judge?.grades} onGrade={judge?.grade}
                pin={pin} pinCount={pinCount} onPin={onPin} onMove={onMove} compact={layout.compact} />
            ))}
          </div>
        </>
      )}
    </div>
  );
}
