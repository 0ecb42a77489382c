"""Password hashing and the password policy: argon2id at the production cost (a fast test profile
with VEXTRUS_AUTH_ARGON2=fast-test), hashed before a command opens its transaction."""

from __future__ import annotations

import os
import secrets
import string
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from .. import hashing
from ..domain.passwords import FAST_TEST, PRODUCTION, PasswordHasher, PasswordPolicy
from ..hashing import GatedHasher
from ..tables import User

POLICY = PasswordPolicy()


_hasher: PasswordHasher | None = None


def hasher() -> GatedHasher:
    """argon2id at the production cost; VEXTRUS_AUTH_ARGON2=fast-test makes test suites quick.
    Every hash and verification takes a slot of the process's gate (`hashing.py`): call it
    outside any database transaction."""
    global _hasher
    if _hasher is None:
        fast = os.environ.get("VEXTRUS_AUTH_ARGON2") == "fast-test"
        _hasher = PasswordHasher(FAST_TEST if fast else PRODUCTION)
    return GatedHasher(_hasher, hashing.gate())


def use_hasher(h: PasswordHasher | None) -> None:
    global _hasher
    _hasher = h


def generate_password(length: int = 16) -> str:
    """A random password that passes the policy (letters, digits and a symbol)."""
    alphabet = string.ascii_letters + string.digits
    while True:
        pw = "".join(secrets.choice(alphabet) for _ in range(length - 2)) + "-" + secrets.choice(string.digits)
        if not POLICY.check(pw):
            return pw


_prehashed: ContextVar[dict[str, str] | None] = ContextVar("vextrus_auth_prehashed", default=None)


@contextmanager
def hashed_outside(password: str | None, *, username: str | None = None, email: str | None = None) -> Iterator[None]:
    """Hash `password` now, before a command opens its transaction, so that `set_password` inside
    only stores the result: argon2 never runs while the database (SQLite's write lock) is held.
    The policy is checked first, so a refused password costs no hash."""
    if password is None:
        yield
        return
    POLICY.enforce(password, username=username, email=email)
    digest = hasher().hash(password)
    token = _prehashed.set({**(_prehashed.get() or {}), password: digest})
    try:
        yield
    finally:
        _prehashed.reset(token)


def set_password(u: User, password: str) -> None:
    POLICY.enforce(password, username=u.username, email=u.email)
    u.password_hash = (_prehashed.get() or {}).get(password) or hasher().hash(password)
