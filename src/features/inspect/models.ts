// Which models the inspect panel uses by default, read from the manifest:
// towers with an inspect graph (attention needs one), the teacher and a
// 4-layer student for the comparison, and the interaction heads.
import type { Manifest, ManifestModel } from '../../runtime/api';

export interface InspectModels {
  inspectTowers: ManifestModel[];
  teachers: ManifestModel[];
  students: ManifestModel[];
  heads: ManifestModel[];
  fine?: ManifestModel;
}

export function inspectModels(m: Manifest | null): InspectModels {
  const models = m?.models ?? [];
  const inspectTowers = models.filter((x) => x.kind === 'tower' && x.files.inspect);
  return {
    inspectTowers,
    teachers: inspectTowers.filter((x) => x.role === 'teacher'),
    students: inspectTowers.filter((x) => x.role === 'student'),
    heads: models.filter((x) => x.kind === 'head'),
    fine: models.find((x) => x.role === 'fine' && x.kind === 'cross'),
  };
}

/** The chosen id when it is still offered, else the preferred default. */
export function chooseId(chosen: string | null, offered: readonly ManifestModel[], prefer: 'first' | 'last' = 'first'): string | null {
  if (chosen && offered.some((x) => x.id === chosen)) return chosen;
  if (!offered.length) return null;
  return (prefer === 'first' ? offered[0] : offered[offered.length - 1]).id;
}

/**
 * The head of a type: the manifest's `head.type` (or `head_type`) when
 * given, else a hint in the id or description ("esim", "multi").
 */
export function headOfType(heads: readonly ManifestModel[], type: 'esim' | 'multihead'): string | null {
  type HeadEntry = ManifestModel & { head?: { type?: unknown }; head_type?: unknown; precision?: unknown };
  const declared = (h: HeadEntry): string => String(h.head?.type ?? h.head_type ?? '').toLowerCase();
  const hint = (h: ManifestModel) => `${h.id} ${String(h.description ?? '')}`.toLowerCase();
  const want = type === 'esim' ? /esim/ : /multi[-_ ]?head|multihead|poly/;
  // NOTE: full-precision heads first: an int8/fp16 head expects features of a compressed tower.
  const fp32 = [...heads].sort((a, b) => Number(((a as HeadEntry).precision ?? 'fp32') !== 'fp32') - Number(((b as HeadEntry).precision ?? 'fp32') !== 'fp32'));
  return (fp32.find((h) => want.test(declared(h))) ?? fp32.find((h) => !declared(h) && want.test(hint(h))))?.id ?? null;
}

/** The default student: the last `student*` tower with an inspect graph (the most distilled), else the last. */
export function defaultStudent(students: readonly ManifestModel[]): ManifestModel[] {
  const named = students.filter((s) => /^student/.test(s.id));
  return named.length ? named : [...students];
}
