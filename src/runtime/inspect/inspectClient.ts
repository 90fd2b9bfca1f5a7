// The page's handle on the inspect worker: started on first use with the
// backend the header shows, restarted when it changes, stopped when asked.
// One thread for WASM, so inspecting leaves the other core to ranking.
import type { BackendChoice } from '../../core/backend';
import { Connection, type ClientPort } from '../rpc';
import type { InspectApi, InspectInit } from './inspectProtocol';

type Pair<K extends Exclude<keyof InspectApi, 'init'>> = Parameters<InspectApi[K]>[0];

export class InspectClient {
  private worker: Connection<InspectApi> | null = null;
  private ready: ReturnType<InspectApi['init']> | null = null;
  private backend: string | null = null;

  /** Starts (or keeps) the worker for this backend; resolves with the manifest. */
  start(choice: BackendChoice, urls: Partial<InspectInit> = {}): ReturnType<InspectApi['init']> {
    const key = `${choice.backend}`;
    if (this.worker && this.ready && this.backend === key) return this.ready;
    this.stop('the backend changed');
    this.backend = key;
    const w = new Worker(new URL('../../workers/inspect.worker.ts', import.meta.url), { type: 'module', name: `inspect-${choice.backend}` });
    const conn = new Connection<InspectApi>(w as unknown as ClientPort, 'inspect worker');
    this.worker = conn;
    const opts: InspectInit = { backend: choice.backend, threads: 1, modelsUrl: '/models/', embeddingsUrl: '/embeddings/', ...urls };
    const ready = conn.call('init', opts);
    this.ready = ready;
    ready.catch(() => {
      if (this.worker !== conn) return;
      this.ready = null;
      this.worker = null;
      conn.close('the inspect runtime did not start');
    });
    return ready;
  }

  stop(reason = 'the inspect runtime stopped'): void {
    this.worker?.close(reason);
    this.worker = null;
    this.ready = null;
  }

  /** The worker, once its init has answered. */
  private async started(): Promise<Connection<InspectApi>> {
    const conn = this.worker;
    if (!this.ready || !conn) throw new Error('the inspect runtime is not started');
    await this.ready;
    return conn;
  }

  async towerPair(a: Pair<'towerPair'>) { return (await this.started()).call('towerPair', a); }
  async crossPair(a: Pair<'crossPair'>) { return (await this.started()).call('crossPair', a); }
  async contributions(a: Pair<'contributions'>) { return (await this.started()).call('contributions', a); }
  async headPair(a: Pair<'headPair'>) { return (await this.started()).call('headPair', a); }
  async rankOf(a: Pair<'rankOf'>) { return (await this.started()).call('rankOf', a); }
}

/** The app's one inspect client (e2e specs reach it as `window.__inspect`). */
export const inspectClient = new InspectClient();
