"""Account lockout and sliding-window rate limits for sign-in.

Everything is keyed by what the client *typed* (the normalised login identifier) and by
its address, never by whether an account exists: an unknown email is locked and limited
exactly like a real one, so neither the error nor the lockout tells an attacker which
accounts exist. The functions are pure over timestamps; `LoginGuard` applies them through
an injected `AttemptStore`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from .clock import Clock, aware_now, utc_now
from .errors import AuthError


@dataclass(frozen=True)
class LockoutPolicy:
    """Lock after `max_failures` failures within `window`, for `lock_duration`."""

    max_failures: int = 5
    window: timedelta = timedelta(minutes=15)
    lock_duration: timedelta = timedelta(minutes=15)


@dataclass(frozen=True)
class LockoutState:
    failures: tuple[datetime, ...] = ()
    locked_until: datetime | None = None


def is_locked(state: LockoutState, now: datetime) -> bool:
    return state.locked_until is not None and now < state.locked_until


def register_failure(state: LockoutState, now: datetime, policy: LockoutPolicy) -> LockoutState:
    """Add a failure; lock when the count within the window reaches the maximum."""
    if is_locked(state, now):
        return state  # failures while locked neither extend nor count toward the next lock
    recent = tuple(t for t in state.failures if now - t < policy.window) + (now,)
    if len(recent) >= policy.max_failures:
        return LockoutState(failures=(), locked_until=now + policy.lock_duration)
    return LockoutState(failures=recent, locked_until=None)


def register_success(state: LockoutState) -> LockoutState:
    return LockoutState()


@dataclass(frozen=True)
class RateLimit:
    """At most `limit` events in any `window`."""

    limit: int
    window: timedelta


@dataclass(frozen=True)
class RateDecision:
    allowed: bool
    remaining: int
    retry_after: timedelta  # zero when allowed
    events: tuple[datetime, ...]  # the window's events to store (incl. this one if allowed)


def sliding_window(events: Sequence[datetime], now: datetime, rule: RateLimit) -> RateDecision:
    """Sliding-log limiter: allow and record `now` if fewer than `limit` events in the window."""
    recent = tuple(sorted(t for t in events if now - t < rule.window))
    if len(recent) >= rule.limit:
        oldest_that_counts = recent[len(recent) - rule.limit]
        return RateDecision(False, 0, oldest_that_counts + rule.window - now, recent)
    kept = recent + (now,)
    return RateDecision(True, rule.limit - len(kept), timedelta(0), kept)


class AttemptStore(Protocol):
    """Where lockout state and rate-limit logs live (memory, database or Redis)."""

    def get_lockout(self, key: str) -> LockoutState: ...
    def put_lockout(self, key: str, state: LockoutState) -> None: ...
    def get_events(self, key: str) -> tuple[datetime, ...]: ...
    def put_events(self, key: str, events: tuple[datetime, ...]) -> None: ...


class InMemoryAttemptStore:
    def __init__(self) -> None:
        self.lockouts: dict[str, LockoutState] = {}
        self.events: dict[str, tuple[datetime, ...]] = {}

    def get_lockout(self, key: str) -> LockoutState:
        return self.lockouts.get(key, LockoutState())

    def put_lockout(self, key: str, state: LockoutState) -> None:
        self.lockouts[key] = state

    def get_events(self, key: str) -> tuple[datetime, ...]:
        return self.events.get(key, ())

    def put_events(self, key: str, events: tuple[datetime, ...]) -> None:
        self.events[key] = events


def normalize_identifier(identifier: str) -> str:
    """One key per login name: trimmed and case-folded."""
    return identifier.strip().casefold()


def invalid_credentials() -> AuthError:
    """The single sign-in failure, the same whether or not the account exists."""
    return AuthError.of("auth.invalid_credentials")


class LoginGuard:
    """Rate limits (per account, per address) before a sign-in; lockout after failures."""

    def __init__(
        self,
        store: AttemptStore,
        *,
        clock: Clock = utc_now,
        lockout: LockoutPolicy = LockoutPolicy(),
        per_account: RateLimit = RateLimit(10, timedelta(minutes=1)),
        per_address: RateLimit = RateLimit(30, timedelta(minutes=1)),
    ) -> None:
        self.store = store
        self._clock = clock
        self.lockout = lockout
        self.per_account = per_account
        self.per_address = per_address

    def check(self, identifier: str, address: str) -> None:
        """Count this attempt; raise `auth.too_many_attempts` if locked or over a limit.

        Call before looking up the account or hashing anything.
        """
        now = aware_now(self._clock)
        account = "acct:" + normalize_identifier(identifier)
        state = self.store.get_lockout(account)
        if is_locked(state, now):
            assert state.locked_until is not None
            raise _too_many(state.locked_until - now)
        for key, rule in ((account, self.per_account), ("addr:" + address, self.per_address)):
            decision = sliding_window(self.store.get_events(key), now, rule)
            self.store.put_events(key, decision.events)
            if not decision.allowed:
                raise _too_many(decision.retry_after)

    def record_failure(self, identifier: str) -> LockoutState:
        now = aware_now(self._clock)
        key = "acct:" + normalize_identifier(identifier)
        state = register_failure(self.store.get_lockout(key), now, self.lockout)
        self.store.put_lockout(key, state)
        return state

    def record_success(self, identifier: str) -> None:
        key = "acct:" + normalize_identifier(identifier)
        self.store.put_lockout(key, register_success(self.store.get_lockout(key)))


def _too_many(retry_after: timedelta) -> AuthError:
    seconds = max(1, int(-(-retry_after.total_seconds() // 1)))
    return AuthError.of("auth.too_many_attempts", retry_after_seconds=seconds)
