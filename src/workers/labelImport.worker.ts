// The label-import worker: reads, checks and writes a label or state file off
// the page's thread (src/data/labelImport.ts), posting progress at most every
// 100 ms. {type:'cancel'} aborts the write transaction: nothing is written.
import { runLabelImport, type LabelImportMessage, type LabelImportRequest } from '../data/labelImport';
import { packTransferables } from '../data/labelPack';
import { openLabelStore } from '../data/labelStore';

const post = (m: LabelImportMessage, transfer: Transferable[] = []): void => (self as unknown as Worker).postMessage(m, transfer);
const ctl = new AbortController();

self.onmessage = async (e: MessageEvent<LabelImportRequest | { type: 'cancel' }>) => {
  if ('type' in e.data) { ctl.abort(); return; }
  const req = e.data;
  let last = 0;
  try {
    const store = await openLabelStore(req.dbName);
    try {
      const r = await runLabelImport(req, store, (p) => {
        if (p.ms - last < 100 && p.done !== p.total && p.done !== 0) return;
        last = p.ms;
        post(p);
      }, ctl.signal);
      post(r, r.type === 'done' ? packTransferables(r.labels) : []);
    } finally {
      store.close();
    }
  } catch (err) {
    post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
};
