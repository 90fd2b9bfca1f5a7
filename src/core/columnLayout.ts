/**
 * The ranking panel's column order: pinned columns first, in pin order, then
 * the rest in the order the engine answered. By default BM25 and the fine
 * ranker are pinned — the two baselines every tower is read against, which the
 * engine puts last (below the fold at 1280×800 with ten columns).
 *
 * A pin names a column by its key: `bm25` / `fine` for those two kinds (one
 * column each, whatever the manifest calls the fine ranker), the model id for
 * a tower. NOTE: a tower whose id is `bm25` or `fine` would share its key with
 * that kind's column; no manifest does that.
 *
 * Refuses: dropping or repeating a column — every column in is out exactly once.
 */

export interface LayoutColumn {
  modelId: string;
  kind: 'tower' | 'fine' | 'bm25';
}

/** Pinned by default: the lexical baseline and the fine ranker. */
export const DEFAULT_PINNED: readonly string[] = Object.freeze(['bm25', 'fine']);

export function pinKey(c: LayoutColumn): string {
  return c.kind === 'tower' ? c.modelId : c.kind;
}

export interface ArrangedColumn<C> {
  column: C;
  key: string;
  /** 0-based place among the pinned columns; -1 = not pinned */
  pin: number;
}

/** Pinned columns first (in pin order), then the others as given. */
export function arrangeColumns<C extends LayoutColumn>(columns: readonly C[], pinned: readonly string[]): ArrangedColumn<C>[] {
  const keyed = columns.map((column) => ({ column, key: pinKey(column) }));
  const out: ArrangedColumn<C>[] = [];
  const taken = new Set<number>();
  for (const p of pinned) {
    const i = keyed.findIndex((c, j) => !taken.has(j) && c.key === p);
    if (i < 0) continue;
    taken.add(i);
    out.push({ ...keyed[i], pin: out.length });
  }
  keyed.forEach((c, j) => { if (!taken.has(j)) out.push({ ...c, pin: -1 }); });
  return out;
}

/** Pins a column at the end of the pinned ones, or unpins it. */
export function togglePin(pinned: readonly string[], key: string): string[] {
  return pinned.includes(key) ? pinned.filter((p) => p !== key) : [...pinned, key];
}

/**
 * Moves a pinned column one place toward the front (-1) or the back (+1)
 * among the pins *shown* (`shown`: the keys of the columns on screen), so a
 * pin of a model that is not on screen never swallows a click.
 */
export function movePin(pinned: readonly string[], key: string, dir: -1 | 1, shown?: readonly string[]): string[] {
  const visible = shown ? pinned.filter((p) => shown.includes(p)) : [...pinned];
  const i = visible.indexOf(key), j = i + dir;
  if (i < 0 || j < 0 || j >= visible.length) return [...pinned];
  const other = visible[j];
  return pinned.map((p) => (p === key ? other : p === other ? key : p));
}
