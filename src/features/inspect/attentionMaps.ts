// From an attention stack and the panel's toggles to what the grid and the
// detail view draw: per-head maps, or one head-mean / rollout map per layer,
// cropped to the visible tokens. Pure; tested in Node.
import { attentionFromOutput, crop, headMap, meanOverHeads, rollout, visibleTokens, type AttentionStack, type Matrix } from '../../core/attention';
import type { GridMap } from '../../components/HeatmapGrid';
import type { Tensor32 } from '../../runtime/inspect/inspectTypes';

export interface MapOptions {
  hideSpecial: boolean;
  meanHeads: boolean;
  rollout: boolean;
}

export interface AttnView {
  stack: AttentionStack;
  tokens: string[];
  /** Indices of the tokens shown. */
  keep: number[];
  labels: string[];
  /** Columns of the grid: heads, or 1 (mean / rollout). */
  columns: number;
  maps: GridMap[];
}

export function attnView(t: Tensor32, tokens: string[], o: MapOptions): AttnView {
  const stack = attentionFromOutput(t.dims, t.data);
  if (stack.seq !== tokens.length) throw new Error(`attention covers ${stack.seq} tokens, the input has ${tokens.length}`);
  const keep = visibleTokens(tokens, o.hideSpecial);
  const c = (m: Matrix) => (keep.length === stack.seq ? m : crop(m, keep, keep));
  const maps: GridMap[] = [];
  if (o.rollout) {
    rollout(stack).forEach((m, layer) => maps.push({ layer, head: -1, matrix: c(m) }));
  } else if (o.meanHeads) {
    for (let l = 0; l < stack.layers; l++) maps.push({ layer: l, head: -1, matrix: c(meanOverHeads(stack, l)) });
  } else {
    for (let l = 0; l < stack.layers; l++) for (let h = 0; h < stack.heads; h++) maps.push({ layer: l, head: h, matrix: c(headMap(stack, l, h)) });
  }
  return { stack, tokens, keep, labels: keep.map((i) => tokens[i]), columns: o.rollout || o.meanHeads ? 1 : stack.heads, maps };
}

/** The map for (layer, head) in a view, or the nearest valid one. */
export function pickMap(v: AttnView, layer: number, head: number): GridMap {
  const l = Math.min(Math.max(0, layer), v.stack.layers - 1);
  const h = v.columns === 1 ? -1 : Math.min(Math.max(0, head), v.stack.heads - 1);
  return v.maps.find((g) => g.layer === l && g.head === h) ?? v.maps[0];
}

export function mapTitle(source: string, g: GridMap, o: MapOptions): string {
  const what = o.rollout ? 'rollout through layer' : o.meanHeads ? 'mean over heads, layer' : 'layer';
  return `${source} · ${what} ${g.layer + 1}${g.head >= 0 ? `, head ${g.head + 1}` : ''}`;
}
