/**
 * The selected attention map against the model that draws it: a link (or a
 * state file) may name a layer or head the model does not have — another
 * model set, a hand-edited link. The panel clamps the selection in the store
 * (so the link names what is shown) and, when the selection came from a
 * link, says so in the share banner, naming the key, the model and what is
 * used instead. Pure, except the one-slot note of the link's selection.
 */
import type { InspectOptions } from '../../state/slices/inspect';

type Selected = InspectOptions['selected'];

export interface Clamped {
  selected: Selected;
  /** the warning for the share banner, in the codec's words */
  warning: string;
}

const same = (a: Selected, b: Selected): boolean => a.source === b.source && a.layer === b.layer && a.head === b.head;

/**
 * The selection inside a model of `layers` × `heads` maps, or null when it
 * already is. Head -1 (mean over heads / rollout) is always inside.
 */
export function clampSelection(sel: Selected, layers: number, heads: number, model: string): Clamped | null {
  const layer = Math.min(Math.max(0, sel.layer), Math.max(0, layers - 1));
  const head = sel.head < 0 ? sel.head : Math.min(sel.head, Math.max(0, heads - 1));
  if (layer === sel.layer && head === sel.head) return null;
  const what = (l: number, h: number): string => `layer ${l + 1}${h >= 0 ? `, head ${h + 1}` : ''}`;
  return {
    selected: { ...sel, layer, head },
    warning: `key "iv": ${what(sel.layer, sel.head)} is not in ${model || 'the model'} (${sel.source}: ${layers} layer${layers === 1 ? '' : 's'} × ${heads} head${heads === 1 ? '' : 's'}); ${what(layer, head)} used`,
  };
}

// NOTE: one slot: the selection the last link put into the store, until the
// panel has checked it against a loaded model once. A selection the user made
// (or a tower switch) is clamped without a banner note.
let fromLink: Selected | null = null;

/** Called when a link is applied (src/services/share/urlSync.ts, through the hook src/app/mount.tsx passes). */
export function noteLinkSelection(sel: Selected | null): void {
  fromLink = sel ? { ...sel } : null;
}

/** True once if `sel` is the link's selection; the slot is cleared either way. */
export function takeLinkSelection(sel: Selected): boolean {
  const hit = fromLink !== null && same(fromLink, sel);
  fromLink = null;
  return hit;
}
