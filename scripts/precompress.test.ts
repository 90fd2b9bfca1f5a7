import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { brotliDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptsBrotli, precompressDir, servePrecompressed } from './precompress';

const dir = mkdtempSync(join(tmpdir(), 'precompress-'));
const out = join(dir, 'dist');
const cache = join(dir, 'cache');
const text = Array.from({ length: 4000 }, (_, i) => JSON.stringify({ id: `v${i}`, title: `第${i % 40}集 红烧肉做法` })).join('\n');

beforeAll(() => {
  mkdirSync(join(out, 'demo'), { recursive: true });
  mkdirSync(join(out, 'embeddings'), { recursive: true });
  writeFileSync(join(out, 'demo', 'docs.jsonl'), text);
  writeFileSync(join(out, 'demo', 'small.json'), '{"a":1}');
  writeFileSync(join(out, 'demo', 'noise.js'), randomBytes(64 * 1024)); // compressible type, incompressible bytes
  writeFileSync(join(out, 'embeddings', 'a.emb'), Buffer.from(text)); // not a compressible type
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('precompressDir', () => {
  it('writes a .br that decodes to the file, only for compressible types that shrink', () => {
    const r = precompressDir(out, cache);
    expect(brotliDecompressSync(readFileSync(join(out, 'demo', 'docs.jsonl.br'))).toString()).toBe(text);
    expect(r.written).toBe(1);
    expect(r.bytesOut).toBeLessThan(r.bytesIn / 3);
    expect(existsSync(join(out, 'demo', 'small.json.br'))).toBe(false); // under the size floor
    expect(existsSync(join(out, 'demo', 'noise.js.br'))).toBe(false); // brotli saves too little
    expect(existsSync(join(out, 'embeddings', 'a.emb.br'))).toBe(false); // binary data type
    expect(r.skipped).toBe(1);
  });

  it('reuses the cache for unchanged content and recompresses changed content', () => {
    rmSync(join(out, 'demo', 'docs.jsonl.br'));
    const again = precompressDir(out, cache);
    expect(again.written).toBe(1);
    expect(again.fromCache).toBe(2); // docs.jsonl and the incompressible noise.js
    writeFileSync(join(out, 'demo', 'docs.jsonl'), `${text}\n{"id":"new"}`);
    const changed = precompressDir(out, cache);
    expect(changed.fromCache).toBe(1);
    expect(brotliDecompressSync(readFileSync(join(out, 'demo', 'docs.jsonl.br'))).toString()).toBe(`${text}\n{"id":"new"}`);
    expect(readdirSync(cache).some((f) => f.includes('.tmp'))).toBe(false);
  });

  it('removes a copy an earlier build left for a file that no longer gets one', () => {
    const other = join(out, 'demo', 'other.json');
    writeFileSync(other, JSON.stringify(text));
    precompressDir(out, cache);
    expect(existsSync(`${other}.br`)).toBe(true);
    writeFileSync(other, '{"now":"small"}');
    precompressDir(out, cache);
    expect(existsSync(`${other}.br`)).toBe(false);
    rmSync(other);
  });
});

describe('acceptsBrotli', () => {
  it('reads Accept-Encoding', () => {
    expect(acceptsBrotli('gzip, deflate, br, zstd')).toBe(true);
    expect(acceptsBrotli('br;q=0.5')).toBe(true);
    expect(acceptsBrotli(['gzip', 'BR'])).toBe(true);
    expect(acceptsBrotli('gzip, br;q=0')).toBe(false);
    expect(acceptsBrotli('gzip, brotli')).toBe(false);
    expect(acceptsBrotli(undefined)).toBe(false);
  });
});

describe('servePrecompressed', () => {
  let server: Server;
  let port = 0;
  beforeAll(async () => {
    const mw = servePrecompressed(out, { 'Cross-Origin-Embedder-Policy': 'require-corp' });
    server = createServer((req, res) => mw(req, res, () => { res.writeHead(299); res.end('next'); }));
    await new Promise<void>((go) => server.listen(0, '127.0.0.1', go));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((go) => server.close(() => go())));

  const get = (path: string, headers: Record<string, string> = {}, method = 'GET') =>
    new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
      req.end();
    });

  it('serves the .br copy with its encoding, type and the given headers to a client that takes brotli', async () => {
    const r = await get('/demo/docs.jsonl?x=1', { 'accept-encoding': 'gzip, br' });
    expect(r.status).toBe(200);
    expect(r.headers['content-encoding']).toBe('br');
    expect(r.headers['content-type']).toBe('application/x-ndjson');
    expect(r.headers['cross-origin-embedder-policy']).toBe('require-corp');
    expect(r.headers.vary).toBe('Accept-Encoding');
    expect(brotliDecompressSync(r.body).toString()).toBe(readFileSync(join(out, 'demo', 'docs.jsonl'), 'utf8'));
    const head = await get('/demo/docs.jsonl', { 'accept-encoding': 'br' }, 'HEAD');
    expect(head.headers['content-length']).toBe(String(readFileSync(join(out, 'demo', 'docs.jsonl.br')).length));
    expect(head.body.length).toBe(0);
  });

  it('leaves everything else to the next handler', async () => {
    expect((await get('/demo/docs.jsonl')).status).toBe(299); // no Accept-Encoding
    expect((await get('/demo/docs.jsonl', { 'accept-encoding': 'gzip' })).status).toBe(299);
    expect((await get('/embeddings/a.emb', { 'accept-encoding': 'br' })).status).toBe(299); // no copy
    expect((await get('/demo/../../cache/x.json', { 'accept-encoding': 'br' })).status).toBe(299);
    expect((await get('/%E0%A4%A', { 'accept-encoding': 'br' })).status).toBe(299); // bad escape
    writeFileSync(join(out, 'demo', 'gone.json.br'), 'x'); // an orphan copy
    expect((await get('/demo/gone.json', { 'accept-encoding': 'br' })).status).toBe(299);
  });
});
