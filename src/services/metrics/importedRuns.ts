/**
 * Runs imported from files (TREC run): evaluated next to the models, e.g. an
 * outside system, or a model run exported earlier. Kept for this page only.
 *
 * Refuses: keeping runs in zustand (big data) — a tiny store of its own.
 */
import { useSyncExternalStore } from 'react';
import type { Run } from '../../core/metricsTypes';

export type ImportedRuns = Readonly<Record<string, Run>>;

let runs: ImportedRuns = {};
const listeners = new Set<() => void>();

export function addImportedRun(name: string, run: Run): string {
  let id = name, i = 2;
  while (runs[id]) id = `${name} (${i++})`;
  runs = { ...runs, [id]: run };
  listeners.forEach((f) => f());
  return id;
}

export function removeImportedRun(id: string): void {
  const { [id]: _gone, ...rest } = runs;
  runs = rest;
  listeners.forEach((f) => f());
}

export function useImportedRuns(): ImportedRuns {
  return useSyncExternalStore((fn) => { listeners.add(fn); return () => listeners.delete(fn); }, () => runs);
}
