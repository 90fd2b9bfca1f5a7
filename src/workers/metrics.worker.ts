// Metrics off the main thread: an evaluation (EvalInput) for the Metrics
// panel, and the Labels panel's views over every label. The newest request
// wins on the page side (src/services/metrics/metricsWorker.ts); this side just computes.
import { LabelViewsHost } from '../services/labels/labelViews';
import { evaluateAll } from '../services/metrics/evaluate';
import type { MetricsApi } from '../services/metrics/metricsWorker';
import { serve } from '../runtime/rpc';

const labels = new LabelViewsHost();

serve((): MetricsApi => ({ evaluate: evaluateAll, labelViews: (req) => labels.answer(req) }));
