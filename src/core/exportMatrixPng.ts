/**
 * Text chunks in PNG files: the lab's heatmap PNGs carry the matrix they
 * draw (as CSV) and where its cells are (cell size and origin, JSON) in
 * `iTXt` chunks, so a PNG is both a picture and the data behind it.
 *
 * Refuses: bytes that are not a PNG, and chunks whose CRC does not match
 * when reading.
 */

const SIG = [137, 80, 78, 71, 13, 10, 26, 10];

let table: Uint32Array | null = null;
export function crc32(bytes: Uint8Array): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = table[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function isPng(b: Uint8Array): boolean {
  return b.length >= 8 && SIG.every((v, i) => b[i] === v);
}

function u32(b: Uint8Array, o: number): number {
  return ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, data.length);
  const td = new Uint8Array(4 + data.length);
  for (let i = 0; i < 4; i++) td[i] = type.charCodeAt(i);
  td.set(data, 4);
  out.set(td, 4);
  dv.setUint32(8 + data.length, crc32(td));
  return out;
}

/** An uncompressed iTXt chunk: keyword, flags, empty language and translated keyword, UTF-8 text. */
function itxt(keyword: string, text: string): Uint8Array {
  if (!/^[\x20-\x7e]{1,79}$/.test(keyword)) throw new Error(`PNG keyword must be 1–79 printable Latin-1 characters: ${keyword}`);
  const k = new TextEncoder().encode(keyword);
  const t = new TextEncoder().encode(text);
  const data = new Uint8Array(k.length + 5 + t.length);
  data.set(k, 0); // then 0 (end of keyword), 0 (uncompressed), 0 (method), 0 (empty language), 0 (empty translation)
  data.set(t, k.length + 5);
  return chunk('iTXt', data);
}

/** Inserts iTXt chunks right after IHDR. */
export function withPngText(png: Uint8Array, texts: Record<string, string>): Uint8Array {
  if (!isPng(png)) throw new Error('withPngText: not a PNG');
  const ihdrEnd = 8 + 12 + u32(png, 8);
  const extra = Object.entries(texts).map(([k, v]) => itxt(k, v));
  const size = extra.reduce((s, c) => s + c.length, 0);
  const out = new Uint8Array(png.length + size);
  out.set(png.subarray(0, ihdrEnd), 0);
  let o = ihdrEnd;
  for (const c of extra) { out.set(c, o); o += c.length; }
  out.set(png.subarray(ihdrEnd), o);
  return out;
}

export interface PngInfo {
  width: number;
  height: number;
  texts: Record<string, string>;
}

/** Size and iTXt/tEXt texts of a PNG, checking every chunk's CRC. */
export function readPng(png: Uint8Array): PngInfo {
  if (!isPng(png)) throw new Error('readPng: not a PNG');
  const texts: Record<string, string> = {};
  let width = 0, height = 0, o = 8;
  while (o + 12 <= png.length) {
    const len = u32(png, o);
    const type = String.fromCharCode(...png.subarray(o + 4, o + 8));
    const body = png.subarray(o + 8, o + 8 + len);
    if (crc32(png.subarray(o + 4, o + 8 + len)) !== u32(png, o + 8 + len)) throw new Error(`readPng: bad CRC in ${type} chunk`);
    if (type === 'IHDR') { width = u32(body, 0); height = u32(body, 4); }
    if (type === 'iTXt' || type === 'tEXt') {
      const z = body.indexOf(0);
      const key = new TextDecoder('latin1').decode(body.subarray(0, z));
      if (type === 'tEXt') texts[key] = new TextDecoder('latin1').decode(body.subarray(z + 1));
      else {
        let p = z + 3; // skip flag, method
        p = body.indexOf(0, p) + 1; // language
        p = body.indexOf(0, p) + 1; // translated keyword
        texts[key] = new TextDecoder().decode(body.subarray(p));
      }
    }
    if (type === 'IEND') break;
    o += 12 + len;
  }
  return { width, height, texts };
}
