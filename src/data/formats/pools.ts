/**
 * The candidate-pools file (`prerank-lab.pools` v1), written by the tiers
 * panel's "export scores" and read back by its "load pools file…":
 *  - write: per query, every candidate with docid, zone, ctr, raw coarse
 *    score, the normalised score the cutoffs apply to, the fine score, the
 *    grade (null = unjudged), its tier and whether the config forwards it —
 *    so a figure the panel shows can be re-derived outside the lab; or a TREC
 *    run (`qid Q0 docid rank score tag`) of the raw coarse scores;
 *  - read: the file back into funnel queries, so a pool scored elsewhere — or
 *    exported earlier — can be served without loading models. Grades, zones
 *    and CTR come from the file; the cutoffs apply to the raw `coarse` scores
 *    re-normalised there (the file's `norm` column is ignored).
 *
 * Pure. Refuses: writing a TREC run whose scores do not strictly decrease
 * (trec_eval re-sorts by score and breaks ties by docid, which would reorder
 * tied candidates) — ties are nudged down by 1e-9 per step and the JSON keeps
 * the exact scores; reading files with a wrong format tag, unknown zones, or
 * scores that are not numbers — the error names the query and candidate.
 */
import type { Zone } from '../../core/domain';
import { runFunnelQuery, type FunnelConfig, type FunnelQuery, type PreparedFunnel } from '../../core/funnel';
import { normalizeScores } from '../../core/scoreNorm';
import { normalizeTierConfig, tierOf } from '../../core/tiers';
import type { Result } from './tierStrategy';

export interface ExportedCandidate {
  docid: string;
  zone: string;
  ctr: number;
  coarse: number;
  norm: number;
  fine: number | null;
  grade: number | null;
  /** short-video tier (0 = top); null in the premium zone */
  tier: number | null;
  forwarded: boolean;
}

export interface ExportedScores {
  format: 'prerank-lab.pools';
  version: 1;
  model: string;
  fineModel: string | null;
  config: FunnelConfig;
  queries: { qid: string; intent: string | null; /** every judged grade of the query (the nDCG ideal) */ idealGrades: number[]; candidates: ExportedCandidate[] }[];
}

const num = (x: number): number | null => (Number.isFinite(x) ? x : null);

export function exportScores(prep: PreparedFunnel, cfg: FunnelConfig, model: string, fineModel: string | null): ExportedScores {
  const short = normalizeTierConfig(cfg.short);
  const c: FunnelConfig = { ...cfg, short };
  const queries = prep.queries.map((p) => {
    const { q } = p;
    const norm = cfg.norm === 'percentile' ? p.pct : normalizeScores(q.coarse, cfg.norm, prep.global);
    const kept = new Set(runFunnelQuery(p, c, prep.global).forwardedIdx);
    const candidates: ExportedCandidate[] = [];
    for (const i of p.coarseOrder) {
      candidates.push({
        docid: q.docids?.[i] ?? String(i), zone: q.zone[i], ctr: q.ctr[i], coarse: q.coarse[i], norm: norm[i],
        fine: num(q.fine[i]), grade: num(q.grades[i]),
        tier: q.zone[i] === 'short' && !Number.isNaN(norm[i]) ? tierOf(norm[i], short.boundaries) : null,
        forwarded: kept.has(i),
      });
    }
    return { qid: q.qid, intent: q.intent ?? null, idealGrades: [...p.idealSorted], candidates };
  });
  return { format: 'prerank-lab.pools', version: 1, model, fineModel, config: c, queries };
}

/** TREC run of the raw coarse scores, best first, strictly decreasing per query. */
export function exportTrecRun(prep: PreparedFunnel, tag: string): string {
  const safeTag = tag.replace(/\s+/g, '_') || 'coarse';
  const lines: string[] = [];
  for (const p of prep.queries) {
    const { q } = p;
    let prev = Infinity, rank = 0;
    for (const i of p.coarseOrder) {
      let s = q.coarse[i];
      if (Number.isNaN(s)) continue; // never ranked
      if (s >= prev) s = prev - 1e-9;
      prev = s;
      rank++;
      lines.push(`${q.qid} Q0 ${q.docids?.[i] ?? String(i)} ${rank} ${s.toPrecision(12)} ${safeTag}`);
    }
  }
  return lines.join('\n') + (lines.length ? '\n' : '');
}

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
