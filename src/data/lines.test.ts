import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineSplitter, MAX_LINE_BYTES, readLines, splitBytes, splitLines } from './lines';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('LineSplitter', () => {
  it('gives the same lines whatever the chunking', () => {
    fc.assert(fc.property(fc.array(fc.string({ maxLength: 12 }), { maxLength: 12 }), fc.array(fc.nat(40), { maxLength: 8 }), (parts, cuts) => {
      const text = parts.join('\n');
      const bytes = enc(text);
      const s = new LineSplitter();
      const out = [];
      let at = 0;
      for (const c of [...cuts.map((x) => Math.min(bytes.length, at + x)), bytes.length]) {
        out.push(...s.push(bytes.subarray(at, Math.max(at, c))));
        at = Math.max(at, c);
      }
      out.push(...s.end());
      expect(out.map((l) => l.text)).toEqual(splitLines(text).map((l) => l.text));
    }), { numRuns: 200 });
  });

  it('reports invalid UTF-8 split across chunks with its line number', async () => {
    async function* chunks(): AsyncGenerator<Uint8Array> {
      yield enc('ok\n\xe4');
      yield new Uint8Array([0xbd]); // incomplete 3-byte sequence, then newline
      yield enc('\nfine');
    }
    const lines = [];
    for await (const l of readLines(chunks())) lines.push(l);
    expect(lines.map((l) => l.text ?? l.error)).toEqual(['ok', 'invalid UTF-8', 'fine']);
    expect(lines[2].terminated).toBe(false);
  });

  it('reports a bad or over-long line among many in one chunk, and only that line', () => {
    const long = 'x'.repeat(MAX_LINE_BYTES + 1);
    const parts = [enc('a\n'), enc('b\r\n'), new Uint8Array([0xff, 0x0a]), enc(`c\n${long}\n\u6587\nd\ne`)];
    const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    parts.reduce((at, p) => (all.set(p, at), at + p.length), 0);
    const s = new LineSplitter();
    const out = [...s.push(all), ...s.end()];
    expect(out.map((l) => l.text ?? l.error)).toEqual(['a', 'b', 'invalid UTF-8', 'c', `line longer than ${MAX_LINE_BYTES} bytes`, '\u6587', 'd', 'e']);
    expect(out.map((l) => l.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    // the same without the bad byte: decoded in one go, same lines
    const ok = [...new LineSplitter().push(enc(`a\nb\r\nc\n${long}\n\u6587\nd\n`))];
    expect(ok.map((l) => l.text ?? l.error)).toEqual(['a', 'b', 'c', `line longer than ${MAX_LINE_BYTES} bytes`, '\u6587', 'd']);
  });

  it('skips over-long lines without buffering them, strips BOM and CR', () => {
    const big = new Uint8Array(MAX_LINE_BYTES * 3).fill(0x61);
    const s = new LineSplitter();
    const out = [...s.push(new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0x0d, 0x0a])), ...s.push(big), ...s.push(enc('\nb\n')), ...s.end()];
    expect(out.map((l) => l.text ?? l.error)).toEqual(['a', `line longer than ${MAX_LINE_BYTES} bytes`, 'b']);
    expect(splitBytes(enc('x\ny\n')).length).toBe(2);
  });
});
