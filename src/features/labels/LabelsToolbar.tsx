// Who is labelling and how the queue is built: labeller name, split,
// strategy (disagreement / top-K of a model / random with a seed), blind.
import { useState } from 'react';
import { useLab } from '../../state/store';
import type { QueueKind, Split } from '../../core/domain';

const KINDS: readonly { id: QueueKind; label: string }[] = [
  { id: 'disagreement', label: 'largest disagreement between models' },
  { id: 'topk', label: 'unlabelled pairs in a model\'s top-K' },
  { id: 'random', label: 'random (seeded)' },
];

/** The name being typed; committed on blur or Enter. Keyed by the stored name, so a name set elsewhere (a state file) shows. */
function LabellerInput({ labeller }: { labeller: string }) {
  const setLabeller = useLab((s) => s.setLabeller);
  const [name, setName] = useState(labeller);
  return (
    <input
      data-testid="labels.labeller"
      value={name}
      size={12}
      title="your name: labels are filed under it; kept in this browser across reloads and saved in the state file"
      onChange={(e) => setName(e.target.value)}
      onBlur={() => setLabeller(name)}
      onKeyDown={(e) => { if (e.key === 'Enter') { setLabeller(name); (e.target as HTMLInputElement).blur(); } }}
    />
  );
}

export function LabelsToolbar({ models }: { models: readonly string[] }) {
  const labeller = useLab((s) => s.labeller);
  const cfg = useLab((s) => s.queue);
  const setQueue = useLab((s) => s.setQueue);
  const blind = useLab((s) => s.blind);
  const setBlind = useLab((s) => s.setBlind);
  const needsModels = cfg.kind !== 'random' && models.length === 0;
  return (
    <div className="label-toolbar">
      <label>
        labeller{' '}
        <LabellerInput key={labeller} labeller={labeller} />
      </label>
      <label>
        split{' '}
        <select data-testid="labels.split" value={cfg.split} onChange={(e) => setQueue({ split: e.target.value as Split })}>
          <option value="test">test</option><option value="valid">valid</option><option value="train">train</option>
        </select>
      </label>
      <label>
        queue{' '}
        <select data-testid="labels.strategy" value={cfg.kind} onChange={(e) => setQueue({ kind: e.target.value as QueueKind })}>
          {KINDS.map((k) => <option key={k.id} value={k.id}>{k.label}</option>)}
        </select>
      </label>
      {cfg.kind === 'topk' && (
        <label>
          model{' '}
          <select data-testid="labels.model" value={cfg.model || models[0] || ''} onChange={(e) => setQueue({ model: e.target.value })}>
            {models.map((m) => <option key={m} value={m}>{m}</option>)}
          </select>
        </label>
      )}
      {cfg.kind !== 'random' && (
        <label>
          K <input data-testid="labels.k" type="number" min={1} max={1000} value={cfg.k} onChange={(e) => setQueue({ k: Number(e.target.value) })} />
        </label>
      )}
      {cfg.kind === 'random' && (
        <label>
          seed <input data-testid="labels.seed" type="number" min={0} value={cfg.seed} onChange={(e) => setQueue({ seed: Number(e.target.value) })} />
        </label>
      )}
      <label title="hide model scores and ranks while judging">
        <input data-testid="labels.blind" type="checkbox" checked={blind} onChange={(e) => setBlind(e.target.checked)} /> blind judging
      </label>
      {needsModels && <span className="label-note" data-testid="labels.needs-models">this queue needs model scores; none are loaded</span>}
    </div>
  );
}
