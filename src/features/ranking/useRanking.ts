// Debounced re-ranking: every change of query, zone, top-K or model set — and
// every model/index becoming ready — sends one rank request to the worker;
// answerGate.ts decides which answers are shown.
import { useEffect, useRef, useState } from 'react';
import { hasTowerResults, type RankResponse } from '../../runtime/api';
import { labClient } from '../../runtime/lab/client';
import { mark } from '../../runtime/timeline';
import { useLab } from '../../state/store';
import { AnswerGate } from './answerGate';
import type { ClientSnapshot } from '../../runtime/lab/client';
import { useClientSelect } from '../../services/lab/useRuntime';

export const DEBOUNCE_MS = 150;

export interface RankingState {
  response: RankResponse | null;
  error: string | null;
  pending: boolean;
}

/** A key that changes when something the ranking depends on becomes ready. */
function readiness(snap: ClientSnapshot): string {
  const m = Object.values(snap.models).map((s) => `${s.id}:${s.state}`).join(',');
  const e = Object.values(snap.encode).map((p) => `${p.modelId}:${p.state}`).join(',');
  return `${snap.backend?.backend}|${snap.docs?.sha256}|${m}|${e}|${snap.bm25Ready}`;
}

export function useRanking(): RankingState {
  const query = useLab((s) => s.query);
  const zone = useLab((s) => s.zone);
  const topK = useLab((s) => s.topK);
  const models = useLab((s) => s.selectedModels);
  // NOTE: selected values, not the snapshot: an encoding progress event must not re-run this hook's effect.
  const ready = useClientSelect(readiness);
  const manifest = useClientSelect((s) => s.manifest);
  const docs = useClientSelect((s) => s.docs);
  const [state, setState] = useState<RankingState & { docs?: string }>({ response: null, error: null, pending: false });
  const gate = useRef(new AnswerGate());
  useEffect(() => {
    if (!query.trim() || !manifest || !docs) return;
    // NOTE: the doc set is an input: an answer for the previous set must never be shown over this one's rows.
    const inputs = JSON.stringify([query, zone, topK, models, docs.sha256]);
    const { ticket, wait } = gate.current.next(inputs, DEBOUNCE_MS);
    const t = setTimeout(() => {
      setState((s) => ({ ...s, pending: true }));
      labClient.rank({ query, zone, topK, models }).then(
        (response) => {
          if (!gate.current.accept(ticket, inputs)) return;
          if (hasTowerResults(response)) mark('page: first tower results set');
          setState({ response, error: null, pending: !gate.current.isLatest(ticket), docs: docs.sha256 });
        },
        (e: Error) => { if (gate.current.isLatest(ticket) && !/superseded/.test(e.message)) setState((s) => ({ ...s, error: e.message, pending: false })); },
      );
    }, wait);
    return () => clearTimeout(t);
  }, [query, zone, topK, models, ready, manifest, docs]);
  if (!query.trim()) return { response: null, error: null, pending: false };
  // An answer ranked over another doc set than the one on screen is not shown (its row numbers are that set's).
  if (state.response && state.docs !== docs?.sha256) return { response: null, error: state.error, pending: true };
  return state;
}
