// What the lab says about the link it was opened with: the codec's warnings
// (dropped keys, clamped values, migration) and — once the runtime knows its
// doc set and models — whether the link was made with different ones. A tiny
// external store (useSyncExternalStore), not zustand: these are derived notes.
import { sha256Hex } from '../../runtime/hash';
import type { Manifest } from '../../runtime/api';

export interface LinkOrigin {
  docsetHash: string;
  modelsetHash: string;
  models: string[];
}

export interface CurrentSets {
  docsetHash: string;
  docsetName: string;
  modelsetHash: string;
  /** every model id this lab can run now */
  models: string[];
}

export interface ShareNotices {
  /** the codec's warnings about the link that was opened */
  link: string[];
  /** what differs between the link's doc/model set and this lab's */
  mismatch: string[];
  origin: LinkOrigin | null;
  /** what opening a state file did (shown on whichever panel its view opens) */
  opened: string[];
}

let snap: ShareNotices = { link: [], mismatch: [], origin: null, opened: [] };
const listeners = new Set<() => void>();

export const shareNotices = {
  subscribe(l: () => void): () => void {
    listeners.add(l);
    return () => listeners.delete(l);
  },
  get: (): ShareNotices => snap,
  set(patch: Partial<ShareNotices>): void {
    snap = { ...snap, ...patch };
    for (const l of listeners) l();
  },
  dismiss(): void {
    shareNotices.set({ link: [], mismatch: [], origin: null, opened: [] });
  },
};

/** Warnings naming what differs; empty while either side is unknown. */
export function describeMismatch(origin: LinkOrigin | null, cur: CurrentSets): string[] {
  if (!origin) return [];
  const out: string[] = [];
  const short = (h: string): string => h.slice(0, 8);
  if (origin.docsetHash && cur.docsetHash && !cur.docsetHash.startsWith(origin.docsetHash)) {
    out.push(`This link was made with another doc set (${short(origin.docsetHash)}…); this lab has “${cur.docsetName}” (${short(cur.docsetHash)}…). `
      + 'Rankings, doc ids and labels may not match — import the same file under Share → Your doc set.');
  }
  if (origin.modelsetHash && cur.modelsetHash && !cur.modelsetHash.startsWith(origin.modelsetHash)) {
    const missing = origin.models.filter((m) => !cur.models.includes(m));
    out.push(`This link was made with another model set (${short(origin.modelsetHash)}…; here ${short(cur.modelsetHash)}…)`
      + (missing.length ? `: model${missing.length === 1 ? '' : 's'} ${missing.join(', ')} not available here.` : '; the same model ids may give other scores.'));
  } else if (cur.models.length) {
    const missing = origin.models.filter((m) => !cur.models.includes(m));
    if (missing.length) out.push(`Model${missing.length === 1 ? '' : 's'} ${missing.join(', ')} from the link ${missing.length === 1 ? 'is' : 'are'} not available here.`);
  }
  return out;
}

/** Hash of the model set: every runnable model's id and graph hash, sorted. */
export async function modelsetHash(manifest: Manifest | null, extra: readonly { id: string; sha256: string }[] = []): Promise<string> {
  const rows = [
    ...(manifest?.models ?? []).map((m) => `${m.id}:${m.sha256[m.files.lean ?? m.files.model ?? ''] ?? ''}`),
    ...extra.map((m) => `${m.id}:${m.sha256}`),
  ].sort();
  return rows.length ? sha256Hex(rows.join('\n')) : '';
}
