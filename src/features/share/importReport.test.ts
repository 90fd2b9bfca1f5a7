import { describe, expect, it } from 'vitest';
import { problemsTsv } from './ImportReport';
import { DocImporter } from '../../data/importDocs';

describe('the import report lists every problem', () => {
  it('10,000 bad rows of a TSV: all kept by line with a cap of 100,000, and written as line<TAB>reason', () => {
    const lines = ['id\ttitle', ...Array.from({ length: 20_000 }, (_, i) => (i % 2 ? `v${i}\t好标题${i}` : `v${i}\t`))];
    const imp = new DocImporter({ file: 'x.tsv', format: 'tsv', delimiter: '\t', mapping: { title: 'title', id: 'id', zone: '', category: '', ctr: '', tags: '' }, maxErrors: 100_000 });
    imp.push(new TextEncoder().encode(lines.join('\n') + '\n'));
    const r = imp.finish();
    expect([r.table.length, r.issues.length, r.droppedIssues, r.records]).toEqual([10_000, 10_000, 0, 20_000]);
    const tsv = problemsTsv(r.issues).trim().split('\n');
    expect(tsv[0]).toBe('line\treason');
    expect(tsv).toHaveLength(10_001);
    expect(tsv[10_000]).toBe('20000\tmissing title (column "title")');
    expect(problemsTsv([{ file: 'f', line: 3, reason: 'a\tb\nc' }])).toBe('line\treason\n3\ta b c\n');
  });
});
