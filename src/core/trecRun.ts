/**
 * TREC run lines (`qid Q0 docid rank score tag`) with strictly decreasing
 * printed scores: trec_eval re-sorts by score and breaks ties by docid, so a
 * tie printed as two equal numbers could reorder our ranking. Ties (or
 * values equal after formatting) are nudged down by one unit of the last digit.
 */
export const SCORE_DECIMALS = 8;

export function strictlyDecreasing(scores: readonly number[], decimals = SCORE_DECIMALS): string[] {
  const unit = 10 ** -decimals;
  const out: string[] = [];
  let prev = Infinity;
  for (const s of scores) {
    let v = Number(s.toFixed(decimals));
    if (!(v < prev)) v = prev - unit;
    v = Number(v.toFixed(decimals));
    out.push(v.toFixed(decimals));
    prev = v;
  }
  return out;
}

export function trecRunLines(qid: string, ranked: readonly { docId: string; score: number }[], tag: string): string[] {
  if (/\s/.test(qid) || /\s/.test(tag)) throw new Error(`TREC run: qid and tag must not contain spaces (${JSON.stringify(qid)}, ${JSON.stringify(tag)})`);
  const printed = strictlyDecreasing(ranked.map((r) => r.score));
  return ranked.map((r, i) => `${qid} Q0 ${r.docId} ${i + 1} ${printed[i]} ${tag}`);
}
