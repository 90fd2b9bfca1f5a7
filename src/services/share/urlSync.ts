// Keeps the URL hash and the view in step: a link's hash is restored into the
// store at start-up and on every hashchange; every store change rewrites the
// hash (debounced, history.replaceState — no history entries, no reload, and
// the hash never reaches a server). Also notes when the opened link was made
// with another doc set or model set (shareNotices.ts).
// Refuses: importing a panel. What it needs of them comes in through
// UrlSyncHooks (from src/app/mount.tsx, through startServices), so the link codec never sits in
// an import circle with the panels it serialises.
import type { ShareInspectView } from '../../data/shareState';
import { encodeShareState, restoreShareState } from '../../data/shareState';
import { byoModelsForHash, subscribeByo } from '../lab/byoRegistry';
import { describeMismatch, modelsetHash, shareNotices } from './shareNotices';
import { applyView, viewFromState, type ViewHashes } from './viewState';
import { labClient } from '../../runtime/lab/client';
import { labStore } from '../../state/store';

export const WRITE_DEBOUNCE_MS = 250;

let hashes: ViewHashes = { docset: '', modelset: '' };
let timer: ReturnType<typeof setTimeout> | null = null;
let started = false;

/** What URL sync needs of the panels, as two narrow callbacks. */
export interface UrlSyncHooks {
  /** A link's panel id → the id of a panel that exists ('' or unknown → the first panel). */
  resolvePanel: (id: string) => string;
  /** A link put an inspect map selection into the store (checked against the model once the inspect panel has it). */
  onLinkSelection: (sel: Pick<ShareInspectView, 'source' | 'layer' | 'head'>) => void;
}

let hooks: UrlSyncHooks = { resolvePanel: (id) => id, onLinkSelection: () => undefined };

/** This lab's doc-set and model-set hashes as far as known (full length once the runtime reported them). */
export function currentHashes(): ViewHashes {
  return hashes;
}

/** The hash (without '#') of the current view. */
export function currentShareHash(): string {
  return encodeShareState(viewFromState(labStore.getState(), hashes));
}

/** The full link to the current view (written to the address bar first). */
export function currentShareLink(): string {
  flushUrl();
  return `${location.origin}${location.pathname}${location.search}#${currentShareHash()}`;
}

/** Restores a hash into the store; an empty hash leaves the view alone. */
export function applyHash(hash: string): void {
  const h = hash.replace(/^#/, '');
  if (!h) return;
  const { state, warnings } = restoreShareState(h);
  applyView(state, labStore, hooks.resolvePanel);
  const iv = state.inspectView;
  hooks.onLinkSelection({ source: iv.source, layer: iv.layer, head: iv.head });
  const origin = { docsetHash: state.docsetHash, modelsetHash: state.modelsetHash, models: state.models };
  // Until the runtime reports its own sets, a rewritten hash keeps the link's.
  if (!hashes.docset) hashes = { ...hashes, docset: state.docsetHash };
  if (!hashes.modelset) hashes = { ...hashes, modelset: state.modelsetHash };
  shareNotices.set({ link: warnings, origin, mismatch: [] });
  void refreshSets();
}

export function flushUrl(): void {
  if (timer) clearTimeout(timer);
  timer = null;
  const h = currentShareHash();
  if (`#${h}` !== location.hash) history.replaceState(history.state, '', `${location.pathname}${location.search}#${h}`);
}

function scheduleWrite(): void {
  if (timer) clearTimeout(timer);
  timer = setTimeout(flushUrl, WRITE_DEBOUNCE_MS);
}

let setsKey = '';
/** Recomputes this lab's doc-set / model-set hashes and the mismatch notes. */
async function refreshSets(): Promise<void> {
  const snap = labClient.getSnapshot();
  const byo = byoModelsForHash();
  const manifestKey = (snap.manifest?.models ?? []).map((m) => `${m.id}:${Object.values(m.sha256).join(',')}`).join(';');
  const key = `${snap.docs?.sha256}|${manifestKey}|${byo.map((b) => b.id).join(',')}|${JSON.stringify(shareNotices.get().origin)}`;
  if (key === setsKey) return;
  setsKey = key;
  const models = [...(snap.manifest?.models ?? []).filter((m) => m.kind !== 'head').map((m) => m.id), ...byo.map((b) => b.id)];
  const modelset = snap.manifest || byo.length ? await modelsetHash(snap.manifest, byo) : '';
  const docset = snap.docs?.sha256 ?? '';
  if (docset) hashes = { ...hashes, docset };
  if (modelset) hashes = { ...hashes, modelset };
  const name = labStore.getState().docset.source === 'file' ? labStore.getState().docset.name : 'the demo world';
  shareNotices.set({
    mismatch: describeMismatch(shareNotices.get().origin, { docsetHash: docset, docsetName: name, modelsetHash: modelset, models: snap.manifest ? models : [] }),
  });
  scheduleWrite();
}

/** Called once by startServices (src/services/start.ts), before the first render. */
export function startUrlSync(panels: UrlSyncHooks): void {
  if (started) return;
  started = true;
  hooks = panels;
  applyHash(location.hash);
  labStore.subscribe(scheduleWrite);
  labClient.subscribe(() => void refreshSets());
  subscribeByo(() => void refreshSets());
  window.addEventListener('hashchange', () => applyHash(location.hash));
  scheduleWrite();
}
