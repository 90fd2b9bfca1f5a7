// The models bar: every model of the manifest with its role, size, load time
// and the backend it runs on (and why), the doc set, doc-embedding progress
// (docs/s, ETA, cancel) and any error, in words. Shown above the ranking
// columns and, with more detail, as the Models panel.
import { reasonDetail } from '../core/backend';
import type { BackendRequest } from '../core/domain';
import type { EncodeProgress, ManifestModel, ModelStatus } from '../runtime/api';
import { labClient } from '../runtime/lab/client';
import { useLab } from '../state/store';
import { encodeRate, skippedWhy } from '../services/lab/readiness';
import { useClientSnapshot } from '../services/lab/useRuntime';

const mb = (b?: number): string => (b === undefined ? '—' : `${(b / 1e6).toFixed(1)} MB`);
const ms = (x?: number): string => (x === undefined ? '—' : x < 1000 ? `${x.toFixed(0)} ms` : `${(x / 1000).toFixed(1)} s`);
/** "mean pool", or "4×attn pool → 256-d" for attention-pooled towers. */
const poolingLabel = (m: ManifestModel): string =>
  m.pooling === 'attn' ? `${m.pool_heads ?? '?'}×attn pool → ${m.embedding_dim ?? '?'}-d` : `${m.pooling} pool`;

function EncodeState({ p }: { p?: EncodeProgress }) {
  if (!p) return <span className="muted">waiting</span>;
  const id = p.modelId;
  if (p.state === 'running') {
    return (
      <span data-testid={`models.encode.${id}`} data-state="running">
        <progress max={p.total} value={p.done} /> {p.done}/{p.total} · {encodeRate(p)}
        {p.engine ? <span className="muted" data-testid={`models.encode-engine.${id}`}> · {p.engine}</span> : null}{' '}
        <button data-testid={`models.encode-cancel.${id}`} onClick={() => void labClient.cancelEncode(id)}>cancel</button>
      </span>
    );
  }
  if (p.state === 'cancelled') {
    return (
      <span data-testid={`models.encode.${id}`} data-state="cancelled">
        encoding cancelled — this column stays empty{' '}
        <button data-testid={`models.encode-resume.${id}`} onClick={() => void labClient.resumeEncode(id)}>encode</button>
      </span>
    );
  }
  if (p.state === 'error') return <span className="error-text" data-testid={`models.encode.${id}`} data-state="error">encoding failed: {p.error}</span>;
  const from = p.source === 'file' ? 'precomputed file' : p.source === 'indexeddb' ? 'IndexedDB cache (encoded earlier in this browser)'
    : `encoded in this browser${p.engine ? ` with ${p.engine}` : ''}, cached in IndexedDB`;
  return <span data-testid={`models.encode.${id}`} data-state="done" data-source={p.source} data-engine={p.engine} title={p.note}>{p.total} docs · {from}</span>;
}

/** The backend cell: where the model runs (and, detailed, why), or why it does not. */
function BackendCell({ m, st, detailed }: { m: ManifestModel; st?: ModelStatus; detailed: boolean }) {
  if (m.kind === 'head') return <>not run here</>;
  if (st?.state === 'error') return <span className="error-text" data-testid={`models.error.${m.id}`}>{st.error}</span>;
  if (st?.state === 'skipped') return <span className="muted" data-testid={`models.skipped.${m.id}`}>{skippedWhy(st)}</span>;
  if (!st?.backend) return <>—</>;
  const kernel = st.engine === 'kernel' || st.engine === 'kernel-only' ? ' · lab kernel' : '';
  // NOTE: the backend's name once: the reason itself starts with it ("WASM — forced by the user").
  const why = [st.backendReason && reasonDetail({ reason: st.backendReason }), st.engineNote].filter(Boolean).join('; ');
  return <>{st.backend === 'webgpu' ? 'WebGPU' : 'WASM'}{kernel}{detailed && why ? ` — ${why}` : ''}</>;
}

