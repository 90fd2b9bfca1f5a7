// models/manifest.json: parse → validate → restore, with errors a user can act
// on. Verifying file hashes against it happens as each file is fetched (assets.ts).
import type { Manifest, ManifestModel, ModelKind, ModelRole } from '../api';

export class LabError extends Error {
  constructor(message: string, readonly where?: string) {
    super(message);
    this.name = 'LabError';
  }
}

const ROLES: readonly ModelRole[] = ['teacher', 'student', 'fine', 'head'];
const KINDS: readonly ModelKind[] = ['tower', 'cross', 'head'];

export function parseManifest(text: string, source = 'models/manifest.json'): Manifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new LabError(`${source} is not valid JSON (${(e as Error).message})`, source);
  }
  const m = raw as Partial<Manifest>;
  if (!m || typeof m !== 'object' || !Array.isArray(m.models)) {
    throw new LabError(`${source} has no "models" list`, source);
  }
  if (m.version !== 1) throw new LabError(`${source}: unsupported manifest version ${String(m.version)} (this lab reads version 1)`, source);
  const seen = new Set<string>();
  const models = m.models.map((x, i): ManifestModel => {
    const e = x as Partial<ManifestModel>;
    const at = `${source}: models[${i}]${e?.id ? ` (${e.id})` : ''}`;
    if (!e || typeof e.id !== 'string' || !e.id) throw new LabError(`${at} has no id`, source);
    if (seen.has(e.id)) throw new LabError(`${at}: duplicate id`, source);
    seen.add(e.id);
    if (!ROLES.includes(e.role as ModelRole)) throw new LabError(`${at}: unknown role ${JSON.stringify(e.role)}`, source);
    if (!KINDS.includes(e.kind as ModelKind)) throw new LabError(`${at}: unknown kind ${JSON.stringify(e.kind)}`, source);
    if (!e.files || typeof e.files !== 'object') throw new LabError(`${at} lists no files`, source);
    return { ...e, sha256: e.sha256 ?? {}, dir: e.dir ?? e.id } as ManifestModel;
  });
  return { ...m, version: 1, models } as Manifest;
}

/** The graph used for bulk work: the lean one when present. */
export function leanFile(m: ManifestModel): string {
  const f = m.files.lean ?? m.files.model;
  if (!f) throw new LabError(`model ${m.id}: the manifest names no lean/model graph`);
  return f;
}

export function inspectFile(m: ManifestModel): string | undefined {
  return m.files.inspect;
}

/** The models the ranking panel shows as columns, in a stable order. */
export function coarseModels(m: Manifest): ManifestModel[] {
  const order = { teacher: 0, student: 1, fine: 2, head: 3 } as const;
  return m.models.filter((x) => x.kind === 'tower').sort((a, b) => order[a.role] - order[b.role]);
}

export function fineModel(m: Manifest): ManifestModel | undefined {
  return m.models.find((x) => x.role === 'fine' && x.kind === 'cross');
}
