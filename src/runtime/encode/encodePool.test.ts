// Doc encoding on the encoding pool (the browser's path on WASM), here with
// in-process workers over onnxruntime-node that answer out of order: the same
// vectors as the tower's own session, progress from 0 to n, a cancel that
// returns only when no batch is left running, a dead worker reported and
// replaced, and workers stopped when idle.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EncodeCancelled, type Engine } from '../engine/engine';
import { EncodeHost } from './encodeHost';
import { EncodePool, type BatchRunner } from './encodePool';
import { serve, type ClientPort } from '../rpc';
import { portPair } from '../testing/portPair';
import type { TowerModel } from '../engine/models';
import { nodeOrt, openNodeEngine } from '../ort/node';
import { writeToyWorld } from '../testing/toyWorld';

let engine: Engine;
beforeAll(async () => {
  const world = writeToyWorld(mkdtempSync(join(tmpdir(), 'prerank-pool-')));
  engine = await openNodeEngine({ modelsDir: world.modelsDir, docsPath: world.docsPath });
});

interface Log { ops: string[]; terminated: number; spawned: number }
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A worker in this thread: an EncodeHost on native ORT, replies after a random delay (out of order).
 * With `crashAtRun`, it fails (as a killed worker does) on that run instead of answering.
 */
function fakeWorker(log: Log, seed: number, crashAtRun = 0): ClientPort {
  let x = seed, runs = 0;
  const { client, server } = portPair(() => { x = (x * 1103515245 + 12345) >>> 0; return x % 7; });
  serve(() => new EncodeHost(async () => ({ ort: nodeOrt, sessionOptions: {} })), server);
  const post = client.postMessage, terminate = client.terminate;
  client.postMessage = (m, transfer) => {
    const { method } = m as { method: string };
    log.ops.push(method);
    if (method === 'run' && ++runs === crashAtRun) return client.crash('out of memory');
    post(m, transfer);
  };
  client.terminate = () => { log.terminated++; terminate(); };
  log.spawned++;
  return client;
}

function pool(log: Log, size = 2, idleMs = 60_000, crashAtRun = 0): EncodePool {
  let n = 0;
  return new EncodePool(size, () => fakeWorker(log, ++n, n === 1 ? crashAtRun : 0), idleMs);
}

function runnerOf(p: EncodePool, id = 'student'): BatchRunner {
  const t = engine.tower(id) as TowerModel;
  return p.runner(`key-${id}`, id, () => t.graphBytes());
}

describe('doc encoding on the encoding pool', () => {
  it('gives the vectors of the tower\'s own session, with at most `parallel` batches in flight', async () => {
    const log: Log = { ops: [], terminated: 0, spawned: 0 };
    const p = pool(log);
    const run = runnerOf(p);
    let active = 0, max = 0;
    const counted: BatchRunner = async (b) => {
      active++; max = Math.max(max, active);
      try { return await run(b); } finally { active--; }
    };
    const seen: number[] = [];
    const serial = await engine.encodeDocs('student', { batch: 2 });
    const pooled = await engine.encodeDocs('student', { batch: 2, run: counted, parallel: 2, onProgress: (d) => seen.push(d) });
    expect(Array.from(pooled)).toEqual(Array.from(serial));
    expect(max).toBe(2);
    expect(seen[0]).toBe(0);
    expect(seen.at(-1)).toBe(engine.docs!.rows.length);
    expect(seen.every((d, i) => i === 0 || d > seen[i - 1])).toBe(true);
    expect(log.ops.filter((o) => o === 'load')).toHaveLength(2); // once per worker
    expect(p.started).toBe(2);
    p.stop();
    expect(log.terminated).toBe(2);
  });

  it('a cancel stops before the next batch and returns once none is running', async () => {
    const log: Log = { ops: [], terminated: 0, spawned: 0 };
    const p = pool(log);
    const run = runnerOf(p);
    let active = 0, batches = 0;
    const counted: BatchRunner = async (b) => {
      active++; batches++;
      try { return await run(b); } finally { active--; }
    };
    const n = engine.docs!.rows.length;
    const r = engine.encodeDocs('student', { batch: 1, run: counted, parallel: 2, cancelled: () => batches >= 3 });
    await expect(r).rejects.toBeInstanceOf(EncodeCancelled);
    expect(active).toBe(0);
    expect(batches).toBeLessThan(n);
    p.stop();
  });

  it('a worker that dies fails the encoding with its reason; the next one starts a fresh worker', async () => {
    const log: Log = { ops: [], terminated: 0, spawned: 0 };
    const p = pool(log, 1, 60_000, 2);
    const run = runnerOf(p);
    await expect(engine.encodeDocs('student', { batch: 2, run, parallel: 1 })).rejects.toThrow(/encoding worker failed: out of memory/);
    expect(p.started).toBe(0);
    const again = await engine.encodeDocs('student', { batch: 2, run, parallel: 1 });
    expect(Array.from(again)).toEqual(Array.from(await engine.encodeDocs('student', { batch: 2 })));
    expect(log.spawned).toBe(2);
    p.stop();
  });

  it('stops its workers after a while without batches, and starts them again when needed', async () => {
    const log: Log = { ops: [], terminated: 0, spawned: 0 };
    const p = pool(log, 2, 30);
    await engine.encodeDocs('student', { batch: 4, run: runnerOf(p), parallel: 2 });
    expect(p.started).toBe(2);
    await sleep(80);
    expect(p.started).toBe(0);
    expect(log.terminated).toBe(2);
    await engine.encodeDocs('student', { batch: 4, run: runnerOf(p), parallel: 2 });
    expect(p.started).toBe(2);
    p.stop();
  });
});
