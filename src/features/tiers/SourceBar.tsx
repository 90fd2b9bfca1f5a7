// Where the funnel's candidates come from: the query set, the pool size asked
// of the runtime (and how many of the set's queries: a quick look first), or
// an imported pools file instead of the models.
import { useState } from 'react';
import { TIER_QUERY_SETS, type TierQuerySet } from '../../state/slices/tiers';
import { parsePools, type ImportedPools } from '../../data/formats/pools';

const SET_LABEL: Record<TierQuerySet, string> = { test: 'test split', valid: 'valid split', labelled: 'human-labelled queries' };
export const POOL_SIZES = [20, 50, 100, 200, 500, 1000];

export const LIMITS = [0, 20, 50, 100];

export function SourceBar({ set, setSet, pool, setPool, limit, setLimit, imported, setImported, note }: {
  set: TierQuerySet; setSet: (s: TierQuerySet) => void; pool: number; setPool: (n: number) => void;
  limit: number; setLimit: (n: number) => void;
  imported: ImportedPools | null; setImported: (p: ImportedPools | null) => void; note: string;
}) {
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="source-bar row">
      <label className="field">
        <span>query set</span>
        <select data-testid="tiers.query-set" value={set} disabled={!!imported} onChange={(e) => setSet(e.target.value as TierQuerySet)}>
          {TIER_QUERY_SETS.map((s) => <option key={s} value={s}>{SET_LABEL[s]}</option>)}
        </select>
      </label>
      <label className="field">
        <span>queries</span>
        <select data-testid="tiers.limit" value={limit} disabled={!!imported} onChange={(e) => setLimit(Number(e.target.value))}>
          {(LIMITS.includes(limit) ? LIMITS : [...LIMITS, limit]).map((n) => <option key={n} value={n}>{n === 0 ? 'all' : `first ${n}`}</option>)}
        </select>
      </label>
      <label className="field">
        <span>pool / query / model</span>
        <select data-testid="tiers.pool" value={pool} disabled={!!imported} onChange={(e) => setPool(Number(e.target.value))}>
          {(POOL_SIZES.includes(pool) ? POOL_SIZES : [...POOL_SIZES, pool].sort((a, b) => a - b)).map((n) => <option key={n} value={n}>{n} + judged</option>)}
        </select>
      </label>
      {imported
        ? <button data-testid="tiers.pools-clear" onClick={() => setImported(null)}>use the models again</button>
        : (
          <label className="file-button">
            load pools file…
            <input type="file" accept=".json,application/json" data-testid="tiers.import-pools" onChange={(e) => {
              const f = e.target.files?.[0];
              e.target.value = '';
              if (!f) return;
              void f.text().then((t) => {
                const r = parsePools(t);
                if (r.ok) { setError(null); setImported(r.value); } else setError(`${f.name}: ${r.error}`);
              });
            }} />
          </label>
        )}
      <span className="muted" data-testid="tiers.source">{note}</span>
      {error && <p className="error" role="alert" data-testid="tiers.pools-error">{error}</p>}
    </div>
  );
}
