/**
 * The lab's state file: what a share link cannot hold. The view (as a share
 * hash, so it goes through the same restore step as a link), every label, and
 * the hashes of the doc set and model set it was made with. Versioned JSON,
 * validated as a whole before anything is written.
 *
 * Refuses: a file that is not JSON, not this format, from a newer version, or
 * too big — nothing is imported then. Labels are merged, never deleted: a
 * stored grade is replaced only by a different grade given at the same time
 * or later.
 */
import { pairKey, restoreLabel, type Label } from './labelStore';
import { SHARE_LIMITS, restoreShareState, type ShareState } from './shareState';

export const STATE_FILE_FORMAT = 'prerank-lab-state';
export const STATE_FILE_VERSION = 1;
export const STATE_FILE_MAX_BYTES = 64 * 1024 * 1024;
export const STATE_FILE_MAX_LABELS = 1_000_000;

export interface StateFileDocset {
  sha256: string;
  name: string;
  count: number;
}

export interface StateFile {
  format: typeof STATE_FILE_FORMAT;
  version: number;
  savedAt: string;
  /** the share hash (without '#') */
  view: string;
  labels: Label[];
  docset: StateFileDocset | null;
  /** hash of the model set (ids + graph hashes) and the model ids */
  modelset: { sha256: string; models: string[] } | null;
  /**
   * Who was labelling (the labels slice's name). Optional, so files saved before it open as they
   * did — a reader that ignores it loses nothing, hence no new version.
   */
  labeller?: string;
}

export interface OpenedStateFile {
  file: StateFile;
  view: ShareState;
  /** what the file says that the lab could not use (invalid labels, link warnings) */
  warnings: string[];
}

export function makeStateFile(view: string, labels: readonly Label[], docset: StateFileDocset | null,
  modelset: StateFile['modelset'], now = new Date(), labeller?: string): StateFile {
  const who = readLabeller(labeller);
  return { format: STATE_FILE_FORMAT, version: STATE_FILE_VERSION, savedAt: now.toISOString(), view, ...(who ? { labeller: who } : {}), labels: [...labels], docset, modelset };
}

/** A labeller name from a file: a non-blank string, trimmed, at most 40 characters (as the labels slice keeps it). */
function readLabeller(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() ? v.trim().slice(0, 40) : undefined;
}

/** Where a state file learns which doc set is active (see docsetIdentity). */
export interface DocsetSources {
  /** the lab's active doc set (the docset slice): an imported file carries its own hash */
  active: { source: 'demo' | 'file'; name: string; sha256: string; count: number };
  /** what the runtime reports it ranks; null until its worker has parsed the docs */
  runtime: { sha256: string; count: number } | null;
  /** the demo doc set's bytes (fetched) — read only when the runtime has not reported yet */
  readDemo: () => Promise<Uint8Array>;
  sha256: (bytes: Uint8Array) => Promise<string>;
}

const countLines = (b: Uint8Array): number => {
  let n = 0, content = false;
  for (const c of b) {
    if (c === 10) { if (content) n++; content = false; } else if (c !== 13 && c !== 32 && c !== 9) content = true;
  }
  return n + (content ? 1 : 0);
};

/**
 * The doc set's identity, taken from the doc set itself: an imported file's
 * hash (computed when it was imported), else the runtime's (which hashes the
 * bytes it parsed), else the demo file's bytes hashed here. NOTE: never from
 * the models' manifest — a lab without models (manifest 404) or one whose
 * worker has not parsed the docs yet still saves the doc set's identity.
 * Null only when the demo file cannot be read.
 */
export async function docsetIdentity(src: DocsetSources): Promise<StateFileDocset | null> {
  const { active, runtime } = src;
  if (active.source === 'file' && isHex(active.sha256) && active.sha256.length === 64) {
    return { sha256: active.sha256, name: active.name.slice(0, 200), count: active.count };
  }
  if (runtime && isHex(runtime.sha256) && runtime.sha256.length === 64) return { sha256: runtime.sha256, name: 'demo world', count: runtime.count };
  try {
    const bytes = await src.readDemo();
    return { sha256: await src.sha256(bytes), name: 'demo world', count: countLines(bytes) };
  } catch {
    return null;
  }
}

/** One label per line, so a diff of two saved files is readable. */
export function serializeStateFile(f: StateFile): string {
  const { labels, ...head } = f;
  const body = labels.map((l) => '    ' + JSON.stringify(l)).join(',\n');
  const headJson = JSON.stringify(head, null, 2).replace(/\n}$/, '');
  return `${headJson},\n  "labels": [\n${body}${body ? '\n' : ''}  ]\n}\n`;
}

