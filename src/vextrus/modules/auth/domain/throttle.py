"""Sign-in throttling in the manner of OWASP ASVS V2.2.1 (instead of a hard account lockout).

Two counters, both keyed by what the client *typed* and where it came from, never by whether
an account exists:

* **account + address** ("pair"): the first `free_failures` failures cost nothing; from then on
  each failure makes the pair wait before its next attempt: 1 s, 2 s, 4 s, … doubling up to
  `max_delay` (15 min). A success clears it; so does a quiet `forget_after`. Because the
  address is part of the key, a stranger guessing at an account never stops its owner, who
  signs in from another address, and an administrator can clear an account's pairs at once.
* **address**: `address_failures` failures from one address within `address_window`, across
  any accounts (password spraying), lock that address for `address_lock`.

While a counter waits, an attempt is refused *before* any password is hashed, with the time
left (`auth.throttled`, `retry_after_seconds`); refused attempts do not count again. The
functions are pure over timestamps; the auth module keeps the counters in the database
(`auth_signin_throttle`), so they survive restarts and are shared by every worker.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from .errors import AuthError


@dataclass(frozen=True)
class ThrottlePolicy:
    free_failures: int = 3
    first_delay: timedelta = timedelta(seconds=1)
    max_delay: timedelta = timedelta(minutes=15)
    forget_after: timedelta = timedelta(hours=24)
    address_failures: int = 50
    address_window: timedelta = timedelta(minutes=15)
    address_lock: timedelta = timedelta(minutes=15)


@dataclass(frozen=True)
class Counter:
    failures: int = 0
    window_start: datetime | None = None
    last_failure_at: datetime | None = None
    blocked_until: datetime | None = None


def pair_delay(failures: int, policy: ThrottlePolicy) -> timedelta:
    """How long a pair waits after its `failures`-th failure: 0 for the free ones, then doubling."""
    if failures < policy.free_failures:
        return timedelta(0)
    n = failures - policy.free_failures
    if n >= 40:  # 2**40 s is far beyond any cap
        return policy.max_delay
    return min(policy.first_delay * (2**n), policy.max_delay)


def pair_failed(c: Counter, now: datetime, policy: ThrottlePolicy) -> Counter:
    recent = c.last_failure_at is not None and now - c.last_failure_at < policy.forget_after
    failures = (c.failures if recent else 0) + 1
    delay = pair_delay(failures, policy)
    return Counter(failures, c.window_start if recent else now, now, now + delay if delay else None)


def address_failed(c: Counter, now: datetime, policy: ThrottlePolicy) -> Counter:
    if c.window_start is None or now - c.window_start >= policy.address_window:
        c = Counter(0, now, c.last_failure_at, c.blocked_until)
    failures = c.failures + 1
    blocked = now + policy.address_lock if failures >= policy.address_failures else c.blocked_until
    return Counter(failures, c.window_start, now, blocked)


def wait_left(c: Counter, now: datetime) -> timedelta:
    """Zero when the counter lets an attempt through."""
    if c.blocked_until is None or now >= c.blocked_until:
        return timedelta(0)
    return c.blocked_until - now


def seconds_up(wait: timedelta) -> int:
    return max(1, int(-(-wait.total_seconds() // 1)))


_BN_DIGITS = str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯")


def describe_wait(seconds: int) -> tuple[str, str]:
    """'2 minutes 5 seconds' and '২ মিনিট ৫ সেকেন্ড': the wait as a person reads it."""
    h, rest = divmod(max(0, seconds), 3600)
    m, s = divmod(rest, 60)
    en, bn = [], []
    for n, one, many, word_bn in ((h, "hour", "hours", "ঘণ্টা"), (m, "minute", "minutes", "মিনিট"),
                                  (s, "second", "seconds", "সেকেন্ড")):
        if n or (not en and word_bn == "সেকেন্ড"):
            en.append(f"{n} {one if n == 1 else many}")
            bn.append(f"{str(n).translate(_BN_DIGITS)} {word_bn}")
    return " ".join(en), " ".join(bn)


def throttled(wait: timedelta, scope: str) -> AuthError:
    """The refusal, telling when to try again (`scope`: account | address)."""
    seconds = seconds_up(wait)
    en, bn = describe_wait(seconds)
    return AuthError(
        "auth.throttled",
        f"Too many failed sign-in attempts. Try again in {en}.",
        f"অনেকবার ভুল সাইন-ইন চেষ্টা হয়েছে। {bn} পরে আবার চেষ্টা করুন।",
        details={"retry_after_seconds": seconds, "scope": scope},
    )
