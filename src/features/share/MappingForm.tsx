// The column mapping step of a doc-set import: format, which column feeds
// each doc field (title required), the category for rows without one, and a
// few sample rows. Sample values render as text (React escapes them).
import { DOC_FIELDS, type ColumnMapping, type DocField, type FileShape } from '../../data/importDocsFormat';

const LABEL: Record<DocField, string> = {
  title: 'title (required)', id: 'id', zone: 'zone (premium / short)', category: 'category', ctr: 'CTR (0–1 or %)', tags: 'tags (list or a|b|c)',
};

export interface MappingFormProps {
  shape: FileShape;
  mapping: ColumnMapping;
  defaultCategory: string;
  onMapping: (m: ColumnMapping) => void;
  onDefaultCategory: (c: string) => void;
}

export function MappingForm({ shape, mapping, defaultCategory, onMapping, onDefaultCategory }: MappingFormProps) {
  const fmt = shape.format === 'jsonl' ? 'JSONL' : shape.delimiter === '\t' ? 'TSV' : shape.delimiter === ';' ? 'CSV (;)' : 'CSV';
  return (
    <div data-testid="byo.mapping">
      <p>
        Format: <b data-testid="byo.format">{fmt}</b> · {shape.columns.length} column{shape.columns.length === 1 ? '' : 's'}
        {shape.format === 'jsonl' ? ' (keys of the first lines)' : ' (header line)'}
      </p>
      <div className="byo-mapping">
        {DOC_FIELDS.map((f) => (
          <label key={f} style={{ display: 'contents' }}>
            <span>{LABEL[f]}</span>
            <select data-testid={`byo.map.${f}`} value={mapping[f]} onChange={(e) => onMapping({ ...mapping, [f]: e.target.value })}>
              <option value="">{f === 'id' ? '— line number —' : '— none —'}</option>
              {shape.columns.map((c) => <option key={c} value={c}>{c}</option>)}
            </select>
          </label>
        ))}
        <label style={{ display: 'contents' }}>
          <span>category when empty</span>
          <input data-testid="byo.default-category" value={defaultCategory} maxLength={64} onChange={(e) => onDefaultCategory(e.target.value)} />
        </label>
      </div>
      {shape.sample.length > 0 && (
        <table className="byo-sample" data-testid="byo.sample">
          <thead><tr>{shape.columns.slice(0, 8).map((c) => <th key={c}>{c}</th>)}</tr></thead>
          <tbody>
            {shape.sample.map((r, i) => <tr key={i}>{shape.columns.slice(0, 8).map((c) => <td key={c} title={r[c]}>{r[c]}</td>)}</tr>)}
          </tbody>
        </table>
      )}
    </div>
  );
}
