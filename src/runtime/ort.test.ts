// The thread's one run queue: runs of different sessions never overlap, and a
// failed run does not block the queue.
import { describe, expect, it } from 'vitest';
import type { InferenceSession } from 'onnxruntime-common';
import { SerialSession, type OrtApi } from './ort';

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
