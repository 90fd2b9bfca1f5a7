"""The text a doc tower / fine ranker sees for a doc row (docs/CONTRACTS.md "Doc text").

Mirrors src/core/docText.ts: title + " " + category + " " + tags[:4] joined by " ", trimmed.
"""


def doc_text(doc: dict) -> str:
    parts = [doc.get("title") or "", doc.get("category") or "", " ".join((doc.get("tags") or [])[:4])]
    return " ".join(parts).strip()
