// The page's side of bring-your-own models: open a folder in the runtime's
// worker, add it as a tower, and keep a copy of its files in this page's
// memory so that a restarted worker (backend switch, lost GPU device) gets
// the model again. Nothing is stored on disk or sent anywhere.
import type { Pooling } from '../../runtime/byo/byoPlan';
import type { ByoAdded, ByoFiles, ByoOpened } from '../../runtime/byo/byoProtocol';
import { labClient } from '../../runtime/lab/client';
import { byoEntries, putByo, removeByo } from './byoRegistry';

const kept = new Map<string, { files: ByoFiles; pooling?: Pooling }>();
let started = false;
let restoredFor = -1;

const copy = (f: ByoFiles): ByoFiles => ({ ...f, model: f.model.slice() });

/** Opens a folder's graph in the worker and reports its inputs/outputs and plan (or what is missing). */
export async function openByo(files: ByoFiles): Promise<{ opened: ByoOpened; files: ByoFiles }> {
  const keep = copy(files); // the worker gets the original bytes (transferred)
  const opened = (await labClient.byo({ op: 'open', files })) as ByoOpened;
  return { opened, files: keep };
}

/** Registers an opened model as a tower; the runtime then encodes the doc set with it. */
export async function addByo(opened: ByoOpened, files: ByoFiles, pooling?: Pooling): Promise<ByoAdded> {
  // NOTE: the same graph (same id) may already run: its entry stays as it is until the new add
  // succeeds, and a failed add leaves it running — the error goes to the caller, not onto it.
  const running = byoEntries().find((x) => x.id === opened.id && x.state === 'ready');
  if (!running) putByo({ id: opened.id, name: files.name, sha256: opened.sha256, pooling: pooling ?? opened.plan?.pooling ?? '', state: 'loading' });
  try {
    const added = (await labClient.byo({ op: 'add', key: opened.key, pooling })) as ByoAdded;
    kept.set(added.id, { files, pooling });
    putByo({ id: added.id, name: files.name, sha256: opened.sha256, pooling: added.pooling, state: 'ready' });
    return added;
  } catch (e) {
    if (!running) putByo({ id: opened.id, name: files.name, sha256: opened.sha256, pooling: pooling ?? '', state: 'error', error: (e as Error).message });
    throw e;
  }
}

export async function dropByo(id: string): Promise<void> {
  kept.delete(id);
  removeByo(id);
  await labClient.byo({ op: 'remove', id }).catch(() => null);
}

/** Re-adds kept models whenever a (re)started runtime has loaded its doc set without them. */
export function startByoSync(): void {
  if (started) return;
  started = true;
  labClient.subscribe(() => {
    const s = labClient.getSnapshot();
    if (!kept.size || !s.docs || restoredFor === s.startedAt) return;
    const have = new Set((s.manifest?.models ?? []).map((m) => m.id));
    const todo = byoEntries().filter((e) => e.state === 'ready' && !have.has(e.id) && kept.has(e.id));
    if (!todo.length) return;
    restoredFor = s.startedAt;
    void (async () => {
      for (const e of todo) {
        const k = kept.get(e.id)!;
        try {
          const { opened, files } = await openByo(k.files);
          await addByo(opened, files, k.pooling);
        } catch (err) {
          putByo({ ...e, state: 'error', error: `could not re-add after the runtime restarted: ${(err as Error).message}` });
        }
      }
    })();
  });
}
