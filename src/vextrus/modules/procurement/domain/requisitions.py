"""Purchase requisitions: lines (item, quantity, needed-by date) and the states draft → submitted →
approved | rejected (a rejection needs a reason; a rejected requisition may be edited and submitted again)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

from vextrus.platform.i18n import format_date, to_bangla_digits

from .errors import bad

MAX_LINES = 500

TRANSITIONS = {
    ("draft", "submit"): "submitted",
    ("rejected", "submit"): "submitted",
    ("submitted", "approve"): "approved",
    ("submitted", "reject"): "rejected",
    # through the requisition approval workflow (approvals_requisition.py): a rejected or withdrawn approval
    # puts the requisition back as a draft; a requisition not yet approved may be cancelled (with a reason)
    ("submitted", "return"): "draft",
    ("draft", "cancel"): "cancelled",
    ("submitted", "cancel"): "cancelled",
    ("rejected", "cancel"): "cancelled",
}
PAST = {"submit": "submitted", "approve": "approved", "reject": "rejected", "return": "returned to draft",
        "cancel": "cancelled"}
STATUS_BN = {"draft": "খসড়া", "submitted": "জমা দেওয়া", "approved": "অনুমোদিত", "rejected": "প্রত্যাখ্যাত",
             "sourcing": "দরপত্র চলছে", "ordered": "ক্রয়াদেশ দেওয়া",
             "cancelled": "বাতিল"}


@dataclass(frozen=True)
class ReqLine:
    item_id: UUID
    quantity: Decimal
    needed_by: date
    boq_line: str = ""


def check_requisition_lines(lines: list[ReqLine], requested_on: date) -> tuple[ReqLine, ...]:
    """At least one line, at most 500; each quantity above zero, needed on or after the request date,
    one line per item (merge repeated items yourself: a CS compares one quantity per item)."""
    if not lines:
        raise bad("requisition_empty", "A requisition needs at least one line", "অধিযাচনে অন্তত একটি লাইন দিন",
                  field="lines")
    if len(lines) > MAX_LINES:
        raise bad("requisition_too_long", f"At most {MAX_LINES} lines", f"সর্বোচ্চ {to_bangla_digits(str(MAX_LINES))}টি লাইন", field="lines")
    seen: set[UUID] = set()
    for i, ln in enumerate(lines):
        if ln.quantity <= 0:
            raise bad("quantity_not_positive", "The quantity must be above zero", "পরিমাণ শূন্যের বেশি হতে হবে",
                      field=f"lines[{i}].quantity")
        if ln.needed_by < requested_on:
            raise bad("needed_before_request", f"Needed by {ln.needed_by} is before the request date {requested_on}",
                      f"প্রয়োজনের তারিখ {format_date(ln.needed_by, 'bn')} অধিযাচনের তারিখ {format_date(requested_on, 'bn')}-এর আগে",
                      field=f"lines[{i}].needed_by")
        if ln.item_id in seen:
            raise bad("item_repeated", "An item appears twice: put its quantity on one line",
                      "একই পণ্য দুবার: পরিমাণ এক লাইনে দিন", field=f"lines[{i}].item_id")
        seen.add(ln.item_id)
    return tuple(lines)


def requisition_transition(status: str, action: str, reason: str = "") -> str:
    """The next status, or a refusal naming the current one."""
    nxt = TRANSITIONS.get((status, action))
    if nxt is None:
        raise bad("requisition_state", f"A {status} requisition cannot be {PAST.get(action, action)} here",
                  f"{STATUS_BN.get(status, status)} অধিযাচনে এই কাজ করা যায় না", field="status",
                  status=status, action=action)
    if action in ("reject", "cancel") and not reason.strip():
        raise bad("reason_missing", f"Say why the requisition is {PAST[action]}",
                  "প্রত্যাখ্যানের কারণ লিখুন" if action == "reject" else "বাতিলের কারণ লিখুন", field="reason")
    return nxt
