/**
 * The lab's shared words, defined once: the share codec, the store's slices,
 * the runtime, the CLI and the bench all import them from here, so a zone or
 * a label source means the same thing on every layer.
 *
 * Refuses: logic, and imports (it is the leaf every layer may read). Only
 * names, their allowed values and the one default serving config; the code
 * that uses them lives with its layer.
 */
/** A doc's zone in the catalog. */
export const ZONES = ['premium', 'short'] as const;
export type Zone = (typeof ZONES)[number];
/** What a ranking or a link restricts to: one zone, or all of them. */
export type ZoneFilter = 'all' | Zone;

/** The backend the user asks for; `auto` lets core/backend.ts resolveBackend pick. */
export type BackendRequest = 'auto' | 'webgpu' | 'wasm';
/** The backend that runs. */
export type Backend = 'webgpu' | 'wasm';

/**
 * Which grades the metrics use: the generator's ground truth, the human
 * labels (shipped + the lab's), or the truth overlaid by the human ones.
 */
export type LabelSource = 'truth' | 'human' | 'both';

/** A query's split in the demo world. */
export const SPLITS = ['train', 'valid', 'test'] as const;
export type Split = (typeof SPLITS)[number];

/** How the labelling queue orders pairs (src/features/labels/queue.ts). */
export type QueueKind = 'disagreement' | 'topk' | 'random';
export const QUEUE_KINDS: readonly QueueKind[] = ['disagreement', 'topk', 'random'];

/** Which attention stack an inspect map comes from, and how the ESIM alignment is shown. */
export type AttnSource = 'query' | 'doc' | 'fine';
export type EsimView = 'raw' | 'queryToDoc' | 'docToQuery';

/** Order inside a short-video score tier (src/core/tiers.ts). */
export type TierOrder = 'ctr' | 'score' | 'blend';
export const TIER_ORDERS: readonly TierOrder[] = ['ctr', 'score', 'blend'];

/**
 * The serving config the lab starts with (config A; B differs in the premium
 * cutoff only), a core/funnel.ts FunnelConfig. NOTE: the share codec's tier
 * defaults are read from it, so an untouched config writes no `t` key into a
 * link. Copy before editing (core/funnel.ts cloneConfig): it is shared. Typed
 * by its shape, not as FunnelConfig, so this file imports nothing (the funnel
 * imports its words from here); src/data/formats/tierStrategy.test.ts checks
 * it is a valid config.
 */
export const DEFAULT_FUNNEL_CONFIG = {
  norm: 'raw' as const,
  premium: { cutoff: 0.5 },
  short: { boundaries: [0.7, 0.4], quotas: [100, 60, 20], order: 'ctr' as TierOrder, alpha: 0.5 },
  threshold: 2,
  ndcgK: 10,
  kmK: 10,
};
