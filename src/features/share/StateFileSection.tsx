// Save / open the lab's state file: the view + every label + who was labelling
// + the doc-set and model-set hashes (src/data/stateFile.ts). Opening validates
// the whole file first; labels are then merged in one transaction — nothing
// stored is lost.
// Opening runs in the label-import worker, with progress and Cancel.
import { useState } from 'react';
import { applyHash, currentHashes, currentShareHash } from '../../services/share/urlSync';
import { openLabelStore } from '../../data/labelStore';
import { docsetIdentity, makeStateFile, serializeStateFile } from '../../data/stateFile';
import { TaskProgress } from '../../components/TaskProgress';
import { useLabelImport } from '../../services/labels/useLabelImport';
import { labClient } from '../../runtime/lab/client';
import { sha256Hex } from '../../runtime/hash';
import { labStore, useLab } from '../../state/store';
import { labelService } from '../../services/labels/labelService';
import { byoEntries } from '../../services/lab/byoRegistry';
import { readDemoDocs } from '../../services/lab/docsetSync';
import { shareNotices } from '../../services/share/shareNotices';

async function storedLabels() {
  const store = await openLabelStore();
  try {
    return (await store.all()).labels;
  } finally {
    store.close();
  }
}

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function StateFileSection() {
  const docset = useLab((s) => s.docset);
  const [msg, setMsg] = useState<{ kind: 'ok' | 'error'; text: string; notes?: string[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const imp = useLabelImport();

  const save = async () => {
    setBusy(true);
    try {
      const svc = labelService(() => labStore.getState().bumpLabels());
      await svc.flush();
      const labels = await storedLabels();
      const snap = labClient.getSnapshot();
      const h = currentHashes();
      // NOTE: from the doc set itself — neither the manifest nor a finished worker start is needed.
      const ds = await docsetIdentity({ active: docset, runtime: snap.docs, readDemo: readDemoDocs, sha256: sha256Hex });
      const file = makeStateFile(
        currentShareHash(), labels, ds,
        h.modelset ? { sha256: h.modelset, models: [...(snap.manifest?.models ?? []).map((m) => m.id), ...byoEntries().map((b) => b.id)] } : null,
        new Date(), labStore.getState().labeller,
      );
      download(`prerank-lab-state-${new Date().toISOString().slice(0, 10)}.json`, serializeStateFile(file));
      setMsg({ kind: 'ok', text: `Saved the view and ${labels.length} label${labels.length === 1 ? '' : 's'}.` });
    } catch (e) {
      setMsg({ kind: 'error', text: `Could not save: ${(e as Error).message}` });
    } finally {
      setBusy(false);
    }
  };

  const open = async (f: File | undefined) => {
    if (!f) return;
    setBusy(true);
    setMsg(null);
    try {
      const r = await imp.run({ kind: 'state', file: f, name: f.name, now: Date.now() }); // writes nothing unless the whole file is valid
      if (r.type === 'cancelled') { setMsg({ kind: 'error', text: `Opening ${f.name} was cancelled — nothing changed.` }); return; }
      if (r.type === 'refused') { setMsg({ kind: 'error', text: `${f.name} was not opened — nothing changed: ${r.messages.join('; ')}` }); return; }
      if (r.kind !== 'state') return;
      applyHash(r.view); // may open another panel: the report goes to the banner
      // NOTE: the file's labeller is optional: older files have none.
      const who = r.labeller ?? '';
      if (who) labStore.getState().setLabeller(who);
      const m = r.merge;
      shareNotices.set({
        opened: [`Opened ${f.name}: view restored${who ? `; labeller ${labStore.getState().labeller}` : ''}; labels ${m.added} added, ${m.updated} updated, ${m.unchanged} unchanged, ${m.keptNewer} kept (newer here).`,
          ...r.warnings],
      });
    } catch (e) {
      setMsg({ kind: 'error', text: `${f.name} was not opened — nothing changed: ${(e as Error).message}` });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="share-section" data-testid="share.state">
      <h3>State file</h3>
      <p className="help">Labels can be too many for a link. The state file holds the view, every label and which doc set and models they belong to; it stays on your disk.</p>
      <button type="button" data-testid="share.save-state" disabled={busy} onClick={() => void save()}>Save state file</button>{' '}
      <label>
        Open state file{' '}
        <input type="file" accept=".json,application/json" data-testid="share.open-state" disabled={busy}
          onChange={(e) => { void open(e.target.files?.[0]); e.target.value = ''; }} />
      </label>
      {imp.view && <TaskProgress testId="share.state-progress" {...imp.view} onCancel={imp.cancel} />}
      {msg && (
        <div className={msg.kind === 'error' ? 'error' : 'ok'} data-testid={msg.kind === 'error' ? 'share.state-error' : 'share.state-saved'}>
          {msg.text}
          {msg.notes && msg.notes.length > 0 && <ul>{msg.notes.map((n, i) => <li key={i}>{n}</li>)}</ul>}
        </div>
      )}
    </section>
  );
}
