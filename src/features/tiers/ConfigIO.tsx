// Strategy configs out and in as JSON (validated; a bad file leaves the
// current configs untouched and says what is wrong), and the candidate pools
// with their scores out as JSON or a TREC run, to check any figure elsewhere.
import { useState } from 'react';
import type { FunnelConfig, PreparedFunnel } from '../../core/funnel';
import { downloadText } from '../../components/download';
import { exportScores, exportTrecRun } from '../../data/formats/pools';
import { exportStrategies, parseStrategies, type StrategySide } from '../../data/formats/tierStrategy';

export interface ConfigIOProps {
  A: StrategySide;
  B: StrategySide;
  editing: 'A' | 'B';
  models: readonly string[];
  prepA: PreparedFunnel;
  fineModel: string | null;
  onImport: (which: 'A' | 'B', side: StrategySide) => void;
}

export function ConfigIO({ A, B, editing, models, prepA, fineModel, onImport }: ConfigIOProps) {
  const [text, setText] = useState('');
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const apply = (t: string, from: string): void => {
    const r = parseStrategies(t);
    if (!r.ok) { setMsg({ ok: false, text: `${from}: ${r.error}. Your current configs are unchanged.` }); return; }
    const known = (s: StrategySide): StrategySide => ({ ...s, model: s.model !== null && models.includes(s.model) ? s.model : null });
    if (r.value.bare) onImport(editing, { model: editing === 'A' ? A.model : B.model, config: r.value.A.config });
    else {
      onImport('A', known(r.value.A));
      if (r.value.B) onImport('B', known(r.value.B));
    }
    setMsg({ ok: true, text: `${from}: imported ${r.value.bare ? `into ${editing}` : r.value.B ? 'A and B' : 'A'}.` });
  };
  const cfgA: FunnelConfig = A.config;
  return (
    <section className="config-io" data-testid="tiers.io">
      <h3>Export / import</h3>
      <div className="row">
        <button data-testid="tiers.export-config" onClick={() => downloadText('tier-strategies.json', exportStrategies(A, B), 'application/json')}>export configs (JSON)</button>
        <label className="file-button">
          import configs…
          <input type="file" accept=".json,application/json" data-testid="tiers.import-config"
            onChange={(e) => { const f = e.target.files?.[0]; e.target.value = ''; if (f) void f.text().then((t) => apply(t, f.name)); }} />
        </label>
        <button data-testid="tiers.export-scores-json"
          onClick={() => downloadText('tier-pools.json', JSON.stringify(exportScores(prepA, cfgA, A.model ?? 'coarse', fineModel)), 'application/json')}>
          export scores (JSON)
        </button>
        <button data-testid="tiers.export-scores-trec" onClick={() => downloadText('tier-pools.run', exportTrecRun(prepA, A.model ?? 'coarse'), 'text/plain')}>
          export scores (TREC run)
        </button>
      </div>
      <details>
        <summary>paste a config</summary>
        <textarea data-testid="tiers.import-text" rows={6} cols={60} value={text} onChange={(e) => setText(e.target.value)}
          placeholder='{"format":"prerank-lab.tiers","version":1,"A":{…}} or a bare config' />
        <button data-testid="tiers.import-apply" onClick={() => apply(text, 'pasted config')}>import</button>
      </details>
      {msg && <p className={msg.ok ? 'ok' : 'error'} role={msg.ok ? 'status' : 'alert'} data-testid={msg.ok ? 'tiers.import-ok' : 'tiers.import-error'}>{msg.text}</p>}
    </section>
  );
}
