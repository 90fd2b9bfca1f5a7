// The tower kernel against ONNX Runtime (node) on every shipped tower: the same
// embeddings from the same padded batches, within float32 noise.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { planTower } from '../../core/towerPlan';
import { upcastFp16 } from '../../core/onnxFp16';
import { maxDiff, TowerKernel } from './towerKernel';

const manifest = existsSync('models/manifest.json') ? JSON.parse(readFileSync('models/manifest.json', 'utf8')) : null;
const towers: { id: string; files: { lean: string } }[] = manifest ? manifest.models.filter((m: { kind: string }) => m.kind === 'tower') : [];

function batch(B: number, T: number, seed: number) {
  const ids = new Int32Array(B * T), mask = new Int32Array(B * T);
  let s = seed;
  for (let b = 0; b < B; b++) {
    const len = 2 + ((b * 7 + seed) % (T - 1)); // ragged: pads at the end of most rows
    for (let t = 0; t < T; t++) {
      s = (s * 1103515245 + 12345) >>> 0;
      const real = t < len;
      ids[b * T + t] = !real ? 0 : t === 0 ? 2 : t === len - 1 ? 3 : 5 + (s % 7000);
      mask[b * T + t] = real ? 1 : 0;
    }
  }
  return { batch: B, seq: T, ids, mask };
}

describe.runIf(towers.length > 0)('tower kernel vs ORT', () => {
  it.each(towers.map((t) => [t.id, t.files.lean]))('%s: same embeddings within 5e-6', async (_id, file) => {
    const bytes = new Uint8Array(readFileSync(`models/${file}`));
    const graph = upcastFp16(bytes) ?? bytes;
    const k = new TowerKernel(planTower(graph));
    const s = await ort.InferenceSession.create(graph);
    for (const [B, T, seed] of [[5, 9, 1], [17, 32, 2], [3, 2, 3]]) {
      const b = batch(B, T, seed);
      const want = (await s.run({
        input_ids: new ort.Tensor('int32', b.ids, [B, T]),
        attention_mask: new ort.Tensor('int32', b.mask, [B, T]),
      })).embedding.data as Float32Array;
      const got = k.encode(b);
      expect(got.length).toBe(want.length);
      expect(maxDiff(got, want).diff).toBeLessThan(5e-6); // embeddings reach ~2.5; measured max |Δ| ~1e-6
    }
    await s.release();
  });

  it('refuses token ids outside the vocabulary and sequences longer than its positions, in words', () => {
    const k = new TowerKernel(planTower(new Uint8Array(readFileSync('models/student_a/onnx/model.onnx'))));
    const b = batch(2, 6, 1);
    b.ids[3] = 99999;
    expect(() => k.encode(b)).toThrow(/token id 99999 is outside the model's vocabulary \(7330\)/);
    expect(() => k.encode(batch(1, 65, 1))).toThrow(/65 tokens is longer than the model's 64 positions/);
  });
});

describe('tower kernel module', () => {
  it('the committed module (towerWasm.ts) is tower.c as scripts/build-kernels.sh builds it', () => {
    // needs clang and lld: npm test installs them (scripts/ensure-system-deps.sh)
    expect(execFileSync('bash', ['scripts/build-kernels.sh', '--check'], { encoding: 'utf8' })).toMatch(/matches tower\.c/);
  });
});
