// Labelling mode: one (query, doc) pair at a time from the queue, graded 0–3
// from the keyboard; every grade goes to IndexedDB as it is given. Below the
// card: import/export in the standard formats and labeller agreement.
import { useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { labStore, useLab } from '../../state/store';
import { DEFAULT_SCORE_REQUEST, runsFromScores, useModelScores } from '../../services/metrics/useModelScores';
import { useImportedRuns } from '../../services/metrics/importedRuns';
import { LabelsLiveMetrics } from './LabelsLiveMetrics';
import { LabelCard } from './LabelCard';
import { LabelsToolbar } from './LabelsToolbar';
import { LabelsIO } from './LabelsIO';
import { LabelsAgreement } from './LabelsAgreement';
import { labelService } from '../../services/labels/labelService';
import { actionForKey, typingInField } from './keys';
import { rankingsFromRuns, shownModelIds } from './rankings';
import { useLabelQueue, type LabelQueue } from './useLabelQueue';
import { useLabelViews } from './useLabelViews';
import { useWorld, type World } from '../../services/labels/world';
import '../../components/controls.css';
import './labels.css';

export function LabelsPanel() {
  const w = useWorld();
  if (w.status === 'loading') return <EmptyState testId="labels.loading">Loading the demo world…</EmptyState>;
  if (w.status === 'error') return <p className="error" data-testid="labels.error">{w.error}</p>;
  return <Labelling world={w.world} />;
}

function useKeyboard(q: LabelQueue): void {
  const ref = useRef(q);
  useEffect(() => { ref.current = q; });
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (typingInField(e.target)) return;
      const a = actionForKey(e);
      if (!a) return;
      e.preventDefault();
      const cur = ref.current;
      if (a.type === 'grade') cur.grade(a.grade);
      else if (a.type === 'undo') cur.undo();
      else if (a.type === 'skip') cur.skip();
      else cur.next();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

function Labelling({ world }: { world: World }) {
  const cfg = useLab((s) => s.queue);
  const scores = useModelScores(world, { ...DEFAULT_SCORE_REQUEST, split: cfg.split, channel: 'labels' });
  const blind = useLab((s) => s.blind);
  const labeller = useLab((s) => s.labeller);
  const svc = labelService(() => labStore.getState().bumpLabels());
  const snap = useSyncExternalStore(svc.subscribe, svc.getSnapshot);
  const imported = useImportedRuns();
  const modelRuns = useMemo(() => (scores.status === 'ready' ? runsFromScores(scores.scores, scores.rows) : {}), [scores]);
  const runs = useMemo(() => ({ ...modelRuns, ...imported }), [modelRuns, imported]);
  const rankings = useMemo(() => rankingsFromRuns(runs), [runs]);
  const shown = useMemo(() => shownModelIds(scores.status === 'ready' ? scores.models : [], Object.keys(rankings)), [scores, rankings]);
  const fineId = scores.status === 'ready' ? scores.scores.fineModelId : undefined;
  const q = useLabelQueue(world, rankings, shown);
  const views = useLabelViews(world, snap.labels, runs, cfg.split, fineId);
  useKeyboard(q);
  const mine = useMemo(() => {
    let n = 0;
    for (const l of snap.labels) if (l.labeller === labeller) n++;
    return n;
  }, [snap.labels, labeller]);
  const item = q.current >= 0 ? q.queue[q.current] : undefined;
  return (
    <div className="labels">
      <LabelsToolbar models={Object.keys(rankings)} />
      <p className="label-status">
        <span data-testid="labels.progress">{q.pending} of {q.queue.length} pairs pending</span>
        {' · '}<span data-testid="labels.mine" data-count={mine}>{mine} graded by {labeller}</span>
        {' · '}<span data-testid="labels.total" data-count={snap.labels.length}>{snap.labels.length} lab labels in all</span>
        {' · '}
        <span data-testid="labels.save-status" data-pending={snap.pending} data-status={snap.status}>
          {snap.status === 'loading' ? 'opening the label store…' : snap.pending > 0 ? `saving ${snap.pending}…` : 'all saved'}
        </span>
      </p>
      {snap.error && <p className="error" data-testid="labels.store-error">{snap.error}</p>}
      {scores.status !== 'ready' && Object.keys(imported).length === 0 && (
        <p className="label-note" data-testid="labels.no-models">
          {scores.status === 'none' ? scores.reason : scores.status === 'loading' ? scores.note : scores.status === 'error' ? scores.error : ''}
          {' '}Pairs come from the judged pairs of the split.
        </p>
      )}
      {snap.status === 'loading'
        ? <EmptyState testId="labels.store-loading">Opening the label store…</EmptyState>
        : item
          ? <LabelCard item={item} world={world} q={q} blind={blind} />
          : <EmptyState testId="labels.queue-empty">Nothing left in this queue: every pair has a grade from {labeller} or was skipped.</EmptyState>}
      {Object.keys(runs).length > 0 && <LabelsLiveMetrics state={views} />}
      <LabelsIO world={world} />
      <LabelsAgreement ag={views.views?.agreement ?? null} />
    </div>
  );
}
