"""The password step of sign-in: guard, look up, verify, and fail one way only.

Unknown account, wrong password and disabled account all raise the same
`auth.invalid_credentials` after the same argon2 work, so neither message nor timing says
which accounts exist. Lockout and rate limits are keyed by the typed identifier.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .lockout import LoginGuard, invalid_credentials, normalize_identifier
from .passwords import PasswordHasher


@dataclass(frozen=True)
class Credential:
    """What the password step needs to know about an account."""

    user_id: str
    tenant_id: str
    password_hash: str | None
    active: bool = True
    mfa_enabled: bool = False


@dataclass(frozen=True)
class PasswordCheck:
    credential: Credential
    needs_rehash: bool  # store `hasher.hash(password)` now, while the password is at hand
    mfa_required: bool


def check_password(
    identifier: str,
    password: str,
    address: str,
    *,
    lookup: Callable[[str], Credential | None],
    hasher: PasswordHasher,
    guard: LoginGuard,
) -> PasswordCheck:
    """Raise `auth.too_many_attempts` or `auth.invalid_credentials`, or return the account.

    `lookup` receives the identifier trimmed and case-folded (`normalize_identifier`).
    """
    guard.check(identifier, address)
    credential = lookup(normalize_identifier(identifier))
    stored = credential.password_hash if credential else None
    ok = hasher.verify_or_dummy(stored, password)
    if not ok or credential is None or not credential.active or stored is None:
        guard.record_failure(identifier)
        raise invalid_credentials()
    guard.record_success(identifier)
    return PasswordCheck(
        credential=credential,
        needs_rehash=hasher.needs_rehash(stored),
        mfa_required=credential.mfa_enabled,
    )
