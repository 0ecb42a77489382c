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


@pytest.fixture
def guard(clock):
    # generous rate limits so these tests exercise the lockout alone
    return LoginGuard(
        InMemoryAttemptStore(),
        clock=clock,
        per_account=RateLimit(100, timedelta(minutes=1)),
        per_address=RateLimit(100, timedelta(minutes=1)),
    )


def attempt(guard, hasher, accounts, identifier, password, address="203.0.113.7"):
    return check_password(identifier, password, address, lookup=accounts, hasher=hasher, guard=guard)


def failure(*args, **kwargs) -> AuthError:
    with pytest.raises(AuthError) as exc:
        attempt(*args, **kwargs)
    return exc.value


def test_right_password_signs_in(guard, hasher, accounts):
    result = attempt(guard, hasher, accounts, "  Rahim@Example.com.bd ", RIGHT)
    assert result.credential.user_id == "u1"
    assert not result.needs_rehash and not result.mfa_required


def test_unknown_account_wrong_password_and_disabled_account_fail_identically(guard, hasher, accounts):
    errors = [
        failure(guard, hasher, accounts, "nobody@example.com.bd", RIGHT),
        failure(guard, hasher, accounts, "rahim@example.com.bd", "wrong-Password-1"),
        failure(guard, hasher, accounts, "karim@example.com.bd", RIGHT),
    ]
    assert {(e.code, e.message, e.message_bn, e.field) for e in errors} == {
        ("auth.invalid_credentials", errors[0].message, errors[0].message_bn, None)
    }
    assert all(e.details == {} for e in errors)


def test_brute_force_locks_the_account_then_it_unlocks(guard, hasher, accounts, clock):
    for _ in range(5):
        err = failure(guard, hasher, accounts, "rahim@example.com.bd", "guess-123456")
        assert err.code == "auth.invalid_credentials"
        clock.advance(seconds=10)
    # locked: even the right password is refused now
    err = failure(guard, hasher, accounts, "rahim@example.com.bd", RIGHT)
    assert err.code == "auth.too_many_attempts"
    assert 0 < err.details["retry_after_seconds"] <= 15 * 60
    clock.advance(minutes=15)
    assert attempt(guard, hasher, accounts, "rahim@example.com.bd", RIGHT).credential.user_id


def test_unknown_accounts_lock_the_same_way(guard, hasher, accounts):
    for _ in range(5):
        failure(guard, hasher, accounts, "ghost@example.com.bd", "guess-123456")
    err = failure(guard, hasher, accounts, "ghost@example.com.bd", "guess-123456")
    assert err.code == "auth.too_many_attempts"


def test_success_resets_the_failure_count(guard, hasher, accounts):
    for _ in range(4):
        failure(guard, hasher, accounts, "rahim@example.com.bd", "guess-123456")
    attempt(guard, hasher, accounts, "rahim@example.com.bd", RIGHT)
    for _ in range(4):
        failure(guard, hasher, accounts, "rahim@example.com.bd", "guess-123456")
    assert attempt(guard, hasher, accounts, "rahim@example.com.bd", RIGHT)


def test_failures_spread_beyond_the_window_do_not_lock(guard, hasher, accounts, clock):
    for _ in range(8):
        failure(guard, hasher, accounts, "rahim@example.com.bd", "guess-123456")
        clock.advance(minutes=4)  # at most 4 failures inside any 15-minute window
    assert attempt(guard, hasher, accounts, "rahim@example.com.bd", RIGHT)


def test_per_address_rate_limit_stops_password_spraying(hasher, accounts, clock):
    guard = LoginGuard(InMemoryAttemptStore(), clock=clock, per_address=RateLimit(3, timedelta(minutes=1)))
    for n in range(3):
        failure(guard, hasher, accounts, f"user{n}@example.com.bd", "guess-123456")
    err = failure(guard, hasher, accounts, "rahim@example.com.bd", RIGHT)
    assert err.code == "auth.too_many_attempts"
    # another address is not affected, and the first recovers after the window
    assert attempt(guard, hasher, accounts, "rahim@example.com.bd", RIGHT, address="198.51.100.1")
    clock.advance(minutes=1)
    assert attempt(guard, hasher, accounts, "rahim@example.com.bd", RIGHT)


def test_per_account_rate_limit_applies_across_addresses(hasher, accounts, clock):
    guard = LoginGuard(InMemoryAttemptStore(), clock=clock, per_account=RateLimit(2, timedelta(seconds=30)))
    attempt(guard, hasher, accounts, "rahim@example.com.bd", RIGHT, address="a")
    attempt(guard, hasher, accounts, "rahim@example.com.bd", RIGHT, address="b")
    err = failure(guard, hasher, accounts, "rahim@example.com.bd", RIGHT, address="c")
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
