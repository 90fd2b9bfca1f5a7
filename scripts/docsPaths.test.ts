// Every `src/…` path the docs cite exists: docs/*.md, README.md and each
// panel's README (src/features/<panel>/README.md). A moved or deleted file
// otherwise leaves the map pointing at nothing. Placeholders (`<panel>`),
// globs (`*`) and brace lists are not paths and are skipped.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');

function docs(): string[] {
  const out = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
  for (const d of readdirSync(join(ROOT, 'src/features'), { withFileTypes: true })) {
    if (d.isDirectory() && existsSync(join(ROOT, 'src/features', d.name, 'README.md'))) out.push(`src/features/${d.name}/README.md`);
  }
  return out;
}

/** The `src/…` paths a text cites, with the trailing punctuation of prose taken off. */
function citedPaths(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/(?<![\w./-])src\/[\w.@/<>*{},-]*/g)) {
    const p = m[0].replace(/[.,:;)]+$/, '');
    if (/[<>*{}]/.test(p)) continue; // a placeholder or a glob, not a path
    out.add(p.replace(/\/$/, ''));
  }
  return [...out];
}

describe('paths cited in the docs', () => {
  it('reads paths out of prose, skipping placeholders and globs', () => {
    expect(citedPaths('see `src/core/funnel.ts`, then src/data/formats/ and src/features/<panel>/README.md or src/**/*.test.ts.'))
      .toEqual(['src/core/funnel.ts', 'src/data/formats']);
  });

  for (const doc of docs()) {
    it(`${doc}: every cited src/ path exists`, () => {
      const missing = citedPaths(readFileSync(join(ROOT, doc), 'utf8')).filter((p) => !existsSync(join(ROOT, p)));
      expect(missing, `${doc} cites paths that do not exist`).toEqual([]);
    });
  }
});
