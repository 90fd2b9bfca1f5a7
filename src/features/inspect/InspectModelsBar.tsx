// Which towers the panel inspects: the tower for attention and token
// contributions, and the teacher/student pair for the comparison.
import type { ManifestModel } from '../../runtime/api';
import { useLab } from '../../state/store';
import type { InspectOptions } from '../../state/slices/inspect';
import type { InspectModels } from './models';

function Pick({ label, value, offered, testId, field }: { label: string; value: string | null; offered: ManifestModel[]; testId: string; field: keyof Pick<InspectOptions, 'towerId' | 'teacherId' | 'studentId'> }) {
  const set = useLab((s) => s.setInspectOptions);
  return (
    <label>
      {label}{' '}
      <select data-testid={testId} value={value ?? ''} disabled={!offered.length} onChange={(e) => set({ [field]: e.target.value })}>
        {!offered.length && <option value="">none with an inspect graph</option>}
        {offered.map((m) => <option key={m.id} value={m.id}>{m.id}{m.layers ? ` (${m.layers}-layer)` : ''}</option>)}
      </select>
    </label>
  );
}

export function InspectModelsBar({ models, ids }: { models: InspectModels; ids: { tower: string | null; teacher: string | null; student: string | null; esim: string | null; multi: string | null } }) {
  return (
    <div className="inspect-models" data-testid="inspect.models">
      <Pick label="tower" value={ids.tower} offered={models.inspectTowers} testId="inspect.tower" field="towerId" />
      <Pick label="teacher" value={ids.teacher} offered={models.teachers} testId="inspect.teacher" field="teacherId" />
      <Pick label="student" value={ids.student} offered={models.students} testId="inspect.student" field="studentId" />
      <span className="muted">
        fine ranker: {models.fine?.id ?? 'none'} · heads: {models.heads.map((h) => h.id).join(', ') || 'none yet'}
      </span>
    </div>
  );
}
