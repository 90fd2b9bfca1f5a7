// The Models panel: the models bar in full, plus loading a doc set of your own.
import { useState } from 'react';
import { labClient } from '../../runtime/lab/client';
import { ModelsBar } from '../../components/ModelsBar';

export function ModelsPanel() {
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const onFile = async (f: File | undefined) => {
    if (!f) return;
    try {
      const r = await labClient.loadDocSet(await f.text(), f.name);
      setMsg({ ok: true, text: `${f.name}: ${r.count} docs loaded; towers without embeddings for it encode them now.` });
    } catch (e) {
      setMsg({ ok: false, text: `${f.name} was not loaded: ${(e as Error).message}` });
    }
  };
  return (
    <div>
      <ModelsBar detailed />
      <p>
        <label>
          Use your own doc set (docs.jsonl, format of docs/CONTRACTS.md):{' '}
          <input type="file" accept=".jsonl,.json,.txt" data-testid="models.docs-file" onChange={(e) => void onFile(e.target.files?.[0])} />
        </label>
      </p>
      {msg && <p className={msg.ok ? 'note' : 'error'} data-testid="models.docs-file-result">{msg.text}</p>}
    </div>
  );
}
