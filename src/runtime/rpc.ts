// The one request/reply layer every thread of the lab uses: the page with the
// lab, inspect, metrics and import workers; the lab worker with its docs,
// embedding and encoding workers. A thread's protocol is one type (the methods
// its host answers, plus the events it pushes); its entry is `serve(...)`; its
// client holds a `Connection`. Calls carry an id and get exactly one reply;
// results, arguments and events marked with `transfer` move their buffers.
//
// NOTE: not comlink, for two needs it does not meet:
// 1. Events and replies travel on the one port, so they arrive in the order they were sent:
//    the lab pushes `docs` before it answers `setDocs`, and docsetSync reads the snapshot that
//    event filled as soon as the answer lands. comlink's callbacks (proxy()) go over a
//    MessageChannel of their own, unordered against its replies.
// 2. A call to a worker that is stopped (a backend switch) or dies (its script fails, an
//    encoding worker is killed) fails at once, so the caller can fall back or retry; comlink
//    leaves it pending for ever (GoogleChromeLabs/comlink#428, #601).

/** The methods of a host as its client calls them: every result comes back as a promise. */
export type Remote<A> = { [K in keyof A]: A[K] extends (...args: infer P) => infer R ? (...args: P) => Promise<Awaited<R>> : never };
type MethodOf<A> = { [K in keyof A]: A[K] extends (...args: never[]) => unknown ? K : never }[keyof A] & string;
type ArgsOf<A, K extends keyof A> = A[K] extends (...args: infer P) => unknown ? P : never;

type Call = { id: number; method: string; args: unknown[] };
type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };
/** What a worker posts: a reply to one call, or an event. */
export type WireMessage<E = unknown> = Reply | { event: E };

const transfers = new WeakMap<object, Transferable[]>();

/** Marks `value` (an argument, a result or an event) to go with `list` transferred, not copied. */
export function transfer<T extends object>(value: T, list: Transferable[]): T {
  transfers.set(value, list);
  return value;
}

const listOf = (v: unknown): Transferable[] => (v !== null && typeof v === 'object' && transfers.get(v)) || [];

/** The worker's side of a port (`self` in a worker; one end of a test pair in Node). */
export interface ServePort {
  postMessage(m: unknown, transfer: Transferable[]): void;
  onmessage: ((ev: MessageEvent) => void) | null;
}

/**
 * In a worker: makes the host (given the function that pushes events) and answers every call
 * with its method's result, or the message of what it threw. The method is called as the
 * message arrives — before anything is awaited — so calls start in the order they were sent.
 */
export function serve<E = never>(make: (emit: (event: E) => void) => object, port: ServePort = self as unknown as ServePort): void {
  const host = make((event) => port.postMessage({ event }, listOf(event))) as Record<string, (...args: unknown[]) => unknown>;
  port.onmessage = (ev: MessageEvent<Call>) => {
    const { id, method, args } = ev.data;
    let result: Promise<unknown>;
    try {
      result = Promise.resolve(host[method](...args));
    } catch (e) {
      result = Promise.reject(e);
    }
    result.then(
      (value) => port.postMessage({ id, ok: true, value } satisfies Reply, listOf(value)),
      (e: unknown) => port.postMessage({ id, ok: false, error: e instanceof Error ? e.message : String(e) } satisfies Reply, []),
    );
  };
}

/** The caller's side of a port: a Worker, or one end of a test pair. */
export interface ClientPort {
  postMessage(m: unknown, transfer: Transferable[]): void;
  onmessage: ((ev: MessageEvent) => void) | null;
  onerror: ((ev: ErrorEvent) => void) | null;
  terminate(): void;
}

export interface ConnectOptions<E> {
  onEvent?(event: E): void;
  /** Any message arrived (the lab client's sign of life). */
  onMessage?(): void;
  /** The worker failed (its script did not load, or threw at the top): its message, maybe ''. Default: every pending call fails. */
  onError?(message: string): void;
}

/** One client's handle on one worker: typed calls, its events, and `close`. */
export class Connection<A, E = never> {
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private seq = 0;
  private closed: Error | null = null;

  constructor(private readonly port: ClientPort, readonly name: string, opts: ConnectOptions<E> = {}) {
    port.onmessage = (ev: MessageEvent<WireMessage<E>>) => {
      opts.onMessage?.();
      const m = ev.data;
      if ('event' in m) return opts.onEvent?.(m.event);
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.ok) p?.resolve(m.value);
      else p?.reject(new Error(m.error));
    };
    port.onerror = (ev) => {
      if (opts.onError) opts.onError(ev.message ?? '');
      else this.failPending(new Error(`the ${name} failed: ${ev.message || 'unknown error'}`));
    };
  }

  /** Calls `method` in the worker; its arguments marked with `transfer` move their buffers. */
  call<K extends MethodOf<A>>(method: K, ...args: ArgsOf<A, K>): Promise<Awaited<ReturnType<Remote<A>[K]>>> {
    // NOTE: a message to a stopped worker is dropped without a word: it would never be answered.
    if (this.closed) return Promise.reject(this.closed);
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.port.postMessage({ id, method, args } satisfies Call, args.flatMap(listOf));
    });
  }

  /** Every call still waiting fails with `err` (the worker keeps running). */
  failPending(err: Error): void {
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }

  /** Stops the worker; every call still waiting, and every later one, fails with `reason`. */
  close(reason: string | Error): void {
    this.closed ??= typeof reason === 'string' ? new Error(reason) : reason;
    this.port.terminate();
    this.failPending(this.closed);
  }
}

/**
 * Starts a worker and connects to it; null where this thread cannot start one. `spawn` keeps the
 * literal `new Worker(new URL(…, import.meta.url), …)` at its call site: that is what Vite bundles.
 */
export function connectWorker<A, E = never>(spawn: () => Worker, what: string, opts?: ConnectOptions<E>): Connection<A, E> | null {
  let w: Worker;
  try {
    w = spawn();
  } catch {
    return null;
  }
  return new Connection<A, E>(w as unknown as ClientPort, what, opts);
}

/**
 * One call in a fresh worker, stopped once it answers; `use` turns the answer into the result.
 * Where no worker starts, or its script fails, `here()` does the work in this thread instead
 * (the docs and embedding workers).
 */
export function callOnce<A, K extends MethodOf<A>, T>(
  spawn: () => Worker, what: string, method: K, args: ArgsOf<A, K>,
  use: (answer: Awaited<ReturnType<Remote<A>[K]>>) => T, here: () => Promise<T>,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let failed = false;
    const conn: Connection<A> | null = connectWorker<A>(spawn, what, {
      onError: () => { failed = true; conn?.close(`the ${what} failed`); here().then(resolve, reject); },
    });
    if (!conn) return void here().then(resolve, reject);
    conn.call(method, ...args).then(
      (v) => { conn.close(`the ${what} is done`); resolve(use(v)); },
      (e: Error) => { if (failed) return; conn.close(`the ${what} is done`); reject(e); },
    );
  });
}
