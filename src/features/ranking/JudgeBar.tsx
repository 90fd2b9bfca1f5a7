// The judgment loop's line above the columns: whose grades the badges and the
// columns' nDCG@10 show (the label source), and how to add one.
import { LABEL_SOURCES } from '../../services/labels/labelSources';
import { useLab } from '../../state/store';
import type { LabelSource } from '../../core/domain';

export function JudgeBar({ qid, source }: { qid: string; source: LabelSource }) {
  const labeller = useLab((s) => s.labeller);
  const setSource = useLab((s) => s.setLabelSource);
  return (
    <div className="judge-bar muted" data-testid="ranking.judge" data-qid={qid} data-source={source}>
      grades by{' '}
      <select data-testid="ranking.label-source" value={source} onChange={(e) => setSource(e.target.value as LabelSource)}>
        {LABEL_SOURCES.map((s) => <option key={s.id} value={s.id}>{s.label}</option>)}
      </select>
      {' '}for <code>{qid}</code> · focus a row (Tab) and press 0–3 to grade it as <b>{labeller}</b>
      {source === 'truth' && <> — <span className="warning">the ground truth ignores lab grades: pick “human” or “both” to see yours count</span></>}
    </div>
  );
}
