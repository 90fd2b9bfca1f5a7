// Messages between the page and the inspect worker. Requests carry an id and
// get exactly one reply. A second worker (not the lab's ranking worker) so an
// inspect run never queues in front of a ranking request.
import type { Backend } from '../core/backend';
import type { Manifest } from './api';
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

export type InspectRequest =
  | { type: 'init'; opts: InspectInit }
  | { type: 'towerPair'; modelId: string; query: string; docText: string }
  | { type: 'crossPair'; query: string; docText: string }
  | { type: 'contributions'; modelId: string; query: string; docText: string }
  | { type: 'headPair'; headId: string; query: string; docText: string }
  | { type: 'rankOf'; modelId: string; query: string; docText: string; doc?: number; docsetSha: string; count: number };

export interface InspectResultOf {
  init: { manifest: Manifest };
  towerPair: TowerPair;
  crossPair: CrossInspect;
  contributions: Contributions;
  headPair: HeadResult;
  rankOf: RankOf;
}

export type InspectToWorker = { id: number; msg: InspectRequest };
export type InspectFromWorker = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };
