// What the query-set scorer has scored, in memory and in a store (poolCache.ts):
// per coarse model and pool size, each query's pool with its raw dots; per
// query, the fine ranker's logit of every doc scored so far. A request that
// replaces an older one goes on from here; a reload starts from the store.
// Also builds the answer (QuerySetScores) from what is held.
import { logitAffine, sigmoid } from '../../core/score';
import type { ManifestModel } from '../api';
import type { Engine } from '../engine/engine';
import { leanFile } from '../engine/manifest';
import { packLists, type PackedQuerySetScores } from './querySetPack';
import { poolKeyText, poolQidsHash, readUnits, writeUnit, type PoolKeyParts, type PoolRows, type PoolStore, type PoolUnit } from './poolCache';

/** What a model's scores depend on besides the inputs: its files' hashes. Null: not cacheable (your own models). */
function fingerprint(e: ManifestModel | undefined): { graph: string; tokenizer: string } | null {
  if (!e || e.byo === true || !(e.files.lean ?? e.files.model)) return null;
  const sha = e.sha256[leanFile(e)];
  if (!sha) return null;
  // NOTE: pools hold calibrated values (logitAffine), so the calibration is part of what made them:
  // a manifest that recalibrates an unchanged graph must not read pools scored before it.
  const { scale, bias } = logitAffine(e);
  const graph = scale === 1 && bias === 0 ? sha : `${sha}@${scale},${bias}`;
  return { graph, tokenizer: `${e.sha256[`${e.dir}/tokenizer.json`] ?? ''},${e.sha256[`${e.dir}/tokenizer_config.json`] ?? ''}` };
}

/** Best first: by the raw value (dot or logit), ties by doc index; as { docs, scores = sigmoid(value) }. */
function byScore(rows: PoolRows): { docs: Int32Array; scores: Float64Array } {
  const { docs, values } = rows;
  const before = (i: number, j: number): number => values[j] - values[i] || docs[i] - docs[j];
  let sorted = true;
  for (let i = 1; i < docs.length && sorted; i++) sorted = before(i - 1, i) < 0;
  // NOTE: pools are stored best first (coarsePool sorts them), so a cached open skips the sort.
  const order = sorted ? Array.from(docs.keys()) : Array.from(docs.keys()).sort(before);
  return { docs: Int32Array.from(order, (i) => docs[i]), scores: Float64Array.from(order, (i) => sigmoid(values[i])) };
}

/** Cache key parts per unit: a tower's id, or 'fine' for the fine ranker. */
export type UnitKeys = Map<string, PoolKeyParts>;

export class PoolMemory {
  private coarse = new Map<string, PoolUnit>(); // `${model}|${poolSize}` → qid → pool
  private fine = new Map<string, Map<number, number>>(); // qid → doc → logit
  private fineVersion = 0;
  /** keys already read (hit or miss), and keys written with the fine version they hold */
  private tried = new Set<string>();
  private written = new Map<string, number>();

  constructor(
    private readonly engine: Engine,
    private readonly store: PoolStore | null,
    /** sha256 of the queries and qrels files; without them nothing persists */
    private readonly sources: { queries: string; qrels: string } | undefined,
  ) {}

  pools(id: string, poolSize: number): PoolUnit {
    const k = `${id}|${poolSize}`;
    if (!this.coarse.has(k)) this.coarse.set(k, new Map());
    return this.coarse.get(k)!;
  }

  logits(q: string): Map<number, number> {
    if (!this.fine.has(q)) this.fine.set(q, new Map());
    return this.fine.get(q)!;
  }

  fineScored(): void {
    this.fineVersion++;
  }

  /** Docs of query `q` in any tower's pool. */
  union(towers: readonly string[], q: string, poolSize: number): Set<number> {
    const pool = new Set<number>();
    for (const id of towers) for (const d of this.pools(id, poolSize).get(q)?.docs ?? []) pool.add(d);
    return pool;
  }

