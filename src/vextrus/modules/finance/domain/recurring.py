"""Recurring entries: what a template may say and when its next entry falls."""

from __future__ import annotations

import calendar
from datetime import date

from vextrus.platform.errors import ValidationFailed


def check_name(name: str) -> str:
    if not name.strip():
        raise ValidationFailed("name_required", "Name the recurring entry", "পুনরাবৃত্ত এন্ট্রির নাম দিন", field="name")
    return name.strip()


def check_schedule(interval_months: int, start: date, end: date | None) -> None:
    """At least a month apart, and an end (if any) not before the start."""
    if interval_months < 1:
        raise ValidationFailed("interval_invalid", "The interval is at least one month", "ব্যবধান অন্তত এক মাস",
                               field="interval_months")
    if end is not None and end < start:
        raise ValidationFailed("end_date_invalid", "The end date is before the start date",
                               "শেষের তারিখ শুরুর তারিখের আগে", field="end_date")


def add_months(d: date, months: int, day: int) -> date:
    """The date `months` later on the template's day of month (the month's last day when shorter)."""
    idx = d.year * 12 + d.month - 1 + months
    y, m = idx // 12, idx % 12 + 1
    return date(y, m, min(day, calendar.monthrange(y, m)[1]))
