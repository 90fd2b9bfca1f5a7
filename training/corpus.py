"""Real Chinese text for MLM pre-training, read at build time from packaged sources.

The demo world's titles use a few thousand characters in templated phrases; about a fifth of the
characters in ordinary real video titles never occur in it, so their embeddings would stay at their
random init. Masked-LM over real sentences gives every common character a trained embedding and
real co-occurrence statistics. Sources (licences in docs/DATA.md), each optional and skipped with a
log line when not installed — scripts/ensure-system-deps.sh installs them:
  * Debian `fortunes-zh` (GPL-3.0+): /usr/share/games/fortunes/chinese — modern prose and sayings.
Nothing is downloaded: the files come from apt.
"""
from __future__ import annotations

import os
import re

FORTUNES = ("/usr/share/games/fortunes/chinese",)
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def fortune_sentences(paths=FORTUNES, max_chars: int = 30) -> list[str]:
    """Sentences (split at 。！？；and line ends) of at most `max_chars` characters with ≥ 4 hanzi."""
    out: list[str] = []
    for p in paths:
        if not os.path.exists(p):
            continue
        with open(p, encoding="utf-8", errors="replace") as f:
            text = _ANSI.sub("", f.read())
        for entry in text.split("\n%\n"):
            for part in re.split(r"[。！？；\n]+", entry.replace("\r", "")):
                part = part.strip(" \t-—　")
                while len(part) > max_chars:           # long lines: fixed-size windows
                    out.append(part[:max_chars])
                    part = part[max_chars:]
                if len(_CJK.findall(part)) >= 4:
                    out.append(part)
    return out


def mlm_extra_texts(log=print) -> list[str]:
    texts = fortune_sentences()
    if texts:
        log(f"[corpus] {len(texts)} real sentences from fortunes-zh")
    else:
        log("[corpus] fortunes-zh not installed: MLM on the demo world's texts only")
    return texts
