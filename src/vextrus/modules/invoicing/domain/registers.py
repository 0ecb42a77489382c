"""The purchase register (Mushak 6.1) and the sales register (Mushak 6.2) of a month, from posted documents.

VAT and SD Rules 2016 r.40(1)(a)-(b): a registered person keeps a purchase register in form Mushak 6.1
and a sales register in form Mushak 6.2 (fields as NBR's forms lay them out: date, the document's number,
the other party's name, address and BIN, the description, quantity, value, supplementary duty, VAT;
confidence medium, `../shared/domain/bangladesh.md` says "verify"). A credit note (Mushak 6.7) enters the
register of its side with a negative sign, a debit note (Mushak 6.8) with a positive one (s.44, s.45), in
the month of the note's own date. Pure: rows in, the register with its totals out."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from vextrus.platform.money import ZERO

FORMS = {"purchase": "6.1", "sales": "6.2"}
SIGN = {"invoice": 1, "ra_bill": 1, "debit": 1, "credit": -1}


@dataclass(frozen=True)
class Entry:
    """One posted line of an invoice or bill, or of a note against one (amounts as stored, unsigned)."""

    doc: str  # invoice | ra_bill (a contract's running bill, a supply like an invoice) | credit | debit
    doc_date: date
    number: str
    invoice_number: str  # the invoice a note is against (the invoice's own number for an invoice)
    party_id: object
    line_no: int
    description: str
    quantity: Decimal | None
    vat_code: str
    vat_rate: Decimal
    value: Decimal
    vat: Decimal
    sd: Decimal = ZERO


@dataclass(frozen=True)
class RegisterRow:
    serial: int
    doc: str
    doc_date: date
    number: str
    invoice_number: str
    party_id: object
    description: str
    quantity: Decimal | None
    vat_code: str
    vat_rate: Decimal
    value: Decimal  # signed: a credit note's lines are negative
    sd: Decimal
    vat: Decimal
    total: Decimal


@dataclass(frozen=True)
class Register:
    side: str  # purchase (6.1) | sales (6.2)
    form: str
    period: str
    rows: list[RegisterRow] = field(default_factory=list)
    value: Decimal = ZERO
    sd: Decimal = ZERO
    vat: Decimal = ZERO
    total: Decimal = ZERO


def register(side: str, period: str, entries: Iterable[Entry]) -> Register:
    """The register of `side` for `period`: rows by date, document and line, signed; totals are the sums of
    the rows (so a register always adds up to its total line)."""
    ordered = sorted(entries, key=lambda e: (e.doc_date, e.doc not in ("invoice", "ra_bill"), e.number, e.line_no))
    rows: list[RegisterRow] = []
    for i, e in enumerate(ordered, start=1):
        s = SIGN[e.doc]
        value, sd, vat = s * e.value, s * e.sd, s * e.vat
        rows.append(RegisterRow(i, e.doc, e.doc_date, e.number, e.invoice_number, e.party_id, e.description,
                                None if e.quantity is None else s * e.quantity, e.vat_code, e.vat_rate, value, sd,
                                vat, value + sd + vat))
    value = sum((r.value for r in rows), ZERO)
    sd = sum((r.sd for r in rows), ZERO)
    vat = sum((r.vat for r in rows), ZERO)
    return Register(side, FORMS[side], period, rows, value, sd, vat, value + sd + vat)
