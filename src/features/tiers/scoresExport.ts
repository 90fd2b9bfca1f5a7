/**
 * "Export scores": the candidate pools behind the funnel, so a figure the
 * panel shows (recall kept by a cutoff, the suggestion) can be re-derived
 * outside the lab. Two formats:
 *  - JSON: per query, every candidate with docid, zone, ctr, raw coarse score,
 *    the normalised score the cutoffs apply to, the fine score, the grade
 *    (null = unjudged), its tier and whether the config forwards it;
 *  - TREC run (`qid Q0 docid rank score tag`) of the raw coarse scores.
 *
 * Pure. Refuses: writing a TREC run whose scores do not strictly decrease
 * (trec_eval re-sorts by score and breaks ties by docid, which would reorder
 * tied candidates) — ties are nudged down by 1e-9 per step and the JSON keeps
 * the exact scores.
 */
import { runFunnelQuery, type FunnelConfig, type PreparedFunnel } from '../../core/funnel';
import { normalizeScores } from '../../core/scoreNorm';
import { normalizeTierConfig, tierOf } from '../../core/tiers';

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
