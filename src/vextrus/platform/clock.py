"""An injectable clock so tests and scheduled work can fix "now"."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

DHAKA = ZoneInfo("Asia/Dhaka")

_now: Callable[[], datetime] = lambda: datetime.now(UTC)  # noqa: E731


def now() -> datetime:
    """Current time, UTC, timezone-aware."""
    return _now()


def today() -> date:
    """Today's business date in Asia/Dhaka."""
    return now().astimezone(DHAKA).date()


EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2999, 12, 31)
"""Business dates outside these are refused as input: reports and schedules step a day or a year
back and forth from them, which year 1 or 9999 cannot (and no book of record reaches them)."""


def check_date(value: date | datetime | None, field: str) -> None:
    """Refuse (naming the field) a business date before 1900 or after 2999."""
    if value is None:
        return
    day = value.date() if isinstance(value, datetime) else value
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        from vextrus.platform.errors import ValidationFailed
        from vextrus.platform.i18n import to_bangla_digits

        raise ValidationFailed(
            "date_out_of_range", f"{field}: {day.isoformat()} is outside the years 1900 to 2999",
            f"{to_bangla_digits(day.isoformat())} তারিখটি ১৯০০ থেকে ২৯৯৯ সালের মধ্যে নয়", field=field,
            details={"earliest": EARLIEST_DATE.isoformat(), "latest": LATEST_DATE.isoformat()},
        )


def local_naive(value: datetime) -> datetime:
    """A datetime as the naive Asia/Dhaka wall-clock time schedules use (aware ones are converted)."""
    return value.astimezone(DHAKA).replace(tzinfo=None) if value.tzinfo is not None else value


def set_clock(fn: Callable[[], datetime] | None) -> None:
    """Replace the clock (None restores the system clock)."""
    global _now
    _now = fn or (lambda: datetime.now(UTC))


class FrozenClock:
    """A clock a test can move by hand."""

    def __init__(self, at: datetime):
        if at.tzinfo is None:
            raise ValueError("FrozenClock needs a timezone-aware datetime")
        self.at = at

    def __call__(self) -> datetime:
        return self.at

    def advance(self, **kw: float) -> None:
        self.at = self.at + timedelta(**kw)
