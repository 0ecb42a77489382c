"""English words left on a Bangla page or in a Bangla message: what the tests of every Bangla page look for
(codes such as P01, BDT or FY2025-26 are all capitals or joined by hyphens, so they are not words)."""

from __future__ import annotations

import re

_WORD = re.compile(r"(?<![\w-])[A-Za-z]+(?![\w-])")
_TAG = re.compile(r"<[^>]+>")


def latin_words(html: str) -> list[str]:
    """The English words in `html`'s text (tags removed)."""
    return [w for w in _WORD.findall(_TAG.sub(" ", html)) if not w.isupper()]


def latin_in_main(html: str) -> list[str]:
    """The English words inside the page's `<main>` (its own content, not the shared header); a fragment
    without one is read after its first tag."""
    return latin_words(html.split("<main", 1)[-1].split(">", 1)[-1])
