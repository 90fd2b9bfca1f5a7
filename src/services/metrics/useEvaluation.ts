/**
 * Runs evaluateAll off the main thread, debounced: labelling keeps its pace
 * while the figures catch up. A newer input supersedes an older one (stale
 * answers are dropped). Where Workers are missing it computes on the main
 * thread after the same debounce.
 *
 * Refuses: computing on every keystroke, and showing a stale answer as fresh
 * (`stale` is true while a newer computation is pending).
 */
import { useEffect, useRef, useState } from 'react';
import { evaluateAll, type EvalInput, type EvalOutput } from './evaluate';
import { metricsRequestId, metricsWorker } from './metricsWorker';

export interface Evaluation {
  output: EvalOutput | null;
  stale: boolean;
  error: string | null;
  /** how many answers have arrived (the e2e waits on it) */
  version: number;
}

type Reply = { id: number; output?: EvalOutput; error?: string };
interface Answer { output: EvalOutput | null; error: string | null; version: number; forInput: EvalInput | null }

export function useEvaluation(input: EvalInput | null, debounceMs = 250): Evaluation {
  const [ans, setAns] = useState<Answer>({ output: null, error: null, version: 0, forInput: null });
  const latest = useRef(0);
  useEffect(() => {
    if (!input) return;
    const id = metricsRequestId();
    latest.current = id;
    const done = (r: Reply): void => {
      if (r.id !== latest.current) return;
      setAns((a) => ({ output: r.output ?? a.output, error: r.error ?? null, version: a.version + 1, forInput: input }));
    };
    const timer = setTimeout(() => {
      const w = metricsWorker();
      if (w) {
        w.call('evaluate', input).then((output) => done({ id, output }), (e: Error) => done({ id, error: e.message }));
      } else {
        try { done({ id, output: evaluateAll(input) }); } catch (e) { done({ id, error: String(e) }); }
      }
    }, debounceMs);
    return () => clearTimeout(timer);
  }, [input, debounceMs]);
  return { output: ans.output, error: ans.error, version: ans.version, stale: input !== null && ans.forInput !== input };
}
