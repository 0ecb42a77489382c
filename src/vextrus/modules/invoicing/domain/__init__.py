"""Pure rules of invoicing: sales invoices and purchase (vendor) bills, their lines and totals, the
status a payment moves them to, the gapless number's fiscal year and AR/AP aging buckets. No I/O, no
SQLAlchemy, FastAPI or Strawberry. VAT is computed by the tax module (VAT and SD Act 2012, rates as data)
and given here as input: a line's totals are its net (quantity × unit price − discount, to the poisha)
plus the VAT the caller got for that net."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

from vextrus.platform.errors import Conflict, DomainError, ValidationFailed
from vextrus.platform.i18n import format_count, format_number, to_bangla_digits
from vextrus.platform.money import ZERO, check_amount, round_amount

KINDS = ("sales", "purchase")
KIND_BN = {"sales": "বিক্রয় চালান", "purchase": "ক্রয় বিল"}
STATUSES = ("draft", "posted", "partly_paid", "paid", "credited", "cancelled")
UNPOSTED = ("draft", "cancelled")  # no number, no journal: in no report, register or aging
PREFIX = {"sales": "SI", "purchase": "PB"}
BUCKETS = ("0-30", "31-60", "61-90", "90+")
MAX_LINES = 500


@dataclass(frozen=True)
class Line:
    description: str
    quantity: Decimal
    unit_price: Decimal
    discount: Decimal = ZERO
    vat_code: str = ""
    project_id: UUID | None = None
    activity_code: str | None = None
    account_code: str | None = None  # the ledger account the line posts to; None: the kind's revenue/expense


@dataclass(frozen=True)
class Totals:
    net: Decimal
    vat: Decimal
    gross: Decimal


def _bad(code: str, en: str, bn: str, field: str) -> ValidationFailed:
    return ValidationFailed(f"invoicing.{code}", en, bn, field=field)


def kind(raw: str) -> str:
    k = raw.strip().lower()
    if k not in KINDS:
        raise _bad("kind_unknown", "An invoice is 'sales' or 'purchase'", "চালান 'sales' বা 'purchase' হতে হবে",
                   "kind")
    return k


def check_lines(lines: Sequence[Line]) -> tuple[Line, ...]:
    """Each line's fields, refused with their path (`lines[2].quantity`): a description, a positive
    quantity (at most 3 decimals), a non-negative unit price and discount (2 decimals), the discount no
    more than the line's amount, a VAT code, an activity only with a project. A line that names its own
    account (`account_code`) may have a negative unit price and no discount: an adjustment that posts to
    the other side of that account (a purchase bill's favourable price variance)."""
    if not lines:
        raise _bad("lines_missing", "An invoice needs at least one line", "চালানে অন্তত একটি লাইন দিন", "lines")
    if len(lines) > MAX_LINES:
        raise _bad("lines_too_many", f"An invoice has at most {MAX_LINES} lines",
                   f"একটি চালানে সর্বোচ্চ {format_count(MAX_LINES, 'bn')}টি লাইন", "lines")
    out = []
    for i, ln in enumerate(lines):
        p = f"lines[{i}]"
        line_bn = to_bangla_digits(str(i + 1))  # the line's number as people count, in Bangla digits
        desc = ln.description.strip()
        if not desc:
            raise _bad("description_missing", f"Line {i + 1} needs a description", f"লাইন {line_bn} এর বিবরণ দিন",
                       f"{p}.description")
        check_amount(ln.quantity, f"{p}.quantity", places=3)
        if ln.quantity <= 0:
            raise _bad("quantity_not_positive", f"Line {i + 1}: the quantity must be more than zero",
                       f"লাইন {line_bn}: পরিমাণ শূন্যের বেশি হতে হবে", f"{p}.quantity")
        check_amount(ln.unit_price, f"{p}.unit_price", places=2)
        account = (ln.account_code or "").strip() or None
        if ln.unit_price < 0 and account and ln.discount:
            raise _bad("discount_on_adjustment", f"Line {i + 1}: a line with a negative price takes no discount",
                       f"লাইন {line_bn}: ঋণাত্মক দরের লাইনে ছাড় হয় না", f"{p}.discount")
        if ln.unit_price < 0 and not account:
            raise _bad("unit_price_negative", f"Line {i + 1}: the unit price cannot be negative",
                       f"লাইন {line_bn}: একক মূল্য ঋণাত্মক হতে পারে না", f"{p}.unit_price")
        check_amount(ln.discount, f"{p}.discount", places=2)
        if ln.discount < 0:
            raise _bad("discount_negative", f"Line {i + 1}: the discount cannot be negative",
                       f"লাইন {line_bn}: ছাড় ঋণাত্মক হতে পারে না", f"{p}.discount")
        if ln.unit_price >= 0 and ln.discount > round_amount(ln.quantity * ln.unit_price):
            raise _bad("discount_too_large", f"Line {i + 1}: the discount is more than the line's amount",
                       f"লাইন {line_bn}: ছাড় লাইনের মূল্যের চেয়ে বেশি", f"{p}.discount")
        code = ln.vat_code.strip()
        if not code:
            raise _bad("vat_code_missing", f"Line {i + 1} needs a VAT code", f"লাইন {line_bn} এর ভ্যাট কোড দিন",
                       f"{p}.vat_code")
        activity = (ln.activity_code or "").strip() or None
        if activity and ln.project_id is None:
            raise _bad("activity_without_project", f"Line {i + 1}: an activity needs its project",
                       f"লাইন {line_bn}: কাজের সাথে প্রকল্প দিন", f"{p}.project_id")
        out.append(Line(desc, ln.quantity, ln.unit_price, ln.discount, code, ln.project_id, activity, account))
    return tuple(out)


def line_net(ln: Line) -> Decimal:
    """quantity × unit price, to the poisha (half-up, the one rounding rule), less the discount."""
    return round_amount(ln.quantity * ln.unit_price) - ln.discount


def line_totals(net: Decimal, vat: Decimal) -> Totals:
    """A line's totals, its VAT given (computed by the tax module on `net`)."""
    return Totals(net, vat, net + vat)


def document_totals(lines: Iterable[Totals]) -> Totals:
    """The document's totals: the sums of its lines' (each already to the poisha, so no rounding here)."""
    net = vat = ZERO
    for t in lines:
        net += t.net
        vat += t.vat
    return Totals(net, vat, net + vat)


def check_post(status: str, number: str) -> None:
    if status != "draft":
        raise Conflict("invoicing.not_draft", f"Invoice {number} is already {status}",
                       f"চালান {number} আর খসড়া নয়", field="status", details={"status": status})


def check_payment(status: str, amount: Decimal, outstanding: Decimal, number: str) -> None:
    """A payment goes to a posted, not fully paid invoice: positive, 2 decimals, no more than is due."""
    if status not in ("posted", "partly_paid"):
        raise Conflict("invoicing.not_payable", f"Invoice {number} is {status}: only a posted, unpaid one takes a "
                       "payment", f"চালান {number} পরিশোধযোগ্য নয়", field="status", details={"status": status})
    check_amount(amount, "amount", places=2)
    if amount <= 0:
        raise _bad("payment_not_positive", "A payment must be more than zero", "পরিশোধ শূন্যের বেশি হতে হবে",
                   "amount")
    if amount > outstanding:
        raise _bad("payment_too_large", f"The payment is more than the {outstanding} outstanding",
                   f"পরিশোধ বকেয়া {format_number(outstanding, 2, 'bn')} এর বেশি", "amount")


def status_after(gross: Decimal, paid: Decimal, credited: Decimal = ZERO) -> str:
    """posted (nothing paid) → partly_paid → paid (all that is due, `gross` after credit and debit
    notes); credited when credit notes took all of it and nothing was paid."""
    if gross <= 0 and credited > 0 and paid <= 0:
        return "credited"
    if paid <= 0:
        return "posted"
    return "paid" if paid >= gross else "partly_paid"


def fiscal_year(on: date) -> str:
    """Bangladesh's fiscal year, July to June (Income Tax Act 2023 s.2: 'income year'): 2025-07-01 → 2025-26."""
    start = on.year if on.month >= 7 else on.year - 1
    return f"{start}-{(start + 1) % 100:02d}"


def number(kind_: str, year: str, seq: int) -> str:
    return f"{PREFIX[kind_]}-{year}-{seq:05d}"


def bucket(due: date, as_of: date) -> str | None:
    """The aging bucket of an amount due on `due` as of `as_of`, by days past due (None: not yet due
    counts as 0-30)."""
    days = (as_of - due).days
    if days <= 30:
        return "0-30"
    if days <= 60:
        return "31-60"
    if days <= 90:
        return "61-90"
    return "90+"


class InvoiceNotFound(DomainError):
    status = 404

    def __init__(self, invoice_id: object):
        key = str(invoice_id)  # the invoice's number or id, as asked for
        super().__init__("not_found", f"invoice '{key}' was not found", f"চালান '{key}' পাওয়া যায়নি",
                         details={"object": "invoice", "key": key})


from .notes import (  # noqa: E402  the notes' and payments' rules, one namespace for the service
    NOTE_KIND_BN,
    NOTE_KINDS,
    NOTE_SEQUENCE,
    NoteAsk,
    OpenLine,
    PricedNoteLine,
    check_credit_total,
    check_noteable,
    note_kind,
    note_number,
    note_vat,
    price_note,
)
from .payments import METHODS, MFS, certificate_number, check_deductions, check_method, share  # noqa: E402

__all__ = [
    "BUCKETS", "KINDS", "KIND_BN", "MAX_LINES", "MFS", "METHODS", "NOTE_KINDS", "NOTE_KIND_BN", "NOTE_SEQUENCE",
    "PREFIX", "STATUSES", "UNPOSTED", "InvoiceNotFound", "Line", "NoteAsk", "OpenLine", "PricedNoteLine", "Totals", "bucket",
    "certificate_number", "check_credit_total", "check_deductions", "check_lines", "check_method", "check_noteable",
    "check_payment", "check_post", "document_totals", "fiscal_year", "kind", "line_net", "line_totals",
    "note_kind", "note_number", "note_vat", "number", "price_note", "share", "status_after",
]
