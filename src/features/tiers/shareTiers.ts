/**
 * Tier configs and the share link. The store ⇄ link mapping lives in
 * src/features/share/viewState.ts (configs A and B → the codec's `t` / `tb`
 * keys, src/data/shareState.ts); shareTiers.test.ts checks that every config
 * this panel can hold survives that path. The codec keeps scores to 4
 * decimals, so cutoffs this panel *sets* (suggestions) are put on that grid,
 * rounded down. NOTE: the codec does not (yet) carry the per-query caps
 * (premium.maxForward, short.total) or the relevance threshold; a link
 * leaves the receiver's own values for those.
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
