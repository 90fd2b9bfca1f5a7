import { describe, expect, it } from 'vitest';
import { DocTableBuilder, docTableSha256 } from '../../data/docTable';
import { toDocsJsonl } from '../../data/importDocs';
import { loadDocSet, loadDocTable } from './docset';

describe('an imported doc table in the runtime', () => {
  it('reads exactly like the same docs loaded from their canonical docs.jsonl', async () => {
    const b = new DocTableBuilder();
    for (let i = 0; i < 500; i++) {
      b.add({ id: `d${i}`, zone: i % 3 ? 'short' : 'premium', category: ['美食', '科技'][i % 2], title: `标题 ${i}`, tags: i % 4 ? ['a', `t${i % 5}`] : [], ctr: i % 7 ? (i % 100) / 100 : null });
    }
    const table = b.finish();
    const viaTable = loadDocTable(table.data, docTableSha256(table), 'mine.csv');
    const jsonl = new TextEncoder().encode(toDocsJsonl(table.rows()));
    const viaJsonl = await loadDocSet(jsonl, 'mine.jsonl');
    expect(viaTable.sha256).toBe(viaJsonl.sha256);
    expect(viaTable.rows.length).toBe(500);
    expect([...viaTable.rows]).toEqual(viaJsonl.rows);
    expect([...viaTable.texts]).toEqual(viaJsonl.texts);
    expect(['d0', 'd499', 'x'].map((id) => viaTable.byId.get(id))).toEqual(['d0', 'd499', 'x'].map((id) => viaJsonl.byId.get(id)));
  });
  it('refuses an empty table or a missing hash', () => {
    const empty = new DocTableBuilder().finish();
    expect(() => loadDocTable(empty.data, 'a'.repeat(64))).toThrow(/no docs/);
    const one = new DocTableBuilder();
    one.add({ id: 'a', zone: 'short', category: 'c', title: 't', tags: [], ctr: null });
    expect(() => loadDocTable(one.finish().data, 'nope')).toThrow(/sha256/);
  });
});
