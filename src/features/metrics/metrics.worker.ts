// Metrics off the main thread: one request in, one answer out. The newest
// request id wins on the page side; this side just computes.
import { evaluateAll, type EvalInput } from './evaluate';

self.onmessage = (e: MessageEvent<{ id: number; input: EvalInput }>) => {
  const { id, input } = e.data;
  try {
    self.postMessage({ id, output: evaluateAll(input) });
  } catch (err) {
    self.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
};
