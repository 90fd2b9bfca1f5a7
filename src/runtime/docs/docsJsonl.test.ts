// docs.jsonl parsed chunk by chunk (as the lab worker streams it) gives the
// rows and errors parseDocsJsonl gives on the whole file, wherever the chunks
// split; the page's rows read back from the bytes equal the worker's; a line
// limit keeps exactly the file's first lines.
import { describe, expect, it } from 'vitest';
import { parseDocsJsonl } from '../../data';
import { DocsJsonlParser } from './docsJsonl';
import { loadDocSet, loadDocSetStream } from './docset';
import { sha256Hex } from '../hash';
import { jsonlRows } from './jsonlRows';

const doc = (id: string, extra = '') => `{"id":"${id}","zone":"short","category":"美食","title":"红烧肉 ${id}","tags":["家常"]${extra}}`;
const enc = (s: string) => new TextEncoder().encode(s);

/** Parses `bytes` split at the given offsets. */
function chunked(bytes: Uint8Array, cuts: number[], maxLines?: number) {
  const p = new DocsJsonlParser('docs.jsonl', maxLines, 8, 100);
  let at = 0;
  for (const c of [...cuts, bytes.length]) {
    if (!p.push(bytes.subarray(at, c))) break;
    at = c;
  }
  return p.finish();
}

const CASES: Record<string, string> = {
  clean: `${doc('a')}\n${doc('b', ',"ctr":0.5')}\n${doc('c')}\n`,
  'BOM, CRLF, blank lines, no final newline': `\ufeff${doc('a')}\r\n\r\n  \n${doc('b')}\r\n${doc('c')}`,
  'bad lines of every kind': `${doc('a')}\nnot json\n{"id":"b"}\n${doc('a')}\n\u00ff\n${doc('c')}\n{"id":"x","zone":"short"`,
};

describe('DocsJsonlParser', () => {
  for (const [name, text] of Object.entries(CASES)) {
    it(`${name}: same rows and errors as parseDocsJsonl, at every split`, () => {
      const bytes = enc(text);
      const want = parseDocsJsonl(bytes, { file: 'docs.jsonl' });
      for (let cut = 0; cut <= bytes.length; cut++) {
        const got = chunked(bytes, [cut, Math.min(bytes.length, cut + 3)]);
        expect(got.rows, `split at ${cut}`).toEqual(want.rows);
        expect(got.errors, `split at ${cut}`).toEqual(want.errors);
      }
    });
  }

  it('the page reads from the bytes the rows the worker parsed', () => {
    const got = chunked(enc(CASES['BOM, CRLF, blank lines, no final newline']), [5, 40]);
    expect([...jsonlRows(got.jsonl)]).toEqual(got.rows);
    const rows = jsonlRows(got.jsonl);
    expect(rows[1]).toBe(rows[1]); // decoded once, then kept
  });

  it('a line limit keeps the first lines, bytes and all, wherever the chunks split', async () => {
    const text = CASES.clean;
    const firstTwo = enc(text.slice(0, text.indexOf('\n', text.indexOf('\n') + 1) + 1));
    for (const cut of [1, 30, firstTwo.length, firstTwo.length + 4]) {
      const got = chunked(enc(text), [cut], 2);
      expect(got.rows.map((r) => r.id)).toEqual(['a', 'b']);
      expect(Array.from(got.jsonl.bytes)).toEqual(Array.from(firstTwo));
    }
    const set = await loadDocSetStream([enc(text)], 'docs.jsonl', { maxLines: 2 });
    expect(set.sha256).toBe(await sha256Hex(firstTwo));
  });

  it('loadDocSet: the same set from one buffer and from a stream, with the file\'s sha256', async () => {
    const bytes = enc(CASES.clean);
    const whole = await loadDocSet(bytes);
    const streamed = await loadDocSetStream([bytes.subarray(0, 7), bytes.subarray(7)]);
    expect(streamed.rows).toEqual(whole.rows);
    expect(streamed.texts).toEqual(whole.texts);
    expect(streamed.sha256).toBe(await sha256Hex(bytes));
    await expect(loadDocSet(enc(CASES['bad lines of every kind']))).rejects.toThrow(/invalid lines \(line 2: invalid JSON; line 3: .*; line 4: duplicate id "a"; …\)/);
  });
});
