// Four docs, two queries (one without a pool), the runtime's score shape:
// the input the funnel-input test and the pools-file test share.
import type { FunnelDoc, FunnelInputArgs } from '../funnelInput';

export const docs: FunnelDoc[] = [
  { id: 'v000000', zone: 'premium', ctr: 0.1 },
  { id: 'v000001', zone: 'short', ctr: 0.9 },
  { id: 'v000002', zone: 'short', ctr: 0.2 },
  { id: 'v000003', zone: 'premium', ctr: 0.5 },
];

export const args: FunnelInputArgs = {
  qids: ['q00001', 'q00002'],
  coarse: {
    q00001: [{ doc: 3, score: 0.9 }, { doc: 1, score: 0.6 }, { doc: 2, score: 0.6 }, { doc: 0, score: 0.2 }],
  },
  fine: { q00001: [{ doc: 0, score: 0.95 }, { doc: 1, score: 0.5 }, { doc: 3, score: 0.4 }] },
  docs,
  qrels: { q00001: { v000000: 3, v000001: 2, v000009: 1 } },
  intentOf: (q: string) => (q === 'q00001' ? 'topic' : undefined),
};
