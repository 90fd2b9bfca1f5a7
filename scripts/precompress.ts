// Brotli copies of the built lab's text-like files, and the `vite preview` middleware that serves
// them. Why: in Chromium on the 2-core machine a 14 MB response over loopback takes ~0.5 s of the
// network stack however fast the server is, and the cold start fetches ~35 MB at once (ORT's WASM,
// docs.jsonl, the doc index, the first model's embeddings). Brotli cuts the WASM to 2.8 MB, the
// doc set to 1.5 MB; measured in Chromium: the WASM alone arrives in ~0.3 s instead of ~0.5 s.
// A real static host (nginx gzip_static/brotli_static, a CDN) does the same from these files.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';

/** Content types of what gets a .br copy; anything else (graphs, embeddings: binary floats) is served as is. */
export const COMPRESSIBLE: Record<string, string> = {
  '.wasm': 'application/wasm',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.jsonl': 'application/x-ndjson',
  '.txt': 'text/plain; charset=utf-8',
  '.trec': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
};

const MIN_BYTES = 4096;
/** A copy must save at least this share of the bytes to be worth the Content-Encoding. */
const MAX_RATIO = 0.9;
// NOTE: quality 6 is 2.77 MB for ORT's WASM in 0.6 s; 9 is 2.69 MB in 1.8 s. The cache below makes
// either a one-off, but a fresh clone's first `npm start` pays it.
const QUALITY = 6;

export interface PrecompressReport {
  written: number;
  fromCache: number;
  skipped: number;
  bytesIn: number;
  bytesOut: number;
}

function* filesUnder(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* filesUnder(p);
    else if (e.isFile()) yield p;
  }
}

/**
 * Writes `<file>.br` beside each compressible file of `dir` that brotli shrinks enough. `cacheDir`
 * keeps each result by the content's hash, so a rebuild with the same WASM and doc set does not
 * compress them again.
 */
export function precompressDir(dir: string, cacheDir?: string): PrecompressReport {
  const r: PrecompressReport = { written: 0, fromCache: 0, skipped: 0, bytesIn: 0, bytesOut: 0 };
  if (cacheDir) mkdirSync(cacheDir, { recursive: true });
  for (const file of [...filesUnder(dir)]) {
    if (!(extname(file) in COMPRESSIBLE)) continue;
    // A copy left by an earlier build into the same folder would be served for bytes it no longer is.
    rmSync(`${file}.br`, { force: true });
    if (statSync(file).size < MIN_BYTES) continue;
    const raw = readFileSync(file);
    const key = createHash('sha256').update(raw).digest('hex');
    const cached = cacheDir ? join(cacheDir, `${key}.q${QUALITY}`) : undefined;
    let br: Buffer;
    if (cached && existsSync(cached)) {
      br = readFileSync(cached);
      r.fromCache++;
    } else {
      br = brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } });
      if (cached) {
        // Write-then-rename: two builds at once never read half a file.
        writeFileSync(`${cached}.tmp${process.pid}`, br);
        renameSync(`${cached}.tmp${process.pid}`, cached);
      }
    }
    if (br.length > raw.length * MAX_RATIO) { r.skipped++; continue; }
    writeFileSync(`${file}.br`, br);
    r.written++;
    r.bytesIn += raw.length;
    r.bytesOut += br.length;
  }
  return r;
}

/** Whether an Accept-Encoding header admits brotli (`br`, not refused with q=0). */
export function acceptsBrotli(header: string | string[] | undefined): boolean {
  const v = Array.isArray(header) ? header.join(',') : header ?? '';
  return v.split(',').some((part) => {
    const [name, ...params] = part.trim().split(';');
    if (name.trim().toLowerCase() !== 'br') return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return !q || Number(q.slice(2)) > 0;
  });
}

/**
 * Connect middleware: a GET/HEAD for a file of `dir` that has a `.br` copy, from a client that takes
 * brotli, gets the copy with `Content-Encoding: br` and `headers`; every other request goes on.
 */
export function servePrecompressed(dir: string, headers: Record<string, string>) {
  const root = normalize(dir + sep);
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !acceptsBrotli(req.headers['accept-encoding'])) return next();
    let path: string;
    try {
      path = decodeURIComponent((req.url ?? '/').split('?')[0]);
    } catch {
      return next();
    }
    const file = normalize(join(root, path));
    const type = COMPRESSIBLE[extname(file)];
    // (the file itself too: a copy whose original is gone is left to the next handler's 404)
    if (!type || !file.startsWith(root) || !existsSync(`${file}.br`) || !existsSync(file)) return next();
    const st = statSync(`${file}.br`);
    res.writeHead(200, {
      ...headers,
      'Content-Type': type,
      'Content-Encoding': 'br',
      'Content-Length': String(st.size),
      Vary: 'Accept-Encoding',
      'Cache-Control': 'no-cache',
    });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(`${file}.br`).pipe(res);
  };
}
