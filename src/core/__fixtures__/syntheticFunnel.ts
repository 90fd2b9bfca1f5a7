/**
 * Deterministic synthetic funnel world for tests and the benchmark: each
 * candidate has a latent relevance; the fine ranker sees it with little noise,
 * the coarse model with more; ~30% of candidates are unjudged (NaN grade).
 * Not a stand-in for the demo world — only for shapes and invariants.
 */
import type { Zone } from '../domain';
import type { FunnelQuery } from '../funnel';
import { mulberry32 } from '../stats';

const INTENTS = ['navigational', 'series_episode', 'person', 'topic', 'typo'];

export function syntheticFunnel(nQueries: number, nCands: number, seed = 1): FunnelQuery[] {
  const rand = mulberry32(seed);
  const gauss = (): number => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const out: FunnelQuery[] = [];
  for (let qi = 0; qi < nQueries; qi++) {
    const zone: Zone[] = [];
    const coarse = new Float32Array(nCands), fine = new Float32Array(nCands), ctr = new Float32Array(nCands);
    const grades = new Float64Array(nCands);
    for (let i = 0; i < nCands; i++) {
      const latent = gauss();
      zone.push(rand() < 0.4 ? 'premium' : 'short');
      coarse[i] = 1 / (1 + Math.exp(-(latent + gauss()) * 1.5 + 1));
      fine[i] = latent + 0.4 * gauss();
      ctr[i] = Math.round(Math.min(1, Math.max(0, 0.1 + 0.05 * latent + 0.05 * gauss())) * 1000) / 1000;
      // coarse grades (few ties) on purpose; unjudged ~30%
      grades[i] = rand() < 0.3 ? NaN : latent > 1.2 ? 3 : latent > 0.6 ? 2 : latent > 0 ? 1 : 0;
    }
    out.push({ qid: `q${String(qi).padStart(5, '0')}`, intent: INTENTS[qi % INTENTS.length], zone, coarse, fine, ctr, grades });
  }
  return out;
}
