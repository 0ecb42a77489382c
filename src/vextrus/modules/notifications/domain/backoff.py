"""Retry timing: exponential backoff with a ceiling, and when a delivery gives up."""

from __future__ import annotations

from datetime import datetime, timedelta

BASE_SECONDS = 60
CEILING_SECONDS = 6 * 3600
MAX_ATTEMPTS = 5


def delay(attempt: int, base: int = BASE_SECONDS, ceiling: int = CEILING_SECONDS) -> timedelta:
    """Wait after the `attempt`-th failed try (1-based): base, 2·base, 4·base, … capped at `ceiling`."""
    if attempt < 1:
        raise ValueError("attempt counts from 1")
    return timedelta(seconds=min(ceiling, base * 2 ** min(attempt - 1, 30)))


def next_attempt(now: datetime, attempt: int, max_attempts: int = MAX_ATTEMPTS) -> datetime | None:
    """When to try again after `attempt` failures, or None: give up (dead letter)."""
    return None if attempt >= max_attempts else now + delay(attempt)
