// Teacher vs student for this pair: both towers' scores and ranks side by
// side, and their attention layer-mapped with a similarity figure per layer; a
// row opens both maps. The mapping is a choice (core/attentionCompare.ts):
// uniform (student m ↔ teacher 3m, what the students start from), the
// teacher's last layers, or the most similar teacher layer per student layer.
import { useMemo, useState } from 'react';
import { Heatmap } from '../../components/Heatmap';
import { fmt, scaleFor } from '../../components/HeatmapScale';
import { attentionFromOutput, visibleTokens } from '../../core/attention';
import { LAYER_MAPPING_MODES, layerSimilarities, type LayerMappingMode } from '../../core/attentionCompare';
import type { TowerPair } from '../../runtime/inspect/inspectEngine';
import type { RankOf } from '../../runtime/inspect/inspectRank';
import { useLab } from '../../state/store';
import { RunNote } from './RunNote';
import type { Run } from './useInspectRun';

type Side = 'query' | 'doc';

type Sims = { keep: number[]; labels: string[]; sims: ReturnType<typeof layerSimilarities> } | { error: string };

const MODE_LABEL: Record<LayerMappingMode, string> = {
  uniform: 'uniform (student m ↔ teacher 3m)',
  last: "teacher's last layers",
  best: 'most similar teacher layer',
};

function useSims(t: TowerPair | null, s: TowerPair | null, side: Side, hide: boolean, mode: LayerMappingMode): Sims | null {
  return useMemo((): Sims | null => {
    if (!t || !s) return null;
    try {
      const keep = visibleTokens(t[side].tokens, hide);
      const ta = attentionFromOutput(t[side].attentions.dims, t[side].attentions.data);
      const sa = attentionFromOutput(s[side].attentions.dims, s[side].attentions.data);
      return { keep, labels: keep.map((i) => t[side].tokens[i]), sims: layerSimilarities(ta, sa, keep, mode) };
    } catch (e) {
      return { error: (e as Error).message };
    }
  }, [t, s, side, hide, mode]);
}

function RankCell({ r, testId }: { r: Run<RankOf>; testId: string }) {
  if (r.pending) return <td className="muted" data-testid={testId}>…</td>;
  if (r.error) return <td className="error" data-testid={testId}>{r.error}</td>;
  const x = r.data;
  if (!x) return <td data-testid={testId} />;
  return <td data-testid={testId} data-rank={x.rank ?? ''} title={x.note ?? `among ${x.of} docs (${x.source} index)`}>{x.rank === null ? '—' : `${x.rank} / ${x.of}`}</td>;
}

export function TeacherStudentSection(p: { teacher: Run<TowerPair>; student: Run<TowerPair>; teacherRank: Run<RankOf>; studentRank: Run<RankOf>; pairTag: readonly string[] }) {
  const hide = useLab((s) => s.inspectOptions.hideSpecial);
  const [side, setSide] = useState<Side>('query');
  const [open, setOpen] = useState(-1);
  const [mode, setMode] = useState<LayerMappingMode>('uniform');
  const t = p.teacher.data, s = p.student.data;
  const res = useSims(t, s, side, hide, mode);
  const scale = useMemo(() => (res && 'sims' in res ? scaleFor(res.sims.flatMap((x) => [...x.teacherMap.data, ...x.studentMap.data]), 'seq') : undefined), [res]);
  const row = res && 'sims' in res ? res.sims[open] : undefined;
  return (
    <section className="inspect-section" data-testid="inspect.ts">
      <h3>Teacher vs student</h3>
      <RunNote run={p.teacher} testId="inspect.ts.teacher.note" />
      <RunNote run={p.student} testId="inspect.ts.student.note" />
      {t && s && (
        <table className="inspect-table" data-testid="inspect.ts.scores">
          <thead><tr><th>tower</th><th>layers</th><th title="sigmoid(a·q·d + b): a, b the tower's calibration (manifest logit_scale, logit_bias)">score sigmoid(a·q·d + b)</th><th>rank of the doc</th></tr></thead>
          <tbody>
            <tr><td>{t.modelId}</td><td>{t.query.attentions.dims[1]}</td><td data-testid="inspect.ts.teacher.score" data-value={t.score}>{fmt(t.score)}</td><RankCell r={p.teacherRank} testId="inspect.ts.teacher.rank" /></tr>
            <tr><td>{s.modelId}</td><td>{s.query.attentions.dims[1]}</td><td data-testid="inspect.ts.student.score" data-value={s.score}>{fmt(s.score)}</td><RankCell r={p.studentRank} testId="inspect.ts.student.rank" /></tr>
          </tbody>
        </table>
      )}
      {res && 'error' in res && <p className="error">{res.error}</p>}
      {res && 'sims' in res && (
        <>
          <label>
            attention of the{' '}
            <select data-testid="inspect.ts.side" value={side} onChange={(e) => { setSide(e.target.value as Side); setOpen(-1); }}>
              <option value="query">query</option>
              <option value="doc">doc</option>
            </select>{' '}
            side, head means; layers mapped by{' '}
            <select data-testid="inspect.ts.mapping" value={mode} onChange={(e) => { setMode(e.target.value as LayerMappingMode); setOpen(-1); }}>
              {LAYER_MAPPING_MODES.map((m) => <option key={m} value={m}>{MODE_LABEL[m]}</option>)}
            </select>; click a row for both maps
          </label>
          <table className="inspect-table clickable" data-testid="inspect.ts.layers" data-side={side} data-mapping={mode} data-similarities={JSON.stringify(res.sims.map((x) => ({ student: x.student, teacher: x.teacher, cosine: x.cosine, jsd: x.jsd })))}>
            <thead><tr><th>student layer</th><th>teacher layer</th><th>cosine</th><th>JS divergence</th><th>mean |Δ|</th></tr></thead>
            <tbody>
              {res.sims.map((x, k) => (
                <tr key={x.student} className={open === k ? 'selected' : ''} onClick={() => setOpen(open === k ? -1 : k)} data-testid="inspect.ts.layer">
                  <td>{x.student}</td><td>{x.teacher}</td><td>{x.cosine.toFixed(3)}</td><td>{x.jsd.toFixed(3)}</td><td>{x.meanAbsDiff.toFixed(4)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {row && (
            <div className="inspect-pair-maps">
              <Heatmap testId="inspect.ts.teacher-map" matrix={row.teacherMap} rowLabels={res.labels} colLabels={res.labels} scale={scale} maxCell={18} axes={['from', 'to']} title={`${t!.modelId} layer ${row.teacher} (head mean)`} exportName={['attention', t!.modelId, side, `L${row.teacher}`, 'mean', ...p.pairTag]} />
              <Heatmap testId="inspect.ts.student-map" matrix={row.studentMap} rowLabels={res.labels} colLabels={res.labels} scale={scale} maxCell={18} axes={['from', 'to']} title={`${s!.modelId} layer ${row.student} (head mean)`} exportName={['attention', s!.modelId, side, `L${row.student}`, 'mean', ...p.pairTag]} />
            </div>
          )}
        </>
      )}
    </section>
  );
}
