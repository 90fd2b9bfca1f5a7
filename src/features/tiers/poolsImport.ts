/**
 * Reads a candidate-pools file (the panel's own "export scores" JSON,
 * `prerank-lab.pools` v1) back into funnel queries, so a pool scored
 * elsewhere — or exported earlier — can be served without loading models.
 * Grades, zones and CTR come from the file; the cutoffs apply to the raw
 * `coarse` scores re-normalised here (the file's `norm` column is ignored).
 *
 * Pure. Refuses: files with a wrong format tag, unknown zones, or scores that
 * are not numbers — the error names the query and candidate.
 */
import type { FunnelQuery, Zone } from '../../core/funnel';
import type { Result } from './strategy';

export interface ImportedPools {
  model: string;
  fineModel: string | null;
  queries: FunnelQuery[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const numOrNaN = (v: unknown): number | undefined => (v === null ? NaN : typeof v === 'number' && Number.isFinite(v) ? v : undefined);

export function parsePools(text: string): Result<ImportedPools> {
  let v: unknown;
  try { v = JSON.parse(text); } catch (e) {
    return { ok: false, error: `not valid JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (!isObj(v) || v.format !== 'prerank-lab.pools') return { ok: false, error: 'format must be "prerank-lab.pools" (an "export scores" JSON file)' };
  if (v.version !== 1) return { ok: false, error: `version must be 1 (got ${JSON.stringify(v.version)})` };
  if (!Array.isArray(v.queries)) return { ok: false, error: 'queries must be a list' };
  const queries: FunnelQuery[] = [];
  for (let qi = 0; qi < v.queries.length; qi++) {
    const q: unknown = v.queries[qi];
    if (!isObj(q) || typeof q.qid !== 'string' || !Array.isArray(q.candidates)) return { ok: false, error: `queries[${qi}] needs a string qid and a candidates list` };
    const n = q.candidates.length;
    const zone: Zone[] = [], docids: string[] = [];
    const coarse = new Float64Array(n), fine = new Float64Array(n), ctr = new Float64Array(n), grades = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const c: unknown = q.candidates[i];
      const where = `query ${q.qid} candidate ${i}`;
      if (!isObj(c) || typeof c.docid !== 'string') return { ok: false, error: `${where}: needs a string docid` };
      if (c.zone !== 'premium' && c.zone !== 'short') return { ok: false, error: `${where}: zone must be "premium" or "short"` };
      const s = numOrNaN(c.coarse), f = numOrNaN(c.fine ?? null), r = numOrNaN(c.ctr ?? 0), g = numOrNaN(c.grade ?? null);
      if (s === undefined || Number.isNaN(s)) return { ok: false, error: `${where}: coarse must be a number` };
      if (f === undefined || r === undefined || g === undefined) return { ok: false, error: `${where}: fine, ctr and grade must be numbers or null` };
      zone.push(c.zone); docids.push(c.docid);
      coarse[i] = s; fine[i] = f; ctr[i] = Number.isNaN(r) ? 0 : r; grades[i] = g;
    }
    queries.push({
      qid: q.qid, intent: typeof q.intent === 'string' ? q.intent : undefined, docids, zone, coarse, fine, ctr, grades,
      idealGrades: Array.isArray(q.idealGrades) ? q.idealGrades.filter((x): x is number => typeof x === 'number') : undefined,
    });
  }
  return {
    ok: true,
    value: { model: typeof v.model === 'string' ? v.model : 'imported', fineModel: typeof v.fineModel === 'string' ? v.fineModel : null, queries },
  };
}
