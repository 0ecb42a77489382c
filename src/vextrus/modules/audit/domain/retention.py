"""Retention: how long records of an object type stay in the live table and how long they are kept.

A policy names an object type pattern (`finance.*`, `auth.login`, `*`): records matching it stay
live for `live_days`, then may be archived to compressed files (still verifiable), and are kept at
least `retain_years` in all (financial records: 7 years, the Bangladesh Income Tax Act's
period for books of account). The most specific pattern wins (exact, then the longest prefix).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from vextrus.platform.errors import ValidationFailed


@dataclass(frozen=True)
class Policy:
    pattern: str
    live_days: int
    retain_years: int


DEFAULTS = (
    Policy("*", 365, 5),
    Policy("finance.*", 730, 7),
    Policy("auth.*", 180, 2),
)


def check(pattern: str, live_days: int, retain_years: int) -> Policy:
    pattern = pattern.strip()
    if not pattern or len(pattern) > 120 or ("*" in pattern and not (pattern == "*" or pattern.endswith(".*"))):
        raise ValidationFailed("audit_pattern_invalid",
                               "Write an object type (finance.journal), a module (finance.*) or *",
                               "একটি অবজেক্টের ধরন (finance.journal), একটি মডিউল (finance.*) বা * লিখুন",
                               field="pattern")
    if not 0 <= live_days <= 36500:
        raise ValidationFailed("audit_live_days_invalid", "Days in the live table must be 0 to 36,500",
                               "সক্রিয় টেবিলে দিনের সংখ্যা ০ থেকে ৩৬,৫০০ হতে হবে", field="live_days")
    if not 1 <= retain_years <= 100 or retain_years * 365 < live_days:
        raise ValidationFailed("audit_retain_years_invalid",
                               "Keep records 1 to 100 years, and at least as long as they stay live",
                               "রেকর্ড ১ থেকে ১০০ বছর রাখুন, এবং অন্তত যত দিন সক্রিয় থাকে তত দিন",
                               field="retain_years")
    return Policy(pattern, live_days, retain_years)


def matches(pattern: str, object_type: str) -> bool:
    if pattern == "*":
        return True
    if pattern.endswith(".*"):
        return object_type.startswith(pattern[:-1])
    return pattern == object_type


def policy_for(object_type: str, policies: Iterable[Policy]) -> Policy:
    found = [p for p in policies if matches(p.pattern, object_type)]
    if not found:
        return DEFAULTS[0]
    return max(found, key=lambda p: (p.pattern == object_type, len(p.pattern)))


def archivable(object_type: str, occurred_at: datetime, now: datetime, policies: Iterable[Policy]) -> bool:
    """The record has been live for its policy's days and may move to an archive file."""
    return occurred_at <= now - timedelta(days=policy_for(object_type, policies).live_days)


def kept_until(object_type: str, occurred_at: datetime, policies: Iterable[Policy]) -> datetime:
    years = policy_for(object_type, policies).retain_years
    return occurred_at + timedelta(days=round(365.25 * years))
