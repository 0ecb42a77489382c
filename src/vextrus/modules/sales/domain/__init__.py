"""Pure rules of property sales: no I/O, no SQLAlchemy, FastAPI or Strawberry.

`units` holds the unit inventory's value rules and status machine, `schedule` the instalment schedule
(always summing to the price to the poisha), `collections` allocation of receipts (oldest due first),
delay charges and cancellation refunds."""

from __future__ import annotations

from vextrus.platform.errors import DomainError, ValidationFailed

from .collections import Allocation, Due, allocate, delay_charge, refund_on_cancellation
from .schedule import Instalment, MilestoneSpec, ScheduleSpec, build_schedule
from .units import (
    FACINGS,
    KINDS,
    STATUSES,
    check_transition,
    code_of,
    price_of,
    require_text,
    size_of,
)

__all__ = ["FACINGS", "KINDS", "STATUSES", "Allocation", "Due", "Instalment", "MilestoneSpec", "Missing",
           "ScheduleSpec", "SalesError", "allocate", "build_schedule", "check_transition", "code_of",
           "delay_charge", "price_of", "refund_on_cancellation", "require_text", "size_of"]


class SalesError(ValidationFailed):
    """A sales rule was broken (422): code, message in English and Bangla, and the offending field."""


class Missing(DomainError):
    status = 404

    def __init__(self, what: str, what_bn: str, key: object, field: str | None = None):
        super().__init__("not_found", f"{what} '{key}' was not found", f"{what_bn} '{key}' পাওয়া যায়নি",
                         field=field, details={"object": what, "key": str(key)})
