/**
 * Which characters of a title also occur in the query, as segments for the
 * ranking panel to render as text (never HTML). Case-insensitive; whitespace
 * never counts as a match.
 */
export interface Segment {
  text: string;
  match: boolean;
}

export function highlightSegments(title: string, query: string): Segment[] {
  const q = new Set([...query.toLowerCase()].filter((c) => !/\s/.test(c)));
  const out: Segment[] = [];
  for (const ch of title) {
    const match = q.has(ch.toLowerCase()) && !/\s/.test(ch);
    const last = out[out.length - 1];
    if (last && last.match === match) last.text += ch;
    else out.push({ text: ch, match });
  }
  return out;
}
