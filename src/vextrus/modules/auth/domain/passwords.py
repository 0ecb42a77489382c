"""Password hashing (argon2id) and the password policy.

Hashing parameters are explicit and named so an operator can state what production uses:

* ``PRODUCTION``: argon2id, t=3, m=64 MiB, p=4, 32-byte hash, 16-byte salt
  (RFC 9106 "second recommended option", also argon2-cffi's default).
* ``FAST_TEST``: argon2id, t=1, m=8 KiB, p=1: same code path, ~1000x cheaper, for tests.

Passwords are NFKC-normalised before hashing so the same Bangla text typed with composed
or decomposed characters verifies alike.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from argon2 import PasswordHasher as _Argon2
from argon2 import Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from .common_passwords import COMMON_PASSWORDS
from .errors import AuthError


@dataclass(frozen=True)
class Argon2Profile:
    """argon2id cost parameters. `memory_cost` is in KiB."""

    name: str
    time_cost: int
    memory_cost: int
    parallelism: int
    hash_len: int = 32
    salt_len: int = 16


PRODUCTION = Argon2Profile("production", time_cost=3, memory_cost=64 * 1024, parallelism=4)
FAST_TEST = Argon2Profile("fast-test", time_cost=1, memory_cost=8, parallelism=1)


def normalize_password(password: str) -> str:
    return unicodedata.normalize("NFKC", password)


class PasswordHasher:
    """Hash, verify and detect stale hashes with one argon2id profile."""

    def __init__(self, profile: Argon2Profile = PRODUCTION) -> None:
        self.profile = profile
        self._argon = _Argon2(
            time_cost=profile.time_cost,
            memory_cost=profile.memory_cost,
            parallelism=profile.parallelism,
            hash_len=profile.hash_len,
            salt_len=profile.salt_len,
            type=Type.ID,
        )
        # Verified against when the account does not exist, so timing does not tell.
        self._dummy_hash = self._argon.hash("vextrus-dummy-password")

    def hash(self, password: str) -> str:
        return self._argon.hash(normalize_password(password))

    def verify(self, stored_hash: str, password: str) -> bool:
        """True when `password` matches; False on mismatch or an unreadable hash."""
        try:
            return self._argon.verify(stored_hash, normalize_password(password))
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def verify_or_dummy(self, stored_hash: str | None, password: str) -> bool:
        """Verify, spending the same work when there is no account (no hash)."""
        if stored_hash is None:
            self.verify(self._dummy_hash, password)
            return False
        return self.verify(stored_hash, password)

    def needs_rehash(self, stored_hash: str) -> bool:
        """True when the hash was made with other parameters (rehash after login)."""
        try:
            return self._argon.check_needs_rehash(stored_hash)
        except (InvalidHashError, ValueError):
            return True


# ---------------------------------------------------------------- policy

_VIOLATION_TEXT: dict[str, tuple[str, str]] = {
    "password.too_short": (
        "Use at least {min_length} characters.",
        "কমপক্ষে {min_length}টি অক্ষর ব্যবহার করুন।",
    ),
    "password.too_long": (
        "Use at most {max_length} characters.",
        "সর্বোচ্চ {max_length}টি অক্ষর ব্যবহার করুন।",
    ),
    "password.single_class": (
        "Mix at least two kinds of characters (letters, digits, symbols).",
        "অন্তত দুই ধরনের অক্ষর মেশান (বর্ণ, অঙ্ক, চিহ্ন)।",
    ),
    "password.contains_username": (
        "The password must not contain your user name or email name.",
        "পাসওয়ার্ডে আপনার ইউজার নেম বা ইমেইলের নাম থাকা চলবে না।",
    ),
    "password.too_common": (
        "This password is too common. Choose one that is harder to guess.",
        "এই পাসওয়ার্ডটি খুব সাধারণ। অনুমান করা কঠিন এমন পাসওয়ার্ড বেছে নিন।",
    ),
}


@dataclass(frozen=True)
class PolicyViolation:
    code: str
    message: str
    message_bn: str
    details: dict[str, Any] = field(default_factory=dict)


def _violation(code: str, **details: Any) -> PolicyViolation:
    en, bn = _VIOLATION_TEXT[code]
    return PolicyViolation(code, en.format(**details), bn.format(**details), details)


def character_class(ch: str) -> str:
    """lower / upper / digit / letter (other scripts, incl. Bangla) / symbol."""
    cat = unicodedata.category(ch)
    if cat == "Ll":
        return "lower"
    if cat == "Lu" or cat == "Lt":
        return "upper"
    if cat == "Nd":
        return "digit"
    if cat[0] in ("L", "M"):
        return "letter"
    return "symbol"


@dataclass(frozen=True)
class PasswordPolicy:
    """Rules a new password must pass; `check` lists every failure at once."""

    min_length: int = 10
    max_length: int = 256
    min_classes: int = 2
    common_passwords: frozenset[str] = COMMON_PASSWORDS
    min_identifier_length: int = 3

    def check(
        self, password: str, *, username: str | None = None, email: str | None = None
    ) -> list[PolicyViolation]:
        pw = normalize_password(password)
        violations: list[PolicyViolation] = []
        if len(pw) < self.min_length:
            violations.append(_violation("password.too_short", min_length=self.min_length))
        if len(pw) > self.max_length:
            violations.append(_violation("password.too_long", max_length=self.max_length))
        if pw and len({character_class(c) for c in pw}) < self.min_classes:
            violations.append(_violation("password.single_class"))
        folded = pw.casefold()
        if any(ident in folded for ident in self._identifiers(username, email)):
            violations.append(_violation("password.contains_username"))
        if folded in self.common_passwords or folded.strip() in self.common_passwords:
            violations.append(_violation("password.too_common"))
        return violations

    def enforce(self, password: str, *, username: str | None = None, email: str | None = None) -> None:
        """Raise `AuthError(auth.password_policy)` listing the violations, if any."""
        violations = self.check(password, username=username, email=email)
        if violations:
            raise AuthError.of(
                "auth.password_policy",
                field="password",
                violations=[
                    {"code": v.code, "message": v.message, "message_bn": v.message_bn} for v in violations
                ],
            )

    def _identifiers(self, username: str | None, email: str | None) -> Iterable[str]:
        candidates = []
        if username:
            candidates.append(username)
        if email:
            candidates.append(email.split("@", 1)[0])
        for c in candidates:
            c = normalize_password(c).strip().casefold()
            if len(c) >= self.min_identifier_length:
                yield c
