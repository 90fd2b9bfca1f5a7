/**
 * Teacher vs student attention, layer-mapped as in TinyBERT: student layer m
 * (1-based) is compared with teacher layer k·m, k = teacherLayers /
 * studentLayers (12 → 4: layers 3, 6, 9, 12). Maps are compared after the
 * mean over heads, so towers with different head counts still compare.
 *
 * Refuses: inputs of different sequence lengths (the towers share one
 * tokenizer; different lengths mean different inputs).
 */
import { crop, meanOverHeads, type AttentionStack, type Matrix } from './attention';

export interface LayerPair {
  /** 1-based layer numbers. */
  student: number;
  teacher: number;
}

export interface LayerSimilarity extends LayerPair {
  /** Cosine of the two flattened head-mean maps, in [-1, 1] (1 = same pattern). */
  cosine: number;
  /** Mean over query rows of the Jensen–Shannon divergence (base 2) of the two rows, in [0, 1]. */
  jsd: number;
  /** Mean absolute difference per cell. */
  meanAbsDiff: number;
}

/**
 * How student layers are paired with teacher layers:
 * - 'uniform': m ↔ round(m · T / S) (TinyBERT / DistilBERT; 12 → 4: 3, 6, 9, 12) — what the recipe's
 *   students start from (training/train.py student_init_ckpt);
 * - 'last': the teacher's top S layers (m ↔ T − S + m), the "last layers" choice of layer-drop studies;
 * - 'best': each student layer ↔ the teacher layer whose map is most similar (cosine) on this pair —
 *   a per-input, learned-by-similarity mapping (not monotone in general).
 */
export type LayerMappingMode = 'uniform' | 'last' | 'best';
export const LAYER_MAPPING_MODES: readonly LayerMappingMode[] = ['uniform', 'last', 'best'];

/** Student layer m ↔ teacher layer by `mode` ('best' needs the maps: see layerSimilarities). */
export function layerMapping(studentLayers: number, teacherLayers: number, mode: Exclude<LayerMappingMode, 'best'> = 'uniform'): LayerPair[] {
  if (studentLayers < 1 || teacherLayers < 1) throw new Error('layerMapping: both towers need at least one layer');
  if (mode === 'last') {
    return Array.from({ length: studentLayers }, (_, i) => ({ student: i + 1, teacher: Math.max(1, teacherLayers - studentLayers + i + 1) }));
  }
  const k = teacherLayers / studentLayers;
  return Array.from({ length: studentLayers }, (_, i) => ({ student: i + 1, teacher: Math.min(teacherLayers, Math.max(1, Math.round((i + 1) * k))) }));
}

export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`cosine: lengths ${a.length} and ${b.length}`);
  let ab = 0, aa = 0, bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i] * b[i];
    aa += a[i] * a[i];
    bb += b[i] * b[i];
  }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
}

/** Jensen–Shannon divergence (base 2) of two rows, each renormalised to sum 1. */
export function jsDivergence(p: ArrayLike<number>, q: ArrayLike<number>): number {
  let sp = 0, sq = 0;
  for (let i = 0; i < p.length; i++) { sp += p[i]; sq += q[i]; }
  if (sp <= 0 || sq <= 0) return 0;
  let d = 0;
  for (let i = 0; i < p.length; i++) {
    const a = p[i] / sp, b = q[i] / sq, m = (a + b) / 2;
    if (a > 0) d += 0.5 * a * Math.log2(a / m);
    if (b > 0) d += 0.5 * b * Math.log2(b / m);
  }
  return Math.max(0, d);
}

/** The three figures for two maps of the same shape. */
export function mapSimilarity(a: Matrix, b: Matrix): Omit<LayerSimilarity, 'student' | 'teacher'> {
  if (a.rows !== b.rows || a.cols !== b.cols) throw new Error(`mapSimilarity: ${a.rows}×${a.cols} vs ${b.rows}×${b.cols}`);
  let diff = 0, jsd = 0;
  for (let k = 0; k < a.data.length; k++) diff += Math.abs(a.data[k] - b.data[k]);
  for (let i = 0; i < a.rows; i++) {
    jsd += jsDivergence(a.data.subarray(i * a.cols, (i + 1) * a.cols), b.data.subarray(i * b.cols, (i + 1) * b.cols));
  }
  return { cosine: cosine(a.data, b.data), jsd: a.rows ? jsd / a.rows : 0, meanAbsDiff: a.data.length ? diff / a.data.length : 0 };
}

/**
 * Per mapped layer: the teacher's and the student's head-mean maps (cropped
 * to `keep` token indices when given) and their similarity.
 */
export function layerSimilarities(teacher: AttentionStack, student: AttentionStack, keep?: readonly number[], mode: LayerMappingMode = 'uniform'): (LayerSimilarity & { teacherMap: Matrix; studentMap: Matrix })[] {
  if (teacher.seq !== student.seq) throw new Error(`teacher and student saw different inputs (${teacher.seq} vs ${student.seq} tokens)`);
  const map = (stack: AttentionStack, layer: number) => {
    const m = meanOverHeads(stack, layer - 1);
    return keep ? crop(m, keep, keep) : m;
  };
  const pair = (sLayer: number, tLayer: number, s: Matrix, t: Matrix) =>
    ({ student: sLayer, teacher: tLayer, ...mapSimilarity(t, s), teacherMap: t, studentMap: s });
  if (mode !== 'best') return layerMapping(student.layers, teacher.layers, mode).map((p) => pair(p.student, p.teacher, map(student, p.student), map(teacher, p.teacher)));
  const tMaps = Array.from({ length: teacher.layers }, (_, k) => map(teacher, k + 1));
  return Array.from({ length: student.layers }, (_, i) => {
    const s = map(student, i + 1);
    let best = 0, bestCos = -Infinity;
    tMaps.forEach((t, k) => { const c = cosine(t.data, s.data); if (c > bestCos) { bestCos = c; best = k; } });
    return pair(i + 1, best + 1, s, tMaps[best]);
  });
}
