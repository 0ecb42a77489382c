from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vextrus.modules.auth.domain.errors import AuthError
from vextrus.modules.auth.domain.lockout import (
    InMemoryAttemptStore,
    LockoutPolicy,
    LockoutState,
    LoginGuard,
    RateLimit,
    is_locked,
    normalize_identifier,
    register_failure,
    sliding_window,
)
from vextrus.modules.auth.domain.login import Credential, check_password

T0 = datetime(2025, 7, 1, 9, 0, tzinfo=UTC)
RIGHT = "Rod&Cement-2025"


@pytest.fixture
def accounts(hasher):
    stored = {
        "rahim@example.com.bd": Credential("u1", "t1", hasher.hash(RIGHT)),
        "karim@example.com.bd": Credential("u2", "t1", hasher.hash(RIGHT), active=False),
    }
    return stored.get


def attempt(hasher, accounts, identifier, password):
    return check_password(accounts(normalize_identifier(identifier)), password, hasher)


def failure(*args) -> AuthError:
    with pytest.raises(AuthError) as exc:
        attempt(*args)
    return exc.value


def test_right_password_signs_in(hasher, accounts):
    result = attempt(hasher, accounts, "  Rahim@Example.com.bd ", RIGHT)
    assert result.credential.user_id == "u1"
    assert not result.needs_rehash and not result.mfa_required


def test_unknown_account_wrong_password_and_disabled_account_fail_identically(hasher, accounts):
    errors = [
        failure(hasher, accounts, "nobody@example.com.bd", RIGHT),
        failure(hasher, accounts, "rahim@example.com.bd", "wrong-Password-1"),
        failure(hasher, accounts, "karim@example.com.bd", RIGHT),
    ]
    assert {(e.code, e.message, e.message_bn, e.field) for e in errors} == {
        ("auth.invalid_credentials", errors[0].message, errors[0].message_bn, None)
    }
    assert all(e.details == {} for e in errors)


# Sign-in no longer locks accounts (anyone could lock anyone out): it is throttled per account
# and address (test_signin_throttling.py). The sliding-window limiter below still guards password
# reset requests.


def _refused(guard: LoginGuard, identifier: str, address: str) -> AuthError:
    with pytest.raises(AuthError) as exc:
        guard.check(identifier, address)
    return exc.value


def test_per_address_rate_limit_stops_request_floods(clock):
    guard = LoginGuard(InMemoryAttemptStore(), clock=clock, per_address=RateLimit(3, timedelta(minutes=1)))
    for n in range(3):
        guard.check(f"user{n}@example.com.bd", "203.0.113.7")
    assert _refused(guard, "rahim@example.com.bd", "203.0.113.7").code == "auth.too_many_attempts"
    # another address is not affected, and the first recovers after the window
    guard.check("rahim@example.com.bd", "198.51.100.1")
    clock.advance(minutes=1)
    guard.check("rahim@example.com.bd", "203.0.113.7")


def test_per_account_rate_limit_applies_across_addresses(clock):
    guard = LoginGuard(InMemoryAttemptStore(), clock=clock, per_account=RateLimit(2, timedelta(seconds=30)))
    guard.check("rahim@example.com.bd", "a")
    guard.check("rahim@example.com.bd", "b")
    err = _refused(guard, "rahim@example.com.bd", "c")
    assert err.code == "auth.too_many_attempts" and err.details["retry_after_seconds"] == 30


def test_lockout_policy_is_configurable():
    policy = LockoutPolicy(max_failures=3, lock_duration=timedelta(hours=1))
    state = LockoutState()
    for i in range(3):
        state = register_failure(state, T0 + timedelta(seconds=i), policy)
    assert is_locked(state, T0 + timedelta(minutes=59))
    assert not is_locked(state, T0 + timedelta(hours=1, seconds=2))


@given(
    offsets=st.lists(st.integers(min_value=0, max_value=600), max_size=60),
    limit=st.integers(min_value=1, max_value=5),
    window=st.integers(min_value=1, max_value=120),
)
def test_sliding_window_never_allows_more_than_limit_in_any_window(offsets, limit, window):
    rule = RateLimit(limit, timedelta(seconds=window))
    stored: tuple[datetime, ...] = ()
    allowed: list[datetime] = []
    for offset in sorted(offsets):
        now = T0 + timedelta(seconds=offset)
        decision = sliding_window(stored, now, rule)
        stored = decision.events
        if decision.allowed:
            allowed.append(now)
        else:
            assert decision.retry_after > timedelta(0)
            # retrying exactly when told is allowed
            assert sliding_window(stored, now + decision.retry_after, rule).allowed
    for t in allowed:
        in_window = [u for u in allowed if t <= u < t + rule.window]
        assert len(in_window) <= limit