  /** Whether everything the answer needs is held (no model run needed). */
  covers(towers: readonly string[], fineId: string | undefined, qids: readonly string[], poolSize: number): boolean {
    return qids.every((q) => towers.every((id) => this.pools(id, poolSize).has(q))
      && (!fineId || [...this.union(towers, q, poolSize)].every((d) => this.logits(q).has(d))));
  }

  /** Key parts of each unit, or none where a part is unknown (no store, no sources, your own model). */
  async keys(towers: readonly string[], fineId: string | undefined, qids: readonly string[], poolSize: number): Promise<UnitKeys> {
    const out: UnitKeys = new Map();
    const src = this.sources, docs = this.engine.docs;
    if (!this.store || !src || !docs) return out;
    const qidsHash = await poolQidsHash(qids);
    const units = [...towers.map((t) => [t, t, 'coarse'] as const), ...(fineId ? [['fine', fineId, 'fine'] as const] : [])];
    for (const [unit, id, kind] of units) {
      const fp = fingerprint(this.engine.manifest.models.find((m) => m.id === id));
      if (fp) out.set(unit, { kind, model: id, ...fp, docs: docs.sha256, qids: qidsHash, queries: src.queries, pool: { size: poolSize, judged: src.qrels } });
    }
    return out;
  }

  /** Reads every unit not read before (one transaction) into memory; returns the units found. */
  async read(keys: UnitKeys, poolSize: number): Promise<string[]> {
    const todo = [...keys].filter(([, p]) => !this.tried.has(poolKeyText(p)));
    if (!todo.length || !this.store || !this.engine.docs) return [];
    for (const [, p] of todo) this.tried.add(poolKeyText(p));
    const got = await readUnits(this.store, todo.map(([, p]) => p), this.engine.docs.rows.length);
    const found: string[] = [];
    todo.forEach(([unit, p], i) => {
      const stored = got[i];
      if (!stored) return;
      found.push(unit);
      this.written.set(poolKeyText(p), this.fineVersion);
      for (const [q, rows] of stored) {
        if (unit !== 'fine') {
          const mem = this.pools(unit, poolSize);
          if (!mem.has(q)) mem.set(q, rows);
          continue;
        }
        const have = this.logits(q);
        rows.docs.forEach((d, j) => { if (!have.has(d)) have.set(d, rows.values[j]); });
      }
    });
    return found;
  }

  /** Writes the units memory holds more of than the store; returns the first error, if any. */
  async write(keys: UnitKeys, qids: readonly string[], poolSize: number): Promise<string | undefined> {
    let error: string | undefined;
    for (const [unit, p] of keys) {
      const key = poolKeyText(p);
      // NOTE: a coarse unit is whole once stored (its key names the qids); the fine one grows with every new pool.
      const stored = this.written.get(key);
      if (stored !== undefined && (unit !== 'fine' || stored === this.fineVersion)) continue;
      const rows: PoolUnit = new Map();
      for (const q of qids) {
        if (unit !== 'fine') { rows.set(q, this.pools(unit, poolSize).get(q)!); continue; }
        const have = this.logits(q);
        rows.set(q, { docs: Int32Array.from(have.keys()), values: Float32Array.from(have.values()) });
      }
      const e = await writeUnit(this.store!, p, rows);
      if (e) error ??= `${unit}: ${e}`;
      else this.written.set(key, this.fineVersion);
    }
    return error;
  }

  /** The answer from what is held, packed for the wire (call once `covers` is true). */
  answer(towers: readonly string[], fineId: string | undefined, qids: string[], poolSize: number): Pick<PackedQuerySetScores, 'qids' | 'poolSize' | 'packed' | 'fineModelId'> {
    const packed: PackedQuerySetScores['packed'] = {};
    for (const id of towers) packed[id] = packLists(qids, (q) => byScore(this.pools(id, poolSize).get(q)!));
    if (fineId) {
      packed[fineId] = packLists(qids, (q) => {
        const ds = Int32Array.from(this.union(towers, q, poolSize));
        const have = this.logits(q);
        return byScore({ docs: ds, values: Float32Array.from(ds, (d) => have.get(d)!) });
      });
    }
    return { qids, poolSize, packed, fineModelId: fineId };
  }
}
