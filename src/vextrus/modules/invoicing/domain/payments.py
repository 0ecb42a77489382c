"""Pure rules of a payment: its method and instrument, and the deductions at source split out of it.

A vendor bill is settled in full (Dr payables the amount) while the bank pays the amount less VAT
deducted at source (VAT and SD Act 2012 s.49, Mushak 6.6) and income tax deducted at source (Income Tax
Act 2023 s.89 etc.). The bill's whole deductions are computed once on the bill (its lines' VAT, its
value excluding VAT); each payment takes its share in proportion to what it settles, and the payment that
settles the rest takes what remains, so paying in parts in any order deducts the same totals."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from vextrus.platform.errors import ValidationFailed
from vextrus.platform.money import ZERO, check_amount, round_amount

METHODS = ("cash", "cheque", "bank_transfer", "mfs")
RAILS = ("BEFTN", "RTGS", "NPSB")
MFS = ("bkash", "nagad", "rocket")


def _bad(code: str, en: str, bn: str, field: str) -> ValidationFailed:
    return ValidationFailed(f"invoicing.{code}", en, bn, field=field)


def check_method(method: str, cheque_no: str, cheque_date: date | None, reference: str, mfs_provider: str) -> str:
    """The method and what it needs: a cheque its number and date; a bank transfer its BEFTN/RTGS
    reference; MFS its provider (bKash, Nagad, Rocket) and transaction id. Returns the instrument to keep
    (cheque number or MFS provider)."""
    m = (method or "").strip().lower()
    if m not in METHODS:
        raise _bad("method_unknown", "A payment is by cash, cheque, bank_transfer or mfs",
                   "পরিশোধের মাধ্যম নগদ, চেক, ব্যাংক স্থানান্তর বা মোবাইল ব্যাংকিং", "method")
    if m == "cheque":
        if not cheque_no.strip():
            raise _bad("cheque_no_missing", "A cheque payment needs the cheque number", "চেক নম্বর দিন", "cheque_no")
        if cheque_date is None:
            raise _bad("cheque_date_missing", "A cheque payment needs the cheque's date", "চেকের তারিখ দিন",
                       "cheque_date")
        return cheque_no.strip()
    if m == "bank_transfer" and not reference.strip():
        raise _bad("reference_missing", "A bank transfer needs its BEFTN or RTGS reference",
                   "ব্যাংক স্থানান্তরের বিইএফটিএন বা আরটিজিএস রেফারেন্স দিন", "reference")
    if m == "mfs":
        p = mfs_provider.strip().lower()
        if p not in MFS:
            raise _bad("mfs_provider_unknown", "Mobile money is bkash, nagad or rocket",
                       "মোবাইল ব্যাংকিং বিকাশ, নগদ বা রকেট হতে হবে", "mfs_provider")
        if not reference.strip():
            raise _bad("reference_missing", "A mobile money payment needs its transaction id",
                       "মোবাইল ব্যাংকিং লেনদেনের আইডি দিন", "reference")
        return p
    return ""


def share(total: Decimal, amount: Decimal, due: Decimal, already: Decimal, settles: bool) -> Decimal:
    """This payment's part of a deduction of `total` over a document of `due`: in proportion to what it
    settles (half-up to the poisha), the settling payment taking all that remains; never below zero nor
    beyond what remains."""
    left = max(total - already, ZERO)
    if settles or due <= 0:
        return left
    return min(round_amount(total * amount / due), left)


def check_deductions(amount: Decimal, vds: Decimal, ait: Decimal) -> None:
    """Deductions a customer made: exact amounts, not negative, together no more than the payment."""
    for v, f in ((vds, "vds"), (ait, "ait")):
        check_amount(v, f, places=2)
        if v < 0:
            raise _bad("deduction_negative", "A deduction cannot be negative", "কর্তন ঋণাত্মক হতে পারে না", f)
    if vds + ait > amount:
        raise _bad("deductions_too_large", "The deductions are more than the payment",
                   "কর্তন পরিশোধের চেয়ে বেশি", "vds")


def certificate_number(tax: str, year: str, seq: int) -> str:
    """Mushak 6.6 for VDS; `TDS` for income tax deducted at source."""
    return f"{'M66' if tax == 'vds' else 'TDS'}-{year}-{seq:05d}"
