// The inspect worker's entry: wires messages to InspectHost (inspectHost.ts).
import { InspectHost } from './inspectHost';
import type { InspectFromWorker, InspectToWorker } from './inspectProtocol';

const host = new InspectHost();
const post = (m: InspectFromWorker): void => (self as unknown as Worker).postMessage(m);

self.onmessage = (ev: MessageEvent<InspectToWorker>) => {
  const { id, msg } = ev.data;
  host.handle(msg).then(
    (result) => post({ id, ok: true, result }),
    (err: unknown) => post({ id, ok: false, error: err instanceof Error ? err.message : String(err) }),
  );
};
