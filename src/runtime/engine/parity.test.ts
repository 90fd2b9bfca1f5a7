// Cross-language parity: the TypeScript runtime (tokenizer + onnxruntime-node)
// reproduces the reference vectors training/export.py wrote from PyTorch
// (models/<id>/reference.json), within the file's tolerance (1e-4): token ids,
// embeddings / logits per case and for a right-padded batch, and for inspect
// graphs one attention map and the token embeddings.
import { logitAffine } from '../../core/score';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ManifestModel } from '../api';
import { CrossModel, TowerModel } from './models';
import { fileSource, nodeOrt, nodeSessionOptions, readManifest } from '../ort/node';
import { leanFile } from './manifest';
import { withFp32Graphs } from '../ort/ort';
import { upcastFp16 } from '../../core/onnxFp16';

const MODELS = process.env.PRERANK_MODELS ?? 'models';
const have = existsSync(join(MODELS, 'manifest.json'));
const models: ManifestModel[] = have ? readManifest(MODELS).models.filter((m) => m.kind !== 'head' && existsSync(join(MODELS, m.dir, 'reference.json'))) : [];

interface Ref {
  tolerance?: number;
  cases: { text?: string; query?: string; doc?: string; max_len?: number; input_ids: number[]; token_type_ids?: number[]; embedding?: number[]; logit?: number }[];
  batch: { input_ids: number[][]; attention_mask: number[][]; token_type_ids?: number[][]; embedding?: number[][]; logit?: number[];
    token_embeddings_row0?: number[][]; attention?: { row: number; layer: number; head: number; matrix: number[][] } };
}

function close(got: ArrayLike<number>, want: readonly number[], tol: number, what: string): void {
  expect(got.length, `${what}: length`).toBe(want.length);
  let worst = 0;
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]));
  expect(worst, `${what}: max |Δ|`).toBeLessThanOrEqual(tol);
}

const flat = (rows: number[][]): Int32Array => Int32Array.from(rows.flat());
const opts = { ort: nodeOrt, sessionOptions: nodeSessionOptions(1) };

describe.skipIf(!models.length)('parity with PyTorch reference vectors', () => {
  for (const m of models) {
    const ref = JSON.parse(readFileSync(join(MODELS, m.dir, 'reference.json'), 'utf8')) as Ref;
    const tol = ref.tolerance ?? 1e-4;
    const [B, S] = [ref.batch.input_ids.length, ref.batch.input_ids[0].length];
    const t32 = (rows: number[][]) => new nodeOrt.Tensor('int32', flat(rows), [B, S]);

    it(`${m.id}: token ids, per-case and padded-batch outputs`, async () => {
      const src = fileSource(MODELS);
      if (m.kind === 'tower') {
        const t = await TowerModel.load(m, src, opts);
        for (const c of ref.cases) {
          expect(t.tok.single(c.text!, c.max_len!), `ids of ${c.text}`).toEqual(c.input_ids);
          const side = c.max_len === t.lens.query ? 'query' : 'doc';
          close((await t.encode([c.text!], side)).vectors, c.embedding!, tol, `embedding of ${c.text}`);
        }
        const out = await t.session.run({ input_ids: t32(ref.batch.input_ids), attention_mask: t32(ref.batch.attention_mask) });
        close(out.embedding.data as Float32Array, ref.batch.embedding!.flat(), tol, 'batch embedding');
        await t.release();
      } else {
        const c0 = await CrossModel.load(m, src, opts);
        for (const c of ref.cases) {
          const p = c0.tok.pair(c.query!, c.doc!, c0.lens.pair, c0.lens.query);
          expect(p.ids, `ids of ${c.query} / ${c.doc}`).toEqual(c.input_ids);
          expect(p.types).toEqual(c.token_type_ids);
          // the graph's logit is the reference; logits() returns it calibrated (the manifest's scale/bias)
          const cal = logitAffine(m);
          close(await c0.logits(c.query!, [c.doc!]), [cal.scale * c.logit! + cal.bias], tol * Math.max(1, cal.scale), `logit of ${c.query}`);
        }
        const out = await c0.session.run({
          input_ids: t32(ref.batch.input_ids), attention_mask: t32(ref.batch.attention_mask), token_type_ids: t32(ref.batch.token_type_ids!),
        });
        close(out.logit.data as Float32Array, ref.batch.logit!, tol, 'batch logits');
        await c0.release();
      }
    });

    const lean = join(MODELS, leanFile(m));
    if (m.kind === 'tower' && existsSync(lean) && upcastFp16(new Uint8Array(readFileSync(lean)))) {
      // The WASM build runs an fp16 graph as its float32 rewrite (ort.ts withFp32Graphs): same reference
      // within the file's tolerance, and within the e2e specs' 1e-3 of the fp16 graph on native ORT.
      it(`${m.id}: as the WASM build runs it (float32 rewrite), reference and native outputs`, async () => {
        const src = fileSource(MODELS);
        const wide = await TowerModel.load(m, src, { ...opts, ort: withFp32Graphs(nodeOrt) });
        const native = await TowerModel.load(m, src, opts);
        for (const c of ref.cases) {
          const side = c.max_len === wide.lens.query ? 'query' : 'doc';
          const got = (await wide.encode([c.text!], side)).vectors;
          close(got, c.embedding!, tol, `embedding of ${c.text}`);
          close(got, Array.from((await native.encode([c.text!], side)).vectors), 1e-3, `native embedding of ${c.text}`);
        }
        await wide.release();
        await native.release();
      });
    }

    if (m.files.inspect && ref.batch.attention) {
      it(`${m.id}: inspect graph attention map and token embeddings`, async () => {
        const s = await nodeOrt.InferenceSession.create(join(MODELS, m.files.inspect!));
        const feeds: Record<string, InstanceType<typeof nodeOrt.Tensor>> = { input_ids: t32(ref.batch.input_ids), attention_mask: t32(ref.batch.attention_mask) };
        if (m.kind === 'cross') feeds.token_type_ids = t32(ref.batch.token_type_ids!);
        const out = await s.run(feeds);
        const a = out.attentions; // [batch, layers, heads, seq, seq]
        const [, L, H] = a.dims;
        const { row, layer, head, matrix } = ref.batch.attention!;
        const base = (((row * L + layer) * H + head) * S) * S;
        close((a.data as Float32Array).subarray(base, base + S * S), matrix.flat(), tol, 'attention map');
        if (ref.batch.token_embeddings_row0) {
          const te = out.token_embeddings.data as Float32Array; // [batch, seq, hidden]
          close(te.subarray(0, ref.batch.token_embeddings_row0.flat().length), ref.batch.token_embeddings_row0.flat(), tol, 'token embeddings row 0');
        }
        await s.release();
      });
    }
  }
});

describe.skipIf(models.length > 0)('parity (no models)', () => {
  it.skip('needs models/manifest.json with reference.json files (training/export.py)', () => undefined);
});
