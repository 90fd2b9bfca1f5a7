/**
 * TREC qrels (`qid 0 docid rel`) and TREC run (`qid Q0 docid rank score tag`)
 * import/export. Runs are written with STRICTLY decreasing scores per query:
 * trec_eval re-sorts by score and breaks ties by docid on its own, so equal
 * scores would let it reorder our ranking; we rank ties by docid asc
 * (sortRun) and nudge each tied score one ulp below its predecessor.
 *
 * Refuses: ids with whitespace on export (the format cannot hold them; throws),
 * and guessing on malformed lines on import (reported, skipped).
 */
import { sortRun, type Qrels, type Run, type ScoredDoc } from '../../core/metricsTypes';
import { qrelsReader, type QrelsPolicy } from '../qrels';
import { formatErrors, labelsToQrels, parseGrade, textLines, type Label, type ParseResult } from './types';

/** A label file: any integer grade the caller then judges (the lab takes 0–3), any id length. */
const LABEL_FILE_QRELS: QrelsPolicy = {
  comments: false,
  grade: parseGrade,
  maxId: Infinity,
  // NOTE: says what the file holds, not what happens to it: the caller decides (the lab refuses the file).
  second: (qid, docid, first) => `second judgment for ${qid} ${docid} (the first is on line ${first})`,
};

export function parseTrecQrels(text: string): ParseResult<{ qrels: Qrels; labels: Label[] }> {
  const errs = formatErrors();
  const labels: Label[] = [];
  const read = qrelsReader(LABEL_FILE_QRELS, errs, (qid, docid, grade, line) => labels.push({ qid, docid, grade, line }));
  textLines(text).forEach((raw, i) => read(raw, i + 1));
  return { value: { qrels: labelsToQrels(labels), labels }, errors: errs.done() };
}

function checkId(kind: string, id: string): void {
  if (id === '' || /\s/.test(id)) throw new Error(`TREC ${kind} must be non-empty without whitespace: ${JSON.stringify(id)}`);
}

export function formatTrecQrels(qrels: Qrels): string {
  const out: string[] = [];
  for (const qid of Object.keys(qrels).sort()) {
    checkId('qid', qid);
    for (const docid of Object.keys(qrels[qid]).sort()) {
      checkId('docid', docid);
      out.push(`${qid} 0 ${docid} ${qrels[qid][docid]}`);
    }
  }
  return out.length ? out.join('\n') + '\n' : '';
}

export function parseTrecRun(text: string): ParseResult<{ run: Run; tag: string | null }> {
  const errs = formatErrors();
  const run: Run = Object.create(null) as Run;
  const seen = new Set<string>();
  let tag: string | null = null;
  textLines(text).forEach((raw, i) => {
    const line = i + 1;
    const t = raw.trim();
    if (t === '') return;
    const f = t.split(/\s+/);
    if (f.length !== 6) { errs.add(line, `expected 6 fields "qid Q0 docid rank score tag", got ${f.length}`); return; }
    const score = Number(f[4]);
    if (f[4] === '' || !Number.isFinite(score)) { errs.add(line, `score must be a finite number, got ${JSON.stringify(f[4].slice(0, 40))}`); return; }
    if (!/^\d+$/.test(f[3])) errs.add(line, `rank should be a non-negative integer, got ${JSON.stringify(f[3].slice(0, 40))} (ignored: order comes from the score)`);
    const key = `${f[0]}\u0000${f[2]}`;
    if (seen.has(key)) { errs.add(line, `docid ${f[2]} repeated for query ${f[0]}; the first one is kept`); return; }
    seen.add(key);
    tag ??= f[5];
    (run[f[0]] ??= []).push({ docid: f[2], score });
  });
  return { value: { run, tag }, errors: errs.done() };
}

const f64 = new Float64Array(1);
const i64 = new BigInt64Array(f64.buffer);
/** The largest double strictly below x (x finite). */
export function nextDown(x: number): number {
  if (x === 0) return -Number.MIN_VALUE;
  f64[0] = x;
  i64[0] += x > 0 ? -1n : 1n;
  return f64[0];
}

/** Scores made strictly decreasing in sortRun order (ties nudged one ulp down). */
export function strictlyDecreasing(docs: readonly ScoredDoc[]): ScoredDoc[] {
  const ranked = sortRun(docs.filter((d) => Number.isFinite(d.score)));
  let prev = Infinity;
  return ranked.map((d) => {
    const score = d.score < prev ? d.score : nextDown(prev);
    prev = score;
    return { docid: d.docid, score };
  });
}

export function formatTrecRun(run: Run, tag = 'prerank'): string {
  checkId('tag', tag);
  const out: string[] = [];
  for (const qid of Object.keys(run).sort()) {
    checkId('qid', qid);
    strictlyDecreasing(run[qid]).forEach((d, r) => {
      checkId('docid', d.docid);
      out.push(`${qid} Q0 ${d.docid} ${r + 1} ${String(d.score)} ${tag}`); // String(): shortest round-trip repr
    });
  }
  return out.length ? out.join('\n') + '\n' : '';
}
