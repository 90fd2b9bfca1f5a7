// `cli score`: (query, title) pairs scored by several models, streamed in batches so memory
// stays flat in the file's size, one output line per input line (blank and `#` lines echoed).
// Refuses to hold the file, or a model's whole column, in memory.
import { logitAffine, sigmoid } from '../core/score';
import type { ManifestModel } from '../runtime/api';
import type { CrossModel, TowerModel } from '../runtime/engine/models';
import { LabError } from '../runtime/engine/manifest';
import type { PairLine } from './inputs';

export const SCORE_BATCH = 256;

export interface Pair {
  query: string;
  title: string;
}

/** One model's raw scores: towers q·d, the fine ranker its logit; p = sigmoid(logit). */
export interface PairScorer {
  id: string;
  logits(pairs: readonly Pair[]): Promise<ArrayLike<number>>;
}

/** `<id>.logit<TAB><id>.p` per model. */
export const scoreHeader = (ids: readonly string[]): string => ids.map((id) => `${id}.logit\t${id}.p`).join('\t');

/**
 * NOTE: the logit is printed exactly (JS's shortest round-trip form, so distinct values never print
 * alike and `Number()` gives it back); p to 9 significant digits, which saturated logits can tie.
 */
export const scoreCells = (logit: number): string => `${String(logit)}\t${sigmoid(logit).toPrecision(9)}`;

/**
 * Scores `lines` batch by batch: at most `batch` lines are read ahead, each scorer sees at most
 * `batch` pairs per call, and each batch's output lines are written before the next is read.
 * A bad line ends the stream after every line before it is written; the error says so.
 */
export async function scorePairLines(
  lines: AsyncIterable<PairLine>,
  scorers: readonly PairScorer[],
  write: (s: string) => void,
  batch = SCORE_BATCH,
): Promise<{ lines: number; pairs: number }> {
  let pending: PairLine[] = [];
  let nLines = 0, nPairs = 0;
  const flush = async () => {
    const pairs = pending.filter((p) => p.kind === 'pair');
    const cols: ArrayLike<number>[] = [];
    for (const s of scorers) {
      const c = pairs.length ? await s.logits(pairs) : [];
      if (c.length !== pairs.length) throw new LabError(`model ${s.id} gave ${c.length} scores for ${pairs.length} pairs`);
      cols.push(c);
    }
    let k = 0;
    const out = pending.map((p) => {
      if (p.kind === 'echo') return p.text;
      const row = cols.map((c) => scoreCells(c[k])).join('\t');
      k++;
      return row;
    });
    if (out.length) write(out.join('\n') + '\n');
    nLines += pending.length;
    nPairs += pairs.length;
    pending = [];
  };
  const it = lines[Symbol.asyncIterator]();
  for (;;) {
    let r: IteratorResult<PairLine>;
    try {
      r = await it.next();
    } catch (e) {
      // a bad line: what came before it is still scored and written, and the message says so
      await flush();
      if (e instanceof LabError) throw new LabError(`${e.message} (the output has the ${nLines} line(s) before it)`, e.where);
      throw e;
    }
    if (r.done) break;
    pending.push(r.value);
    if (pending.length >= batch) await flush();
  }
  await flush();
  return { lines: nLines, pairs: nPairs };
}

/** A tower: each distinct query of the batch encoded once, every title once, then its calibrated q·d. */
export function towerScorer(id: string, tower: Pick<TowerModel, 'encode' | 'dim'> & { entry?: ManifestModel }): PairScorer {
  const { scale, bias } = logitAffine(tower.entry);
  return {
    id,
    async logits(pairs) {
      const dim = tower.dim;
      const rows = new Map<string, number>();
      for (const p of pairs) if (!rows.has(p.query)) rows.set(p.query, rows.size);
      const q = (await tower.encode([...rows.keys()], 'query')).vectors; // [distinct queries, dim]
      const d = (await tower.encode(pairs.map((p) => p.title), 'doc')).vectors; // [pairs, dim]
      return pairs.map((p, i) => {
        const qo = rows.get(p.query)! * dim, doff = i * dim;
        let dot = 0;
        for (let j = 0; j < dim; j++) dot += q[qo + j] * d[doff + j];
        return scale * dot + bias;
      });
    },
  };
}

/** The fine ranker: one call per distinct query of the batch, over that query's titles. */
export function fineScorer(id: string, fine: Pick<CrossModel, 'logits'>): PairScorer {
  return {
    id,
    async logits(pairs) {
      const byQuery = new Map<string, number[]>();
      pairs.forEach((p, i) => {
        const idx = byQuery.get(p.query);
        if (idx) idx.push(i);
        else byQuery.set(p.query, [i]);
      });
      const out = new Float64Array(pairs.length);
      for (const [query, idx] of byQuery) {
        const l = await fine.logits(query, idx.map((i) => pairs[i].title));
        idx.forEach((i, j) => { out[i] = l[j]; });
      }
      return out;
    },
  };
}
