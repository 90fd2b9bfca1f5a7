// The two ends of an in-process "worker" for Node tests of rpc.ts pairs: what
// one end posts the other receives on a later macrotask, structured-cloned
// with its transfer list (buffers detach), as between threads. `delay` holds
// each reply back (a worker that answers out of order); `crash` fires the
// client's error event, as a worker killed by the browser does.
import type { ClientPort, ServePort } from '../rpc';

export interface TestPorts {
  client: ClientPort & { terminated: boolean; crash(message: string): void; posted: unknown[] };
  server: ServePort;
}

export function portPair(delay: () => number = () => 0): TestPorts {
  const deliver = (to: { onmessage: ((ev: MessageEvent) => void) | null }, m: unknown, transfer: Transferable[], ms: number) => {
    const data = structuredClone(m, { transfer });
    setTimeout(() => to.onmessage?.({ data } as MessageEvent), ms);
  };
  const server: ServePort = {
    onmessage: null,
    postMessage(m, transfer) { if (!client.terminated) deliver(client, m, transfer, delay()); },
  };
  const client: TestPorts['client'] = {
    onmessage: null,
    onerror: null,
    terminated: false,
    posted: [],
    postMessage(m, transfer) {
      client.posted.push(m);
      if (!client.terminated) deliver(server, m, transfer, 0);
    },
    terminate() { client.terminated = true; },
    crash(message) { setTimeout(() => client.onerror?.({ message } as ErrorEvent), 0); },
  };
  return { client, server };
}
