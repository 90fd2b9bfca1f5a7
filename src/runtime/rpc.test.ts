// The RPC layer every thread uses (rpc.ts): calls answered by id in any order,
// events and replies in the order they were sent, transferred buffers moved,
// errors as messages, and calls to a stopped or failed worker failing at once.
import { describe, expect, it } from 'vitest';
import { Connection, serve, transfer } from './rpc';
import { portPair } from './testing/portPair';

interface Api {
  echo(x: number): number;
  slow(ms: number): Promise<string>;
  boom(): never;
  take(b: Uint8Array): Uint8Array;
  docsThenReply(): string;
}
type Ev = { type: 'docs'; n: number };

function start(delay?: () => number) {
  const ports = portPair(delay);
  serve<Ev>((emit) => ({
    echo: (x: number) => x,
    slow: (ms: number) => new Promise((r) => setTimeout(() => r(`after ${ms}`), ms)),
    boom: () => { throw new Error('bad input'); },
    take: (b: Uint8Array) => transfer(b.map((x) => x * 2), []),
    docsThenReply: () => { emit({ type: 'docs', n: 3 }); return 'set'; },
  }), ports.server);
  const events: Ev[] = [];
  const conn = new Connection<Api, Ev>(ports.client, 'test worker', { onEvent: (e) => events.push(e) });
  return { conn, events, ports };
}

describe('rpc', () => {
  it('answers each call by id, whatever the order they finish in', async () => {
    const { conn } = start();
    const slow = conn.call('slow', 30);
    const fast = conn.call('echo', 7);
    expect(await fast).toBe(7);
    expect(await slow).toBe('after 30');
  });

  it('an event pushed before a reply is heard before the reply resolves', async () => {
    const { conn, events } = start();
    expect(await conn.call('docsThenReply')).toBe('set');
    expect(events).toEqual([{ type: 'docs', n: 3 }]);
  });

  it("a thrown error comes back as the call's rejection, with its message", async () => {
    const { conn } = start();
    await expect(conn.call('boom')).rejects.toThrow('bad input');
  });

  it('moves buffers marked with transfer', async () => {
    const { conn } = start();
    const b = Uint8Array.from([1, 2, 3]);
    const got = await conn.call('take', transfer(b, [b.buffer]));
    expect([...got]).toEqual([2, 4, 6]);
    expect(b.byteLength).toBe(0); // detached: moved, not copied
  });

  it('close fails every waiting call and every later one; a crash fails the waiting calls', async () => {
    const { conn } = start();
    const waiting = conn.call('slow', 1_000);
    conn.close('the backend changed');
    await expect(waiting).rejects.toThrow('the backend changed');
    await expect(conn.call('echo', 1)).rejects.toThrow('the backend changed');
    const b = start();
    const w2 = b.conn.call('slow', 1_000);
    b.ports.client.crash('out of memory');
    await expect(w2).rejects.toThrow('the test worker failed: out of memory');
  });
});
