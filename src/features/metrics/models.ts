// What the metrics panel knows about each run: a technique line for the
// reference-shaped table, and the latency measured in the browser.
import type { ManifestModel } from '../../runtime/api';

export interface RunInfo {
  id: string;
  technique: string;
  role?: string;
  /** ms per query, measured in this browser (models only) */
  latencyMs?: number;
  source: 'model' | 'imported';
}

/** The manifest's own `technique` when it has one, else a line from role and shape. */
export function techniqueOf(m: Pick<ManifestModel, 'role' | 'kind' | 'layers' | 'pooling'> & { technique?: unknown }): string {
  if (typeof m.technique === 'string' && m.technique) return m.technique;
  const layers = m.layers ? `${m.layers}-layer ` : '';
  switch (m.role) {
    case 'teacher': return `${layers}BERT two-tower teacher`;
    case 'student': return `${layers}two-tower student (distilled)`;
    case 'fine': return `${layers}cross-encoder fine ranker`;
    case 'head': return `${layers}two-tower + interaction head`;
    default: return m.kind;
  }
}

/** The fine ranker's run is the reference for N/M and τ; else none. */
export function defaultReference(infos: readonly RunInfo[]): string | undefined {
  return infos.find((i) => i.role === 'fine')?.id;
}
