import { describe, expect, it } from 'vitest';
import { matrix } from './attention';
import { csvToMatrix, exportFileName, f32String, matrixToCsv, parseCsvRows } from './exportMatrix';
import { crc32, readPng, withPngText } from './exportMatrixPng';

describe('matrix CSV', () => {
  const m = matrix(2, 3, Float32Array.from([0.1, 0.2, 0.3, 1 / 3, -2.5, 1e-7]));
  const lm = { matrix: m, rowLabels: ['琅', '[SEP]'], colLabels: ['a,b', '"q"', '=1+1'], corner: 'query \\ doc' };

  it('writes labels, quotes and full float32 precision', () => {
    const csv = matrixToCsv(lm);
    const lines = csv.trimEnd().split('\n');
    expect(lines[0]).toBe('query \\ doc,"a,b","""q""",\'=1+1');
    expect(lines[1]).toBe('琅,0.1,0.2,0.3');
    expect(lines[2]).toBe('[SEP],0.33333334,-2.5,1e-7');
  });

  it('round-trips exactly (float32)', () => {
    const back = csvToMatrix(matrixToCsv(lm));
    expect(back.rowLabels).toEqual(lm.rowLabels);
    expect(back.colLabels).toEqual(lm.colLabels);
    expect(back.corner).toBe(lm.corner);
    expect(Array.from(back.matrix.data)).toEqual(Array.from(m.data));
  });

  it('writes the shortest decimal that reads back as the same float32', () => {
    expect(f32String(Math.fround(0.1))).toBe('0.1');
    expect(f32String(1)).toBe('1');
    expect(Math.fround(Number(f32String(Math.fround(Math.PI))))).toBe(Math.fround(Math.PI));
  });

  it('refuses mismatched labels and ragged bodies', () => {
    expect(() => matrixToCsv({ ...lm, rowLabels: ['x'] })).toThrow(/labels/);
    expect(() => csvToMatrix(',a,b\nx,1\n')).toThrow(/row 2/);
    expect(() => csvToMatrix(',a\nx,oops\n')).toThrow(/not a number/);
  });

  it('parses CRLF and embedded newlines', () => {
    expect(parseCsvRows('a,"b\nc"\r\n1,2')).toEqual([['a', 'b\nc'], ['1', '2']]);
  });

  it('makes safe file names', () => {
    expect(exportFileName(['esim', 'raw', '琅琊榜 第1集/x'], 'csv')).toBe('esim-raw-琅琊榜_第1集_x.csv');
    expect(exportFileName([], 'png')).toBe('matrix.png');
  });
});

describe('PNG text chunks', () => {
  // A 1×1 PNG: signature, IHDR, IDAT, IEND.
  const png1x1 = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='), (c) => c.charCodeAt(0));

  it('computes the standard CRC-32', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it('adds UTF-8 iTXt chunks that read back, keeping the image', () => {
    const out = withPngText(png1x1, { 'prerank:matrix': 'q \\ d,琅\n琊,0.5\n', 'prerank:layout': '{"cell":8}' });
    const info = readPng(out);
    expect(info.width).toBe(1);
    expect(info.height).toBe(1);
    expect(info.texts['prerank:matrix']).toBe('q \\ d,琅\n琊,0.5\n');
    expect(JSON.parse(info.texts['prerank:layout'])).toEqual({ cell: 8 });
    expect(out.length).toBeGreaterThan(png1x1.length);
  });

  it('refuses non-PNG bytes and corrupt chunks', () => {
    expect(() => readPng(new Uint8Array(10))).toThrow(/not a PNG/);
    const bad = withPngText(png1x1, { k: 'v' });
    bad[40] ^= 0xff;
    expect(() => readPng(bad)).toThrow(/CRC/);
  });
});
