"""Amount syntax: numbers with digit-group commas, commodity symbols/codes on either side, quoted commodities."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from .model import Amount

# A commodity symbol: anything but digits, whitespace and the journal's punctuation (৳ $ £ € BDT AAPL …).
_SYM = r'(?:"[^"]+"|[^\s0-9\-+.,;@={}()\[\]"*!#&|~]+)'
_NUM = r"(?:[0-9][0-9,]*(?:\.[0-9]*)?|\.[0-9]+)"
_AMOUNT_RE = re.compile(
    rf"^(?P<s1>[-+])?\s*(?:(?P<left>{_SYM})\s*)?(?P<s2>[-+])?\s*(?P<num>{_NUM})(?:\s*(?P<right>{_SYM}))?$"
)
_GROUPED_RE = re.compile(r"^[0-9]{1,3}(?:,[0-9]{2,3})*$")


class AmountSyntaxError(ValueError):
    """Raised with a human message; parsers turn it into a LedgerError naming the line."""


def parse_number(text: str) -> tuple[Decimal, int]:
    """``1,23,456.50`` → (Decimal('123456.50'), 2). Commas group digits (Western or lakh), the point is decimal."""
    intpart, _, frac = text.partition(".")
    if "," in intpart and not _GROUPED_RE.match(intpart):
        raise AmountSyntaxError(f"number {text!r} has digit-group commas in odd places")
    if "," in intpart and len(intpart.rsplit(",", 1)[1]) != 3:
        raise AmountSyntaxError(f"number {text!r}: the last digit group must have three digits")
    clean = intpart.replace(",", "") + ("." + frac if frac else "")
    try:
        value = Decimal(clean or "0")
    except InvalidOperation:
        raise AmountSyntaxError(f"{text!r} is not a number")
    return value, len(frac)


def strip_quotes(sym: str) -> str:
    return sym[1:-1] if len(sym) >= 2 and sym[0] == sym[-1] == '"' else sym


def parse_amount(text: str, default_commodity: str = "") -> tuple[Amount, int, dict[str, object]]:
    """Parse ``-$1,000.50``, ``৳ 500``, ``1000 BDT``, ``10 "green apples"``, ``£-3``.

    Returns the amount, its written decimals, and its style (side, spacing) for export.
    """
    text = text.strip()
    m = _AMOUNT_RE.match(text)
    if not m:
        raise AmountSyntaxError(f"cannot read amount {text!r}")
    if m["left"] and m["right"]:
        raise AmountSyntaxError(f"amount {text!r} has a commodity on both sides")
    if m["s1"] and m["s2"]:
        raise AmountSyntaxError(f"amount {text!r} has two signs")
    value, decimals = parse_number(m["num"])
    if (m["s1"] or m["s2"]) == "-":
        value = -value
    sym = m["left"] or m["right"] or ""
    commodity = strip_quotes(sym) if sym else default_commodity
    style = {"side": "left" if m["left"] else "right", "spaced": bool(re.search(r"\d\s+\S|\S\s+[-+]?\d", text) and sym)}
    return Amount(value, commodity), decimals, style
