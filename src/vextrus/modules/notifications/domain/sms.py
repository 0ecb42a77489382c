"""SMS segmentation: how many parts a text costs and where it is split.

A text made only of GSM 03.38 characters goes as GSM-7: 160 characters in one SMS, 153 per part when
concatenated. Anything else (Bangla) goes as UCS-2: 70 UTF-16 code units in one SMS, 67 per part when
concatenated (the user data header takes the rest). A part never ends inside a surrogate pair, and a
split prefers the last space within the part's final 15 units so words stay whole.
"""

from __future__ import annotations

from dataclasses import dataclass

GSM7_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmnopqrstuvwxyzäöñüà")
GSM7_EXTENDED = set("^{}\\[~]|€\f")  # each costs two septets (escape + char)

UCS2_SINGLE, UCS2_PART = 70, 67
GSM7_SINGLE, GSM7_PART = 160, 153
WORD_SLACK = 15


@dataclass(frozen=True)
class Segmented:
    encoding: str  # "gsm7" | "ucs2"
    parts: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.parts)


def is_gsm7(text: str) -> bool:
    return all(c in GSM7_BASIC or c in GSM7_EXTENDED for c in text)


def _units(c: str, encoding: str) -> int:
    if encoding == "gsm7":
        return 2 if c in GSM7_EXTENDED else 1
    return 2 if ord(c) > 0xFFFF else 1  # outside the BMP: a surrogate pair in UTF-16


def length(text: str) -> int:
    """Units the text costs: septets (GSM-7) or UTF-16 code units (UCS-2)."""
    enc = "gsm7" if is_gsm7(text) else "ucs2"
    return sum(_units(c, enc) for c in text)


def segment(text: str) -> Segmented:
    """The parts the text is sent as; joined, they are the text again."""
    enc = "gsm7" if is_gsm7(text) else "ucs2"
    single, per_part = (GSM7_SINGLE, GSM7_PART) if enc == "gsm7" else (UCS2_SINGLE, UCS2_PART)
    if sum(_units(c, enc) for c in text) <= single:
        return Segmented(enc, (text,) if text else ())
    parts: list[str] = []
    rest = text
    while rest:
        used, cut = 0, 0
        for i, c in enumerate(rest):  # characters (code points): a pair is never cut in two
            u = _units(c, enc)
            if used + u > per_part:
                break
            used += u
            cut = i + 1
        if cut < len(rest):
            space = rest.rfind(" ", max(0, cut - WORD_SLACK), cut)
            if space > 0:
                cut = space + 1  # the space ends this part
        parts.append(rest[:cut])
        rest = rest[cut:]
    return Segmented(enc, tuple(parts))
