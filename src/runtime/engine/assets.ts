// Where model and data bytes come from: `fetch` under a base URL in the
// browser, the file system in Node. Every model file named in the manifest is
// checked against its sha256 as it arrives.
import { sha256Hex } from '../hash';
import { LabError } from './manifest';

export interface AssetSource {
  /** A short label for messages ("/models/" or a directory). */
  readonly label: string;
  bytes(relPath: string): Promise<Uint8Array>;
}

export function fetchSource(baseUrl: string): AssetSource {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return {
    label: base,
    async bytes(rel) {
      let res: Response;
      try {
        res = await fetch(base + rel);
      } catch (e) {
        throw new LabError(`could not fetch ${base + rel}: ${(e as Error).message}`, base + rel);
      }
      if (!res.ok) throw new LabError(`${base + rel} is missing (HTTP ${res.status})`, base + rel);
      return new Uint8Array(await res.arrayBuffer());
    },
  };
}

export async function verifiedBytes(src: AssetSource, rel: string, expectedSha?: string): Promise<Uint8Array> {
  const bytes = await src.bytes(rel);
  if (expectedSha) {
    const got = await sha256Hex(bytes);
    if (got !== expectedSha.toLowerCase()) {
      throw new LabError(
        `${src.label}${rel} does not match the manifest (sha256 ${got.slice(0, 12)}…, manifest says ${expectedSha.slice(0, 12)}…): the file is corrupt or the manifest is stale`,
        rel,
      );
    }
  }
  return bytes;
}

export async function jsonAsset<T>(src: AssetSource, rel: string): Promise<T> {
  const bytes = await src.bytes(rel);
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as T;
  } catch (e) {
    throw new LabError(`${src.label}${rel} is not valid JSON (${(e as Error).message})`, rel);
  }
}
