"""An activity's own values (type, constraints, duration, progress) and a link's (type, ends): pure
checks raising a ValidationFailed naming the field."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from vextrus.platform.errors import ValidationFailed

from .network import ActivityType, ConstraintType, RelType

ACTIVITY_FIELDS = {"name", "duration_hours", "type", "constraint_type", "constraint_date", "constraint2_type",
                   "constraint2_date", "actual_start", "actual_finish", "remaining_hours", "percent_complete",
                   "budget", "calendar_code", "wbs_code", "expected_finish", "remaining_cost"}

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
    rc = values.get("remaining_cost")
    if rc is not None and str(rc).strip() and _negative(rc):
        raise ValidationFailed("remaining_cost_negative", "The cost to complete cannot be negative",
                               "সম্পন্ন করার বাকি খরচ ঋণাত্মক হতে পারে না", field="remaining_cost")
    pc = values.get("percent_complete")
    if pc is not None and not 0 <= float(pc) <= 100:
        raise ValidationFailed("percent_complete", "Percent complete must be between 0 and 100",
                               "সম্পন্নের শতাংশ ০ থেকে ১০০ এর মধ্যে হতে হবে", field="percent_complete")
    if values.get("actual_finish") and not values.get("actual_start", True):
        raise ValidationFailed("actual_finish", "An activity cannot finish before it starts",
                               "শুরুর আগে শেষ হতে পারে না", field="actual_finish")


def _negative(value: Any) -> bool:  # noqa: ANN401
    try:
        return Decimal(str(value).strip()) < 0
    except InvalidOperation:
        raise ValidationFailed("number_invalid", f"'{value}' is not a number", f"'{value}' সংখ্যা নয়",
                               field="remaining_cost") from None


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


def loop_through(links: Iterable[tuple[str, str]], predecessor: str, successor: str) -> list[str] | None:
    """The path successor → … → predecessor along existing links (predecessor, successor), if one
    exists: a new link predecessor → successor would then close a loop. Breadth first, so the path
    named is a shortest one."""
    after: dict[str, list[str]] = {}
    for p, s in links:
        after.setdefault(p, []).append(s)
    came_from: dict[str, str | None] = {successor: None}
    queue = [successor]
    for here in queue:
        if here == predecessor:
            path = [here]
            while (back := came_from[path[-1]]) is not None:
                path.append(back)
            return path[::-1]
        for nxt in after.get(here, ()):
            if nxt not in came_from:
                came_from[nxt] = here
                queue.append(nxt)
    return None


def check_no_loop(links: Iterable[tuple[str, str]], predecessor: str, successor: str) -> None:
    """Refuse a link that would close a loop, naming the activities of the loop in order."""
    path = loop_through(links, predecessor, successor)
    if path is None:
        return
    ring = ring_codes = " → ".join([predecessor, *path])
    predecessor_code, successor_code = predecessor, successor  # activity codes, as the user typed them
    raise ValidationFailed(
        "relationship_loop", f"{predecessor} → {successor} would make a loop: {ring}",
        f"{predecessor_code} → {successor_code} সম্পর্কটি একটি চক্র (লুপ) তৈরি করবে: {ring_codes}", field="successor",
        details={"cycle": [predecessor, *path[:-1]]})


def days_to_hours(days: float, hours_per_day: float) -> float:
    """A duration or lag typed in days, in the working hours the schedule keeps."""
    return round(days * hours_per_day, 4)


def hours_to_days(hours: float | None, hours_per_day: float) -> float | None:
    return None if hours is None else round(hours / (hours_per_day or 8.0), 4)
