// Metrics off the main thread: one request in, one answer out. The newest
// request id wins on the page side; this side just computes. Two kinds: an
// evaluation (EvalInput) and the Labels panel's views over every label.
import { LabelViewsHost, type LabelViewsRequest } from '../labels/labelViews';
import { evaluateAll, type EvalInput } from './evaluate';

const labels = new LabelViewsHost();

self.onmessage = (e: MessageEvent<{ id: number; input: EvalInput } | LabelViewsRequest>) => {
  const { id } = e.data;
  try {
    if ('kind' in e.data) self.postMessage({ id, views: labels.answer(e.data) });
    else self.postMessage({ id, output: evaluateAll(e.data.input) });
  } catch (err) {
    self.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
};