const isHex = (s: unknown, max = 64): s is string => typeof s === 'string' && s.length <= max && /^[0-9a-f]*$/.test(s);

function readDocset(v: unknown): StateFileDocset | null {
  if (!v || typeof v !== 'object') return null;
  const o = v as Record<string, unknown>;
  if (!isHex(o.sha256)) return null;
  return {
    sha256: o.sha256,
    name: typeof o.name === 'string' ? o.name.slice(0, 200) : '',
    count: typeof o.count === 'number' && Number.isInteger(o.count) && o.count >= 0 ? o.count : 0,
  };
}

function readModelset(v: unknown): StateFile['modelset'] {
  if (!v || typeof v !== 'object') return null;
  const o = v as Record<string, unknown>;
  if (!isHex(o.sha256)) return null;
  const models = Array.isArray(o.models) ? o.models.filter((m): m is string => typeof m === 'string' && m.length <= 64).slice(0, 64) : [];
  return { sha256: o.sha256, models };
}

/** Parse and validate; throws an Error with a reason a user can act on when the file is unusable. */
export function openStateFile(text: string): OpenedStateFile {
  if (text.length > STATE_FILE_MAX_BYTES) throw new Error(`the file is larger than ${STATE_FILE_MAX_BYTES >> 20} MB`);
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new Error(`not a JSON file (${(e as Error).message.slice(0, 120)})`);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new Error('not a Prerank Lab state file (no JSON object)');
  const o = raw as Record<string, unknown>;
  if (o.format !== STATE_FILE_FORMAT) throw new Error(`not a Prerank Lab state file (format is ${JSON.stringify(o.format)?.slice(0, 40) ?? 'missing'})`);
  const version = o.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) throw new Error('the state file has no valid version');
  if (version > STATE_FILE_VERSION) throw new Error(`the state file is from a newer lab (version ${version}; this lab reads ${STATE_FILE_VERSION})`);
  if (!Array.isArray(o.labels)) throw new Error('the state file has no "labels" list');
  if (o.labels.length > STATE_FILE_MAX_LABELS) throw new Error(`more than ${STATE_FILE_MAX_LABELS} labels`);
  const warnings: string[] = [];
  const labels: Label[] = [];
  let invalid = 0;
  for (const x of o.labels) {
    const l = restoreLabel(x);
    if (l) labels.push(l); else invalid++;
  }
  if (invalid) warnings.push(`${invalid} invalid label${invalid === 1 ? '' : 's'} skipped`);
  const viewText = typeof o.view === 'string' ? o.view : '';
  const restored = restoreShareState(viewText);
  warnings.push(...restored.warnings.map((w) => `view: ${w}`));
  const file: StateFile = {
    format: STATE_FILE_FORMAT, version: STATE_FILE_VERSION,
    savedAt: typeof o.savedAt === 'string' ? o.savedAt.slice(0, 40) : '',
    // NOTE: kept whole up to the link limit (a cut view would misread its last field); one char past it stays refused, as above.
    view: viewText.slice(0, SHARE_LIMITS.hashChars + 1), labels, docset: readDocset(o.docset), modelset: readModelset(o.modelset),
  };
  const labeller = readLabeller(o.labeller);
  if (labeller) file.labeller = labeller;
  return { file, view: restored.state, warnings };
}

export interface LabelMerge {
  /** labels to write (new pairs, and newer different grades) */
  write: Label[];
  added: number;
  updated: number;
  /** same grade already stored */
  unchanged: number;
  /** a different grade is stored and is newer: kept */
  keptNewer: number;
}

/** Which incoming labels to write so that nothing stored is lost. */
export function mergeLabels(existing: readonly Label[], incoming: readonly Label[]): LabelMerge {
  const key = (l: Label): string => `${l.labeller}\u0000${pairKey(l.qid, l.docid)}`;
  const have = new Map(existing.map((l) => [key(l), l]));
  const last = new Map<string, Label>(); // a file may repeat a pair: its latest wins
  for (const l of incoming) {
    const prev = last.get(key(l));
    if (!prev || l.time >= prev.time) last.set(key(l), l);
  }
  const m: LabelMerge = { write: [], added: 0, updated: 0, unchanged: 0, keptNewer: 0 };
  for (const [k, l] of last) {
    const old = have.get(k);
    if (!old) { m.write.push(l); m.added++; } else if (old.grade === l.grade) m.unchanged++;
    else if (l.time >= old.time) { m.write.push(l); m.updated++; } else m.keptNewer++;
  }
  return m;
}
