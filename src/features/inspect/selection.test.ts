import { describe, expect, it } from 'vitest';
import { clampSelection, noteLinkSelection, takeLinkSelection } from './selection';

describe('the selected map against the model', () => {
  it('leaves a selection inside the model alone', () => {
    expect(clampSelection({ source: 'query', layer: 3, head: 3 }, 4, 4, 'student-4l')).toBeNull();
    expect(clampSelection({ source: 'doc', layer: 0, head: -1 }, 4, 4, 'student-4l')).toBeNull();
  });
  it('clamps a layer or head the model lacks, naming the key, the model and what is used', () => {
    const c = clampSelection({ source: 'query', layer: 11, head: 9 }, 4, 4, 'student-4l');
    expect(c?.selected).toEqual({ source: 'query', layer: 3, head: 3 });
    expect(c?.warning).toBe('key "iv": layer 12, head 10 is not in student-4l (query: 4 layers × 4 heads); layer 4, head 4 used');
    expect(clampSelection({ source: 'fine', layer: 7, head: -1 }, 2, 12, 'fine')?.selected).toEqual({ source: 'fine', layer: 1, head: -1 });
  });
  it("notes a link's selection once; a later one is not the link's", () => {
    noteLinkSelection({ source: 'doc', layer: 9, head: 0 });
    expect(takeLinkSelection({ source: 'query', layer: 9, head: 0 })).toBe(false);
    expect(takeLinkSelection({ source: 'doc', layer: 9, head: 0 })).toBe(false); // checked once already
    noteLinkSelection({ source: 'doc', layer: 9, head: 0 });
    expect(takeLinkSelection({ source: 'doc', layer: 9, head: 0 })).toBe(true);
    expect(takeLinkSelection({ source: 'doc', layer: 9, head: 0 })).toBe(false);
  });
});
