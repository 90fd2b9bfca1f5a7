// Debounced re-ranking: every change of query, zone, top-K or model set — and
// every model/index becoming ready — sends one rank request to the worker;
// only the latest answer is shown.
import { useEffect, useRef, useState } from 'react';
import type { RankResponse } from '../../runtime/api';
import { labClient } from '../../runtime/client';
import { useLab } from '../../state/store';
import { useClientSnapshot } from '../models/useRuntime';

export const DEBOUNCE_MS = 150;

export interface RankingState {
  response: RankResponse | null;
  error: string | null;
  pending: boolean;
}

/** A key that changes when something the ranking depends on becomes ready. */
function readiness(snap: ReturnType<typeof useClientSnapshot>): string {
  const m = Object.values(snap.models).map((s) => `${s.id}:${s.state}`).join(',');
  const e = Object.values(snap.encode).map((p) => `${p.modelId}:${p.state}`).join(',');
  return `${snap.backend?.backend}|${snap.docs?.sha256}|${m}|${e}|${snap.bm25Ready}`;
}

export function useRanking(): RankingState {
  const query = useLab((s) => s.query);
  const zone = useLab((s) => s.zone);
  const topK = useLab((s) => s.topK);
  const models = useLab((s) => s.selectedModels);
  const snap = useClientSnapshot();
  const ready = readiness(snap);
  const [state, setState] = useState<RankingState>({ response: null, error: null, pending: false });
  const seq = useRef(0);
  const lastInputs = useRef('');
  useEffect(() => {
    if (!query.trim() || !snap.manifest || !snap.docs) return;
    const my = ++seq.current;
    // Typing is debounced; a model or index becoming ready re-ranks at once (the cold start's first results).
    const inputs = JSON.stringify([query, zone, topK, models]);
    const wait = inputs === lastInputs.current ? 0 : DEBOUNCE_MS;
    lastInputs.current = inputs;
    const t = setTimeout(() => {
      setState((s) => ({ ...s, pending: true }));
      labClient.rank({ query, zone, topK, models }).then(
        (response) => { if (my === seq.current) setState({ response, error: null, pending: false }); },
        (e: Error) => { if (my === seq.current && !/superseded/.test(e.message)) setState((s) => ({ ...s, error: e.message, pending: false })); },
      );
    }, wait);
    return () => clearTimeout(t);
  }, [query, zone, topK, models, ready, snap.manifest, snap.docs]);
  return query.trim() ? state : { response: null, error: null, pending: false };
}
