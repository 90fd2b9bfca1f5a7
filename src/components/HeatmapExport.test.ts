// The exported heatmap's column labels: a Chinese token (one character, ~12 px)
// fits its cell and stands upright; only labels wider than the cell turn 90°.
import { describe, expect, it } from 'vitest';
import { columnLabelLayout } from './HeatmapExport';

describe('column labels of an exported heatmap', () => {
  it('stand upright when they fit the cell, and the band is as tall as the longest turned one', () => {
    // [CLS] 40 px, 琅 12 px, 琊 12 px, ##phone 46 px; cells of 16 px
    const l = columnLabelLayout([40, 12, 12, 46], 16);
    expect(l.upright).toEqual([false, true, true, false]);
    expect(l.height).toBe(46);
  });
  it('all upright: one text line high', () => {
    expect(columnLabelLayout([12, 12], 28)).toEqual({ upright: [true, true], height: 14 });
    expect(columnLabelLayout([], 28).height).toBe(0);
  });
});
