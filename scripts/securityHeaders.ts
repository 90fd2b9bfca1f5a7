// The response headers of the built lab, in one place: `vite preview` sends them, the build writes
// them to dist/_headers (Netlify, Cloudflare Pages), and docs/deploy/nginx.conf carries the same
// lines (a test keeps it equal), so preview and a static deployment cannot drift. Refuses to know
// anything about a particular host beyond those two formats.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// NOTE: cross-origin isolation is required for multi-threaded WASM
// (SharedArrayBuffer). Dev, preview, tests and every deployment serve with these.
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

// Content-Security-Policy of the built app: scripts, workers and data only from this origin, so
// nothing a user loads (docs, models, labels) can be sent anywhere else; 'wasm-unsafe-eval' lets
// ORT-web compile its WASM; blob: workers are ORT's pthreads; img-src 'self' covers the favicon.
// Not in dev: Vite's HMR client needs inline scripts there.
export const CSP = [
  "default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", "worker-src 'self' blob:",
  "connect-src 'self' blob: data:", "img-src 'self' data: blob:", "style-src 'self' 'unsafe-inline'",
  "font-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'none'",
].join('; ');

/**
 * Every response of a deployed build. `frame-ancestors` only works in a header (a <meta> CSP
 * ignores it), which is why the build's <meta> CSP alone is not enough: without these a static
 * host serving dist/ lets any site frame the lab (clickjacking). X-Frame-Options says the same to
 * browsers without CSP 2. `no-referrer`: the lab needs no Referer for anything, and its URL can
 * carry the user's query (`?q=`), which no link out of it should hand on.
 */
export const DEPLOY_HEADERS: Readonly<Record<string, string>> = {
  ...ISOLATION_HEADERS,
  'Content-Security-Policy': `${CSP}; frame-ancestors 'none'`,
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/** Netlify / Cloudflare Pages `_headers`: a path pattern, then its headers indented. */
export function headersFile(headers: Readonly<Record<string, string>> = DEPLOY_HEADERS): string {
  return ['/*', ...Object.entries(headers).map(([k, v]) => `  ${k}: ${v}`), ''].join('\n');
}

/** nginx `add_header` lines; `always` puts them on error responses (404s) too. */
export function nginxHeaders(headers: Readonly<Record<string, string>> = DEPLOY_HEADERS): string {
  return Object.entries(headers).map(([k, v]) => `add_header ${k} "${v}" always;`).join('\n');
}

/** Writes `<outDir>/_headers`; the build calls it (vite.config.ts, staticHeaders()). */
export function writeHeadersFile(outDir: string): string {
  const file = join(outDir, '_headers');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(file, headersFile());
  return file;
}
