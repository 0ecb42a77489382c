from __future__ import annotations

import itertools
from collections.abc import Callable
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


# ---- client addresses ---------------------------------------------------------------------------
# The sign-in limiter counts 30 attempts a minute per client address, and reads the address
# the ASGI server hands the app (`request.client.host`; uvicorn rewrites it from
# X-Forwarded-For only for a trusted proxy, which TestClient is not). Its log lives in the
# test database, shared by the whole run: every client and direct sign-in here gets an address
# of its own (198.18.0.0/15, the range reserved for tests), so adding tests never trips it.

_addresses = itertools.count(1)


def unique_address() -> str:
    n = next(_addresses)
    return f"198.{18 + n // 65_536 % 2}.{n // 256 % 256}.{n % 256}"


@pytest.fixture
def address() -> str:
    """A client address no other test uses, for direct `sessions.login(..., address)` calls."""
    return unique_address()


@pytest.fixture
def make_client(db) -> Callable[..., object]:  # noqa: ANN001
    """`make_client()` → a TestClient of the app whose requests come from an address of its own."""
    from fastapi.testclient import TestClient

    from vextrus.app import create_app

    def make(**kwargs: object) -> TestClient:
        return TestClient(create_app(db.settings, start_runtime=False), client=(unique_address(), 50_000),
                          **kwargs)  # type: ignore[arg-type]
    return make
