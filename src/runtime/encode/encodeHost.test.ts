// The encoding worker's choice of engine: a shipped tower runs ORT on its first
// batch, checks the lab's kernel against it, then runs the kernel; a graph the
// kernel cannot run, a kernel that disagrees or fails, and kernel: false all
// stay on ORT and say why.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EncodeHost, type KernelFactory } from './encodeHost';
import { maxDiff } from './towerKernel';
import { nodeOrt } from '../ort/node';
import { writeToyWorld } from '../testing/toyWorld';

const STUDENT = 'models/student_a/onnx/model.onnx';
const student = existsSync(STUDENT) ? new Uint8Array(readFileSync(STUDENT)) : new Uint8Array();

function batch(B: number, T: number, seed: number) {
  const ids = new Int32Array(B * T), mask = new Int32Array(B * T);
  for (let b = 0; b < B; b++) {
    const len = 2 + ((b * 5 + seed) % (T - 1));
    for (let t = 0; t < len; t++) {
      ids[b * T + t] = t === 0 ? 2 : t === len - 1 ? 3 : 5 + ((b * 131 + t * 17 + seed) % 7000);
      mask[b * T + t] = 1;
    }
  }
  return { batch: B, seq: T, ids, mask };
}

const run = (h: EncodeHost, b: ReturnType<typeof batch>, kernel?: boolean) =>
  h.run('k', { batch: b.batch, seq: b.seq, ids: b.ids.slice(), mask: b.mask.slice() }, kernel);
const host = (make?: KernelFactory) => new EncodeHost(async () => ({ ort: nodeOrt, sessionOptions: {} }), make);

describe.runIf(student.length > 0)('encoding worker engines', () => {
  it('a shipped tower: ORT on the first batch (checked), then the kernel, within 1e-5 of ORT', async () => {
    const h = host();
    await h.load('k', 'student_a', student);
    const first = await run(h, batch(8, 20, 1));
    expect(first.engine).toBe('ort');
    const b = batch(9, 24, 2);
    const k = await run(h, b);
    expect(k.engine).toBe('kernel');
    const o = await run(h, b, false);
    expect(o.engine).toBe('ort');
    expect(o.why).toMatch(/turned off/);
    expect(maxDiff(k.embedding, o.embedding).diff).toBeLessThan(1e-5);
    expect(k.embedding.length).toBe(9 * 256);
  });

  it("a graph the kernel does not run stays on ORT and says why", async () => {
    const world = writeToyWorld(mkdtempSync(join(tmpdir(), 'prerank-host-')));
    const manifest = JSON.parse(readFileSync(join(world.modelsDir, 'manifest.json'), 'utf8'));
    const toy = manifest.models.find((m: { id: string }) => m.id === 'student');
    const graph = new Uint8Array(readFileSync(join(world.modelsDir, toy.files.lean)));
    const h = host();
    await h.load('k', 'toy', graph);
    for (let i = 0; i < 2; i++) {
      const r = await run(h, { batch: 2, seq: 4, ids: Int32Array.of(2, 5, 6, 3, 2, 7, 3, 0), mask: Int32Array.of(1, 1, 1, 1, 1, 1, 1, 0) });
      expect(r.engine).toBe('ort');
      expect(r.why).toMatch(/kernel does not run this graph: .+/);
    }
  });

  it('a kernel that disagrees with ORT on the first batch is dropped, with the difference', async () => {
    const h = host(() => ({ encode: (b) => new Float32Array(b.batch * 256).fill(0.5) }));
    await h.load('k', 'student_a', student);
    await run(h, batch(4, 12, 3));
    const r = await run(h, batch(4, 12, 4));
    expect(r.engine).toBe('ort');
    expect(r.why).toMatch(/differed from ONNX Runtime by \d/);
  });

  it('a kernel that throws on the first batch is dropped, with its message', async () => {
    const h = host(() => ({ encode: () => { throw new Error('out of kernel memory'); } }));
    await h.load('k', 'student_a', student);
    const first = await run(h, batch(4, 12, 3));
    expect(first.embedding.length).toBe(4 * 256); // ORT's answer still comes back
    expect((await run(h, batch(4, 12, 4))).why).toMatch(/failed on the first batch: out of kernel memory/);
  });
});
