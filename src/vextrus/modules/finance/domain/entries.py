"""Journal entries as stored: their statuses and the rules of moving between them (posting a draft,
reversing a posted entry). Validating an entry's lines is `journal`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from .errors import LedgerError

DRAFT, POSTED, REVERSED, VOID = "draft", "posted", "reversed", "void"
STATUSES = (DRAFT, POSTED, REVERSED, VOID)
STATUS_BN = {DRAFT: "খসড়া", POSTED: "পোস্ট করা", REVERSED: "রিভার্স করা হয়েছে", VOID: "বাতিল"}  # in messages
NOT_REPEATABLE = frozenset({"reversal", "closing", "opening"})  # journal types a recurring entry does not copy


def check_draft(status: str, number: str | None) -> None:
    """Only a draft is posted (or sent for approval) from its saved lines."""
    if status != DRAFT:
        raise LedgerError("entry_not_draft", f"Entry {number} is already {status}.", f"এন্ট্রি {number} ইতিমধ্যে "
                          f"{STATUS_BN.get(status, 'খসড়া নয়')}।", field="entry")


def check_reversible(status: str, number: str, entry_date: date, on: date) -> None:
    """Only a posted entry is reversed, and not on a date before its own."""
    if status != POSTED:
        raise LedgerError("entry_not_posted", f"Entry {number} is {status}; only posted entries can be "
                          "reversed.", f"এন্ট্রি {number} {STATUS_BN.get(status, 'পোস্ট করা নয়')}; শুধু পোস্ট করা এন্ট্রি রিভার্স করা "
                          "যায়।",
                          field="entry", details={"status": status})
    if on < entry_date:
        raise LedgerError("reversal_date_invalid", "A reversal cannot be dated before the entry it reverses.",
                          "রিভার্সালের তারিখ মূল এন্ট্রির আগে হতে পারে না।", field="reversal_date")


def trimmed(q: Decimal) -> Decimal:
    """A stored quantity (6 places) with the decimals it was written with: the entry's rules count them."""
    return q.quantize(Decimal(1)) if q == q.to_integral_value() else q.normalize()
