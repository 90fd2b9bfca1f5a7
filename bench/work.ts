// The arithmetic behind the doc-encoding figures: how many multiply-adds one
// doc costs as each side batches it, and so the rate (GMAC/s) each column's
// docs/s stands for. Same model, same fp32 kernels: the lab's only head start
// over the transformers.js pipeline is its padding (length-sorted batches),
// the rest has to come from a faster arithmetic rate.

export interface TowerShape {
  layers: number;
  hidden: number;
  ffn: number;
}

export interface EncodeWork {
  /** real tokens per doc ([CLS] … [SEP]) */
  tokens: number;
  /** tokens per doc after padding: the lab (length-sorted batches), transformers.js (file order) */
  labPadded: number;
  tjsPadded: number;
  /** multiply-adds per doc at each side's padding */
  labMacs: number;
  tjsMacs: number;
}

/** Mean padded length when `lengths` go in batches of `batch`, each padded to its longest. */
export function paddedMean(lengths: number[], batch: number): number {
  let sum = 0;
  for (let i = 0; i < lengths.length; i += batch) {
    const b = lengths.slice(i, i + batch);
    sum += Math.max(...b) * b.length;
  }
  return sum / lengths.length;
}

/**
 * Multiply-adds of one sequence of `t` tokens through the encoder: per layer and token the
 * QKV and output projections (4·H²) and the feed-forward (2·H·F), plus attention (2·t·H).
 */
export function encoderMacs(s: TowerShape, t: number): number {
  return s.layers * t * (4 * s.hidden * s.hidden + 2 * s.hidden * s.ffn + 2 * t * s.hidden);
}

/** `labLengths`: the lab's docs (sorted by it); `tjsLengths`: transformers.js's, in file order. */
export function encodeWork(s: TowerShape, labLengths: number[], tjsLengths: number[], batch = 64): EncodeWork {
  const labPadded = paddedMean([...labLengths].sort((a, b) => a - b), batch);
  const tjsPadded = paddedMean(tjsLengths, batch);
  return {
    tokens: labLengths.reduce((a, b) => a + b, 0) / labLengths.length,
    labPadded, tjsPadded,
    labMacs: encoderMacs(s, labPadded), tjsMacs: encoderMacs(s, tjsPadded),
  };
}

export const gmacs = (docsPerSec: number, macsPerDoc: number): number => (docsPerSec * macsPerDoc) / 1e9;
