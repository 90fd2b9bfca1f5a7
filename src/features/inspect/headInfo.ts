// What an interaction head is, in words: from models/manifest.json (what it
// does, the base tower it reads, its precision) and models/report.heads.json
// (which training step was shipped). Without this a head kept at step 0 shows
// weights and similarities of 0 and looks broken, when it is the dot product
// by construction. Pure; refuses to guess a step the report does not give.
import type { ManifestModel } from '../../runtime/api';

/** The part of a report.heads.json row this reads. */
export interface HeadReportRow {
  id: string;
  train?: { steps?: unknown; valid_history?: unknown; best_valid_ndcg10?: unknown };
}

/** Rows of report.heads.json by id; an unusable file gives an empty map. */
export function parseHeadReport(raw: unknown): Map<string, HeadReportRow> {
  const rows = (raw as { rows?: unknown } | null)?.rows;
  const out = new Map<string, HeadReportRow>();
  if (!Array.isArray(rows)) return out;
  for (const r of rows) {
    if (r && typeof r === 'object' && typeof (r as HeadReportRow).id === 'string') out.set((r as HeadReportRow).id, r as HeadReportRow);
  }
  return out;
}

export interface ShippedStep {
  step: number;
  /** steps trained in all */
  steps: number | null;
  /** valid-split nDCG@10 at the shipped step, and at the last one */
  valid: number;
  lastStep: number;
  lastValid: number;
}

/**
 * The checkpoint selection kept: the first step whose valid nDCG@10 is the best the report
 * records (selection keeps the best of the checkpoints, step 0 included). Null when the row
 * has no history (compressed heads are not trained, so there is nothing to select).
 */
export function shippedStep(row: HeadReportRow | undefined): ShippedStep | null {
  const t = row?.train;
  const hist = Array.isArray(t?.valid_history)
    ? (t.valid_history as unknown[]).filter((h): h is [number, number] => Array.isArray(h) && typeof h[0] === 'number' && typeof h[1] === 'number')
    : [];
  const best = t?.best_valid_ndcg10;
  if (!hist.length || typeof best !== 'number') return null;
  const at = hist.find((h) => h[1] === best);
  if (!at) return null;
  const last = hist[hist.length - 1];
  return { step: at[0], steps: typeof t?.steps === 'number' ? t.steps : null, valid: at[1], lastStep: last[0], lastValid: last[1] };
}

export interface HeadFacts {
  id: string;
  type: string;
  /** the manifest's description */
  what: string;
  baseTower: string | null;
  precision: string;
  step: ShippedStep | null;
  /** one sentence on the shipped checkpoint */
  checkpoint: string;
}

/** Head types whose correction starts at exactly zero (zero-initialised output maps): step 0 = the dot product. */
const ZERO_AT_START = new Set(['multihead', 'fusion']);

export function headFacts(entry: ManifestModel, row: HeadReportRow | undefined): HeadFacts {
  const e = entry as ManifestModel & { head?: { type?: unknown }; base_tower?: unknown; precision?: unknown };
  const type = typeof e.head?.type === 'string' ? e.head.type : 'other';
  const baseTower = typeof e.base_tower === 'string' ? e.base_tower : null;
  const step = shippedStep(row);
  const f4 = (x: number) => x.toFixed(4);
  let checkpoint: string;
  if (!step) {
    checkpoint = row ? 'models/report.heads.json records no checkpoint selection for this head (not trained on its own).'
      : 'The shipped checkpoint\'s training step is not known (no row in models/report.heads.json).';
  } else if (step.step === 0) {
    const of = step.steps ? ` of ${step.steps}` : '';
    const why = `checkpoint selection on the valid split kept the untrained starting point (nDCG@10 ${f4(step.valid)} at step 0, ${f4(step.lastValid)} at step ${step.lastStep})`;
    checkpoint = ZERO_AT_START.has(type)
      ? `Shipped checkpoint: step 0${of} — ${why}, where the head's correction is zero: its score is the dot product sigmoid(q·d) of ${baseTower ?? 'its base tower'}${type === 'multihead' ? ', and every per-head similarity s_k is 0' : ''}.`
      : `Shipped checkpoint: step 0${of} — ${why}.`;
  } else {
    checkpoint = `Shipped checkpoint: step ${step.step}${step.steps ? ` of ${step.steps}` : ''} (best valid nDCG@10 ${f4(step.valid)}).`;
  }
  return { id: entry.id, type, what: String(entry.description ?? ''), baseTower, precision: typeof e.precision === 'string' ? e.precision : 'fp32', step, checkpoint };
}
