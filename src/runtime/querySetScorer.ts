// scoreQuerySet: for each query of a set, each coarse model's top-`poolSize`
// docs over the whole catalog plus every judged doc, and the fine ranker's
// scores over the union pool. Queries are encoded in batches; everything is
// cached per (model, qid) so the tiers and metrics panels can ask again cheaply.
import { sigmoid } from '../core/score';
import { topK } from '../core/topk';
import { SUPERSEDED, type QuerySetScores, type RankedDoc } from './api';
import type { Engine } from './engine';
import { LabError } from './manifest';
import type { QuerySetData } from './querySet';

const BATCH = 64;


export class QuerySetScorer {
  /** `${model}|${qid}` → dots over all docs is too big to keep; keep the query vector instead. */
  private qvecs = new Map<string, Float32Array>();
  private fine = new Map<string, Map<number, number>>(); // qid → doc → logit

  constructor(private readonly engine: Engine, private readonly data: QuerySetData) {}

  private async queryVectors(modelId: string, qids: string[]): Promise<void> {
    const tower = this.engine.tower(modelId);
    const todo = qids.filter((q) => !this.qvecs.has(`${modelId}|${q}`));
    for (let i = 0; i < todo.length; i += BATCH) {
      const chunk = todo.slice(i, i + BATCH);
      const { vectors, dim } = await tower.encode(chunk.map((q) => this.data.text.get(q)!), 'query');
      chunk.forEach((q, j) => this.qvecs.set(`${modelId}|${q}`, vectors.slice(j * dim, (j + 1) * dim)));
    }
  }

  async score(modelIds: string[], qids: string[], poolSize: number, superseded: () => boolean = () => false): Promise<QuerySetScores> {
    const check = (): void => {
      if (superseded()) throw new LabError(SUPERSEDED);
    };
    const docs = this.engine.docs;
    if (!docs) throw new LabError('no doc set loaded');
    const unknown = qids.filter((q) => !this.data.text.has(q));
    if (unknown.length) throw new LabError(`unknown qid(s): ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? '…' : ''}`);
    const towers = modelIds.filter((id) => this.engine.manifest.models.find((m) => m.id === id)?.kind === 'tower');
    const byModel: QuerySetScores['byModel'] = {};
    const pools = new Map<string, Set<number>>(qids.map((q) => [q, new Set<number>()]));
    for (const id of towers) {
      const index = this.engine.indexes.get(id);
      if (!index) throw new LabError(`model ${id}: doc embeddings are not ready yet`);
      check();
      await this.queryVectors(id, qids);
      byModel[id] = {};
      for (const q of qids) {
        const dots = await index.dots(this.qvecs.get(`${id}|${q}`)!);
        const cand = new Set<number>(topK(dots, poolSize));
        for (const did of this.data.judged.get(q) ?? []) {
          const d = docs.byId.get(did);
          if (d !== undefined) cand.add(d);
        }
        const list: RankedDoc[] = [...cand].map((doc) => ({ doc, score: sigmoid(dots[doc]) }));
        list.sort((a, b) => dots[b.doc] - dots[a.doc] || a.doc - b.doc);
        byModel[id][q] = list;
        for (const r of list) pools.get(q)!.add(r.doc);
      }
    }
    const fineId = this.engine.fine?.entry.id;
    if (this.engine.fine && fineId) {
      byModel[fineId] = {};
      for (const q of qids) {
        const have = this.fine.get(q) ?? new Map<number, number>();
        this.fine.set(q, have);
        check();
        const todo = [...pools.get(q)!].filter((d) => !have.has(d));
        if (todo.length) {
          const logits = await this.engine.fine.logits(this.data.text.get(q)!, todo.map((d) => docs.texts[d]));
          todo.forEach((d, i) => have.set(d, logits[i]));
        }
        const list = [...pools.get(q)!].map((doc) => ({ doc, score: sigmoid(have.get(doc)!) }));
        list.sort((a, b) => have.get(b.doc)! - have.get(a.doc)! || a.doc - b.doc);
        byModel[fineId][q] = list;
      }
    }
    return { qids, poolSize, byModel, fineModelId: fineId };
  }
}
