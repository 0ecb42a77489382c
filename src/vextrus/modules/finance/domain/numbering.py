"""Document numbers ``JV/2025-26/000123``: prefix per journal type, fiscal-year label, zero-padded sequence.

The sequence itself (durable, gapless per company + prefix + fiscal year) is kept by the service;
this module only formats and parses.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from vextrus.platform.i18n import to_bangla_digits

from .errors import LedgerError

DEFAULT_PREFIXES: dict[str, str] = {
    "general": "JV",
    "sales": "SV",
    "purchase": "PJ",
    "receipt": "RV",
    "payment": "PV",
    "contra": "CV",
    "adjustment": "AJ",
    "opening": "OB",
    "closing": "CL",
    "reversal": "RJ",
}

_NUMBER_RE = re.compile(r"^(?P<prefix>[A-Z][A-Z0-9]*)/(?P<fy>\d{4}(?:-\d{2})?)/(?P<seq>\d+)$")


@dataclass(frozen=True)
class DocumentNumber:
    prefix: str
    fiscal_year: str
    sequence: int


def format_document_number(journal_type: str, fiscal_year_label: str, sequence: int, *, width: int = 6,
                           prefixes: Mapping[str, str] | None = None) -> str:
    """``format_document_number("general", "2025-26", 123) == "JV/2025-26/000123"``."""
    table = prefixes or DEFAULT_PREFIXES
    if journal_type not in table:
        raise LedgerError("journal_type_unknown", f"No number prefix for journal type {journal_type!r}.",
                          "এই জার্নাল ধরনের কোনো নম্বর-উপসর্গ নেই।", field="journal_type",
                          details={"journal_type": journal_type})
    if sequence < 1 or len(str(sequence)) > width:
        raise LedgerError("document_sequence_invalid", f"Sequence {sequence} does not fit 1..{10**width - 1}.",
                          f"ক্রমিক নম্বর {to_bangla_digits(str(sequence))} সীমার বাইরে।", field="sequence",
                          details={"sequence": sequence, "width": width})
    return f"{table[journal_type]}/{fiscal_year_label}/{sequence:0{width}d}"


def parse_document_number(text: str) -> DocumentNumber:
    m = _NUMBER_RE.match(text.strip())
    if not m:
        raise LedgerError("document_number_invalid", f"{text!r} is not a document number like JV/2025-26/000123.",
                          f"{text!r} সঠিক ডকুমেন্ট নম্বর নয় (যেমন JV/2025-26/000123)।", field="number",
                          details={"text": text})
    return DocumentNumber(m["prefix"], m["fy"], int(m["seq"]))
