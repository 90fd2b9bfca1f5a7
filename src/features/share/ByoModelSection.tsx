// "Your model": a Hugging Face-layout folder of a BERT-style encoder
// (config.json, tokenizer.json, onnx/model.onnx). The lab reads the graph's
// inputs and outputs, asks for the pooling when the graph does not say, and
// runs it as one more tower beside the shipped ones (ranking panel columns).
import { useState, useSyncExternalStore } from 'react';
import type { Pooling } from '../../runtime/byo/byoPlan';
import type { ByoFiles, ByoOpened } from '../../runtime/byo/byoProtocol';
import { useClientSnapshot } from '../../services/lab/useRuntime';
import { fromDrop, fromFileList, readModelFolder, type PickedFile } from './byoFolder';
import { byoEntries, subscribeByo } from '../../services/lab/byoRegistry';
import { addByo, dropByo, openByo } from '../../services/lab/byoSync';
import { ByoIoTable } from './ByoIoTable';

const POOL_LABEL: Record<Pooling, string> = {
  mean: 'mean of the token states (masked)', cls: 'the first token ([CLS])', max: 'max over the token states', output: 'the graph’s pooled output',
};

export function ByoModelSection() {
  const entries = useSyncExternalStore(subscribeByo, byoEntries);
  const snap = useClientSnapshot();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [opened, setOpened] = useState<{ opened: ByoOpened; files: ByoFiles } | null>(null);
  const [pooling, setPooling] = useState<Pooling>('mean');
  const [over, setOver] = useState(false);

  const open = async (picked: Promise<PickedFile[]>) => {
    setBusy(true); setError(''); setOpened(null);
    try {
      const r = await openByo(await readModelFolder(await picked));
      setOpened(r);
      if (r.opened.plan) setPooling(r.opened.plan.pooling);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const add = async () => {
    if (!opened) return;
    setBusy(true); setError('');
    try {
      await addByo(opened.opened, opened.files, pooling);
      setOpened(null);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const o = opened?.opened;
  return (
    <section className="share-section" data-testid="byo.model">
      <h3>Your model</h3>
      <p className="help">
        A folder as Hugging Face exports write it: <code>config.json</code>, <code>tokenizer.json</code>, <code>onnx/model.onnx</code> of a BERT-style
        encoder (inputs <code>input_ids</code>, <code>attention_mask</code>, optional <code>token_type_ids</code>; output <code>last_hidden_state</code> or a
        pooled vector). It runs as a tower, score = sigmoid(cosine). Read in this browser only.
      </p>
      <div
        className="byo-drop" data-testid="byo.model-drop" data-over={over}
        onDragOver={(e) => { e.preventDefault(); setOver(true); }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => { e.preventDefault(); setOver(false); void open(fromDrop(e.dataTransfer)); }}
      >
        Drop a model folder here, or{' '}
        <label><u>choose a folder</u>
          <input type="file" hidden data-testid="byo.model-folder" {...{ webkitdirectory: '', directory: '' }}
            onChange={(e) => { const l = e.target.files; if (l?.length) void open(Promise.resolve(fromFileList(l))); e.target.value = ''; }} />
        </label>{' '}or{' '}
        <label><u>its files</u>
          <input type="file" hidden multiple data-testid="byo.model-files" accept=".json,.onnx"
            onChange={(e) => { const l = e.target.files; if (l?.length) void open(Promise.resolve(fromFileList(l))); e.target.value = ''; }} />
        </label>
        {busy && <span data-testid="byo.model-busy"> · reading…</span>}
      </div>
      {error && <p className="error" data-testid="byo.model-error">{error}</p>}
      {o && (
        <div data-testid="byo.model-opened" data-id={o.id} data-compatible={!!o.plan}>
          <p><b>{opened.files.name}</b> · graph {(o.bytes / 1048576).toFixed(1)} MB · will rank as <code>{o.id}</code></p>
          <ByoIoTable io={o.io} />
          {o.problems && (
            <div className="error" data-testid="byo.model-problems">
              This graph cannot run as a tower:
              <ul>{o.problems.map((p) => <li key={p}>{p}</li>)}</ul>
            </div>
          )}
          {o.plan && (
            <p>
              <label>
                pooling{' '}
                <select data-testid="byo.pooling" value={pooling} onChange={(e) => setPooling(e.target.value as Pooling)}>
                  {o.plan.choices.map((c) => <option key={c} value={c}>{c} — {POOL_LABEL[c]}</option>)}
                </select>
              </label>{' '}
              <span className={o.plan.ask ? 'warning' : 'muted'} data-testid="byo.pooling-reason">{o.plan.ask ? 'The lab cannot tell how this model pools: pick one.' : o.plan.reason}</span>{' '}
              <button type="button" data-testid="byo.model-add" disabled={busy} onClick={() => void add()}>Run as a tower</button>
            </p>
          )}
        </div>
      )}
      {entries.length > 0 && (
        <ul data-testid="byo.models">
          {entries.map((e) => {
            const p = snap.encode[e.id];
            return (
              <li key={e.id} data-testid={`byo.model.${e.id}`} data-state={e.state}>
                <code>{e.id}</code> ({e.name}, {e.pooling} pooling): {e.state}{e.error ? ` — ${e.error}` : ''}
                {p && <span data-testid={`byo.encode.${e.id}`} data-state={p.state}> · docs {p.state === 'running' ? `${p.done.toLocaleString()} / ${p.total.toLocaleString()}` : p.state}{p.error ? ` (${p.error})` : ''}</span>}
                {' '}<button type="button" onClick={() => void dropByo(e.id)}>remove</button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
