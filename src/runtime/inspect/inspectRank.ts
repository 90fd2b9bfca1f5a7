// Where a doc ranks for a query under one tower, for the teacher-vs-student
// comparison: 1 + the number of docs of the set whose q·d beats the pair's.
// Uses the same doc index the ranking panel uses (the precomputed file, else
// the browser's IndexedDB cache); it never encodes the doc set itself — when
// neither exists yet the answer says so.
import { decodeEmbeddingFile } from '../../core/embeddingFile';
import type { ManifestModel } from '../api';
import { DocIndex } from '../engine/docIndex';
import { embeddingCacheKey, getCachedEmbeddings } from '../docs/idbCache';
import { leanFile } from '../engine/manifest';

export interface RankOf {
  modelId: string;
  /** 1-based; null when no index is available. */
  rank: number | null;
  of: number;
  source?: 'file' | 'indexeddb';
  note?: string;
}

/** 1 + #{i : dots[i] > target}, ignoring `self` (the doc itself). */
export function rankAmong(dots: Float32Array, target: number, self = -1): number {
  let r = 1;
  for (let i = 0; i < dots.length; i++) if (i !== self && dots[i] > target) r++;
  return r;
}

export class RankIndexes {
  private cache = new Map<string, Promise<{ index: DocIndex; source: 'file' | 'indexeddb' } | null>>();

  constructor(private readonly embeddingsUrl: string) {}

  private async load(m: ManifestModel, docsetSha: string, count: number): Promise<{ index: DocIndex; source: 'file' | 'indexeddb' } | null> {
    const modelSha = m.sha256[leanFile(m)] ?? '';
    const expect = { modelSha256: modelSha, docsetSha256: docsetSha, count };
    if (this.embeddingsUrl) {
      try {
        const res = await fetch(`${this.embeddingsUrl}${m.id}.emb`);
        if (res.ok) return { index: DocIndex.fromStore(decodeEmbeddingFile(new Uint8Array(await res.arrayBuffer()), expect).store), source: 'file' };
      } catch {
        // fall through to the cache
      }
    }
    const cached = await getCachedEmbeddings(embeddingCacheKey(modelSha, docsetSha));
    if (!cached) return null;
    try {
      return { index: DocIndex.fromStore(decodeEmbeddingFile(cached, expect).store), source: 'indexeddb' };
    } catch {
      return null;
    }
  }

  async rankOf(m: ManifestModel, q: Float32Array, target: { doc?: number; dot: number }, docsetSha: string, count: number): Promise<RankOf> {
    const key = `${m.id}:${docsetSha}`;
    let p = this.cache.get(key);
    if (!p) {
      p = this.load(m, docsetSha, count);
      this.cache.set(key, p);
      void p.then((x) => { if (!x) this.cache.delete(key); }); // not ready yet: ask again next time
    }
    const got = await p;
    if (!got) return { modelId: m.id, rank: null, of: count, note: 'the doc index of this model is not ready yet (see the ranking panel)' };
    const dots = await got.index.dots(q);
    // NOTE: a doc of the set is ranked by its indexed vector, exactly as the ranking panel ranks it.
    const t = target.doc !== undefined && target.doc >= 0 && target.doc < dots.length ? dots[target.doc] : target.dot;
    return { modelId: m.id, rank: rankAmong(dots, t, target.doc ?? -1), of: dots.length, source: got.source };
  }
}
