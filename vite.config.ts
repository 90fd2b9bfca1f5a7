// Vite config: the SPA, the worker, and how ORT-web's WASM files and the
// shipped models reach the browser. See docs/ARCHITECTURE.md.
import { defineConfig, defaultClientConditions, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { cpSync, existsSync, createReadStream, statSync, mkdirSync } from 'node:fs';
import { resolve, join, normalize, extname } from 'node:path';
import { precompressDir, servePrecompressed } from './scripts/precompress.ts';

// NOTE: cross-origin isolation is required for multi-threaded WASM
// (SharedArrayBuffer). Dev, preview and tests all serve with these.
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

// Content-Security-Policy of the built app (preview header + a <meta> in
// dist/index.html): scripts, workers and data only from this origin, so
// nothing a user loads (docs, models, labels) can be sent anywhere else;
// 'wasm-unsafe-eval' lets ORT-web compile its WASM; blob: workers are ORT's
// pthreads. Not in dev: Vite's HMR client needs inline scripts there.
const CSP = [
  "default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", "worker-src 'self' blob:",
  "connect-src 'self' blob: data:", "img-src 'self' data: blob:", "style-src 'self' 'unsafe-inline'",
  "font-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'none'",
].join('; ');

/** Puts the CSP into the built index.html, so any static host serves it. */
function cspMeta(): Plugin {
  return {
    name: 'prerank-lab-csp',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP }, injectTo: 'head-prepend' }],
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

const previewHeaders = { ...isolation, 'Content-Security-Policy': `${CSP}; frame-ancestors 'none'` };

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
      server.middlewares.use(servePrecompressed(resolve(server.config.root, server.config.build.outDir), previewHeaders));
    },
  };
}

export default defineConfig(({ command }) => ({
  plugins: [react(), labAssets(), cspMeta(), precompressed(), uncompressedData()],
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
  server: { host: '127.0.0.1', port: 5173, headers: isolation },
  preview: { host: '127.0.0.1', port: 4173, headers: previewHeaders },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
}));
