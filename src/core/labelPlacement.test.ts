import { describe, expect, it } from 'vitest';
import { boxesOverlap, placeLabels, segmentHitsBox, textWidth, type Box } from './labelPlacement';
import { mulberry32 } from './stats';

const bounds: Box = { x: 0, y: 0, w: 600, h: 260 };
const label = (id: string, x: number, y: number) => ({ id, x, y, w: textWidth(id, 11), h: 13 });
const inside = (b: Box): boolean => b.x >= bounds.x && b.y >= bounds.y && b.x + b.w <= bounds.x + bounds.w && b.y + b.h <= bounds.y + bounds.h;

describe('label placement', () => {
  it('estimates widths: CJK one em, Latin 0.65 em', () => {
    expect(textWidth('student_a', 10)).toBe(59);
    expect(textWidth('教师', 10)).toBe(20);
  });
  it('a lone point keeps its label right beside it, without a leader line', () => {
    const [p] = placeLabels([label('teacher', 100, 100)], bounds);
    expect(p.box.x).toBeGreaterThan(100);
    expect(p.leader).toBeNull();
    expect(p.overlaps).toBe(false);
  });
  it('points at the same spot (five students of one latency and AUC) get five separate labels, with leader lines', () => {
    const pts = ['student_a', 'student_b', 'student_c', 'student_d', 'student_e'].map((id, i) => label(id, 300 + i * 0.5, 120 + i * 0.3));
    const out = placeLabels(pts, bounds);
    for (let i = 0; i < out.length; i++) {
      expect(out[i].overlaps, out[i].id).toBe(false);
      expect(inside(out[i].box), out[i].id).toBe(true);
      for (let j = i + 1; j < out.length; j++) expect(boxesOverlap(out[i].box, out[j].box), `${out[i].id} × ${out[j].id}`).toBe(false);
    }
    expect(out.filter((p) => p.leader).length).toBeGreaterThan(0);
  });
  it('a label sits nearer its own point than any other, within 3 px (two points side by side do not share a label spot)', () => {
    const out = placeLabels([label('student_c', 300, 100), label('student_e', 306, 112)], bounds);
    const d = (b: Box, x: number, y: number): number => Math.hypot(Math.min(Math.max(x, b.x), b.x + b.w) - x, Math.min(Math.max(y, b.y), b.y + b.h) - y);
    // (within 3 px: points that close are one cluster, told apart by leader lines)
    for (const [i, j] of [[0, 1], [1, 0]]) expect(d(out[i].box, out[i].px, out[i].py)).toBeLessThanOrEqual(d(out[i].box, out[j].px, out[j].py) + 3);
  });
  it('a point at the top edge keeps its label beside it (slid down), not beside its neighbour below', () => {
    // student_c at the plot's top edge, student_e 16 px below it (the metrics chart's full test split)
    const out = placeLabels([label('student_c', 16, 5), label('student_e', 17, 21)], { x: 0, y: 0, w: 600, h: 260 });
    expect(out[0].box.y).toBeLessThan(out[0].py);
    expect(out[0].box.y + out[0].box.h).toBeLessThan(out[1].py);
    expect(out.every((p) => !p.overlaps && p.leader === null)).toBe(true);
  });
  it('no leader line runs through another label (nine labels crammed in 60 × 60 px: at most 6 % without a free spot)', () => {
    const rand = mulberry32(5);
    let flagged = 0;
    for (let t = 0; t < 50; t++) {
      const pts = Array.from({ length: 9 }, (_, i) => label(`student_${i}`, 60 + rand() * 60, 40 + rand() * 60));
      const out = placeLabels(pts, bounds);
      // (a label with no free spot is flagged: the crossing it causes is declared, not hidden)
      for (const p of out) {
        if (!p.leader || p.overlaps) continue;
        for (const q of out) if (q !== p && !q.overlaps) expect(segmentHitsBox({ x1: p.px, y1: p.py, x2: p.leader.lx, y2: p.leader.ly }, q.box), `cloud ${t}: ${p.id} → ${q.id}`).toBe(false);
      }
      flagged += out.filter((p) => p.overlaps).length;
    }
    expect(flagged).toBeLessThanOrEqual(27); // of 450 labels (21 today): a stress case, far denser than a chart's
  });
  it('segment against box: through, beside, touching an edge', () => {
    const b = { x: 10, y: 10, w: 10, h: 10 };
    expect(segmentHitsBox({ x1: 0, y1: 15, x2: 30, y2: 15 }, b)).toBe(true);
    expect(segmentHitsBox({ x1: 0, y1: 25, x2: 30, y2: 25 }, b)).toBe(false);
    expect(segmentHitsBox({ x1: 0, y1: 0, x2: 10, y2: 10 }, b)).toBe(false);
  });
  it('the metrics chart as the browser drew it (nine models, four in a 13 px cluster): every label free, beside its own point', () => {
    // point pixels read from two pilot runs in Chromium (the plot area is x 68–756, y 16–242; labels 11 px)
    const runs: [string, number, number][][] = [
      [['teacher', 86.5, 120.3], ['fine', 723.9, 147.8], ['student_a', 82.1, 232.3], ['student_b', 83.1, 160.1], ['student_c', 80.8, 67.4],
        ['student_d', 82.9, 154.9], ['student_e', 87.6, 41], ['cmp_tower_int8', 95.9, 154.5], ['cmp_tower_fp16', 90.6, 154.9]],
      [['teacher', 94.2, 120.3], ['fine', 619.4, 147.8], ['student_a', 86.6, 232.3], ['student_b', 92.8, 160.1], ['student_c', 85.4, 67.4],
        ['student_d', 86.8, 154.9], ['student_e', 86.2, 41], ['cmp_tower_int8', 88.2, 154.5], ['cmp_tower_fp16', 84.1, 154.9]],
    ];
    const dist = (b: Box, x: number, y: number): number => Math.hypot(Math.min(Math.max(x, b.x), b.x + b.w) - x, Math.min(Math.max(y, b.y), b.y + b.h) - y);
    for (const pts of runs) {
      const out = placeLabels(pts.map(([id, x, y]) => ({ id, x, y, w: textWidth(id, 11), h: 14 })), { x: 68, y: 16, w: 688, h: 226 }, { pointR: 5 });
      for (const p of out) {
        expect(p.overlaps, p.id).toBe(false);
        const own = dist(p.box, p.px, p.py);
        // no other point right beside the label and nearer than its own
        for (const q of out) if (q !== p) expect(dist(p.box, q.px, q.py) >= 12 || dist(p.box, q.px, q.py) >= own - 3, `${p.id} beside ${q.id}`).toBe(true);
        if (!p.leader) expect(own).toBeLessThan(15);
      }
      expect(out.filter((p) => p.leader).map((p) => p.id).sort()).toEqual(['cmp_tower_fp16', 'cmp_tower_int8', 'student_b', 'student_d']);
    }
  });
  it('labels near the edge stay inside the plot', () => {
    const out = placeLabels([label('cmp_tower_fp16', 598, 2), label('fine', 1, 258)], bounds);
    for (const p of out) { expect(inside(p.box), p.id).toBe(true); expect(p.overlaps).toBe(false); }
  });
  it('random clouds of ten labelled points: no two labels overlap, none covers a point', () => {
    const rand = mulberry32(3);
    for (let t = 0; t < 50; t++) {
      const pts = Array.from({ length: 10 }, (_, i) => label(`model_${i}`, 40 + rand() * 520, 20 + rand() * 220));
      const out = placeLabels(pts, bounds);
      for (const p of out.filter((x) => !x.overlaps)) {
        for (const q of out) if (q !== p) expect(boxesOverlap(p.box, q.box)).toBe(false);
        for (const q of pts) expect(boxesOverlap(p.box, { x: q.x - 4, y: q.y - 4, w: 8, h: 8 })).toBe(false);
      }
      expect(out.filter((x) => x.overlaps).length, `cloud ${t}`).toBe(0);
    }
  });
});
