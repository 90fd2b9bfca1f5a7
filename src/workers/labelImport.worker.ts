// The label-import worker: reads, checks and writes a label or state file off
// the page's thread (src/data/labelImport.ts). `cancel` aborts the write
// transaction: nothing is written.
import { importLabelFile, type LabelImportApi, type LabelImportProgress } from '../data/labelImport';
import { serve, transfer } from '../runtime/rpc';

const ctl = new AbortController();

serve<LabelImportProgress>((emit): LabelImportApi => ({
  run: async (req) => {
    const { outcome, transfer: list } = await importLabelFile(req, emit, ctl.signal);
    return transfer(outcome, list);
  },
  cancel: () => ctl.abort(),
}));
