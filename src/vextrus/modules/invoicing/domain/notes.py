"""Pure rules of credit notes (Mushak 6.7) and debit notes (Mushak 6.8) against a posted invoice or bill
(VAT and SD Act 2012 s.44 (decreasing adjustment, credit note) and s.45 (increasing adjustment, debit
note); VAT and SD Rules 2016 r.40(1)(c)-(d), the note names the original tax invoice).

A note line names the invoice line it adjusts and either a quantity (credited: that share of what remains
of the line; debited: quantity × the line's unit price) or an amount (the value, VAT excluded). A credit
never goes beyond what remains of the line (its net and VAT less earlier credits, plus debits); crediting
all that remains takes exactly the remaining net and VAT, so an invoice credited in full reverses to the
poisha whatever the parts were."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from vextrus.platform.errors import ValidationFailed
from vextrus.platform.i18n import format_count, format_number, to_bangla_digits
from vextrus.platform.money import ZERO, check_amount, round_amount

NOTE_KINDS = ("credit", "debit")
NOTE_KIND_BN = {"credit": "ক্রেডিট নোট", "debit": "ডেবিট নোট"}
NOTE_PREFIX = {("sales", "credit"): "SCN", ("sales", "debit"): "SDN",
               ("purchase", "credit"): "PCN", ("purchase", "debit"): "PDN"}
NOTE_SEQUENCE = {("sales", "credit"): "s_credit", ("sales", "debit"): "s_debit",
                 ("purchase", "credit"): "p_credit", ("purchase", "debit"): "p_debit"}


@dataclass(frozen=True)
class OpenLine:
    """An invoice line as it stands: original plus debits less credits."""

    line_no: int
    quantity: Decimal
    unit_price: Decimal
    net: Decimal
    vat: Decimal
    vat_code: str


@dataclass(frozen=True)
class NoteAsk:
    line_no: int
    quantity: Decimal | None = None
    amount: Decimal | None = None


@dataclass(frozen=True)
class PricedNoteLine:
    line_no: int
    quantity: Decimal | None
    net: Decimal
    full: bool  # a credit of all that remains of the line: its VAT is the remaining VAT exactly


def _bad(code: str, en: str, bn: str, field: str) -> ValidationFailed:
    return ValidationFailed(f"invoicing.{code}", en, bn, field=field)


def note_kind(raw: str) -> str:
    k = (raw or "").strip().lower()
    if k not in NOTE_KINDS:
        raise _bad("note_kind_unknown", "A note is 'credit' or 'debit'", "নোট 'credit' বা 'debit' হতে হবে", "kind")
    return k


def check_noteable(status: str, number: str) -> None:
    if status == "cancelled":
        raise _bad("note_on_cancelled", "The draft was cancelled: it takes no note", "বাতিল খসড়ার বিপরীতে নোট হয় না",
                   "invoice_id")
    if status == "draft":
        raise _bad("note_on_draft", f"Invoice {number} is a draft: change the draft instead of issuing a note",
                   "খসড়া চালানের বিপরীতে নোট হয় না: খসড়াটি বদলান", "invoice_id")


def price_note(kind: str, asks: list[NoteAsk], lines: dict[int, OpenLine]) -> list[PricedNoteLine]:
    """Each asked line's quantity and net value, refused with its path (`lines[1].quantity`)."""
    if not asks:
        raise _bad("note_lines_missing", "A note needs at least one line", "নোটে অন্তত একটি লাইন দিন", "lines")
    seen: set[int] = set()
    out = []
    for i, a in enumerate(asks):
        p = f"lines[{i}]"
        ln = lines.get(a.line_no)
        line_bn = to_bangla_digits(str(a.line_no))  # the line number given, in Bangla digits
        if ln is None:
            raise _bad("note_line_unknown", f"The invoice has no line {a.line_no}",
                       f"চালানে {line_bn} নম্বর লাইন নেই", f"{p}.line_no")
        if a.line_no in seen:
            raise _bad("note_line_twice", f"Line {a.line_no} is named twice", f"লাইন {line_bn} দুবার দেওয়া হয়েছে",
                       f"{p}.line_no")
        seen.add(a.line_no)
        if (a.quantity is None) == (a.amount is None):
            raise _bad("note_quantity_or_amount", "Give either a quantity or an amount",
                       "পরিমাণ অথবা মূল্য, যেকোনো একটি দিন", f"{p}.quantity")
        if a.quantity is not None:
            check_amount(a.quantity, f"{p}.quantity", places=3)
            if a.quantity <= 0:
                raise _bad("quantity_not_positive", f"Line {a.line_no}: the quantity must be more than zero",
                           f"লাইন {line_bn}: পরিমাণ শূন্যের বেশি হতে হবে", f"{p}.quantity")
            if kind == "credit":
                if a.quantity > ln.quantity:
                    raise _bad("credit_beyond_line", f"Line {a.line_no}: only {ln.quantity} remain to credit",
                               f"লাইন {line_bn}: ক্রেডিটযোগ্য পরিমাণ কেবল {format_count(ln.quantity, 'bn')}", f"{p}.quantity")
                full = a.quantity == ln.quantity
                net = ln.net if full else min(round_amount(ln.net * a.quantity / ln.quantity), ln.net)
            else:
                full, net = False, round_amount(a.quantity * ln.unit_price)
        else:
            amt = a.amount if a.amount is not None else ZERO
            check_amount(amt, f"{p}.amount", places=2)
            if amt <= 0:
                raise _bad("amount_not_positive", f"Line {a.line_no}: the amount must be more than zero",
                           f"লাইন {line_bn}: মূল্য শূন্যের বেশি হতে হবে", f"{p}.amount")
            if kind == "credit" and amt > ln.net:
                raise _bad("credit_beyond_line", f"Line {a.line_no}: only {ln.net} remain to credit",
                           f"লাইন {line_bn}: ক্রেডিটযোগ্য মূল্য কেবল {format_number(ln.net, 2, 'bn')}", f"{p}.amount")
            full, net = kind == "credit" and amt == ln.net, amt
        if net <= 0 and not full:  # a full credit of a line whose value went in earlier parts takes its VAT left
            raise _bad("amount_not_positive", f"Line {a.line_no}: the note's value rounds to zero",
                       f"লাইন {line_bn}: নোটের মূল্য শূন্য", f"{p}.quantity" if a.quantity else f"{p}.amount")
        out.append(PricedNoteLine(a.line_no, a.quantity, net, full))
    return out


def note_vat(kind: str, line: OpenLine, priced: PricedNoteLine, computed: Decimal) -> Decimal:
    """The VAT of a note line: all that remains of the line's VAT for a full credit, else the tax module's
    VAT on the note's value (`computed`), a credit never more than the VAT remaining."""
    if kind == "credit":
        return line.vat if priced.full else min(computed, line.vat)
    return computed


def check_credit_total(gross: Decimal, outstanding: Decimal) -> None:
    """A credit note reduces what is due: never beyond what is outstanding (a paid invoice is refunded,
    not credited here)."""
    if gross > outstanding:
        raise _bad("credit_beyond_outstanding", f"The credit {gross} is more than the {outstanding} outstanding",
                   f"ক্রেডিট {format_number(gross, 2, 'bn')} বকেয়া {format_number(outstanding, 2, 'bn')} এর বেশি", "lines")


def note_number(side: str, kind: str, year: str, seq: int) -> str:
    return f"{NOTE_PREFIX[(side, kind)]}-{year}-{seq:05d}"
