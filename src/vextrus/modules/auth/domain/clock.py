"""Time as an injected dependency, so expiry rules are testable without sleeping."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def aware_now(clock: Clock) -> datetime:
    """Call `clock` and insist on a timezone-aware result, normalised to UTC."""
    now = clock()
    return require_aware(now)


def require_aware(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("auth domain needs timezone-aware datetimes (UTC)")
    return moment.astimezone(UTC)
