// Choosing the pair: a query, and either a doc of the set (search by id or
// title) or freely typed doc text. Edits stay local until "Inspect" (or
// Enter), so typing never starts model runs.
import { useDeferredValue, useState, type KeyboardEvent } from 'react';
import type { DocRow } from '../../runtime/docs/docset';
import { useLab } from '../../state/store';
import type { InspectPair } from '../../state/slices/inspect';
import { searchDocs } from './pair';

export function PairPicker({ rows }: { rows: readonly DocRow[] }) {
  const pair = useLab((s) => s.pair);
  const setPair = useLab((s) => s.setPair);
  // NOTE: the parent remounts this with key = the pair, so drafts restart from a new pair.
  const [query, setQuery] = useState(pair?.query ?? '');
  const [mode, setMode] = useState<'set' | 'text'>(pair?.docText !== undefined && !pair.docId ? 'text' : 'set');
  const [docId, setDocId] = useState(pair?.docId ?? '');
  const [text, setText] = useState(pair?.docText ?? '');
  const [search, setSearch] = useState(pair?.docId ?? '');
  const term = useDeferredValue(search);
  const matches = mode === 'set' && term !== docId ? searchDocs(rows, term) : [];
  const chosen = rows.find((r) => r.id === docId);
  const next: InspectPair | null = !query.trim() ? null
    : mode === 'set' ? (docId ? { query, docId } : null)
    : text.trim() ? { query, docText: text } : null;
  const commit = () => { if (next) setPair(next); };
  const onKey = (e: KeyboardEvent) => { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); commit(); } };
  return (
    <div className="inspect-picker" data-testid="inspect.picker">
      <label>
        query{' '}
        <input data-testid="inspect.query" value={query} placeholder="e.g. 琅琊榜 第3集" onChange={(e) => setQuery(e.target.value)} onKeyDown={onKey} />
      </label>
      <span className="inspect-mode" role="radiogroup" aria-label="doc side">
        <label><input type="radio" name="inspect-doc-mode" data-testid="inspect.mode-set" checked={mode === 'set'} onChange={() => setMode('set')} /> doc of the set</label>
        <label><input type="radio" name="inspect-doc-mode" data-testid="inspect.mode-text" checked={mode === 'text'} onChange={() => setMode('text')} /> typed text</label>
      </span>
      {mode === 'set' ? (
        <span className="inspect-doc-search">
          <input
            data-testid="inspect.doc-search"
            value={search}
            placeholder={rows.length ? `search ${rows.length} docs by id or title` : 'the doc set is loading…'}
            onChange={(e) => { setSearch(e.target.value); setDocId(''); }}
            onKeyDown={onKey}
          />
          {matches.length > 0 && (
            <ul className="inspect-doc-options" data-testid="inspect.doc-options">
              {matches.map((m) => (
                <li key={m.row.id}>
                  <button type="button" data-testid="inspect.doc-option" data-docid={m.row.id} onClick={() => { setDocId(m.row.id); setSearch(m.row.id); }}>
                    <code>{m.row.id}</code> {m.row.title}
                  </button>
                </li>
              ))}
            </ul>
          )}
          {chosen && <span className="muted" data-testid="inspect.doc-chosen">{chosen.title}</span>}
        </span>
      ) : (
        <input className="inspect-doc-text" data-testid="inspect.doc-text" value={text} placeholder="doc text, e.g. 琅琊榜 第3集 电视剧 古装" onChange={(e) => setText(e.target.value)} onKeyDown={onKey} />
      )}
      <button type="button" data-testid="inspect.run" disabled={!next} onClick={commit}>Inspect</button>
    </div>
  );
}
