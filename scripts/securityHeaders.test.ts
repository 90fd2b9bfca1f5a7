// The deployment headers: what they must say, that dist/_headers and docs/deploy/nginx.conf carry
// exactly them, and that vite.config.ts's preview server and build use this one module (no full
// build here: e2e/shell.wasm.spec.ts checks the served build).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Plugin, UserConfig } from 'vite';
import { CSP, DEPLOY_HEADERS, ISOLATION_HEADERS, headersFile, nginxHeaders, writeHeadersFile } from './securityHeaders';
import viteConfig from '../vite.config';

const dir = mkdtempSync(join(tmpdir(), 'headers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Parses a Netlify / Cloudflare `_headers` file that has the one `/*` rule. */
function parseHeadersFile(text: string): Record<string, string> {
  const [path, ...lines] = text.trimEnd().split('\n');
  expect(path).toBe('/*');
  return Object.fromEntries(lines.map((l) => {
    expect(l).toMatch(/^ {2}[A-Za-z-]+: \S/);
    const at = l.indexOf(':');
    return [l.slice(0, at).trim(), l.slice(at + 1).trim()];
  }));
}

describe('DEPLOY_HEADERS', () => {
  it('forbids framing, sniffing and referrers, and keeps the isolation threaded WASM needs', () => {
    expect(DEPLOY_HEADERS['Content-Security-Policy']).toBe(`${CSP}; frame-ancestors 'none'`);
    expect(DEPLOY_HEADERS['X-Frame-Options']).toBe('DENY');
    expect(DEPLOY_HEADERS['X-Content-Type-Options']).toBe('nosniff');
    expect(DEPLOY_HEADERS['Referrer-Policy']).toBe('no-referrer');
    expect(DEPLOY_HEADERS).toMatchObject({
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cross-Origin-Resource-Policy': 'same-origin',
    });
    expect(DEPLOY_HEADERS).toMatchObject(ISOLATION_HEADERS);
    // The <meta> copy must not carry it: a meta frame-ancestors is ignored, with a console warning.
    expect(CSP).not.toContain('frame-ancestors');
    expect(CSP).toContain("img-src 'self'"); // the favicon
  });
});

describe('dist/_headers', () => {
  it('writeHeadersFile writes every header, under /*', () => {
    const file = writeHeadersFile(dir);
    expect(file).toBe(join(dir, '_headers'));
    expect(parseHeadersFile(readFileSync(file, 'utf8'))).toEqual(DEPLOY_HEADERS);
  });
});

describe('docs/deploy/nginx.conf', () => {
  it('carries exactly DEPLOY_HEADERS, on error responses too', () => {
    const conf = readFileSync(resolve(import.meta.dirname, '../docs/deploy/nginx.conf'), 'utf8');
    const block = conf.split('# BEGIN security headers')[1]?.split('# END security headers')[0] ?? '';
    const lines = block.split('\n').map((l) => l.trim()).filter(Boolean);
    expect(lines).toEqual(nginxHeaders().split('\n'));
    expect(lines.every((l) => l.endsWith('" always;'))).toBe(true);
    expect(conf.match(/^\s*add_header /gm)).toHaveLength(Object.keys(DEPLOY_HEADERS).length);
  });
});

describe('vite.config.ts', () => {
  const config = (viteConfig as (env: { command: 'build'; mode: string }) => UserConfig)({ command: 'build', mode: 'production' });
  const plugins = ((config.plugins ?? []) as unknown[]).flat(3) as Plugin[];
  const plugin = (name: string) => plugins.find((p) => p?.name === name)!;

  it('the preview server sends DEPLOY_HEADERS; dev the isolation headers', () => {
    expect(config.preview?.headers).toEqual(DEPLOY_HEADERS);
    expect(config.server?.headers).toEqual(ISOLATION_HEADERS);
  });

  it('the build writes _headers with the writer', () => {
    const out = join(dir, 'build');
    const hook = plugin('prerank-lab-static-headers').writeBundle as unknown as (o: { dir: string }) => void;
    expect(plugin('prerank-lab-static-headers').apply).toBe('build');
    hook.call({}, { dir: out });
    expect(readFileSync(join(out, '_headers'), 'utf8')).toBe(headersFile());
  });

  it("the built index.html's <meta> CSP is the same CSP", () => {
    const transform = plugin('prerank-lab-csp').transformIndexHtml as unknown as () => { attrs: Record<string, string> }[];
    expect(transform()[0].attrs).toEqual({ 'http-equiv': 'Content-Security-Policy', content: CSP });
  });
});
