// The page's handle on the inspect worker: started on first use with the
// backend the header shows, restarted when it changes, stopped when asked.
// One thread for WASM, so inspecting leaves the other core to ranking.
import type { BackendChoice } from '../core/backend';
import type { InspectFromWorker, InspectInit, InspectRequest, InspectResultOf, InspectToWorker } from './inspectProtocol';

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };
type Req<T extends InspectRequest['type']> = Omit<Extract<InspectRequest, { type: T }>, 'type'>;

export class InspectClient {
  private worker: Worker | null = null;
  private ready: Promise<InspectResultOf['init']> | null = null;
  private backend: string | null = null;
  private pending = new Map<number, Pending>();
  private seq = 0;

  /** Starts (or keeps) the worker for this backend; resolves with the manifest. */
  start(choice: BackendChoice, urls: Partial<InspectInit> = {}): Promise<InspectResultOf['init']> {
    const key = `${choice.backend}`;
    if (this.worker && this.ready && this.backend === key) return this.ready;
    this.stop('the backend changed');
    this.backend = key;
    const w = new Worker(new URL('./inspectWorker.ts', import.meta.url), { type: 'module', name: `inspect-${choice.backend}` });
    this.worker = w;
    w.onmessage = (ev: MessageEvent<InspectFromWorker>) => {
      const m = ev.data;
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.ok) p?.resolve(m.result);
      else p?.reject(new Error(m.error));
    };
    w.onerror = (ev) => {
      for (const p of this.pending.values()) p.reject(new Error(`the inspect worker failed: ${ev.message || 'unknown error'}`));
      this.pending.clear();
    };
    const opts: InspectInit = { backend: choice.backend, threads: 1, modelsUrl: '/models/', embeddingsUrl: '/embeddings/', ...urls };
    this.ready = this.send({ type: 'init', opts }) as Promise<InspectResultOf['init']>;
    this.ready.catch(() => { this.ready = null; this.worker?.terminate(); this.worker = null; });
    return this.ready;
  }

  stop(reason = 'the inspect runtime stopped'): void {
    this.worker?.terminate();
    this.worker = null;
    this.ready = null;
    for (const p of this.pending.values()) p.reject(new Error(reason));
    this.pending.clear();
  }

  private send(msg: InspectRequest): Promise<unknown> {
    const w = this.worker;
    if (!w) return Promise.reject(new Error('the inspect runtime is not started'));
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      w.postMessage({ id, msg } satisfies InspectToWorker);
    });
  }

  private async call<T extends Exclude<InspectRequest['type'], 'init'>>(type: T, args: Req<T>): Promise<InspectResultOf[T]> {
    if (!this.ready) throw new Error('the inspect runtime is not started');
    await this.ready;
    return this.send({ type, ...args } as InspectRequest) as Promise<InspectResultOf[T]>;
  }

  towerPair(a: Req<'towerPair'>) { return this.call('towerPair', a); }
  crossPair(a: Req<'crossPair'>) { return this.call('crossPair', a); }
  contributions(a: Req<'contributions'>) { return this.call('contributions', a); }
  headPair(a: Req<'headPair'>) { return this.call('headPair', a); }
  rankOf(a: Req<'rankOf'>) { return this.call('rankOf', a); }
}

/** The app's one inspect client (e2e specs reach it as `window.__inspect`). */
export const inspectClient = new InspectClient();
