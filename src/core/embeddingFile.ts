/**
 * The doc-embedding file: one model's embeddings of one doc set, compact
 * (fp16 or per-doc int8), with a header that names the model hash and the
 * doc-set hash so a stale file is refused instead of silently mis-scoring.
 *
 * Layout (little-endian):
 *   "PRLEMB01"            8 bytes magic
 *   u32 H                 header length
 *   H bytes               UTF-8 JSON EmbeddingHeader
 *   zero padding          to a multiple of 8
 *   f16:  u16[count*dim]
 *   int8: f32[count] per-doc scales, then i8[count*dim]
 *
 * Refuses: unknown dtype or version, truncated or oversized bodies, and a
 * header that does not match what the caller expects.
 */
import { encodeF16, quantizeInt8, type DocStore } from './score';

export const EMB_MAGIC = 'PRLEMB01';

export interface EmbeddingHeader {
  format: 1;
  modelId: string;
  /** sha256 of the tower graph that produced the vectors (manifest sha256 of `files.lean`). */
  modelSha256: string;
  /** sha256 of the doc-set file bytes (docs.jsonl). */
  docsetSha256: string;
  count: number;
  dim: number;
  dtype: 'f16' | 'int8';
}

export class EmbeddingFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmbeddingFileError';
  }
}

const pad8 = (n: number): number => (n + 7) & ~7;

/** Encodes float32 embeddings [count, dim] into the file format. */
export function encodeEmbeddingFile(
  vectors: Float32Array,
  meta: Omit<EmbeddingHeader, 'format' | 'count'>,
): Uint8Array {
  if (vectors.length % meta.dim !== 0) throw new EmbeddingFileError(`embedding file: ${vectors.length} values is not a multiple of dim ${meta.dim}`);
  const count = vectors.length / meta.dim;
  const header: EmbeddingHeader = { format: 1, ...meta, count };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const bodyStart = pad8(12 + json.length);
  const bodyLen = meta.dtype === 'f16' ? count * meta.dim * 2 : count * 4 + count * meta.dim;
  const out = new Uint8Array(bodyStart + bodyLen);
  out.set(new TextEncoder().encode(EMB_MAGIC), 0);
  new DataView(out.buffer).setUint32(8, json.length, true);
  out.set(json, 12);
  if (meta.dtype === 'f16') {
    const bits = encodeF16(vectors);
    out.set(new Uint8Array(bits.buffer, bits.byteOffset, bits.byteLength), bodyStart);
  } else {
    const { codes, scales } = quantizeInt8(vectors, meta.dim);
    out.set(new Uint8Array(scales.buffer, scales.byteOffset, scales.byteLength), bodyStart);
    out.set(new Uint8Array(codes.buffer, codes.byteOffset, codes.byteLength), bodyStart + count * 4);
  }
  return out;
}

/** Reads only the header (cheap: for "is it up to date?" checks). */
export function readEmbeddingHeader(bytes: Uint8Array): { header: EmbeddingHeader; bodyStart: number } {
  if (bytes.length < 12) throw new EmbeddingFileError(`embedding file: ${bytes.length} bytes is too short for a header`);
  const magic = new TextDecoder().decode(bytes.subarray(0, 8));
  if (magic !== EMB_MAGIC) throw new EmbeddingFileError(`embedding file: bad magic ${JSON.stringify(magic)} (expected ${EMB_MAGIC})`);
  const h = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(8, true);
  if (12 + h > bytes.length) throw new EmbeddingFileError('embedding file: header runs past the end of the file');
  let header: EmbeddingHeader;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + h))) as EmbeddingHeader;
  } catch {
    throw new EmbeddingFileError('embedding file: header is not valid JSON');
  }
  if (header.format !== 1) throw new EmbeddingFileError(`embedding file: unsupported format ${String(header.format)}`);
  if (header.dtype !== 'f16' && header.dtype !== 'int8') throw new EmbeddingFileError(`embedding file: unknown dtype ${String(header.dtype)}`);
  if (!(Number.isInteger(header.count) && header.count >= 0 && Number.isInteger(header.dim) && header.dim > 0)) {
    throw new EmbeddingFileError('embedding file: count/dim are not valid');
  }
  return { header, bodyStart: pad8(12 + h) };
}

export interface DecodedEmbeddings {
  header: EmbeddingHeader;
  store: DocStore;
}

export interface EmbeddingExpectation {
  modelSha256?: string;
  docsetSha256?: string;
  count?: number;
}

/** Throws when the header names another model or doc set, or another doc count, than `expect`. */
export function checkEmbeddingHeader(header: EmbeddingHeader, expect?: EmbeddingExpectation): void {
  if (expect?.modelSha256 && expect.modelSha256 !== header.modelSha256) {
    throw new EmbeddingFileError(`embedding file: made for model ${header.modelSha256.slice(0, 12)}…, not ${expect.modelSha256.slice(0, 12)}…`);
  }
  if (expect?.docsetSha256 && expect.docsetSha256 !== header.docsetSha256) {
    throw new EmbeddingFileError(`embedding file: made for doc set ${header.docsetSha256.slice(0, 12)}…, not ${expect.docsetSha256.slice(0, 12)}…`);
  }
  if (expect?.count !== undefined && expect.count !== header.count) {
    throw new EmbeddingFileError(`embedding file: holds ${header.count} docs, the doc set has ${expect.count}`);
  }
}

/**
 * Decodes a file; when `expect` is given, a header that names another model
 * or doc set is an error (the caller re-encodes).
 */
export function decodeEmbeddingFile(bytes: Uint8Array, expect?: EmbeddingExpectation): DecodedEmbeddings {
  const { header, bodyStart } = readEmbeddingHeader(bytes);
  checkEmbeddingHeader(header, expect);
  const { count, dim } = header;
  const bodyLen = header.dtype === 'f16' ? count * dim * 2 : count * 4 + count * dim;
  if (bytes.length !== bodyStart + bodyLen) {
    throw new EmbeddingFileError(`embedding file: body is ${bytes.length - bodyStart} bytes, expected ${bodyLen} (truncated or corrupt)`);
  }
  // NOTE: views into the input where its body is aligned (a fetched or read file: offset 0, and the
  // header is padded to 8), a copy otherwise; the copy of a 10 MB body sat on the cold start's path.
  const at = bytes.byteOffset + bodyStart;
  const body = at % 4 === 0 ? new Uint8Array(bytes.buffer, at, bodyLen) : bytes.slice(bodyStart);
  if (header.dtype === 'f16') {
    return { header, store: { kind: 'f16', data: new Uint16Array(body.buffer, body.byteOffset, count * dim), dim } };
  }
  const scales = new Float32Array(body.buffer, body.byteOffset, count);
  const codes = new Int8Array(body.buffer, body.byteOffset + count * 4, count * dim);
  return { header, store: { kind: 'int8', data: codes, dim, scale: scales } };
}
