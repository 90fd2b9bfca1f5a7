/**
 * Labels in columns, for handing many of them from a worker to the page: one
 * string and one length array per text field, typed arrays for grade and time.
 * NOTE: 200k label objects cloned into the page cost a long main-thread task
 * (each object is deserialised when the message is dispatched); a few strings
 * and typed arrays copy in milliseconds, and the page builds the objects in
 * slices between frames (unpackLabels' range).
 *
 * Refuses: ids longer than 255 characters (the length array is one byte a
 * field; the store already refuses more than 200).
 */
import type { Grade, Label } from './labelStore';

export interface PackedLabels {
  n: number;
  qid: string;
  docid: string;
  labeller: string;
  /** code-unit lengths of each row's field, in the strings above */
  qidLen: Uint8Array;
  docidLen: Uint8Array;
  labellerLen: Uint8Array;
  grade: Uint8Array;
  time: Float64Array;
}

export function packLabels(labels: readonly Label[]): PackedLabels {
  const n = labels.length;
  const p: PackedLabels = {
    n, qid: '', docid: '', labeller: '',
    qidLen: new Uint8Array(n), docidLen: new Uint8Array(n), labellerLen: new Uint8Array(n),
    grade: new Uint8Array(n), time: new Float64Array(n),
  };
  const q: string[] = [], d: string[] = [], l: string[] = [];
  labels.forEach((x, i) => {
    if (x.qid.length > 255 || x.docid.length > 255 || x.labeller.length > 255) throw new Error(`label ${i}: an id is longer than 255 characters`);
    q.push(x.qid); d.push(x.docid); l.push(x.labeller);
    p.qidLen[i] = x.qid.length; p.docidLen[i] = x.docid.length; p.labellerLen[i] = x.labeller.length;
    p.grade[i] = x.grade; p.time[i] = x.time;
  });
  p.qid = q.join(''); p.docid = d.join(''); p.labeller = l.join('');
  return p;
}

/** The buffers a postMessage can move instead of copying. */
export function packTransferables(p: PackedLabels): Transferable[] {
  return [p.qidLen.buffer, p.docidLen.buffer, p.labellerLen.buffer, p.grade.buffer, p.time.buffer] as Transferable[];
}

/** A reader over a pack: rows [from, to) as label objects, in order, one slice at a time. */
export function labelReader(p: PackedLabels): (from: number, to: number) => Label[] {
  // Start offsets of each row's fields: prefix sums, built once.
  const starts = (lens: Uint8Array): Uint32Array => {
    const s = new Uint32Array(lens.length + 1);
    for (let i = 0; i < lens.length; i++) s[i + 1] = s[i] + lens[i];
    return s;
  };
  const qs = starts(p.qidLen), ds = starts(p.docidLen), ls = starts(p.labellerLen);
  return (from, to) => {
    const out: Label[] = [];
    for (let i = Math.max(0, from); i < Math.min(p.n, to); i++) {
      out.push({
        qid: p.qid.slice(qs[i], qs[i + 1]), docid: p.docid.slice(ds[i], ds[i + 1]), labeller: p.labeller.slice(ls[i], ls[i + 1]),
        grade: p.grade[i] as Grade, time: p.time[i],
      });
    }
    return out;
  };
}
