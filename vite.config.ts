// Vite config: the SPA, the worker, and how ORT-web's WASM files and the
// shipped models reach the browser. See docs/ARCHITECTURE.md.
import { defineConfig, defaultClientConditions, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { cpSync, existsSync, createReadStream, statSync, mkdirSync } from 'node:fs';
import { resolve, join, normalize, extname } from 'node:path';
import { precompressDir, servePrecompressed } from './scripts/precompress.ts';
import { CSP, DEPLOY_HEADERS, ISOLATION_HEADERS, writeHeadersFile } from './scripts/securityHeaders.ts';

/**
 * Puts the CSP into the built index.html, so a host that sends no headers still enforces it (all
 * but `frame-ancestors`, which a <meta> cannot carry: see staticHeaders()).
 */
function cspMeta(): Plugin {
  return {
    name: 'prerank-lab-csp',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP }, injectTo: 'head-prepend' }],
  };
}

/**
 * Writes dist/_headers, the response headers (scripts/securityHeaders.ts) in the format Netlify and
 * Cloudflare Pages read (docs/deploy/nginx.conf is the nginx equivalent).
 */
function staticHeaders(): Plugin {
  return {
    name: 'prerank-lab-static-headers',
    apply: 'build',
    writeBundle(options) {
      writeHeadersFile(options.dir ?? resolve(root, 'dist'));
    },
  };
}

const root = import.meta.dirname;
const ORT_FILES = [
  'ort-wasm-simd-threaded.mjs',
  'ort-wasm-simd-threaded.wasm',
  'ort-wasm-simd-threaded.asyncify.mjs',
  'ort-wasm-simd-threaded.asyncify.wasm',
];

const MIME: Record<string, string> = {
  '.json': 'application/json',
  '.onnx': 'application/octet-stream',
  '.bin': 'application/octet-stream',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
};

/** Serves `models/` at `/models/` in dev and copies it (and ORT's WASM) into the build. */
function labAssets(): Plugin {
  const modelsDir = resolve(root, 'models');
  return {
    name: 'prerank-lab-assets',
    configureServer(server) {
      server.middlewares.use('/models', (req, res, next) => {
        const rel = normalize(decodeURIComponent((req.url ?? '/').split('?')[0]));
        const file = join(modelsDir, rel);
        if (!file.startsWith(modelsDir) || !existsSync(file) || !statSync(file).isFile()) return next();
        res.setHeader('Content-Type', MIME[extname(file)] ?? 'application/octet-stream');
        createReadStream(file).pipe(res);
      });
    },
    writeBundle(options) {
      const out = options.dir ?? resolve(root, 'dist');
      if (existsSync(modelsDir)) {
        cpSync(modelsDir, join(out, 'models'), {
          recursive: true,
          // Reports and reference vectors stay in the repo; the app needs the graphs.
          filter: (src) => !src.endsWith('.md'),
        });
      }
      mkdirSync(join(out, 'ort'), { recursive: true });
      for (const f of ORT_FILES) {
        cpSync(resolve(root, 'node_modules/onnxruntime-web/dist', f), join(out, 'ort', f));
      }
    },
  };
}

/**
 * `vite preview` (npm start, the e2e specs, the bench) gzips responses on the fly. For the lab's
 * data files — the 9 MB docs.jsonl, the graphs, the embeddings, all fetched by a browser on the
 * same machine — that was CPU spent on both sides of a loopback connection on the cold start's
 * critical path (~0.3 s of server CPU for docs.jsonl alone). They go out as they are, or as the
 * build's brotli copy where there is one (precompressed(), below: served before this runs).
 */
function uncompressedData(): Plugin {
  return {
    name: 'prerank-lab-uncompressed-data',
    configurePreviewServer(server) {
      // NOTE: runs before Vite's own compression middleware, which skips a request that accepts no encoding.
      server.middlewares.use((req, _res, next) => {
        if (/^\/(models|embeddings|demo)\//.test(req.url ?? '')) delete req.headers['accept-encoding'];
        next();
      });
    },
  };
}

/**
 * Brotli copies of the build's WASM, scripts, doc set and indexes (scripts/precompress.ts says why),
 * served by `vite preview` to a browser that takes them. Runs after labAssets has copied the models
 * and ORT's files in; results are cached in node_modules/.cache by content hash.
 */
function precompressed(): Plugin {
  let outDir = '';
  return {
    name: 'prerank-lab-precompressed',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle: {
      order: 'post',
      handler() {
        if (!outDir || !existsSync(outDir)) return;
        const r = precompressDir(outDir, resolve(root, 'node_modules/.cache/prerank-lab-br'));
        this.info?.(`brotli: ${r.written} files, ${(r.bytesIn / 1e6).toFixed(1)} MB → ${(r.bytesOut / 1e6).toFixed(1)} MB (${r.fromCache} from cache)`);
      },
    },
    configurePreviewServer(server) {
      server.middlewares.use(servePrecompressed(resolve(server.config.root, server.config.build.outDir), { ...DEPLOY_HEADERS }));
    },
  };
}

export default defineConfig(({ command }) => ({
  plugins: [react(), labAssets(), cspMeta(), staticHeaders(), precompressed(), uncompressedData()],
  define: {
    // In production ORT-web loads its WASM from /ort/ (copied above); in dev
    // Vite serves it straight from node_modules.
    __ORT_WASM_PATHS__: JSON.stringify(command === 'build' ? '/ort/' : ''),
  },
  resolve: {
    // The non-bundled ORT builds: bundled ones break threaded WASM under Vite
    // (pthread workers re-import the app chunk: `document is not defined`).
    conditions: ['onnxruntime-web-use-extern-wasm', ...defaultClientConditions],
  },
  optimizeDeps: { exclude: ['onnxruntime-web'] },
  worker: { format: 'es' },
  server: { host: '127.0.0.1', port: 5173, headers: { ...ISOLATION_HEADERS } },
  // The same headers as dist/_headers and the nginx snippet: what the e2e specs see is what a deployment sends.
  preview: { host: '127.0.0.1', port: 4173, headers: { ...DEPLOY_HEADERS } },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
}));
