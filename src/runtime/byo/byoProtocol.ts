// Messages of bring-your-own models between the page and the lab's worker
// (carried by the runtime protocol's `byo` request).
import type { ByoIo, ByoPlan, Pooling } from './byoPlan';

/** A Hugging Face-layout folder, read on the page: texts and the graph bytes (transferred). */
export interface ByoFiles {
  /** folder name, shown in the UI */
  name: string;
  config: string;
  tokenizer: string;
  tokenizerConfig?: string;
  /** sentence-transformers 1_Pooling/config.json, when the folder has one */
  poolingConfig?: string;
  model: Uint8Array;
}

export type ByoRequest =
  /** create a session and read the graph's inputs/outputs; nothing is registered yet */
  | { op: 'open'; files: ByoFiles }
  /** register an opened model as a tower (pooling: the user's pick when the plan asked) */
  | { op: 'add'; key: string; pooling?: Pooling }
  | { op: 'remove'; id: string };

export interface ByoOpened {
  key: string;
  /** the id it will rank under: byo-<first 8 hex of the graph's sha256> */
  id: string;
  sha256: string;
  bytes: number;
  io: ByoIo;
  /** how the lab would run it; absent when incompatible */
  plan?: ByoPlan;
  /** what is missing, when incompatible */
  problems?: string[];
}

export interface ByoAdded {
  id: string;
  dim: number;
  pooling: Pooling;
  loadMs: number;
}

export type ByoResult = ByoOpened | ByoAdded | null;
