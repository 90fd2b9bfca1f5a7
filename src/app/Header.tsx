// The header: project name, the backend in use and why, and the backend switch.
import { useLab } from '../state/store';
import { reasonDetail } from '../core/backend';
import type { BackendRequest } from '../core/domain';

export function Header() {
  const backend = useLab((s) => s.backend);
  const request = useLab((s) => s.backendRequest);
  const setRequest = useLab((s) => s.setBackendRequest);
  return (
    <header className="app-header">
      <h1>Prerank Lab <small>coarse ranking, in the browser</small></h1>
      <div className="backend" data-testid="header.backend" data-backend={backend?.backend ?? 'probing'}>
        <span className={`badge badge-${backend?.backend ?? 'probing'}`} data-testid="header.backend-badge" title={backend?.reason}>
          {backend ? (backend.backend === 'webgpu' ? 'WebGPU' : 'WASM') : 'probing…'}
        </span>
        {/* NOTE: the badge names the backend; the reason beside it says only why (no "WASM WASM — …"). */}
        <span className="reason" data-testid="header.backend-reason">{backend ? reasonDetail(backend) : 'Checking for a WebGPU adapter…'}</span>
        <label>
          backend{' '}
          <select
            data-testid="header.backend-select"
            value={request}
            onChange={(e) => setRequest(e.target.value as BackendRequest)}
          >
            <option value="auto">auto</option>
            <option value="webgpu">WebGPU</option>
            <option value="wasm">WASM</option>
          </select>
        </label>
      </div>
    </header>
  );
}
