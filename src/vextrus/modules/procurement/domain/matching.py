"""The 3-way match of a vendor bill against the purchase order (rate) and the goods receipts (quantity
accepted and not yet billed), within tolerances in percent (settings).

A bill line passes when billed quantity ≤ unbilled accepted quantity × (1 + quantity tolerance) and billed
rate ≤ order rate × (1 + price tolerance). Billing less, or cheaper, always passes. A bill with any line
outside is blocked with one reason per line and kind."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from vextrus.platform.i18n import to_bangla_digits
from vextrus.platform.money import ZERO, round_amount

from .errors import bad
from .orders import OrderLine

HUNDRED = Decimal(100)


def _n(d: Decimal) -> str:
    """A quantity, rate or percentage as people write it: 58, not 58.000000."""
    return f"{d.normalize():f}"


@dataclass(frozen=True)
class BillLine:
    line_no: int  # the order's line
    quantity: Decimal
    rate: Decimal


@dataclass(frozen=True)
class Mismatch:
    line_no: int
    kind: str  # quantity | price
    expected: Decimal  # the most that passes without tolerance: unbilled accepted quantity, or the order rate
    billed: Decimal
    message: str
    message_bn: str


def _check(lines: list[OrderLine], bill: list[BillLine], qty_tol: Decimal, price_tol: Decimal) -> None:
    if qty_tol < 0 or price_tol < 0:
        raise bad("tolerance_negative", "A tolerance cannot be negative", "সহনসীমা ঋণাত্মক হতে পারে না",
                  field="tolerance")
    if not bill:
        raise bad("bill_empty", "A bill needs at least one line", "বিলে অন্তত একটি লাইন দিন", field="lines")
    seen: set[int] = set()
    for i, b in enumerate(bill):
        if not 1 <= b.line_no <= len(lines) or b.line_no in seen:
            raise bad("order_line_unknown", f"The order has no line {b.line_no} (or it is named twice)",
                      f"ক্রয়াদেশে {b.line_no} নম্বর লাইন নেই (বা দুবার)", field=f"lines[{i}].line_no")
        seen.add(b.line_no)
        if b.quantity <= 0:
            raise bad("quantity_not_positive", "The quantity must be above zero", "পরিমাণ শূন্যের বেশি হতে হবে",
                      field=f"lines[{i}].quantity")
        if b.rate <= 0:
            raise bad("rate_not_positive", "The rate must be above zero", "দর শূন্যের বেশি হতে হবে",
                      field=f"lines[{i}].rate")


def match_bill(lines: list[OrderLine], bill: list[BillLine], qty_tol_pct: Decimal,
               price_tol_pct: Decimal) -> list[Mismatch]:
    """The mismatches (empty: matched). Bad input (unknown line, non-positive numbers) is refused."""
    _check(lines, bill, qty_tol_pct, price_tol_pct)
    out = []
    for b in bill:
        ln = lines[b.line_no - 1]
        open_qty = ln.accepted - ln.billed
        if b.quantity > open_qty * (1 + qty_tol_pct / HUNDRED):
            out.append(Mismatch(b.line_no, "quantity", open_qty, b.quantity,
                                f"Line {b.line_no}: billed {_n(b.quantity)} but {_n(open_qty)} received and not yet billed "
                                f"(tolerance {_n(qty_tol_pct)}%)",
                                to_bangla_digits(f"লাইন {b.line_no}: বিলে {_n(b.quantity)}, কিন্তু গৃহীত ও বিল না হওয়া "
                                                 f"{_n(open_qty)} (সহনসীমা {_n(qty_tol_pct)}%)")))
        if b.rate > ln.rate * (1 + price_tol_pct / HUNDRED):
            out.append(Mismatch(b.line_no, "price", ln.rate, b.rate,
                                f"Line {b.line_no}: billed rate {_n(b.rate)} above the order's {_n(ln.rate)} "
                                f"(tolerance {_n(price_tol_pct)}%)",
                                to_bangla_digits(f"লাইন {b.line_no}: বিলের দর {_n(b.rate)} ক্রয়াদেশের {_n(ln.rate)}-এর "
                                                 f"বেশি (সহনসীমা {_n(price_tol_pct)}%)")))
    return out


@dataclass(frozen=True)
class Clearing:
    """What a matched bill line does to goods received not invoiced (GRNI, account 2115): the part of the
    billed quantity that was received and not yet billed takes its value off GRNI (the value inventory
    booked for it); what the vendor bills beyond that value (a higher or lower rate, or a quantity over
    what was received within the tolerance) is the variance."""

    line_no: int
    quantity: Decimal  # billed
    received: Decimal  # of it, received and not billed before: cleared from GRNI
    cleared: Decimal  # GRNI's value taken off, to the poisha
    amount: Decimal  # the vendor's amount: quantity × bill rate, to the poisha

    @property
    def variance(self) -> Decimal:
        """amount − cleared: positive when the vendor bills more than the goods were booked at."""
        return self.amount - self.cleared


def clear_grni(line: OrderLine, received_value: Decimal, cleared_value: Decimal, bill: BillLine) -> Clearing:
    """The GRNI clearing of a bill line against its order line, given the value received so far on the line
    (what inventory booked to GRNI) and what earlier bills cleared of it. Billing all that is open clears all
    that is open, exactly (so GRNI nets to zero for a fully billed receipt whatever the rounding); billing
    part of it clears that share of the open value, to the poisha (the order rate × quantity when the
    receipts were at the order's rate)."""
    open_qty = max(line.accepted - line.billed, ZERO)
    open_value = received_value - cleared_value
    received = min(bill.quantity, open_qty)
    if received <= 0:
        cleared = ZERO
    elif received == open_qty:
        cleared = open_value
    else:
        cleared = round_amount(open_value * received / open_qty)
    return Clearing(bill.line_no, bill.quantity, received, cleared, round_amount(bill.quantity * bill.rate))
