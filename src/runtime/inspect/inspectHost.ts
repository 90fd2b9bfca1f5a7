// The inspect worker's logic: one InspectEngine over one ORT-web build, and
// the doc indexes used for ranks. Loads models lazily, on the first request
// that needs them.
import { fetchSource } from '../engine/assets';
import { InspectEngine } from './inspectEngine';
import type { InspectApi, InspectInit, PairArgs } from './inspectProtocol';
import { RankIndexes } from './inspectRank';
import { LabError, parseManifest } from '../engine/manifest';
import { loadWebOrt } from '../ort/ortWeb';

export class InspectHost implements InspectApi {
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
  private serial<T>(work: () => Promise<T>): Promise<T> {
    const p = this.chain.then(work);
    this.chain = p.catch(() => undefined);
    return p;
  }

  init(o: InspectInit) {
    return this.serial(async () => {
      const web = await loadWebOrt(o.backend, o.threads);
      const res = await fetch(`${o.modelsUrl}manifest.json`);
      if (!res.ok) throw new LabError(`${o.modelsUrl}manifest.json is missing (HTTP ${res.status})`);
      const manifest = parseManifest(await res.text(), `${o.modelsUrl}manifest.json`);
      this.engine = new InspectEngine({ ort: web.ort, sessionOptions: web.sessionOptions, models: fetchSource(o.modelsUrl) }, manifest);
      this.ranks = new RankIndexes(o.embeddingsUrl);
      return { manifest };
    });
  }

  towerPair(a: Parameters<InspectApi['towerPair']>[0]) { return this.serial(() => this.need().towerPair(a.modelId, a.query, a.docText)); }
  crossPair(a: PairArgs) { return this.serial(() => this.need().crossPair(a.query, a.docText)); }
  contributions(a: Parameters<InspectApi['contributions']>[0]) { return this.serial(() => this.need().contributions(a.modelId, a.query, a.docText)); }
  headPair(a: Parameters<InspectApi['headPair']>[0]) { return this.serial(() => this.need().headPair(a.headId, a.query, a.docText)); }

  rankOf(a: Parameters<InspectApi['rankOf']>[0]) {
    return this.serial(async () => {
      const e = this.need();
      const t = await e.tower(a.modelId);
      const [q, d] = await Promise.all([t.encode([a.query], 'query'), t.encode([a.docText], 'doc')]);
      let dot = 0;
      for (let i = 0; i < t.dim; i++) dot += q.vectors[i] * d.vectors[i];
      return this.ranks!.rankOf(e.entry(a.modelId), q.vectors.slice(0, t.dim), { doc: a.doc, dot }, a.docsetSha, a.count);
    });
  }

  private need(): InspectEngine {
    if (!this.engine) throw new LabError('the inspect runtime is not initialised');
    return this.engine;
  }
}
