// The text a doc tower / fine ranker sees for a doc row (docs/CONTRACTS.md "Doc text").
// NOTE: must stay identical to training/doctext.py — the models were trained on it.

export interface DocTextFields {
  title?: string | null;
  category?: string | null;
  tags?: readonly string[] | null;
}

/** title + " " + category + " " + the first 4 tags joined by " ", trimmed. */
export function docText(doc: DocTextFields): string {
  const tags = (doc.tags ?? []).slice(0, 4).join(' ');
  return [doc.title ?? '', doc.category ?? '', tags].join(' ').trim();
}
