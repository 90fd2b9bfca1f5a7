// The judgment loop in the ranking view (Quepid-style): the grades of the
// query on screen from the current label source, and a way to give one. The
// query is a demo query (its qid) or free text (qid "text:<query>").
// NOTE: only this query's labels are read (a filter over the snapshot), and the
// grades go through the same qrelsForSource as the metrics, so a badge, the
// column's nDCG and the Metrics panel agree.
import { useCallback, useMemo, useSyncExternalStore } from 'react';
import type { Grade } from '../../data/labelStore';
import { labStore, useLab } from '../../state/store';
import type { LabelSource } from '../../core/domain';
import { qrelsForSource } from '../../services/labels/labelSources';
import { labelService } from '../../services/labels/labelService';
import { useJudged } from '../../services/labels/world';

export interface Judgments {
  qid: string;
  source: LabelSource;
  /** docid → grade of this query under the label source */
  grades: Readonly<Record<string, number>>;
  grade: (docid: string, g: Grade) => void;
}

/** The qid a typed query is graded under. */
export function qidOf(query: string, byText: ReadonlyMap<string, string>): string {
  const t = query.trim();
  return byText.get(t) ?? `text:${t}`.slice(0, 200);
}

/** `enabled`: load the queries and qrels (after the first answer: the cold start never waits for them). */
export function useJudgments(query: string, enabled: boolean): Judgments | null {
  const world = useJudged(enabled);
  const svc = labelService(() => labStore.getState().bumpLabels());
  const snap = useSyncExternalStore(svc.subscribe, svc.getSnapshot);
  const source = useLab((s) => s.labelSource);
  const labeller = useLab((s) => s.labeller);
  const byText = useMemo(() => new Map(world?.queries.map((q) => [q.text, q.qid]) ?? []), [world]);
  const qid = qidOf(query, byText);
  const grades = useMemo(() => {
    if (!world) return {};
    const mine = snap.labels.filter((l) => l.qid === qid);
    const one = (q: Record<string, Record<string, number>>) => ({ [qid]: q[qid] ?? {} });
    return qrelsForSource(source, one(world.truth), one(world.human), mine)[qid] ?? {};
  }, [world, snap.labels, qid, source]);
  // Stable while the query and labeller are: the memoised columns re-render for a grade, not for every render.
  const grade = useCallback((docid: string, g: Grade) => {
    svc.give({ qid, docid, grade: g, labeller, time: Date.now() }).catch(() => undefined); // a failed write shows in the label service's error
  }, [svc, qid, labeller]);
  if (!world || !query.trim()) return null;
  return { qid, source, grades, grade };
}
