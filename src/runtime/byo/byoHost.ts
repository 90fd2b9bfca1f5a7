// Bring-your-own models inside the lab's worker: open a folder's graph with
// the worker's ORT build, read its inputs/outputs (names + metadata), plan
// how to feed and pool it (byoPlan.ts), and register it in the Engine as one
// more tower — from then on doc encoding (progress, IndexedDB cache keyed by
// the graph's sha256 + doc-set hash), scoring and ranking are the runtime's own.
import type { ManifestModel } from '../api';
import { planByo, type ValueInfo } from './byoPlan';
import type { ByoAdded, ByoFiles, ByoOpened, ByoRequest, ByoResult } from './byoProtocol';
import { ByoTokenizer } from './byoTokenizer';
import { ByoTower } from './byoTower';
import type { Engine } from '../engine/engine';
import { sha256Hex } from '../hash';
import { LabError } from '../engine/manifest';
import { SerialSession, type OrtApi, type SessionOptions } from '../ort/ort';
import type { WorkerEvent } from '../lab/protocol';

export interface ByoContext {
  ort(): OrtApi;
  sessionOptions(): SessionOptions;
  fixedShapes(): boolean;
  engine(): Engine;
  emit(e: WorkerEvent): void;
  prepareIndex(m: ManifestModel): Promise<void>;
}

interface Pending {
  opened: ByoOpened;
  files: Omit<ByoFiles, 'model'>;
  session: SerialSession;
}

const GRAPH = 'onnx/model.onnx';
const now = (): number => globalThis.performance.now();

