"""An activity's own values (type, constraints, duration, progress) and a link's (type, ends): pure
checks raising a ValidationFailed naming the field."""

from __future__ import annotations

from typing import Any

from vextrus.platform.errors import ValidationFailed

from .network import ActivityType, ConstraintType, RelType

ACTIVITY_FIELDS = {"name", "duration_hours", "type", "constraint_type", "constraint_date", "constraint2_type",
                   "constraint2_date", "actual_start", "actual_finish", "remaining_hours", "percent_complete",
                   "budget", "calendar_code", "wbs_code", "expected_finish"}

PROGRESS_FIELDS = {"actual_start", "actual_finish", "remaining_hours", "percent_complete", "expected_finish"}


def check_activity_values(values: dict[str, Any]) -> None:
    if "type" in values:
        try:
            ActivityType(values["type"])
        except ValueError:
            raise ValidationFailed("activity_type", f"unknown activity type {values['type']}",
                                   "অজানা কার্যক্রমের ধরন", field="type") from None
    for k in ("constraint_type", "constraint2_type"):
        if values.get(k):
            try:
                ConstraintType(values[k])
            except ValueError:
                raise ValidationFailed("constraint_type", f"unknown constraint {values[k]}",
                                       "অজানা সীমাবদ্ধতা", field=k) from None
    d = values.get("duration_hours")
    if d is not None and float(d) < 0:
        raise ValidationFailed("duration_negative", "Duration cannot be negative",
                               "সময়কাল ঋণাত্মক হতে পারে না", field="duration_hours")
    pc = values.get("percent_complete")
    if pc is not None and not 0 <= float(pc) <= 100:
        raise ValidationFailed("percent_complete", "Percent complete must be between 0 and 100",
                               "সম্পন্নের শতাংশ ০ থেকে ১০০ এর মধ্যে হতে হবে", field="percent_complete")
    if values.get("actual_finish") and not values.get("actual_start", True):
        raise ValidationFailed("actual_finish", "An activity cannot finish before it starts",
                               "শুরুর আগে শেষ হতে পারে না", field="actual_finish")


def check_relationship(type: str, predecessor: str, successor: str) -> None:  # noqa: A002
    """A link is FS, SS, FF or SF between two different activities."""
    try:
        RelType(type)
    except ValueError:
        raise ValidationFailed("relationship_type", "Relationship type must be FS, SS, FF or SF",
                               "সম্পর্কের ধরন FS, SS, FF বা SF হতে হবে", field="type") from None
    if predecessor == successor:
        raise ValidationFailed("relationship_self", "An activity cannot be its own predecessor",
                               "একটি কার্যক্রম নিজের পূর্বসূরি হতে পারে না", field="successor")
