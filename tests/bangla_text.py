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


def latin_left(message: str, *identifiers: str) -> list[str]:
    """The Latin letters and digits of a Bangla message once the user's own identifiers (codes, numbers as typed)
    are taken out: what a refusal must not show (`['lines', '12']` for 'lines[11] লাইন 12 ...')."""
    for ident in identifiers:
        message = message.replace(ident, " ")
    return re.findall(r"[A-Za-z0-9]+", message)
