// Reads a Hugging Face-layout model folder the user picked or dropped:
// config.json, tokenizer.json (+ tokenizer_config.json, 1_Pooling/config.json
// when present) and the ONNX graph (onnx/model.onnx preferred). Everything is
// read here, in the page; nothing is uploaded.
import type { ByoFiles } from '../../runtime/byo/byoProtocol';

export interface PickedFile {
  /** path inside the picked folder, '/'-separated */
  path: string;
  file: File;
}

/** Files of a folder input (webkitRelativePath) or a plain multi-file input. */
export function fromFileList(list: FileList | readonly File[]): PickedFile[] {
  return Array.from(list, (file) => ({ path: file.webkitRelativePath || file.name, file }));
}

/** Files of a drop: folders are walked (FileSystemEntry API), files taken as they are. */
export async function fromDrop(dt: DataTransfer): Promise<PickedFile[]> {
  const entries = Array.from(dt.items, (i) => i.webkitGetAsEntry?.()).filter((e): e is FileSystemEntry => !!e);
  if (!entries.length) return fromFileList(dt.files);
  const out: PickedFile[] = [];
  const walk = async (e: FileSystemEntry, prefix: string, depth: number): Promise<void> => {
    if (depth > 4 || out.length > 500) return;
    if (e.isFile) {
      const file = await new Promise<File>((res, rej) => (e as FileSystemFileEntry).file(res, rej));
      out.push({ path: `${prefix}${e.name}`, file });
      return;
    }
    const reader = (e as FileSystemDirectoryEntry).createReader();
    for (;;) {
      const batch = await new Promise<FileSystemEntry[]>((res, rej) => reader.readEntries(res, rej));
      if (!batch.length) break;
      for (const c of batch) await walk(c, `${prefix}${e.name}/`, depth + 1);
    }
  };
  for (const e of entries) await walk(e, '', 0);
  return out;
}

/** Path without the picked folder's own name, so "my-model/onnx/model.onnx" → "onnx/model.onnx". */
function inner(paths: PickedFile[]): { rel: string; f: PickedFile }[] {
  const tops = new Set(paths.map((p) => p.path.split('/')[0]));
  const strip = tops.size === 1 && paths.every((p) => p.path.includes('/'));
  return paths.map((f) => ({ rel: strip ? f.path.slice(f.path.indexOf('/') + 1) : f.path, f }));
}

export function folderName(files: PickedFile[]): string {
  const first = files[0]?.path ?? 'model';
  return first.includes('/') ? first.split('/')[0] : 'model';
}

/** Picks the files the lab needs; throws naming the missing ones. */
export async function readModelFolder(files: PickedFile[]): Promise<ByoFiles> {
  const rel = inner(files);
  const at = (name: string): File | undefined => rel.find((r) => r.rel === name)?.f.file ?? rel.find((r) => r.rel.split('/').pop() === name && !r.rel.includes('1_Pooling'))?.f.file;
  const onnx = rel.filter((r) => r.rel.endsWith('.onnx'));
  const graph = onnx.find((r) => r.rel === 'onnx/model.onnx') ?? onnx.find((r) => r.rel.endsWith('/model.onnx') || r.rel === 'model.onnx') ?? onnx[0];
  const config = at('config.json'), tokenizer = at('tokenizer.json');
  const missing = [!config && 'config.json', !tokenizer && 'tokenizer.json', !graph && 'onnx/model.onnx'].filter(Boolean);
  if (missing.length) {
    throw new Error(`the folder has no ${missing.join(', ')} (a Hugging Face-layout export: config.json, tokenizer.json, onnx/model.onnx)`);
  }
  const tc = at('tokenizer_config.json');
  const pool = rel.find((r) => r.rel.endsWith('1_Pooling/config.json'))?.f.file;
  return {
    name: folderName(files),
    config: await config!.text(),
    tokenizer: await tokenizer!.text(),
    tokenizerConfig: tc ? await tc.text() : undefined,
    poolingConfig: pool ? await pool.text() : undefined,
    model: new Uint8Array(await graph!.f.file.arrayBuffer()),
  };
}
