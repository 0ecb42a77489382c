"""Typed per-tenant settings and feature-flag evaluation: pure rules, no I/O."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from uuid import UUID

from vextrus.platform.errors import ValidationFailed
from vextrus.platform.i18n import to_ascii_digits, to_bangla_digits
from vextrus.platform.modules import SettingDef

TRUE_WORDS = {"true", "1", "yes", "on", "হ্যাঁ"}
FALSE_WORDS = {"false", "0", "no", "off", "না"}


def _invalid(defn: SettingDef, en: str, bn: str) -> ValidationFailed:
    return ValidationFailed("setting_invalid", f"{defn.label}: {en}", f"{defn.label_bn}: {bn}",
                            field="value", details={"key": defn.key, "type": defn.type})


def coerce(defn: SettingDef, raw: Any) -> Any:
    """Parse and validate a value for a setting (strings from forms are accepted, Bangla digits too)."""
    value = to_ascii_digits(raw.strip()) if isinstance(raw, str) else raw
    t = defn.type
    if t == "str":
        if not isinstance(value, str):
            raise _invalid(defn, "must be text", "লেখা হতে হবে")
        out: Any = value
    elif t == "bool":
        if isinstance(value, bool):
            out = value
        elif isinstance(value, str) and value.lower() in TRUE_WORDS | FALSE_WORDS:
            out = value.lower() in TRUE_WORDS
        else:
            raise _invalid(defn, "must be yes or no", "হ্যাঁ অথবা না হতে হবে")
    elif t == "int":
        import re

        if isinstance(value, int) and not isinstance(value, bool):
            out = value
        elif isinstance(value, str) and re.fullmatch(r"[+-]?\d+", value):
            out = int(value)
        else:
            raise _invalid(defn, "must be a whole number", "পূর্ণসংখ্যা হতে হবে")
    elif t == "decimal":
        try:
            # a JSON number arrives as float; its shortest repr is exactly what the user typed
            out = Decimal(repr(value) if isinstance(value, float) else str(value).replace(",", ""))
            if not out.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            raise _invalid(defn, "must be a number", "সংখ্যা হতে হবে") from None
    elif t == "date":
        try:
            out = value if isinstance(value, date) else date.fromisoformat(str(value))
        except ValueError:
            raise _invalid(defn, "must be a date (YYYY-MM-DD)", "তারিখ হতে হবে (বছর-মাস-দিন, যেমন ২০২৬-০১-৩১)") from None
    elif t == "choice":
        if value not in defn.choices:
            raise _invalid(defn, f"must be one of {', '.join(defn.choices)}",
                           "তালিকার একটি মান হতে হবে")
        out = value
    elif t == "json":
        if isinstance(value, str):
            try:
                out = json.loads(value)
            except ValueError:
                raise _invalid(defn, "must be valid JSON", "সঠিক জেসন (JSON) লেখা হতে হবে") from None
        else:
            out = value
    else:
        raise ValueError(f"unknown setting type {t}")
    if defn.min is not None and out < defn.min:
        raise _invalid(defn, f"must be at least {defn.min}", f"কমপক্ষে {to_bangla_digits(str(defn.min))} হতে হবে")
    if defn.max is not None and out > defn.max:
        raise _invalid(defn, f"must be at most {defn.max}", f"সর্বোচ্চ {to_bangla_digits(str(defn.max))} হতে পারে")
    return out


def to_storage(defn: SettingDef, value: Any) -> Any:
    """JSON-safe form: decimals and dates as strings so nothing is lost."""
    if defn.type in ("decimal", "date"):
        return str(value)
    return value


def from_storage(defn: SettingDef, stored: Any) -> Any:
    if defn.type == "decimal":
        return Decimal(stored)
    if defn.type == "date":
        return date.fromisoformat(stored)
    return stored


# ---- feature flags ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Override:
    kind: str  # user | role
    subject: str  # user id or role code
    enabled: bool


@dataclass(frozen=True)
class FlagState:
    key: str
    enabled: bool
    rollout_percent: int | None = None  # None = everyone (when enabled)
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    overrides: tuple[Override, ...] = field(default_factory=tuple)


def rollout_bucket(key: str, user_id: UUID | str) -> int:
    """0..99, stable per (flag, user): the same user stays in or out as the percentage grows."""
    digest = hashlib.sha256(f"{key}:{user_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % 100


def evaluate(flag: FlagState, *, user_id: UUID | None, roles: frozenset[str] | set[str],
             now: datetime) -> tuple[bool, str]:
    """Decide a flag for one user; returns (on?, reason) so the UI can explain the answer.

    Order: outside its dates → off; a user override; a role override (on wins over off);
    the master switch; then the percentage rollout by stable bucket."""
    if flag.starts_at and now < flag.starts_at:
        return False, "not_started"
    if flag.ends_at and now >= flag.ends_at:
        return False, "ended"
    if user_id is not None:
        for o in flag.overrides:
            if o.kind == "user" and o.subject == str(user_id):
                return o.enabled, "user_override"
    role_votes = [o.enabled for o in flag.overrides if o.kind == "role" and o.subject in roles]
    if role_votes:
        return any(role_votes), "role_override"
    if not flag.enabled:
        return False, "off"
    if flag.rollout_percent is None or flag.rollout_percent >= 100:
        return True, "on"
    if user_id is None:
        return False, "rollout_needs_user"
    return rollout_bucket(flag.key, user_id) < flag.rollout_percent, "rollout"


def validate_flag_key(key: str) -> str:
    import re

    if not re.fullmatch(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)+", key or ""):
        raise ValidationFailed("flag_key_invalid", "A flag key looks like module.feature_name",
                               "ফ্ল্যাগ কী module.feature_name আকারে হতে হবে", field="key")
    return key


def validate_rollout(percent: int | None) -> int | None:
    if percent is not None and not 0 <= percent <= 100:
        raise ValidationFailed("rollout_percent", "Rollout must be between 0 and 100 percent",
                               "রোলআউট ০ থেকে ১০০ শতাংশের মধ্যে হতে হবে", field="rollout_percent")
    return percent


OVERRIDE_KINDS = ("user", "role")


def validate_override_kind(kind: str) -> str:
    if kind not in OVERRIDE_KINDS:
        raise ValidationFailed("override_kind", "An override is for a user or a role",
                               "ওভাররাইড একজন ব্যবহারকারী বা একটি ভূমিকার জন্য", field="kind")
    return kind


def validate_window(starts_at: datetime | None, ends_at: datetime | None) -> None:
    """A flag's time window: when both ends are given, the end comes after the start."""
    if starts_at and ends_at and ends_at <= starts_at:
        raise ValidationFailed("flag_window", "The end must come after the start",
                               "শেষের সময় শুরুর পরে হতে হবে", field="ends_at")
