// Bring-your-own model, step 1: from what a graph declares (ORT session
// inputNames/outputNames + their metadata), the folder's config.json and an
// optional sentence-transformers pooling config, decide how to feed and pool
// it — or say exactly what is missing. Pure: tested in Node on plain objects.
//
// Refuses: graphs without input_ids / attention_mask, graphs whose other
// inputs it cannot fill, and outputs that are neither token states
// [batch, seq, hidden] nor a pooled vector [batch, hidden].

export type IdsType = 'int64' | 'int32';
export type Pooling = 'mean' | 'cls' | 'max' | 'output';

/** What ORT says about one graph input or output (metadata may be missing on old builds). */
export interface ValueInfo {
  name: string;
  type?: string;
  /** dims; strings for symbolic ones */
  shape?: readonly (number | string)[];
}

export interface ByoIo {
  inputs: ValueInfo[];
  outputs: ValueInfo[];
}

export interface ByoPlan {
  ids: { name: string; type: IdsType };
  mask: { name: string; type: IdsType };
  tokenTypes?: { name: string; type: IdsType };
  positions?: { name: string; type: IdsType };
  output: { name: string; kind: 'tokens' | 'pooled' };
  /** how token states become one vector ('output' = the graph's pooled output as is) */
  pooling: Pooling;
  /** true when the lab cannot tell and the user must pick (`choices`) */
  ask: boolean;
  choices: Pooling[];
  /** why this pooling was chosen, shown to the user */
  reason: string;
  maxLen: number;
  hidden?: number;
}

export type PlanResult = { ok: true; plan: ByoPlan } | { ok: false; problems: string[] };

const POOLED_NAMES = ['sentence_embedding', 'sentence_embeddings', 'embeddings', 'embedding', 'pooler_output', 'pooled_output', 'text_embeds'];
const TOKEN_NAMES = ['last_hidden_state', 'token_embeddings', 'hidden_states', 'encoder_last_hidden_state', 'output_0'];
const ALIASES: Record<'ids' | 'mask' | 'types' | 'positions', string[]> = {
  ids: ['input_ids'],
  mask: ['attention_mask', 'input_mask'],
  types: ['token_type_ids', 'segment_ids'],
  positions: ['position_ids'],
};

function idsType(v: ValueInfo, problems: string[]): IdsType {
  const t = v.type ?? 'int64'; // standard exports use int64; a missing type is read as that
  if (t === 'int64' || t === 'int32') return t;
  problems.push(`input "${v.name}" is ${t}; the lab feeds token ids as int64 or int32`);
  return 'int64';
}

/** sentence-transformers 1_Pooling/config.json → a pooling, when it names exactly one. */
export function poolingFromConfig(cfg: unknown): Pooling | null {
  if (!cfg || typeof cfg !== 'object') return null;
  const c = cfg as Record<string, unknown>;
  const on: Pooling[] = [];
  if (c.pooling_mode_cls_token === true) on.push('cls');
  if (c.pooling_mode_mean_tokens === true) on.push('mean');
  if (c.pooling_mode_max_tokens === true) on.push('max');
  return on.length === 1 ? on[0] : null;
}

export function planByo(io: ByoIo, config: Record<string, unknown>, poolingConfig: unknown, chosen?: Pooling | null): PlanResult {
  const problems: string[] = [];
  const find = (names: string[]): ValueInfo | undefined => io.inputs.find((i) => names.includes(i.name));
  const ids = find(ALIASES.ids), mask = find(ALIASES.mask), types = find(ALIASES.types), positions = find(ALIASES.positions);
  const have = io.inputs.map((i) => i.name).join(', ') || 'none';
  if (!ids) problems.push(`the graph has no "input_ids" input (its inputs: ${have})`);
  if (!mask) problems.push(`the graph has no "attention_mask" input (its inputs: ${have})`);
  const typed = (v: ValueInfo | undefined) => (v ? { name: v.name, type: idsType(v, problems) } : undefined);
  const feeds = { ids: typed(ids), mask: typed(mask), tokenTypes: typed(types), positions: typed(positions) };
  const known = new Set([ids, mask, types, positions].filter(Boolean).map((v) => v!.name));
  const extra = io.inputs.filter((i) => !known.has(i.name)).map((i) => i.name);
  if (extra.length) problems.push(`the lab cannot fill input${extra.length === 1 ? '' : 's'} ${extra.map((x) => `"${x}"`).join(', ')} (it feeds input_ids, attention_mask, token_type_ids, position_ids)`);

  const rank = (o: ValueInfo): number | undefined => o.shape?.length;
  const isFloat = (o: ValueInfo): boolean => !o.type || o.type === 'float32' || o.type === 'float16';
  const byName = (names: string[]): ValueInfo | undefined => names.map((n) => io.outputs.find((o) => o.name === n)).find(Boolean);
  const tokensOut = byName(TOKEN_NAMES) ?? io.outputs.find((o) => rank(o) === 3 && isFloat(o));
  const pooledOut = byName(POOLED_NAMES.filter((n) => n !== 'pooler_output' && n !== 'pooled_output')) ?? io.outputs.find((o) => rank(o) === 2 && isFloat(o) && !/logit|score|pooler|pooled/i.test(o.name));
  const poolerOut = byName(['pooler_output', 'pooled_output']);
  if (!tokensOut && !pooledOut && !poolerOut) {
    problems.push(`the graph has no "last_hidden_state" [batch, seq, hidden] or pooled [batch, hidden] output (its outputs: ${io.outputs.map((o) => `${o.name}${o.shape ? ` [${o.shape.join(', ')}]` : ''}`).join(', ') || 'none'})`);
  }
  for (const o of [tokensOut, pooledOut].filter(Boolean) as ValueInfo[]) {
    if (!isFloat(o)) problems.push(`output "${o.name}" is ${o.type}, not float`);
  }
  if (problems.length) return { ok: false, problems };

  const fromCfg = poolingFromConfig(poolingConfig);
  const choices: Pooling[] = [...(tokensOut ? (['mean', 'cls', 'max'] as const) : []), ...(pooledOut || poolerOut ? (['output'] as const) : [])];
  let pooling: Pooling | null = null, reason = '';
  if (chosen && choices.includes(chosen)) { pooling = chosen; reason = `pooling picked by you (${chosen})`; }
  else if (pooledOut) { pooling = 'output'; reason = `the graph outputs a sentence vector ("${pooledOut.name}")`; }
  else if (tokensOut && fromCfg) { pooling = fromCfg; reason = `1_Pooling/config.json says ${fromCfg} pooling`; }
  else if (!tokensOut) { pooling = 'output'; reason = `the graph outputs only "${poolerOut!.name}"`; }
  // Token states (maybe beside BERT's NSP pooler): the graph does not say which vector to use.
  const ask = pooling === null;
  if (pooling === null) { pooling = 'mean'; reason = 'the graph outputs token states only; pick how to pool them'; }
  const output: ByoPlan['output'] = pooling === 'output' ? { name: (pooledOut ?? poolerOut)!.name, kind: 'pooled' } : { name: tokensOut!.name, kind: 'tokens' };
  const maxPos = typeof config.max_position_embeddings === 'number' ? config.max_position_embeddings : 512;
  const hidden = typeof config.hidden_size === 'number' ? config.hidden_size : undefined;
  return {
    ok: true,
    plan: {
      ids: feeds.ids!, mask: feeds.mask!, tokenTypes: feeds.tokenTypes, positions: feeds.positions,
      output, pooling, ask, choices, reason, maxLen: Math.max(8, Math.min(512, maxPos)), hidden,
    },
  };
}
