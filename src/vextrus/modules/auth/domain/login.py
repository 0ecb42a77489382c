"""The password step of sign-in: verify, and fail one way only.

Unknown account, wrong password and disabled account all raise the same
`auth.invalid_credentials` after the same argon2 work, so neither message nor timing says
which accounts exist. Throttling (`throttle.py`) is applied around this step by the caller,
keyed by the typed identifier and the client address.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from .lockout import invalid_credentials


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


class Verifier(Protocol):
    def verify_or_dummy(self, stored_hash: str | None, password: str) -> bool: ...
    def needs_rehash(self, stored_hash: str) -> bool: ...


def check_password(credential: Credential | None, password: str, hasher: Verifier) -> PasswordCheck:
    """Return the account when the password is right and the account may sign in; else raise
    `auth.invalid_credentials` (after the same hashing work either way)."""
    stored = credential.password_hash if credential else None
    ok = hasher.verify_or_dummy(stored, password)
    if not ok or credential is None or not credential.active or stored is None:
        raise invalid_credentials()
    return PasswordCheck(
        credential=credential,
        needs_rehash=hasher.needs_rehash(stored),
        mfa_required=credential.mfa_enabled,
    )
