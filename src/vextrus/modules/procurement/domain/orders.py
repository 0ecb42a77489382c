"""Purchase orders (one per vendor, from the CS selection): approval, revisions (the order's lines change,
the number stays, the revision counts up and the earlier lines are kept as history; a revised order is
approved again) and receipts (GRN): received = accepted + rejected, accepted at most what is still due."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

from vextrus.platform.i18n import to_bangla_digits
from vextrus.platform.money import ZERO, round_amount

from .errors import bad

ORDER_STATUS_BN = {"draft": "খসড়া", "approved": "অনুমোদিত", "partially_received": "আংশিক গৃহীত",
                   "received": "সম্পূর্ণ গৃহীত", "cancelled": "বাতিল"}
OPEN_FOR_RECEIPT = ("approved", "partially_received")


@dataclass(frozen=True)
class OrderLine:
    item_id: UUID
    quantity: Decimal
    rate: Decimal
    accepted: Decimal = ZERO  # received and accepted so far (GRNs)
    billed: Decimal = ZERO  # on matched vendor bills so far

    @property
    def amount(self) -> Decimal:
        return round_amount(self.quantity * self.rate)

    @property
    def due(self) -> Decimal:
        return self.quantity - self.accepted


@dataclass(frozen=True)
class GrnLine:
    line_no: int  # the order's line
    received: Decimal
    accepted: Decimal
    rejected: Decimal


def order_total(lines: Iterable[OrderLine]) -> Decimal:
    return sum((ln.amount for ln in lines), ZERO)


def check_order_lines(new: list[OrderLine], old: list[OrderLine] | None = None) -> tuple[OrderLine, ...]:
    """An order's lines (at creation, or a revision's against the stored ones, matched by item): each
    quantity and rate above zero; a revision cannot take a line below what was already received, nor drop
    an item that was received."""
    if not new:
        raise bad("order_empty", "An order needs at least one line", "ক্রয়াদেশে অন্তত একটি লাইন দিন", field="lines")
    before = {ln.item_id: ln for ln in old or []}
    seen: set[UUID] = set()
    out = []
    for i, ln in enumerate(new):
        if ln.quantity <= 0:
            raise bad("quantity_not_positive", "The quantity must be above zero", "পরিমাণ শূন্যের বেশি হতে হবে",
                      field=f"lines[{i}].quantity")
        if ln.rate <= 0:
            raise bad("rate_not_positive", "The rate must be above zero", "দর শূন্যের বেশি হতে হবে", field=f"lines[{i}].rate")
        if ln.item_id in seen:
            raise bad("item_repeated", "An item appears twice", "একই পণ্য দুবার", field=f"lines[{i}].item_id")
        seen.add(ln.item_id)
        prev = before.get(ln.item_id)
        accepted, billed = (prev.accepted, prev.billed) if prev else (ZERO, ZERO)
        if ln.quantity < accepted:
            raise bad("below_received", f"{accepted} were already received: the quantity cannot be less",
                      to_bangla_digits(f"{accepted} আগেই গৃহীত: পরিমাণ এর কম হতে পারে না"), field=f"lines[{i}].quantity",
                      received=accepted)
        out.append(OrderLine(ln.item_id, ln.quantity, ln.rate, accepted, billed))
    for item_id, prev in before.items():
        if item_id not in seen and prev.accepted > 0:
            raise bad("received_line_dropped", "A line that was received cannot be removed",
                      "গৃহীত লাইন বাদ দেওয়া যায় না", field="lines", item_id=item_id)
    return tuple(out)


def order_transition(status: str, action: str, anything_received: bool = False, reason: str = "") -> str:
    """approve: draft → approved; cancel: draft or approved with nothing received → cancelled (with a reason);
    revise: any open order → draft (to be approved again)."""
    if action == "approve" and status == "draft":
        return "approved"
    if action == "cancel" and status in ("draft", "approved") and not anything_received:
        if not reason.strip():
            raise bad("reason_missing", "Say why the order is cancelled", "বাতিলের কারণ লিখুন", field="reason")
        return "cancelled"
    if action == "revise" and status in ("draft", "approved", "partially_received"):
        if not reason.strip():
            raise bad("reason_missing", "Say why the order is revised", "সংশোধনের কারণ লিখুন", field="reason")
        return "draft"
    raise bad("order_state", f"A {status} order cannot be {action}d", f"{ORDER_STATUS_BN.get(status, status)} "
              "ক্রয়াদেশে এই কাজ করা যায় না", field="status", status=status, action=action)


def order_status_after_receipt(lines: Iterable[OrderLine]) -> str:
    lines = list(lines)
    if all(ln.accepted >= ln.quantity for ln in lines):
        return "received"
    return "partially_received" if any(ln.accepted > 0 for ln in lines) else "approved"


def check_grn(status: str, lines: list[OrderLine], receipt: list[GrnLine]) -> tuple[GrnLine, ...]:
    """A receipt against an approved order: each line names an order line once; received, accepted and
    rejected at least zero with received = accepted + rejected; accepted at most what is still due; at
    least one quantity received."""
    if status not in OPEN_FOR_RECEIPT:
        raise bad("order_not_open", f"Goods are received only against an approved order (this one is {status})",
                  f"শুধু অনুমোদিত ক্রয়াদেশের মাল গ্রহণ করা যায় (এটি {ORDER_STATUS_BN.get(status, status)})",
                  field="order_id", status=status)
    if not receipt:
        raise bad("receipt_empty", "A receipt needs at least one line", "প্রাপ্তিতে অন্তত একটি লাইন দিন", field="lines")
    seen: set[int] = set()
    for i, g in enumerate(receipt):
        path = f"lines[{i}]"
        if not 1 <= g.line_no <= len(lines) or g.line_no in seen:
            raise bad("order_line_unknown", f"The order has no line {g.line_no} (or it is named twice)",
                      f"ক্রয়াদেশে {g.line_no} নম্বর লাইন নেই (বা দুবার)", field=f"{path}.line_no")
        seen.add(g.line_no)
        for name in ("received", "accepted", "rejected"):
            if getattr(g, name) < 0:
                raise bad("quantity_negative", "A quantity cannot be negative", "পরিমাণ ঋণাত্মক হতে পারে না",
                          field=f"{path}.{name}")
        if g.accepted + g.rejected != g.received:
            raise bad("receipt_unbalanced", f"Accepted {g.accepted} + rejected {g.rejected} must equal received {g.received}",
                      to_bangla_digits(f"গৃহীত {g.accepted} + প্রত্যাখ্যাত {g.rejected} = প্রাপ্ত {g.received} হতে হবে"),
                      field=f"{path}.accepted")
        due = lines[g.line_no - 1].due
        if g.accepted > due:
            raise bad("over_receipt", f"Only {due} are still due on line {g.line_no}; {g.accepted} cannot be accepted",
                      to_bangla_digits(f"{g.line_no} নম্বর লাইনে মাত্র {due} বাকি; {g.accepted} গ্রহণ করা যায় না"),
                      field=f"{path}.accepted", due=due)
    if all(g.received == 0 for g in receipt):
        raise bad("receipt_empty", "Nothing was received", "কিছুই প্রাপ্ত হয়নি", field="lines")
    return tuple(receipt)