function parseJson(text: string | undefined, what: string): Record<string, unknown> {
  if (text === undefined) return {};
  try {
    const v = JSON.parse(text) as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch { /* reported below */ }
  throw new LabError(`${what} is not a JSON object`);
}

/** Inputs and outputs as the session declares them (metadata when this ORT build has it). */
export function readIo(s: SerialSession): { inputs: ValueInfo[]; outputs: ValueInfo[] } {
  const sess = s.session as unknown as {
    inputNames: readonly string[]; outputNames: readonly string[];
    inputMetadata?: readonly { name: string; isTensor?: boolean; type?: string; shape?: readonly (number | string)[] }[];
    outputMetadata?: readonly { name: string; isTensor?: boolean; type?: string; shape?: readonly (number | string)[] }[];
  };
  const meta = (names: readonly string[], md: typeof sess.inputMetadata): ValueInfo[] => names.map((name, i) => {
    const m = Array.isArray(md) ? (md.find((x) => x?.name === name) ?? md[i]) : undefined;
    return { name, type: m?.isTensor === false ? 'non-tensor' : m?.type, shape: m?.shape ? [...m.shape] : undefined };
  });
  return { inputs: meta(sess.inputNames, sess.inputMetadata), outputs: meta(sess.outputNames, sess.outputMetadata) };
}

export class ByoHost {
  private pending = new Map<string, Pending>();
  constructor(private readonly ctx: ByoContext) {}

  handle(req: ByoRequest): Promise<ByoResult> {
    switch (req.op) {
      case 'open': return this.open(req.files);
      case 'add': return this.add(req.key, req.pooling);
      case 'remove': return this.remove(req.id);
    }
  }

  private async open(files: ByoFiles): Promise<ByoOpened> {
    // (config.json is parsed first: a broken one is the first thing to fix)
    const sha256 = await sha256Hex(files.model);
    const id = `byo-${sha256.slice(0, 8)}`;
    const config = parseJson(files.config, 'config.json');
    let session: SerialSession;
    try {
      session = await SerialSession.create(this.ctx.ort(), files.model, this.ctx.sessionOptions(), `${files.name} (${id})`);
    } catch (e) {
      throw new LabError(`${files.name}/${GRAPH} is not a graph ONNX Runtime can load (${(e as Error).message})`);
    }
    const io = readIo(session);
    const planned = planByo(io, config, files.poolingConfig ? parseJson(files.poolingConfig, '1_Pooling/config.json') : null);
    // NOTE: the tokenizer is checked now, not at "Run as a tower": a folder the lab cannot run says so when opened.
    const tokProblem = tokenizerProblem(files, config);
    const r: typeof planned = tokProblem ? { ok: false, problems: [...(planned.ok ? [] : planned.problems), tokProblem] } : planned;
    const key = `${id}:${now()}`;
    const opened: ByoOpened = { key, id, sha256, bytes: files.model.length, io, ...(r.ok ? { plan: r.plan } : { problems: r.problems }) };
    if (!r.ok) {
      await session.release();
      return opened;
    }
    for (const p of this.pending.values()) void p.session.release().catch(() => undefined);
    this.pending.clear();
    const { model: _model, ...rest } = files;
    this.pending.set(key, { opened, files: rest, session });
    return opened;
  }

  private async add(key: string, pooling?: ByoAdded['pooling']): Promise<ByoAdded> {
    const p = this.pending.get(key);
    if (!p) throw new LabError('open the model folder again (the opened graph is gone — the runtime restarted?)');
    const t0 = now();
    const config = parseJson(p.files.config, 'config.json');
    const r = planByo(p.opened.io, config, p.files.poolingConfig ? parseJson(p.files.poolingConfig, '1_Pooling/config.json') : null, pooling);
    if (!r.ok) throw new LabError(r.problems.join('; '));
    if (r.plan.ask) throw new LabError(`pick a pooling for ${p.files.name}: ${r.plan.choices.join(', ')}`);
    const tok = new ByoTokenizer(parseJson(p.files.tokenizer, 'tokenizer.json'), parseJson(p.files.tokenizerConfig, 'tokenizer_config.json'), config);
    const L = r.plan.maxLen;
    const entry: ManifestModel = {
      id: p.opened.id, role: 'student', kind: 'tower', dir: '', files: { model: GRAPH }, sha256: { [GRAPH]: p.opened.sha256 },
      pooling: r.plan.pooling === 'output' ? undefined : r.plan.pooling, max_len: Math.min(64, L), hidden: r.plan.hidden,
      byo: true, name: p.files.name, inputs: p.opened.io.inputs, outputs: p.opened.io.outputs,
    };
    const tower = new ByoTower(entry, tok, { query: Math.min(32, L), doc: Math.min(64, L), pair: L }, p.session, p.opened.bytes, r.plan,
      { ort: this.ctx.ort(), fixedShapes: this.ctx.fixedShapes() });
    const dim = await tower.probe();
    entry.hidden = dim;
    this.pending.delete(key);
    const e = this.ctx.engine();
    const loadMs = now() - t0;
    await e.addTower(tower, loadMs);
    this.ctx.emit({ type: 'manifest', manifest: e.manifest });
    this.ctx.emit({ type: 'status', status: { id: entry.id, state: 'ready', bytes: p.opened.bytes, loadMs } });
    if (e.docs) void this.ctx.prepareIndex(entry);
    return { id: entry.id, dim, pooling: r.plan.pooling, loadMs };
  }

  private async remove(id: string): Promise<null> {
    const e = this.ctx.engine();
    if (!e.manifest.models.some((m) => m.id === id && m.byo === true)) return null;
    await e.removeModel(id);
    this.ctx.emit({ type: 'manifest', manifest: e.manifest });
    return null;
  }
}

/** Why the folder's tokenizer cannot be used, naming the file; null when it loads. */
function tokenizerProblem(files: ByoFiles, config: Record<string, unknown>): string | null {
  try {
    new ByoTokenizer(parseJson(files.tokenizer, 'tokenizer.json'), parseJson(files.tokenizerConfig, 'tokenizer_config.json'), config);
    return null;
  } catch (e) {
    return `${files.name}: the tokenizer (tokenizer.json, tokenizer_config.json) cannot be used: ${(e as Error).message}`;
  }
}
