"""What a calendar edit may say: working hours as 08:00-12:00,13:00-17:00, weekdays 0-6, a monsoon
that ends after it starts."""

from __future__ import annotations

from datetime import date

from vextrus.platform.errors import ValidationFailed

from .calendar import CalendarError, parse_hours


def check_hours(hours: str, field: str) -> str:
    try:
        parse_hours(hours or "")
    except (CalendarError, ValueError):
        raise ValidationFailed("calendar_hours", f"hours must look like 08:00-12:00,13:00-17:00 (got {hours!r})",
                               "সময় 08:00-12:00,13:00-17:00 এর মতো লিখুন", field=field) from None
    return (hours or "").strip()


DAY_KEYS = [str(d) for d in range(7)]  # 0 = Monday .. 6 = Sunday


def check_work_week(work_week: dict[str, str]) -> None:
    """Every key a weekday 0-6 and every value working hours ('' = a day off)."""
    for k, v in work_week.items():
        if k not in DAY_KEYS:
            raise ValidationFailed("calendar_day", f"unknown weekday {k} (0=Monday .. 6=Sunday)",
                                   "অজানা বার: ০ (সোমবার) থেকে ৬ (রবিবার) দিন", field="work_week")
        check_hours(v, f"work_week.{k}")  # a day's hours not written as 08:00-12:00 named, not a bare ValueError


def check_monsoon_dates(start: date, finish: date) -> None:
    if finish < start:
        raise ValidationFailed("monsoon_dates", "The monsoon ends before it starts", "বর্ষা শুরুর আগে শেষ হচ্ছে",
                               field="finish")
