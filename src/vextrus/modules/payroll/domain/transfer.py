"""Transfers between sites (issue 18): which project an employee works for, dated. Pure: the history in,
the new history row (or a refusal with code, en/bn message and field) out; and the project in effect on a day."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from vextrus.platform.errors import Conflict, ValidationFailed
from vextrus.platform.i18n import format_date


@dataclass(frozen=True)
class Posting:
    """One row of the history: from `effective_on` the employee works for `project_id` (None: head office)."""

    effective_on: date
    project_id: UUID | None


def in_effect(history: Sequence[Posting], day: date, fallback: UUID | None = None) -> UUID | None:
    """The project in effect on `day`: the latest row effective on or before it (`fallback` when none)."""
    best: Posting | None = None
    for p in history:
        if p.effective_on <= day and (best is None or p.effective_on >= best.effective_on):
            best = p
    return fallback if best is None else best.project_id


def transfer(history: Sequence[Posting], *, status: str, joining_date: date, current: UUID | None,
             project_id: UUID | None, effective_on: date, reason: str) -> Posting:
    """The new posting, or a refusal: a separated employee, a date before joining or not after the last
    transfer, the project they already work for on that date, an empty reason."""
    if status == "separated":
        raise Conflict("payroll.employee_separated", "A separated employee cannot be transferred",
                       "অব্যাহতিপ্রাপ্ত কর্মীকে বদলি করা যায় না", field="employee_id")
    if not reason.strip():
        raise ValidationFailed("payroll.transfer_reason_required", "Give the reason for the transfer",
                               "বদলির কারণ লিখুন", field="reason")
    if effective_on < joining_date:
        raise ValidationFailed("payroll.transfer_before_joining",
                               f"The transfer takes effect before the joining date {joining_date.isoformat()}",
                               f"বদলির তারিখ যোগদানের তারিখ {format_date(joining_date, 'bn')} এর আগে", field="effective_on")
    last = max((p.effective_on for p in history), default=None)
    if last is not None and effective_on <= last:
        raise ValidationFailed("payroll.transfer_before_last",
                               f"The transfer must take effect after the last one ({last.isoformat()})",
                               f"বদলির তারিখ আগের বদলির ({format_date(last, 'bn')}) পরে হতে হবে", field="effective_on")
    if project_id == in_effect(history, effective_on, current):
        raise ValidationFailed("payroll.transfer_same_project", "The employee already works for this project",
                               "কর্মী ইতিমধ্যে এই প্রকল্পেই কর্মরত", field="project_id")
    return Posting(effective_on, project_id)
