// Attention of the query tower, the doc tower and the fine ranker: one grid
// per model (every map small, layers down, heads across), the toggles, and
// the selected map in detail with tokens on both axes.
import { useEffect, useMemo } from 'react';
import { Heatmap } from '../../components/Heatmap';
import { HeatmapGrid } from '../../components/HeatmapGrid';
import type { CrossInspect, TowerPair } from '../../runtime/inspect/inspectEngine';
import { useLab } from '../../state/store';
import type { AttnSource } from '../../core/domain';
import { attnView, mapTitle, pickMap, type AttnView, type MapOptions } from './attentionMaps';
import { shareNotices } from '../../services/share/shareNotices';
import { RunNote } from './RunNote';
import { clampSelection, takeLinkSelection } from './selection';
import type { Run } from './useInspectRun';

const NAMES: Record<AttnSource, string> = { query: 'query tower', doc: 'doc tower', fine: 'fine ranker' };

function useView(tokens: string[] | undefined, t: { dims: number[]; data: Float32Array } | undefined, o: MapOptions): AttnView | { error: string } | null {
  return useMemo(() => {
    if (!tokens || !t) return null;
    try {
      return attnView(t, tokens, o);
    } catch (e) {
      return { error: (e as Error).message };
    }
  }, [tokens, t, o]);
}

export function AttentionSection({ tower, cross, pairTag }: { tower: Run<TowerPair>; cross: Run<CrossInspect>; pairTag: readonly string[] }) {
  const opts = useLab((s) => s.inspectOptions);
  const set = useLab((s) => s.setInspectOptions);
  const mo = useMemo<MapOptions>(() => ({ hideSpecial: opts.hideSpecial, meanHeads: opts.meanHeads, rollout: opts.rollout }), [opts.hideSpecial, opts.meanHeads, opts.rollout]);
  const views: Record<AttnSource, AttnView | { error: string } | null> = {
    query: useView(tower.data?.query.tokens, tower.data?.query.attentions, mo),
    doc: useView(tower.data?.doc.tokens, tower.data?.doc.attentions, mo),
    fine: useView(cross.data?.tokens, cross.data?.attentions, mo),
  };
  const runs: Record<AttnSource, Run<unknown>> = { query: tower, doc: tower, fine: cross };
  const sel = opts.selected;
  const selView = views[sel.source];
  const detail = selView && !('error' in selView) ? pickMap(selView, sel.layer, sel.head) : null;
  const selModel = sel.source === 'fine' ? cross.data?.modelId ?? '' : tower.data?.modelId ?? '';
  const selShape = selView && !('error' in selView) ? `${selView.stack.layers}x${selView.stack.heads}` : '';
  // A selection outside the model (from a link, or kept across a model switch) is clamped in
  // the store, so the link names the map shown; a link's is also noted in the share banner.
  useEffect(() => {
    if (!selShape) return;
    const [layers, heads] = selShape.split('x').map(Number);
    const fromLink = takeLinkSelection(sel);
    const c = clampSelection(sel, layers, heads, selModel);
    if (!c) return;
    set({ selected: c.selected });
    if (fromLink) shareNotices.set({ link: [...shareNotices.get().link, c.warning] });
  }, [selShape, selModel, sel, set]);
  const toggle = (k: keyof MapOptions, label: string, testId: string) => (
    <label>
      <input type="checkbox" data-testid={testId} checked={opts[k]} onChange={(e) => set({ [k]: e.target.checked })} /> {label}
    </label>
  );
  return (
    <section className="inspect-section" data-testid="inspect.attention">
      <h3>Attention</h3>
      <div className="inspect-toggles">
        {toggle('hideSpecial', 'hide [CLS]/[SEP]', 'inspect.toggle.hide-special')}
        {toggle('meanHeads', 'mean over heads', 'inspect.toggle.mean-heads')}
        {toggle('rollout', 'rollout across layers', 'inspect.toggle.rollout')}
      </div>
      <div className="inspect-grids">
        {(['query', 'doc', 'fine'] as const).map((src) => {
          const v = views[src];
          return (
            <div key={src} className="inspect-grid-col">
              <h4>{NAMES[src]} {src === 'fine' ? cross.data?.modelId ?? '' : tower.data?.modelId ?? ''}</h4>
              <RunNote run={runs[src]} testId={`inspect.grid.${src}.note`} />
              {v && 'error' in v && <p className="error">{v.error}</p>}
              {v && !('error' in v) && (
                <HeatmapGrid
                  testId={`inspect.grid.${src}`}
                  maps={v.maps}
                  layers={v.stack.layers}
                  columns={v.columns}
                  columnLabel={(c) => (v.columns === 1 ? (mo.rollout ? 'rollout' : 'mean') : `H${c + 1}`)}
                  selected={sel.source === src ? { layer: sel.layer, head: v.columns === 1 ? -1 : sel.head } : undefined}
                  onSelect={(layer, head) => set({ selected: { source: src, layer, head: head < 0 ? sel.head : head } })}
                />
              )}
            </div>
          );
        })}
      </div>
      {detail && selView && !('error' in selView) && (
        <div className="inspect-detail" data-testid="inspect.detail" data-source={sel.source} data-layer={detail.layer} data-head={detail.head}>
          <Heatmap
            testId="inspect.detail.map"
            matrix={detail.matrix}
            rowLabels={selView.labels}
            colLabels={selView.labels}
            axes={['from', 'to']}
            title={mapTitle(NAMES[sel.source], detail, mo)}
            exportName={['attention', selModel, sel.source, `L${detail.layer + 1}`, detail.head >= 0 ? `H${detail.head + 1}` : mo.rollout ? 'rollout' : 'mean', ...pairTag]}
          />
        </div>
      )}
    </section>
  );
}
