/**
 * Tier configs and the share link. The store ⇄ link mapping lives in
 * src/services/share/viewState.ts (configs A and B → the codec's `t` / `tb`
 * keys, the panel's setup → `ts`, src/data/shareState.ts);
 * shareTiers.test.ts checks that every config this panel can hold — caps,
 * relevance threshold and depths included — and its setup survive that
 * path. The codec keeps scores to 4 decimals, so cutoffs this panel *sets*
 * (suggestions) are put on that grid, rounded down.
 *
 * Pure.
 */

/**
 * The largest 4-decimal value ≤ x: a cutoff rounded this way keeps every
 * candidate the exact one kept (so a suggested recall still holds) and
 * survives the share codec unchanged.
 */
export function floor4(x: number): number {
  let r = Math.round(x * 1e4) / 1e4;
  if (r > x) r = Math.round((r - 1e-4) * 1e4) / 1e4;
  return r + 0;
}
