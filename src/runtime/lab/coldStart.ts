// The lab worker's cold-start policy: what waits for the first results, and
// for how long. The first answer with tower results is a latch; the work that
// holds this thread for hundreds of ms (the BM25 build, the next model's
// session, a tower's move from the lab's kernel to ORT) waits for it and then
// for the page's rank requests to go quiet (rankActivity.ts); on WASM, ORT's
// start waits for the first answer when the lab's kernel gives it. Timings and
// what was tried are in docs/PERFORMANCE.md. It decides when; the host does.
import { SerialSession } from '../ort/ort';
import type { LazyModule } from '../ort/ortAssets';
import type { WebOrt } from '../ort/ortWeb';
import { scoringGraph } from '../../core/onnxProto';
import { towerKernelSupported } from '../encode/towerKernel';
import { TowerModel } from '../engine/models';
import type { Tower } from '../engine/tower';
import type { InitOptions } from './protocol';
import { RankActivity } from './rankActivity';
import { mark } from '../timeline';

const now = (): number => performance.now();
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
/** How long the next model waits for the page's first query, once the first tower is ready. */
export const FIRST_ANSWER_WAIT_MS = 400;
/** …then for the page to stop re-ranking this long (RankActivity), at most QUIET_CAP_MS. */
export const QUIET_MS = 300;
export const QUIET_CAP_MS = 1_500;
/** The BM25 build's latest start once a tower is ready (sooner once the first query is answered). */
export const BM25_AFTER_TOWER_MS = 1_500;

/**
 * On WASM the shipped towers start on the lab's own kernel (towerKernel.ts: a 12 KB module, the
 * same math, checked against ORT once ORT is up), so the first results need neither ORT's 14 MB
 * module nor its start (~2 s of the cold start's critical path before, 7th session): ORT's
 * download waits for the first answer. `?kernel=off` keeps the ORT-only start.
 */
export function startsOnKernel(opts: InitOptions): boolean {
  return opts.backend === 'wasm' && opts.kernel !== false && towerKernelSupported();
}

/**
 * When the models' files may start downloading. Without the kernel they wait for ORT's WASM
 * module, which starts downloading now.
 * NOTE: Chromium moved ~50 MB/s of response bodies into this page on the 2-core machine, and the
 * binary (14 MB), docs.jsonl (9 MB), the first .emb (10 MB) and the graph fetched at once all
 * arrived together ~1 s in, with ORT's start (~0.6-1 s of this thread) waiting for the binary.
 * Interleaved cold opens: a median of ~3.25 s with the doc set at once and the models after the
 * module, ~3.6 s with everything after it. (WebGPU: no WASM module to wait for.)
 */
export function modelsMayLoad(opts: InitOptions, kernelFirst: boolean, ortWasm: LazyModule | null): Promise<void> {
  if (kernelFirst || !ortWasm) return Promise.resolve();
  ortWasm.start();
  return opts.backend === 'wasm' ? ortWasm.promise.then(() => undefined, () => undefined) : Promise.resolve();
}

/**
 * NOTE: the WASM module (or the WebGPU device) initialises on the first session: started early
 * with a tiny graph, it overlaps the model and doc-set fetches instead of following them. It is
 * first on the run queue; its failure is the model's to report.
 */
export function warmUpOrt(web: WebOrt, ortWasm: LazyModule | null): void {
  ortWasm?.start();
  void SerialSession.create(web.ort, scoringGraph(8), web.sessionOptions, 'the runtime start-up graph')
    .then((s) => { mark('worker: ORT runtime started (first session)'); return s.release(); }).catch(() => undefined);
}

export interface ColdStartHooks {
  /** whether a doc set is in (the BM25 build has something to index) */
  hasDocs(): boolean;
  /** builds the lexical index now and tells the page */
  buildBm25(): void;
}

export class ColdStart {
  private readonly ranks = new RankActivity();
  private answeredNow: () => void = () => undefined;
  /** Resolves once a rank request has been answered with tower results. */
  readonly firstAnswer = new Promise<void>((resolve) => { this.answeredNow = resolve; });
  private waitedForFirst = false;
  private bm25Built = false;
  private bm25Timer: ReturnType<typeof setTimeout> | null = null;
  private bm25At = Infinity;

  constructor(private readonly hooks: ColdStartHooks) {}

  /** A rank request arrived (call before anything is awaited for it). */
  rankStarted(): void {
    this.ranks.started();
  }

  rankFinished(): void {
    this.ranks.finished();
  }

  /** The newest rank request was answered with tower results: the latch opens; BM25 once quiet. */
  answered(): void {
    mark('worker: first rank answered with tower results');
    this.answeredNow();
    this.bm25Soon(0);
  }

  /** Resolves once the page has stopped re-ranking for QUIET_MS, or after QUIET_CAP_MS. */
  quiet(): Promise<void> {
    return this.ranks.quiet(QUIET_MS, QUIET_CAP_MS);
  }

  /** Starts ORT now, or — when the lab's kernel gives the first results — once they are answered. */
  startOrt(kernelFirst: boolean, start: () => void): void {
    if (kernelFirst) void this.firstAnswer.then(start);
    else start();
  }

  /**
   * A tower is ready (and its index asked for, `indexed`). The lexical index (a few hundred ms of
   * this thread) is due after the first answer or BM25_AFTER_TOWER_MS, whichever comes first: it
   * must not hold up the first results. First results first: the next model's session creation
   * would hold this thread while the page's query (sent when this index appeared) waits; so, once,
   * it waits a moment for that query to be answered, and then for the page's follow-up requests
   * (readiness events) to go quiet.
   */
  async towerReady(indexed: boolean): Promise<void> {
    this.bm25Soon(BM25_AFTER_TOWER_MS);
    if (!indexed || this.waitedForFirst) return;
    this.waitedForFirst = true;
    const answered = await Promise.race([this.firstAnswer.then(() => true), sleep(FIRST_ANSWER_WAIT_MS).then(() => false)]);
    if (answered) await this.quiet();
  }

  /** Whether the BM25 index was built (a new doc set gets its own at once). */
  get bm25Done(): boolean {
    return this.bm25Built;
  }

  /** Builds the BM25 index in `ms`, once quiet, unless it is already due sooner (a later tower never postpones it). */
  bm25Soon(ms: number): void {
    const at = now() + ms;
    if (this.bm25Built || !this.hooks.hasDocs() || at >= this.bm25At) return;
    this.bm25At = at;
    if (this.bm25Timer) clearTimeout(this.bm25Timer);
    this.bm25Timer = setTimeout(() => void this.quiet().then(() => this.bm25Now()), ms);
  }

  /** Builds the BM25 index now, once (every model has loaded). */
  bm25Now(): void {
    if (this.bm25Built || !this.hooks.hasDocs()) return;
    this.bm25Built = true;
    this.hooks.buildBm25();
  }

  /**
   * The towers that started on the lab's kernel move to their ORT session (TowerModel.moveToOrt:
   * checked against it), one at a time, each after a quiet moment; `moved` hears each.
   */
  async moveToOrt(towers: Iterable<Tower | undefined>, moved: (t: TowerModel) => void): Promise<void> {
    for (const t of towers) {
      if (!(t instanceof TowerModel) || t.engine !== 'kernel') continue;
      await this.quiet();
      await t.moveToOrt();
      moved(t);
    }
  }
}
