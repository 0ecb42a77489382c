from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from vextrus.modules.auth.domain.passwords import FAST_TEST, PasswordHasher


class ManualClock:
    """A clock a test moves by hand (no sleeping)."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at

    def advance(self, **kwargs: float) -> None:
        self.at = self.at + timedelta(**kwargs)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(datetime(2025, 7, 1, 9, 0, tzinfo=UTC))


@pytest.fixture(scope="session")
def hasher() -> PasswordHasher:
    return PasswordHasher(FAST_TEST)
