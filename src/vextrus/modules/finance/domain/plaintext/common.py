"""Small readers shared by the hledger and Beancount parsers: dates and brace-aware splitting."""

from __future__ import annotations

import re
from datetime import date

DATE_RE = re.compile(r"^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$")


def parse_date(text: str) -> date | None:
    """``2025-01-31``, ``2025/01/31`` or ``2025.01.31`` (one separator throughout); None if not a date."""
    m = DATE_RE.match(text)
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[3]), int(m[4]))
    except ValueError:
        return None


def find_top(text: str, chars: str) -> int:
    """Index of the first of ``chars`` outside ``{…}``, ``[…]`` and double quotes, or -1."""
    depth = 0
    quoted = False
    for i, ch in enumerate(text):
        if ch == '"':
            quoted = not quoted
        elif quoted:
            continue
        elif ch in "{[":
            depth += 1
        elif ch in "}]":
            depth -= 1
        elif depth == 0 and ch in chars:
            return i
    return -1


def split_comment(text: str) -> tuple[str, str]:
    """Split ``body ; comment`` at the first ``;`` outside quotes."""
    i = find_top(text, ";")
    return (text, "") if i < 0 else (text[:i].rstrip(), text[i + 1:].strip())
