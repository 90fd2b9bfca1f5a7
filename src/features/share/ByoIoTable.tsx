// The inputs and outputs a loaded graph declares (ORT session names + metadata).
import type { ByoIo } from '../../runtime/byo/byoPlan';

export function ByoIoTable({ io }: { io: ByoIo }) {
  const rows = [...io.inputs.map((v) => ({ ...v, dir: 'input' })), ...io.outputs.map((v) => ({ ...v, dir: 'output' }))];
  return (
    <table className="byo-sample" data-testid="byo.model-io">
      <thead><tr><th></th><th>name</th><th>type</th><th>shape</th></tr></thead>
      <tbody>
        {rows.map((v) => (
          <tr key={`${v.dir}.${v.name}`} data-testid={`byo.io.${v.dir}`}>
            <td>{v.dir}</td><td>{v.name}</td><td>{v.type ?? '?'}</td><td>{v.shape ? `[${v.shape.join(', ')}]` : '?'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
