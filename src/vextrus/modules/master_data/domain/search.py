"""Search-key normalisation shared by lookups and duplicate detection.

People type the same name many ways: Bangla or ASCII digits, "Ltd." or "Limited",
"M/S" in front, extra spaces. Keys built here make those spellings compare equal.
"""

from __future__ import annotations

import difflib
import re
import unicodedata

BANGLA_DIGITS = "০১২৩৪৫৬৭৮৯"
_DIGIT_TABLE = str.maketrans(BANGLA_DIGITS, "0123456789")
_TO_BANGLA_TABLE = str.maketrans("0123456789", BANGLA_DIGITS)

# Words that say what kind of company it is, not which one.
LEGAL_SUFFIXES = frozenset(
    {
        "ltd",
        "limited",
        "pvt",
        "private",
        "plc",
        "co",
        "company",
        "inc",
        "corp",
        "corporation",
        "llc",
        "ms",
        "messrs",
        "mess",
        "the",
        "লিমিটেড",
        "লিঃ",
        "লি",
        "প্রাইভেট",
        "প্রাঃ",
        "কোম্পানি",
        "মেসার্স",
    }
)
_SUFFIX_STEMS = frozenset(w.rstrip("ঃ") for w in LEGAL_SUFFIXES)
_SPACES = re.compile(r"\s+")


# What pasting from Word, a PDF or a phone brings in place of the ASCII characters people mean.
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe58\ufe63\uff0d\u00ad"
SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032\u02bc\u02b9\u0060\u00b4"
DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"
INVISIBLE = "\u200b\u2060\ufeff"  # zero-width space, word joiner, BOM (ZWJ/ZWNJ stay: Bangla needs them)
_FOLD_TABLE = str.maketrans({**{c: "-" for c in DASHES}, **{c: "'" for c in SINGLE_QUOTES},
                             **{c: '"' for c in DOUBLE_QUOTES}, **{c: None for c in INVISIBLE}})


def clean_text(text: str) -> str:
    """The one cleaning of typed or pasted text every identifier, code, name key and search goes
    through: NFKC (full-width letters and digits, ligatures, non-breaking spaces become the plain
    ones), every dash (en/em dash, non-breaking hyphen, minus sign …) becomes "-", typographic
    quotes and apostrophes (’ ‘ “ ” ′ ʼ) become ' and ", zero-width spaces go. Case, digits and
    spacing are left to the callers (`normalise_key`, `normalise_code`, the identifier validators)."""
    return unicodedata.normalize("NFKC", text).translate(_FOLD_TABLE)


def fold_digits(text: str) -> str:
    """Replace Bangla digits ০-৯ with ASCII 0-9, leaving everything else alone."""
    return text.translate(_DIGIT_TABLE)


def to_bangla_digits(text: str) -> str:
    """Replace ASCII digits with Bangla digits, for display in Bangla."""
    return text.translate(_TO_BANGLA_TABLE)


def normalise_key(text: str) -> str:
    """A case-, width-, dash-, quote- and digit-insensitive key: `clean_text`, Bangla digits
    folded, casefolded, whitespace collapsed. Bangla letters are kept as they are (they have no case)."""
    text = fold_digits(clean_text(text)).casefold()
    return _SPACES.sub(" ", text).strip()


def normalise_code(text: str) -> str:
    """A record code as stored (PTY-0001, CEM-PCC-50): `normalise_key`, upper case, spaces as dashes,
    so "cem–pcc–50" pasted with en dashes finds CEM-PCC-50."""
    return normalise_key(text).upper().replace(" ", "-")


def _strip_punct(text: str) -> str:
    # By Unicode category, not \w: Bangla vowel signs and the virama are marks (M*),
    # which \w does not match, and must survive.
    text = text.replace("&", " and ")
    return "".join(" " if unicodedata.category(ch)[0] in "PS" else ch for ch in text)


def normalise_name(name: str) -> str:
    """Key for comparing party names: `normalise_key`, punctuation removed, legal-form
    words (Ltd, Limited, Pvt, M/S, লিমিটেড …) dropped."""
    key = normalise_key(name)
    key = key.replace("m/s", " ")
    words = [w for w in _strip_punct(key).split() if w.rstrip("ঃ") not in _SUFFIX_STEMS]
    return " ".join(words)


def _trigrams(text: str) -> set[str]:
    padded = f"  {text} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def name_similarity(a: str, b: str) -> float:
    """Similarity 0..1 of two party names after `normalise_name`.

    The larger of difflib's ratio on word-sorted names (robust to word order) and the
    trigram Jaccard index (robust to small spelling slips)."""
    na, nb = normalise_name(a), normalise_name(b)
    if not na or not nb:
        return 0.0
    if na == nb:
        return 1.0
    sa, sb = " ".join(sorted(na.split())), " ".join(sorted(nb.split()))
    ratio = difflib.SequenceMatcher(None, sa, sb, autojunk=False).ratio()
    ta, tb = _trigrams(na), _trigrams(nb)
    jaccard = len(ta & tb) / len(ta | tb)
    return max(ratio, jaccard)


def digits_only(text: str) -> str:
    """The ASCII digits of `text` after folding Bangla digits (separators dropped)."""
    return "".join(ch for ch in fold_digits(text) if "0" <= ch <= "9")
