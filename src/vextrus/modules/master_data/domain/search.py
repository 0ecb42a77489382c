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


def fold_digits(text: str) -> str:
    """Replace Bangla digits ০-৯ with ASCII 0-9, leaving everything else alone."""
    return text.translate(_DIGIT_TABLE)


def to_bangla_digits(text: str) -> str:
    """Replace ASCII digits with Bangla digits, for display in Bangla."""
    return text.translate(_TO_BANGLA_TABLE)


def normalise_key(text: str) -> str:
    """A case-, width- and digit-insensitive key: NFKC, Bangla digits folded, casefolded,
    whitespace collapsed. Bangla letters are kept as they are (they have no case)."""
    text = unicodedata.normalize("NFKC", text)
    text = fold_digits(text).casefold()
    return _SPACES.sub(" ", text).strip()


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
