// Which doc set the runtime ranks: the demo world or an imported file. The
// imported doc table (src/data/docTable.ts) stays in this page's memory
// (never stored, never sent anywhere) so that when the runtime's worker
// restarts — a backend switch, a lost GPU device — it is handed the same docs again.
import type { DocTableData } from '../../data/docTable';
import { labClient } from '../../runtime/lab/client';
import { labStore } from '../../state/store';
import { DEMO_DOCSET } from '../../state/slices/docset';

export const DEMO_DOCS_URL = '/demo/docs.jsonl';

let imported: { table: DocTableData; name: string; sha256: string } | null = null;
let inFlight = false;
let started = false;
let triedFor = -1; // the runtime start (startedAt) the docs were last re-sent to

/**
 * Hands an imported doc table to the runtime and makes it the active doc set.
 * `sha256` is that of its canonical docs.jsonl (the import worker hashed it).
 */
export async function activateImportedTable(table: DocTableData, sha256: string, name: string): Promise<{ count: number; sha256: string; bm25: boolean }> {
  imported = { table, name, sha256 };
  inFlight = true;
  try {
    const { count, bm25 } = await labClient.loadDocTable(table, sha256, name);
    labStore.getState().setDocset({ source: 'file', name, sha256, count });
    return { count, sha256, bm25 };
  } catch (e) {
    imported = null;
    throw e;
  } finally {
    inFlight = false;
  }
}

/** The shipped demo doc set's bytes (the state file hashes them when the runtime has not yet). */
export async function readDemoDocs(): Promise<Uint8Array> {
  const res = await fetch(DEMO_DOCS_URL);
  if (!res.ok) throw new Error(`${DEMO_DOCS_URL} is missing (HTTP ${res.status})`);
  return new Uint8Array(await res.arrayBuffer());
}

/** Back to the shipped demo world. */
export async function activateDemoDocs(): Promise<void> {
  imported = null;
  const res = await fetch(DEMO_DOCS_URL);
  if (!res.ok) throw new Error(`${DEMO_DOCS_URL} is missing (HTTP ${res.status})`);
  const text = await res.text();
  inFlight = true;
  try {
    const { count } = await labClient.loadDocSet(text, DEMO_DOCS_URL);
    labStore.getState().setDocset({ ...DEMO_DOCSET, count, sha256: labClient.getSnapshot().docs?.sha256 ?? '' });
  } finally {
    inFlight = false;
  }
}

/** Re-sends the imported docs whenever a (re)started runtime reports other docs. */
export function startDocsetSync(): void {
  if (started) return;
  started = true;
  labClient.subscribe(() => {
    const s = labClient.getSnapshot();
    if (!imported || inFlight || !s.manifest || !s.docs || s.docs.sha256 === imported.sha256 || triedFor === s.startedAt) return;
    const { table, sha256, name } = imported;
    inFlight = true;
    triedFor = s.startedAt;
    labClient.loadDocTable(table, sha256, name).catch(() => undefined).finally(() => { inFlight = false; });
  });
}
