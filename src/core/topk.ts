/**
 * Top-K selection over a score buffer: a size-k binary min-heap, O(N log k),
 * with a stable tie-break (equal scores: lower index ranks first) so every
 * caller — metrics, tiers, the UI — sees the same order.
 *
 * Refuses: sorting the whole buffer, and NaN as a real score (NaN ranks after
 * every number, -Infinity included).
 */

/** true when (sa, ia) ranks strictly before (sb, ib). */
function better(sa: number, ia: number, sb: number, ib: number): boolean {
  const na = sa !== sa, nb = sb !== sb; // NaN checks
  if (na !== nb) return nb;
  if (!na && sa !== sb) return sa > sb;
  return ia < ib;
}

/** Indices of the k best scores, best first. k ≤ 0 or empty input → []. */
export function topK(scores: ArrayLike<number>, k: number): Int32Array {
  const n = scores.length;
  const m = Math.max(0, Math.min(Math.floor(k), n));
  if (m === 0) return new Int32Array(0);
  // heap[0] is the WORST of the kept items, so a newcomer only has to beat it.
  const heap = new Int32Array(m);
  let size = 0;
  const siftUp = (pos: number): void => {
    const item = heap[pos];
    while (pos > 0) {
      const parent = (pos - 1) >> 1;
      const p = heap[parent];
      if (!better(scores[p], p, scores[item], item)) break; // parent already worse
      heap[pos] = p;
      pos = parent;
    }
    heap[pos] = item;
  };
  const siftDown = (pos: number): void => {
    const item = heap[pos];
    for (;;) {
      let child = 2 * pos + 1;
      if (child >= size) break;
      const r = child + 1;
      // pick the worse child
      if (r < size && better(scores[heap[child]], heap[child], scores[heap[r]], heap[r])) child = r;
      const c = heap[child];
      if (!better(scores[item], item, scores[c], c)) break;
      heap[pos] = c;
      pos = child;
    }
    heap[pos] = item;
  };
  for (let i = 0; i < n; i++) {
    if (size < m) {
      heap[size] = i;
      siftUp(size++);
    } else if (better(scores[i], i, scores[heap[0]], heap[0])) {
      heap[0] = i;
      siftDown(0);
    }
  }
  // Pop worst-first into the tail: result is best-first.
  const out = new Int32Array(m);
  for (let t = m - 1; t >= 0; t--) {
    out[t] = heap[0];
    heap[0] = heap[--size];
    if (size > 0) siftDown(0);
  }
  return out;
}

/**
 * Full ranking (all indices) with the same order as topK; O(N log N).
 * NOTE: V8 comparator callbacks cost ~30 ns each, so the finite path sorts a
 * Float64Array copy natively and places each index by binary search into its
 * tie group (ties fill in index order). NaN inputs take the comparator path.
 */
export function rankOrder(scores: ArrayLike<number>): Int32Array {
  const n = scores.length;
  const s = Float64Array.from(scores as ArrayLike<number>);
  let hasNaN = false;
  for (let i = 0; i < n; i++) if (s[i] !== s[i]) { hasNaN = true; break; }
  if (hasNaN) {
    const idx = Array.from({ length: n }, (_, i) => i);
    idx.sort((a, b) => (better(s[a], a, s[b], b) ? -1 : 1));
    return Int32Array.from(idx);
  }
  const asc = s.slice().sort();
  const out = new Int32Array(n);
  const filled = new Int32Array(n + 1); // per tie group, keyed by its upper bound
  for (let i = 0; i < n; i++) {
    const v = s[i];
    let lo = 0, hi = n;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (asc[mid] <= v) lo = mid + 1; else hi = mid; }
    const ub = lo; // values ≤ v occupy [0, ub) ascending → positions [n − ub, …) descending
    out[n - ub + filled[ub]++] = i;
  }
  return out;
}
