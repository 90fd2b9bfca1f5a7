/**
 * Labels for a scatter plot's points that do not overlap each other, the
 * points or the plot's edge, and that sit nearer their own point than any
 * other (a label between two points reads as either's): each label tries
 * spots around its point, nearest first (right, left, above, below, then the
 * diagonals), at growing distances; the first free spot wins. A label set
 * away from its point gets a leader line from the point to the label's
 * nearest edge. Used by the metrics panel's
 * AUC-vs-latency chart, where students of similar latency and AUC crowd.
 *
 * Pure and in pixels; text widths are estimated (`textWidth`), not measured.
 * Refuses: dropping a label — one with no free spot takes the spot with the
 * least overlap (then ambiguity) and is flagged (`overlaps`), so a caller can
 * list it instead.
 */

export interface Box { x: number; y: number; w: number; h: number }

export interface PlacedLabel {
  id: string;
  /** the label's box (top-left, size) */
  box: Box;
  /** the point it names */
  px: number;
  py: number;
  /** a line from the point to (lx, ly) on the box's edge, when the label sits away from it */
  leader: { lx: number; ly: number } | null;
  /** no free spot was found: it overlaps another label, a point or the edge */
  overlaps: boolean;
}

export interface PlacementOptions {
  /** point marker radius (px) */
  pointR?: number;
  /** gap between a label and anything else (px) */
  pad?: number;
  /** distances from the point's marker tried, nearest first (px) */
  steps?: readonly number[];
  /** a label further than this from its point's marker gets a leader line (px) */
  leaderFrom?: number;
}

/** Estimated text width: CJK / full-width characters one em, others 0.65 em (DejaVu Sans' digits and '_' run ~0.64 em: erring wide keeps labels apart). */
export function textWidth(s: string, fontPx: number): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{20000}-\u{3fffd}]/u.test(ch) ? fontPx : 0.65 * fontPx;
  return Math.ceil(w);
}

const overlapArea = (a: Box, b: Box): number =>
  Math.max(0, Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x)) * Math.max(0, Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y));

const grow = (b: Box, d: number): Box => ({ x: b.x - d, y: b.y - d, w: b.w + 2 * d, h: b.h + 2 * d });

/** Area outside `bounds`. */
const outside = (b: Box, bounds: Box): number => b.w * b.h - overlapArea(b, bounds);

// Directions: unit offsets of the label's anchor from the point, in order of preference.
const DIRS: readonly [number, number][] = [[1, 0], [-1, 0], [0, -1], [0, 1], [1, -1], [-1, -1], [1, 1], [-1, 1]];

/**
 * The label boxes tried at distance r from (px, py), in order of preference. Beside the point
 * (E, W) a label may slide up or down — a little (a point at the plot's edge), or by whole rows
 * (a cluster's labels stack in a column, whose leader lines fan out without crossing a label);
 * above or below it (N, S) it may slide left or right.
 */
function candidates(px: number, py: number, w: number, h: number, r: number, pad: number): Box[] {
  const out: Box[] = [];
  const row = h + pad;
  for (const [dx, dy] of DIRS) {
    const k = dx !== 0 && dy !== 0 ? Math.SQRT1_2 : 1; // diagonals: r along each axis would read too far
    if (dy === 0) {
      const x = dx > 0 ? px + r : px - r - w;
      for (const y of [py - h / 2, py - h + 3, py - 3]) out.push({ x, y, w, h });
      for (let k = 1; k <= 5; k++) out.push({ x, y: py - h / 2 - k * row, w, h }, { x, y: py - h / 2 + k * row, w, h });
    } else if (dx === 0) {
      const y = dy > 0 ? py + r : py - r - h;
      for (const x of [px - w / 2, px - w + 6, px - 6]) out.push({ x, y, w, h });
    } else {
      out.push({ x: dx > 0 ? px + r * k : px - r * k - w, y: dy > 0 ? py + r * k : py - r * k - h, w, h });
    }
  }
  return out;
}

/** The point of `b` nearest to (px, py): where a leader line ends. */
function nearestOnBox(b: Box, px: number, py: number): { lx: number; ly: number } {
  return { lx: Math.min(Math.max(px, b.x), b.x + b.w), ly: Math.min(Math.max(py, b.y), b.y + b.h) };
}

const distToBox = (b: Box, px: number, py: number): number => {
  const { lx, ly } = nearestOnBox(b, px, py);
  return Math.hypot(lx - px, ly - py);
};

interface Segment { x1: number; y1: number; x2: number; y2: number }

/** Whether a segment passes through a box's inside (Liang–Barsky clipping; touching an edge does not count). */
export function segmentHitsBox(sg: Segment, b: Box): boolean {
  const dx = sg.x2 - sg.x1, dy = sg.y2 - sg.y1;
  const p = [-dx, dx, -dy, dy], q = [sg.x1 - b.x, b.x + b.w - sg.x1, sg.y1 - b.y, b.y + b.h - sg.y1];
  let t0 = 0, t1 = 1;
  for (let i = 0; i < 4; i++) {
    if (p[i] === 0) { if (q[i] <= 0) return false; continue; }
    const t = q[i] / p[i];
    if (p[i] < 0) { if (t > t1) return false; t0 = Math.max(t0, t); } else { if (t < t0) return false; t1 = Math.min(t1, t); }
  }
  return t1 - t0 > 1e-9;
}

