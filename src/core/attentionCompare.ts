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

/** Student layer m ↔ teacher layer round(m · teacherLayers / studentLayers). */
export function layerMapping(studentLayers: number, teacherLayers: number): LayerPair[] {
  if (studentLayers < 1 || teacherLayers < 1) throw new Error('layerMapping: both towers need at least one layer');
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
export function layerSimilarities(teacher: AttentionStack, student: AttentionStack, keep?: readonly number[]): (LayerSimilarity & { teacherMap: Matrix; studentMap: Matrix })[] {
  if (teacher.seq !== student.seq) throw new Error(`teacher and student saw different inputs (${teacher.seq} vs ${student.seq} tokens)`);
  return layerMapping(student.layers, teacher.layers).map((p) => {
    let t = meanOverHeads(teacher, p.teacher - 1);
    let s = meanOverHeads(student, p.student - 1);
    if (keep) {
      t = crop(t, keep, keep);
      s = crop(s, keep, keep);
    }
    return { ...p, ...mapSimilarity(t, s), teacherMap: t, studentMap: s };
  });
}
