// What the inspect worker answers the page (rpc.ts): the thread's protocol.
// A second worker (not the lab's ranking worker) so an inspect run never
// queues in front of a ranking request.
import type { Backend } from '../../core/backend';
import type { Manifest } from '../api';
import type { Contributions } from './inspectContrib';
import type { CrossInspect, TowerPair } from './inspectEngine';
import type { HeadResult } from './inspectHeads';
import type { RankOf } from './inspectRank';

export interface InspectInit {
  backend: Backend;
  threads: number;
  modelsUrl: string;
  embeddingsUrl: string;
}

/** One (query, doc text) pair. */
export interface PairArgs {
  query: string;
  docText: string;
}

export interface InspectApi {
  init(opts: InspectInit): Promise<{ manifest: Manifest }>;
  towerPair(a: PairArgs & { modelId: string }): Promise<TowerPair>;
  crossPair(a: PairArgs): Promise<CrossInspect>;
  contributions(a: PairArgs & { modelId: string }): Promise<Contributions>;
  headPair(a: PairArgs & { headId: string }): Promise<HeadResult>;
  rankOf(a: PairArgs & { modelId: string; doc?: number; docsetSha: string; count: number }): Promise<RankOf>;
}
