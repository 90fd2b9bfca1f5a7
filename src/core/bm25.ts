// BM25 lexical baseline over CJK characters + CJK character bigrams, with Latin
// words / numbers as whole tokens (NFKC, lower-cased). Pure TS, no I/O: build the
// index once (CSR postings in typed arrays), then score a query in a few ms.
// It refuses to know anything but strings — that is the point of a baseline.

export interface Bm25Options {
  k1?: number;
  b?: number;
}

export interface Bm25Index {
  readonly n: number;
  readonly k1: number;
  readonly b: number;
  readonly avgdl: number;
  readonly vocab: ReadonlyMap<string, number>;
  readonly offsets: Uint32Array; // [terms + 1] into docs/tfs
  readonly docs: Uint32Array; // postings: doc index, ascending per term
  readonly tfs: Uint16Array; // postings: term frequency
  readonly docLen: Float32Array; // [n] token count
  readonly idf: Float32Array; // [terms]
}

const CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
const WORD = /[a-z0-9]/;

/** Terms of a text: each CJK char, each adjacent CJK pair, each Latin/digit run. */
export function tokenize(text: string): string[] {
  const s = text.normalize('NFKC').toLowerCase();
  const out: string[] = [];
  let word = '';
  let prevCjk = '';
  for (const ch of s) {
    if (WORD.test(ch)) {
      word += ch;
      prevCjk = '';
      continue;
    }
    if (word) {
      out.push(word);
      word = '';
    }
    if (CJK.test(ch)) {
      out.push(ch);
      if (prevCjk) out.push(prevCjk + ch);
      prevCjk = ch;
    } else prevCjk = ''; // punctuation and spaces break bigrams
  }
  if (word) out.push(word);
  return out;
}

export function buildBm25(texts: readonly string[], opts: Bm25Options = {}): Bm25Index {
  const k1 = opts.k1 ?? 1.2;
  const b = opts.b ?? 0.75;
  const n = texts.length;
  const vocab = new Map<string, number>();
  const docLen = new Float32Array(n);
  // Pass 1: per-doc term counts as flat (term, tf) pairs, plus document frequencies.
  const pairTerm: number[] = [];
  const pairTf: number[] = [];
  const pairStart = new Uint32Array(n + 1);
  const df: number[] = [];
  for (let d = 0; d < n; d++) {
    const toks = tokenize(texts[d]);
    docLen[d] = toks.length;
    const counts = new Map<number, number>();
    for (const t of toks) {
      let id = vocab.get(t);
      if (id === undefined) {
        id = vocab.size;
        vocab.set(t, id);
        df.push(0);
      }
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    for (const [id, tf] of counts) {
      pairTerm.push(id);
      pairTf.push(Math.min(tf, 65535));
      df[id]++;
    }
    pairStart[d + 1] = pairTerm.length;
  }
  // Pass 2: CSR by term; docs come out ascending because d is visited in order.
  const V = vocab.size;
  const offsets = new Uint32Array(V + 1);
  for (let t = 0; t < V; t++) offsets[t + 1] = offsets[t] + df[t];
  const fill = offsets.slice(0, V);
  const docs = new Uint32Array(pairTerm.length);
  const tfs = new Uint16Array(pairTerm.length);
  for (let d = 0; d < n; d++) {
    for (let p = pairStart[d]; p < pairStart[d + 1]; p++) {
      const at = fill[pairTerm[p]]++;
      docs[at] = d;
      tfs[at] = pairTf[p];
    }
  }
  const idf = new Float32Array(V);
  for (let t = 0; t < V; t++) idf[t] = Math.log(1 + (n - df[t] + 0.5) / (df[t] + 0.5));
  let total = 0;
  for (let d = 0; d < n; d++) total += docLen[d];
  return { n, k1, b, avgdl: n ? total / n : 0, vocab, offsets, docs, tfs, docLen, idf };
}

/** Scores for every doc (0 where no query term occurs); distinct query terms count once. */
export function bm25Scores(index: Bm25Index, query: string, out?: Float32Array): Float32Array {
  const scores = out && out.length === index.n ? out.fill(0) : new Float32Array(index.n);
  const { k1, b, avgdl, offsets, docs, tfs, docLen, idf } = index;
  const seen = new Set<number>();
  for (const t of tokenize(query)) {
    const id = index.vocab.get(t);
    if (id === undefined || seen.has(id)) continue;
    seen.add(id);
    const w = idf[id];
    for (let p = offsets[id]; p < offsets[id + 1]; p++) {
      const d = docs[p];
      const tf = tfs[p];
      scores[d] += (w * tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * docLen[d]) / avgdl));
    }
  }
  return scores;
}

export interface Hit {
  doc: number;
  score: number;
}

/** Top k docs with score > 0, best first; ties broken by lower doc index. */
export function bm25TopK(index: Bm25Index, query: string, k: number, buf?: Float32Array): Hit[] {
  const scores = bm25Scores(index, query, buf);
  const hits: Hit[] = [];
  let min = 0;
  for (let d = 0; d < scores.length; d++) {
    const s = scores[d];
    if (s <= 0 || (hits.length >= k && s <= min)) continue;
    hits.push({ doc: d, score: s });
    if (hits.length > 2 * k) {
      hits.sort(byScore);
      hits.length = k;
      min = hits[k - 1].score;
    }
  }
  hits.sort(byScore);
  if (hits.length > k) hits.length = k;
  return hits;
}

const byScore = (a: Hit, b: Hit): number => b.score - a.score || a.doc - b.doc;
