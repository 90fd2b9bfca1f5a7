// The inspect panel: one (query, doc) pair — from a ranking row, a doc of the
// set, or two typed texts — seen through every model: attention grids and
// maps, the ESIM alignment, the multi-head weights, teacher vs student, and
// leave-one-out token contributions. Runs go to a separate inspect worker,
// so the ranking panel's typing never waits for them.
import { useMemo } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { inspectClient } from '../../runtime/inspect/inspectClient';
import { useLab } from '../../state/store';
import { useClientSnapshot } from '../../services/lab/useRuntime';
import { AttentionSection } from './AttentionSection';
import { ContribSection } from './ContribSection';
import { EsimSection } from './EsimSection';
import { InspectModelsBar } from './InspectModelsBar';
import { chooseId, defaultStudent, headOfType, inspectModels } from './models';
import { MultiHeadSection } from './MultiHeadSection';
import { pairTag, resolvePair } from './pair';
import { PairPicker } from './PairPicker';
import { TeacherStudentSection } from './TeacherStudentSection';
import { useInspectRun, useInspectRuntime } from './useInspectRun';
import './inspect.css';

export function InspectPanel() {
  const pair = useLab((s) => s.pair);
  const opts = useLab((s) => s.inspectOptions);
  const snap = useClientSnapshot();
  const rt = useInspectRuntime();
  const models = useMemo(() => inspectModels(snap.manifest), [snap.manifest]);
  const resolved = useMemo(() => resolvePair(pair, snap.rows), [pair, snap.rows]);
  const ids = {
    tower: chooseId(opts.towerId, models.inspectTowers),
    teacher: chooseId(opts.teacherId, models.teachers),
    student: opts.studentId && models.students.some((m) => m.id === opts.studentId) ? opts.studentId : chooseId(null, defaultStudent(models.students), 'last'),
    esim: headOfType(models.heads, 'esim'),
    multi: headOfType(models.heads, 'multihead'),
  };
  const p = rt.ready && resolved && !('error' in resolved) ? resolved : null;
  const tag = resolved && !('error' in resolved) ? pairTag(resolved) : [];
  const args = p ? { query: p.query, docText: p.docText } : { query: '', docText: '' };
  const k = (...parts: (string | null)[]) => (p && parts.every(Boolean) ? [...parts, p.key].join('|') : null);
  const tower = useInspectRun(k('tower', ids.tower), () => inspectClient.towerPair({ modelId: ids.tower!, ...args }));
  const cross = useInspectRun(k('cross', models.fine?.id ?? null), () => inspectClient.crossPair(args));
  const esim = useInspectRun(k('head', ids.esim), () => inspectClient.headPair({ headId: ids.esim!, ...args }));
  const multi = useInspectRun(k('head', ids.multi), () => inspectClient.headPair({ headId: ids.multi!, ...args }));
  const teacher = useInspectRun(k('tower', ids.teacher), () => inspectClient.towerPair({ modelId: ids.teacher!, ...args }));
  const student = useInspectRun(k('tower', ids.student), () => inspectClient.towerPair({ modelId: ids.student!, ...args }));
  const rankArgs = { ...args, doc: p?.docIndex, docsetSha: snap.docs?.sha256 ?? '', count: snap.docs?.count ?? 0 };
  const teacherRank = useInspectRun(k('rank', ids.teacher, snap.docs?.sha256 ?? null), () => inspectClient.rankOf({ modelId: ids.teacher!, ...rankArgs }));
  const studentRank = useInspectRun(k('rank', ids.student, snap.docs?.sha256 ?? null), () => inspectClient.rankOf({ modelId: ids.student!, ...rankArgs }));
  const contrib = useInspectRun(k('contrib', ids.tower), () => inspectClient.contributions({ modelId: ids.tower!, ...args }));
  return (
    <div className="inspect" data-testid="inspect.root" data-ready={rt.ready}>
      <PairPicker key={JSON.stringify(pair)} rows={snap.rows} />
      {rt.error && <p className="error" data-testid="inspect.runtime-error">The inspect runtime did not start: {rt.error}</p>}
      {snap.manifestError && <p className="error">{snap.manifestError}</p>}
      {resolved && 'error' in resolved && <p className="error" data-testid="inspect.pair-error">{resolved.error}</p>}
      {!resolved && (
        <EmptyState testId="inspect.empty">Pick a result row in the ranking panel, choose a doc of the set, or type two texts, to see attention maps, ESIM alignments and token contributions here.</EmptyState>
      )}
      {resolved && !('error' in resolved) && (
        <>
          <p className="inspect-pair" data-testid="inspect.pair" data-query={resolved.query} data-doc-text={resolved.docText} data-docid={resolved.docId ?? ''}>
            <b>{resolved.query}</b> × {resolved.docId && <code>{resolved.docId}</code>} <span>{resolved.docText}</span>
            {!rt.ready && !rt.error && <span className="muted"> — starting the inspect runtime…</span>}
          </p>
          <InspectModelsBar models={models} ids={ids} />
          <AttentionSection tower={tower} cross={cross} pairTag={tag} />
          <EsimSection run={esim} headId={ids.esim} entry={models.heads.find((h) => h.id === ids.esim)} pairTag={tag} />
          <MultiHeadSection run={multi} headId={ids.multi} entry={models.heads.find((h) => h.id === ids.multi)} />
          <TeacherStudentSection teacher={teacher} student={student} teacherRank={teacherRank} studentRank={studentRank} pairTag={tag} />
          <ContribSection run={contrib} />
        </>
      )}
    </div>
  );
}
