// The lab worker's side of query-set requests (tiers, metrics, labels panels):
// one scorer per doc set over the demo's queries and qrels, with the browser's
// pools cache (poolCache.ts); a newer request on a channel supersedes the older
// one; progress goes out as events after every slice of work.
import type { Engine } from '../engine/engine';
import { sha256Hex } from '../hash';
import { fineModel } from '../engine/manifest';
import { idbPoolStore } from '../queryset/poolCache';
import type { PackedQuerySetScores } from '../queryset/querySetPack';
import type { InitOptions, QuerySetRequest, WorkerEvent } from './protocol';
import { readQuerySet } from '../queryset/querySet';
import { QuerySetScorer } from '../queryset/querySetScorer';
import { mark } from '../timeline';

export interface QuerySetHostContext {
  engine: () => Engine;
  opts: () => InitOptions;
  /** resolves once the tower's doc index is ready or has failed */
  settled: (modelId: string) => Promise<unknown>;
  emit: (e: WorkerEvent) => void;
  fetchBytes: (url: string) => Promise<Uint8Array>;
}

export class QuerySetHost {
  private scorer: Promise<QuerySetScorer> | null = null;
  private seq = new Map<string, number>(); // channel → newest request

  constructor(private readonly ctx: QuerySetHostContext) {}

  /** A new doc set: what was scored belongs to the old one. */
  reset(): void {
    this.scorer = null;
  }

  async score(msg: QuerySetRequest): Promise<PackedQuerySetScores> {
    const ch = msg.channel ?? '';
    const my = (this.seq.get(ch) ?? 0) + 1;
    this.seq.set(ch, my);
    for (const id of msg.modelIds) await this.ctx.settled(id);
    return (await this.querySetScorer()).scorePacked(msg.modelIds, msg.qids, msg.poolSize, ch ? () => this.seq.get(ch) !== my : () => false, {
      onProgress: (progress) => this.ctx.emit({ type: 'querySetProgress', channel: ch, progress }),
    });
  }

  async cached(msg: Omit<QuerySetRequest, 'channel'>): Promise<PackedQuerySetScores | null> {
    mark('worker: query set asked of the cache');
    // NOTE: models left out by `?models=` stay out, even where an earlier visit cached them.
    const only = this.ctx.opts().only;
    const fine = fineModel(this.ctx.engine().manifest);
    const ids = only ? msg.modelIds.filter((id) => only.includes(id)) : msg.modelIds;
    return (await this.querySetScorer()).cachedPacked(ids, msg.qids, msg.poolSize, !!fine && (!only || only.includes(fine.id)));
  }

  /** Made once even when two panels ask at once; a failed fetch is tried again next time. */
  private querySetScorer(): Promise<QuerySetScorer> {
    const e = this.ctx.engine(), o = this.ctx.opts();
    this.scorer ??= (async () => {
      const [q, r] = await Promise.all([this.ctx.fetchBytes(o.queriesUrl), this.ctx.fetchBytes(o.qrelsUrl)]);
      // The files' hashes join the pools' cache keys: new query texts or judgments miss.
      const [queries, qrels] = await Promise.all([sha256Hex(q), sha256Hex(r)]);
      return new QuerySetScorer(e, readQuerySet(q, r, o.queriesUrl, o.qrelsUrl), { store: idbPoolStore(), sources: { queries, qrels } });
    })();
    const scorer = this.scorer;
    scorer.catch(() => { if (this.scorer === scorer) this.scorer = null; });
    return scorer;
  }
}