export function ModelsBar({ detailed = false }: { detailed?: boolean }) {
  const snap = useClientSnapshot();
  const request = useLab((s) => s.backendRequest);
  const setRequest = useLab((s) => s.setBackendRequest);
  const backend = useLab((s) => s.backend);
  const selected = useLab((s) => s.selectedModels);
  const setSelected = useLab((s) => s.setSelectedModels);
  const towerIds = snap.manifest?.models.filter((m) => m.kind === 'tower').map((m) => m.id) ?? [];
  // Empty selection = every tower; unticking one makes the selection explicit.
  const shown = (id: string) => selected.length === 0 || selected.includes(id);
  const toggle = (id: string) => {
    const cur = selected.length === 0 ? towerIds : selected;
    const next = cur.includes(id) ? cur.filter((x) => x !== id) : [...cur, id];
    setSelected(next.length === towerIds.length ? [] : next);
  };
  const models: ManifestModel[] = snap.manifest?.models.filter((m) => m.kind !== 'head' || detailed) ?? [];
  return (
    <section className="models-bar" data-testid="models.bar">
      <div className="models-bar-head">
        <strong>Models</strong>
        <span data-testid="models.backend" data-backend={backend?.backend ?? ''}>
          {backend ? backend.reason : 'checking for WebGPU…'}
        </span>
        <label>
          run on{' '}
          <select data-testid="models.backend-select" value={request} onChange={(e) => setRequest(e.target.value as BackendRequest)}>
            <option value="auto">auto</option>
            <option value="webgpu">WebGPU</option>
            <option value="wasm">WASM</option>
          </select>
        </label>
        <span data-testid="models.docs">
          {snap.docs ? `doc set: ${snap.docs.count} docs (${snap.docs.name}, sha256 ${snap.docs.sha256.slice(0, 10)}…)` : snap.docsError ? '' : 'loading doc set…'}
        </span>
      </div>
      {snap.manifestError && <p className="error" data-testid="models.manifest-error">Models unavailable: {snap.manifestError}</p>}
      {snap.docsError && <p className="error" data-testid="models.docs-error">The doc set failed validation: {snap.docsError}</p>}
      {snap.runtimeError && <p className="error" data-testid="models.runtime-error">{snap.runtimeError}</p>}
      {backend?.fellBack && <p className="warning" data-testid="models.fallback">{backend.reason}</p>}
      {models.length > 0 && (
        <table className="models-table">
          <thead>
            <tr><th title="rank with this tower">rank</th><th>model</th><th>role</th>{detailed && <th>shape</th>}<th>size</th><th>load</th><th>backend</th><th>doc embeddings</th></tr>
          </thead>
          <tbody>
            {models.map((m) => {
              const st = snap.models[m.id];
              return (
                <tr key={m.id} data-testid={`models.row.${m.id}`} data-state={st?.state ?? 'idle'} data-engine={st?.engine}>
                  <td>
                    {m.kind === 'tower' && (
                      <input type="checkbox" data-testid={`models.select.${m.id}`} checked={shown(m.id)} onChange={() => toggle(m.id)} aria-label={`rank with ${m.id}`} />
                    )}
                  </td>
                  <td><code>{m.id}</code></td>
                  <td>{m.role}</td>
                  {detailed && <td>{m.layers ?? '?'}L · h{m.hidden ?? '?'}{m.kind === 'tower' && m.pooling ? ` · ${poolingLabel(m)}` : ''} · {m.params ? `${(m.params / 1e6).toFixed(1)}M params` : ''}</td>}
                  <td>{mb(st?.bytes)}</td>
                  <td>{st?.state === 'loading' ? 'loading…' : st?.state === 'skipped' ? (st.error ? 'not loaded' : 'not loaded (?models=)') : ms(st?.loadMs)}</td>
                  <td title={[st?.backendReason, st?.engineNote].filter(Boolean).join(' · ')}><BackendCell m={m} st={st} detailed={detailed} /></td>
                  <td>{m.kind === 'tower' ? <EncodeState p={snap.encode[m.id]} /> : m.kind === 'cross' ? 're-scores each column\'s top-K' : ''}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