/**
 * What a fault costs: any overlap, a label out of the plot, or a leader line through a label is a
 * fault (FAULT), and within faults more area costs more — so a spot with none always wins.
 */
const FAULT = 400;
/** A label this close to a point (px) reads as its label. */
const NEAR = 12;
/** (areas under half a pixel are rounding — edges that touch — not an overlap) */
const fault = (area: number, weight = 1): number => (area > 0.5 ? FAULT + area * weight : 0);

/**
 * Places one label per point. Crowded points are placed first (the most
 * neighbours within 60 px), so the points with the least room choose first;
 * the labels of a tight cluster come last and keep leader-line distance.
 */
export function placeLabels(
  points: readonly { id: string; x: number; y: number; w: number; h: number }[],
  bounds: Box,
  opts: PlacementOptions = {},
): PlacedLabel[] {
  const pointR = opts.pointR ?? 4, pad = opts.pad ?? 2;
  const steps = opts.steps ?? [6, 14, 20, 26, 34, 42, 52, 62, 86, 114];
  const leaderFrom = opts.leaderFrom ?? 10;
  const markers: Box[] = points.map((p) => ({ x: p.x - pointR, y: p.y - pointR, w: 2 * pointR, h: 2 * pointR }));
  const crowd = points.map((p) => points.filter((q) => q !== p && Math.hypot(q.x - p.x, q.y - p.y) < 60).length);
  // NOTE: a point whose marker touches another's (a tight cluster) labels at leader distance: labels set right
  // beside a cluster wall it in, and the next label's leader line has to cross one of them. Those go last: the
  // other points need the spot right beside them, a leader line can reach further.
  const tight = points.map((p) => points.some((q) => q !== p && Math.hypot(q.x - p.x, q.y - p.y) < 3 * pointR));
  const order = points.map((_, i) => i).sort((a, b) =>
    Number(tight[a]) - Number(tight[b]) || crowd[b] - crowd[a] || points[a].y - points[b].y || points[a].x - points[b].x);
  const placed: Box[] = [];
  const leaders: Segment[] = [];
  const out: PlacedLabel[] = new Array(points.length);
  for (const i of order) {
    const p = points[i];
    // cost: overlap (with labels, points, the edge) and crossings first, then ambiguity
    let best: { box: Box; cost: number; vague: number; leader: boolean } | null = null;
    search: for (const r of tight[i] ? steps.filter((x) => x >= leaderFrom) : steps) {
      for (const box of candidates(p.x, p.y, p.w, p.h, pointR + r, pad)) {
        const g = grow(box, pad);
        let cost = fault(outside(box, bounds), 4);
        for (const b of placed) cost += fault(overlapArea(g, b));
        for (const m of markers) cost += fault(overlapArea(g, m), 2);
        for (const sg of leaders) if (segmentHitsBox(sg, g)) cost += FAULT;
        const own = distToBox(box, p.x, p.y);
        const leader = own >= pointR + leaderFrom;
        if (leader) {
          const { lx, ly } = nearestOnBox(box, p.x, p.y);
          const sg = { x1: p.x, y1: p.y, x2: lx, y2: ly };
          for (const b of placed) if (segmentHitsBox(sg, b)) cost += FAULT;
          // (crossing the marker of a point in its own tight cluster is no fault: often unavoidable, and it reads)
          markers.forEach((m, j) => { if (j !== i && Math.hypot(points[j].x - p.x, points[j].y - p.y) >= 3 * pointR && segmentHitsBox(sg, m)) cost += FAULT / 4; });
        }
        // NOTE: a label right beside another point (within NEAR px), and nearer it than its own, reads as that
        // point's — a leader line does not undo that at a glance. (Within 3 px: a cluster, told apart by leaders.)
        let vague = 0;
        for (const q of points) { const d = distToBox(box, q.x, q.y); if (q !== p && d < NEAR && d < own - 3) vague++; }
        if (!best || cost < best.cost || (cost === best.cost && vague < best.vague)) best = { box, cost, vague, leader };
        if (cost === 0 && vague === 0) break search;
      }
    }
    const { box, cost, leader } = best!;
    placed.push(box);
    const end = leader ? nearestOnBox(box, p.x, p.y) : null;
    if (end) leaders.push({ x1: p.x, y1: p.y, x2: end.lx, y2: end.ly });
    out[i] = { id: p.id, box, px: p.x, py: p.y, leader: end, overlaps: cost > 0 };
  }
  return out;
}

/** Whether two placed labels overlap (for tests and the e2e's check). */
export function boxesOverlap(a: Box, b: Box): boolean {
  return overlapArea(a, b) > 0;
}
