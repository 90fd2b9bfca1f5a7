// The inspect worker's logic: one InspectEngine over one ORT-web build, and
// the doc indexes used for ranks. Loads models lazily, on the first request
// that needs them.
import { fetchSource } from './assets';
import { InspectEngine } from './inspectEngine';
import type { InspectInit, InspectRequest } from './inspectProtocol';
import { RankIndexes } from './inspectRank';
import { LabError, parseManifest } from './manifest';
import { loadWebOrt } from './ortWeb';

export class InspectHost {
  private engine: InspectEngine | null = null;
  private ranks: RankIndexes | null = null;
  private chain: Promise<unknown> = Promise.resolve();

  /**
   * One request at a time.
   * NOTE: ORT-web's WASM run awaits inside `_OrtRun` with its output-pointer
   * array on the shared WASM stack; a run of *another* session in between
   * clobbers it ("Cannot read properties of null (reading '3')", seen here
   * with the heads and towers in flight together). Serialising per session
   * is not enough; this worker serialises everything.
   */
  handle(msg: InspectRequest): Promise<unknown> {
    const p = this.chain.then(() => this.handleNow(msg));
    this.chain = p.catch(() => undefined);
    return p;
  }

  private async handleNow(msg: InspectRequest): Promise<unknown> {
    if (msg.type === 'init') return this.init(msg.opts);
    const e = this.need();
    switch (msg.type) {
      case 'towerPair': return e.towerPair(msg.modelId, msg.query, msg.docText);
      case 'crossPair': return e.crossPair(msg.query, msg.docText);
      case 'contributions': return e.contributions(msg.modelId, msg.query, msg.docText);
      case 'headPair': return e.headPair(msg.headId, msg.query, msg.docText);
      case 'rankOf': {
        const t = await e.tower(msg.modelId);
        const [q, d] = await Promise.all([t.encode([msg.query], 'query'), t.encode([msg.docText], 'doc')]);
        let dot = 0;
        for (let i = 0; i < t.dim; i++) dot += q.vectors[i] * d.vectors[i];
        return this.ranks!.rankOf(e.entry(msg.modelId), q.vectors.slice(0, t.dim), { doc: msg.doc, dot }, msg.docsetSha, msg.count);
      }
    }
  }

  private need(): InspectEngine {
    if (!this.engine) throw new LabError('the inspect runtime is not initialised');
    return this.engine;
  }

  private async init(o: InspectInit) {
    const web = await loadWebOrt(o.backend, o.threads);
    const res = await fetch(`${o.modelsUrl}manifest.json`);
    if (!res.ok) throw new LabError(`${o.modelsUrl}manifest.json is missing (HTTP ${res.status})`);
    const manifest = parseManifest(await res.text(), `${o.modelsUrl}manifest.json`);
    this.engine = new InspectEngine({ ort: web.ort, sessionOptions: web.sessionOptions, models: fetchSource(o.modelsUrl) }, manifest);
    this.ranks = new RankIndexes(o.embeddingsUrl);
    return { manifest };
  }
}
