// The page's list of bring-your-own models (folders the user loaded): id,
// folder name, graph hash, pooling and state. A tiny external store read by
// the share panel and by urlSync (a BYO model is part of the model set hash).
export interface ByoEntry {
  id: string;
  /** the folder name as the user picked it (shown, never sent anywhere) */
  name: string;
  /** sha256 of onnx/model.onnx */
  sha256: string;
  pooling: string;
  state: 'loading' | 'ready' | 'error';
  error?: string;
}

let entries: ByoEntry[] = [];
const listeners = new Set<() => void>();

export function subscribeByo(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

export function byoEntries(): ByoEntry[] {
  return entries;
}

export function putByo(e: ByoEntry): void {
  entries = [...entries.filter((x) => x.id !== e.id), e];
  for (const l of listeners) l();
}

export function removeByo(id: string): void {
  entries = entries.filter((x) => x.id !== id);
  for (const l of listeners) l();
}

/** Ready BYO models as the model-set hash sees them. */
export function byoModelsForHash(): { id: string; sha256: string }[] {
  return entries.filter((e) => e.state === 'ready').map((e) => ({ id: e.id, sha256: e.sha256 }));
}
