// The Node side of the runtime (CLI, bench, prepare-embeddings, tests): the
// same Engine over onnxruntime-node, with files instead of fetch.
import * as ortNode from 'onnxruntime-node';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { decodeEmbeddingFile, encodeEmbeddingFile, readEmbeddingHeader } from '../../core/embeddingFile';
import type { AssetSource } from '../engine/assets';
import { DocIndex } from '../engine/docIndex';
import { loadDocSet, type LoadedDocSet } from '../docs/docset';
import { DOCS_INDEX_FILE, docsIndexOf } from '../docs/docsIndexFile';
import { Engine } from '../engine/engine';
import { leanFile, LabError, parseManifest } from '../engine/manifest';
import type { OrtApi, SessionOptions } from './ort';
import type { Manifest } from '../api';

export const nodeOrt: OrtApi = ortNode as unknown as OrtApi;

export function fileSource(dir: string): AssetSource {
  const root = resolve(dir);
  return {
    label: `${root}/`,
    async bytes(rel) {
      const p = join(root, rel);
      if (!existsSync(p)) throw new LabError(`${p} is missing`, p);
      return new Uint8Array(readFileSync(p));
    },
  };
}

export function readManifest(modelsDir: string): Manifest {
  const p = join(modelsDir, 'manifest.json');
  if (!existsSync(p)) throw new LabError(`${p} is missing (train and export the models, or pass --models)`, p);
  return parseManifest(readFileSync(p, 'utf8'), p);
}

export async function readDocSet(path: string): Promise<LoadedDocSet> {
  if (!existsSync(path)) throw new LabError(`${path} is missing`, path);
  return loadDocSet(new Uint8Array(readFileSync(path)), path);
}

export interface NodeEngineOptions {
  modelsDir: string;
  docsPath?: string;
  /** Model ids to load; default: every tower and the fine ranker. */
  models?: string[];
  /** Where `<id>.emb` files are read from (and written when `writeEmbeddings`). */
  embeddingsDir?: string;
  threads?: number;
  noBm25?: boolean;
  log?: (line: string) => void;
}

export function nodeSessionOptions(threads?: number): SessionOptions {
  return { executionProviders: ['cpu'], graphOptimizationLevel: 'all', ...(threads ? { intraOpNumThreads: threads } : {}) };
}

export function embeddingPath(dir: string, modelId: string): string {
  return join(dir, `${modelId}.emb`);
}

/** Opens an engine: manifest, doc set, models, and each tower's doc index (from a file when it matches, else encoded). */
export async function openNodeEngine(o: NodeEngineOptions): Promise<Engine> {
  const manifest = readManifest(o.modelsDir);
  const engine = new Engine({ ort: nodeOrt, sessionOptions: nodeSessionOptions(o.threads), models: fileSource(o.modelsDir), noBm25: o.noBm25 }, manifest);
  if (o.docsPath) engine.setDocs(await readDocSet(o.docsPath));
  const wanted = engine.runnableModels().filter((m) => !o.models || o.models.includes(m.id));
  if (o.models) {
    const unknown = o.models.filter((id) => !manifest.models.some((m) => m.id === id));
    if (unknown.length) throw new LabError(`unknown model id(s): ${unknown.join(', ')} (manifest has ${manifest.models.map((m) => m.id).join(', ')})`);
  }
  for (const m of wanted) {
    const st = await engine.loadModel(m);
    if (st.state === 'error') throw new LabError(st.error ?? `model ${m.id} failed to load`);
  }
  if (engine.docs) {
    for (const m of wanted.filter((x) => x.kind === 'tower')) {
      await engine.setIndex(m.id, await nodeIndex(engine, m.id, o.embeddingsDir, o.log));
    }
  }
  return engine;
}

/** A tower's doc index: the embedding file when its header matches, else encoded now. */
export async function nodeIndex(engine: Engine, modelId: string, embeddingsDir?: string, log?: (l: string) => void): Promise<DocIndex> {
  const docs = engine.docs!;
  const entry = engine.manifest.models.find((m) => m.id === modelId)!;
  const modelSha = entry.sha256[leanFile(entry)] ?? '';
  if (embeddingsDir) {
    const p = embeddingPath(embeddingsDir, modelId);
    if (existsSync(p)) {
      try {
        const { store } = decodeEmbeddingFile(new Uint8Array(readFileSync(p)), { modelSha256: modelSha, docsetSha256: docs.sha256, count: docs.rows.length });
        return DocIndex.fromStore(store);
      } catch (e) {
        log?.(`${p}: ${(e as Error).message}; encoding instead`);
      }
    }
  }
  const vectors = await engine.encodeDocs(modelId);
  return DocIndex.fromStore({ kind: 'f32', data: vectors, dim: engine.tower(modelId).dim });
}

/** Is `<dir>/<id>.emb` present and made from this model and doc set? */
export function embeddingUpToDate(path: string, modelSha: string, docsetSha: string): boolean {
  if (!existsSync(path)) return false;
  try {
    const { header } = readEmbeddingHeader(new Uint8Array(readFileSync(path)));
    return header.modelSha256 === modelSha && header.docsetSha256 === docsetSha;
  } catch {
    return false;
  }
}

/**
 * Writes `<dir>/docs.index.json` for the doc set (docsIndexFile.ts) unless one for the same bytes
 * is there; returns what it did, for the CLI's log.
 */
export function writeDocsIndex(docs: LoadedDocSet, dir: string, force = false): { path: string; written: boolean } {
  const path = join(dir, DOCS_INDEX_FILE);
  if (!force && existsSync(path)) {
    try {
      if ((JSON.parse(readFileSync(path, 'utf8')) as { docsetSha256?: string }).docsetSha256 === docs.sha256) return { path, written: false };
    } catch { /* unreadable: write it again */ }
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(path, JSON.stringify(docsIndexOf(docs)));
  return { path, written: true };
}

/** Encodes the doc set with one tower and writes the embedding file. */
export async function writeEmbeddingFile(
  engine: Engine, modelId: string, outPath: string, dtype: 'f16' | 'int8' = 'f16',
  onProgress?: (done: number, total: number) => void,
): Promise<{ count: number; dim: number; bytes: number }> {
  const entry = engine.manifest.models.find((m) => m.id === modelId);
  if (!entry || entry.kind !== 'tower') throw new LabError(`${modelId} is not a tower model`);
  const vectors = await engine.encodeDocs(modelId, { onProgress });
  const dim = engine.tower(modelId).dim;
  const bytes = encodeEmbeddingFile(vectors, {
    modelId, modelSha256: entry.sha256[leanFile(entry)] ?? '', docsetSha256: engine.docs!.sha256, dim, dtype,
  });
  mkdirSync(dirname(outPath), { recursive: true });
  writeFileSync(outPath, bytes);
  return { count: vectors.length / dim, dim, bytes: bytes.length };
}
