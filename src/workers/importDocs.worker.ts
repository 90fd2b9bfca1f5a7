// The doc-set import worker, started by the Share panel for one file: reads,
// maps, checks and hashes it off the page's thread (src/data/importDocFile.ts).
import { importDocFile, type ImportDocsApi, type ImportProgressMessage } from '../data/importDocFile';
import { serve, transfer } from '../runtime/rpc';

serve<ImportProgressMessage>((emit): ImportDocsApi => ({
  run: async (file, options) => {
    const { done, transfer: list } = await importDocFile(file, options, emit);
    return transfer(done, list);
  },
}));
