/**
 * The page's one metrics worker (src/workers/metrics.worker.ts): evaluations
 * for the Metrics panel, and the Labels panel's views over every label. null
 * where Workers are missing: the callers compute on the main thread instead.
 */
import { connectWorker, type Connection } from '../../runtime/rpc';
import type { LabelViews, LabelViewsRequest } from '../labels/labelViews';
import type { EvalInput, EvalOutput } from './evaluate';

/** What the metrics worker answers (src/runtime/rpc.ts): the thread's protocol. */
export interface MetricsApi {
  evaluate(input: EvalInput): EvalOutput;
  labelViews(req: LabelViewsRequest): LabelViews;
}

let worker: Connection<MetricsApi> | null | undefined;

export function metricsWorker(): Connection<MetricsApi> | null {
  if (worker === undefined) {
    worker = typeof Worker === 'undefined' ? null
      : connectWorker<MetricsApi>(() => new Worker(new URL('../../workers/metrics.worker.ts', import.meta.url), { type: 'module' }), 'metrics worker');
  }
  return worker;
}

let nextId = 1;
/** Ids that tell the newest request from older ones (a stale answer is dropped). */
export const metricsRequestId = (): number => nextId++;
