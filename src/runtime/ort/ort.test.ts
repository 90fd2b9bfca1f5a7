// The thread's one run queue: runs of different sessions never overlap, and a
// failed run does not block the queue.
import { describe, expect, it } from 'vitest';
import type { InferenceSession } from 'onnxruntime-common';
import { queueState, serialised, SerialSession, type OrtApi } from './ort';
import { STALL_AFTER_MS, stallOf, worthReporting } from '../lab/stallWatch';

function fakeSession(log: { active: number; max: number; order: string[] }, name: string, fail = false): InferenceSession {
  return {
    inputNames: [], outputNames: [],
    run: async () => {
      log.active++; log.max = Math.max(log.max, log.active); log.order.push(`${name}:start`);
      await new Promise((r) => setTimeout(r, 5));
      log.order.push(`${name}:end`); log.active--;
      if (fail) throw new Error(`${name} failed`);
      return {};
    },
    release: async () => undefined,
  } as unknown as InferenceSession;
}

describe('SerialSession', () => {
  it('never overlaps runs of two sessions in one thread', async () => {
    const log = { active: 0, max: 0, order: [] as string[] };
    const a = new SerialSession(fakeSession(log, 'a'), {} as OrtApi);
    const b = new SerialSession(fakeSession(log, 'b'), {} as OrtApi);
    await Promise.all([a.run({}), b.run({}), a.run({}), b.run({})]);
    expect(log.max).toBe(1);
    expect(log.order).toEqual(['a:start', 'a:end', 'b:start', 'b:end', 'a:start', 'a:end', 'b:start', 'b:end']);
  });

  it('creates sessions on the queue: never while a run or another creation is in flight', async () => {
    const log = { active: 0, max: 0, order: [] as string[] };
    const a = new SerialSession(fakeSession(log, 'a'), {} as OrtApi);
    const ort = {
      InferenceSession: {
        create: async () => {
          log.active++; log.max = Math.max(log.max, log.active); log.order.push('create:start');
          await new Promise((r) => setTimeout(r, 5));
          log.order.push('create:end'); log.active--;
          return fakeSession(log, 'b');
        },
      },
    } as unknown as OrtApi;
    await Promise.all([a.run({}), SerialSession.create(ort, new Uint8Array(), {}), SerialSession.create(ort, new Uint8Array(), {})]);
    expect(log.max).toBe(1);
    expect(log.order).toEqual(['a:start', 'a:end', 'create:start', 'create:end', 'create:start', 'create:end']);
  });

  it('a failed run rejects its caller only; the queue goes on', async () => {
    const log = { active: 0, max: 0, order: [] as string[] };
    const bad = new SerialSession(fakeSession(log, 'bad', true), {} as OrtApi);
    const ok = new SerialSession(fakeSession(log, 'ok'), {} as OrtApi);
    const [r1, r2] = await Promise.allSettled([bad.run({}), ok.run({})]);
    expect(r1.status).toBe('rejected');
    expect(r2.status).toBe('fulfilled');
    await bad.release();
  });
});

describe('the run queue\'s state and the stall watchdog', () => {
  it('names the task at the head, counts those behind it, and clears when it returns', async () => {
    let release!: () => void;
    const hung = new Promise<void>((r) => { release = r; });
    const p1 = serialised(() => hung, 'a run of model teacher');
    const p2 = serialised(async () => 'next', 'creating the session of model fine');
    await Promise.resolve(); await Promise.resolve();
    const q = queueState();
    expect(q.running?.label).toBe('a run of model teacher');
    expect(q.waiting).toBe(1);
    const at = q.running!.since;
    expect(stallOf(q, at + STALL_AFTER_MS - 1)).toBeNull();
    expect(stallOf(q, at + STALL_AFTER_MS + 4_600)).toEqual({ label: 'a run of model teacher', seconds: 25, waiting: 1 });
    release();
    await p1;
    expect(await p2).toBe('next');
    expect(queueState()).toEqual({ running: null, waiting: 0 });
    expect(stallOf(queueState(), at + 1e9)).toBeNull();
  });

  it('a session names itself in its runs and in its creation', async () => {
    const seen: string[] = [];
    const ort = { InferenceSession: { create: async () => { seen.push(queueState().running!.label); return { inputNames: [], run: async () => { seen.push(queueState().running!.label); return {}; } }; } } } as unknown as OrtApi;
    const s = await SerialSession.create(ort, new Uint8Array(), {}, 'model teacher (model.onnx)');
    await s.run({});
    expect(seen).toEqual(['creating the session of model teacher (model.onnx)', 'a run of model teacher (model.onnx)']);
  });
});

describe('priorities', () => {
  it('an urgent run goes before queued background tasks, never alongside the one in flight', async () => {
    const order: string[] = [];
    let active = 0, max = 0;
    const task = (name: string) => async () => {
      active++; max = Math.max(max, active); order.push(`${name}:start`);
      await new Promise((r) => setTimeout(r, 3));
      order.push(`${name}:end`); active--;
      return name;
    };
    const all = [serialised(task('load1'), 'load1'), serialised(task('load2'), 'load2'), serialised(task('load3'), 'load3')];
    await new Promise((r) => setTimeout(r, 1)); // load1 is in flight
    all.push(serialised(task('query'), 'query', 'urgent'));
    expect(await Promise.all(all)).toEqual(['load1', 'load2', 'load3', 'query']);
    expect(max).toBe(1);
    expect(order).toEqual(['load1:start', 'load1:end', 'query:start', 'query:end', 'load2:start', 'load2:end', 'load3:start', 'load3:end']);
  });
});

describe('worthReporting', () => {
  it('reports a wait when it starts and each time it grows by 10 s', () => {
    expect(worthReporting(undefined, 30)).toBe(true);
    expect(worthReporting(30, 39)).toBe(false);
    expect(worthReporting(30, 40)).toBe(true);
  });
});
