"""Bounded password hashing: at most N argon2 computations at once in this process.

Each argon2id verification at the production cost takes 64 MiB for its duration, so sixteen
anonymous sign-ins at once used to add a gigabyte. Every hash and verification of the auth
module goes through one process-wide gate:

* `VEXTRUS_AUTH_MAX_CONCURRENT_HASHES` (default 2): hashes running at once (memory ≤ N × 64 MiB);
* `VEXTRUS_AUTH_HASH_WAIT_SECONDS` (default 5): how long a request waits for a free slot;
* `VEXTRUS_AUTH_MAX_WAITING_HASHES` (default 16): how many may wait at all; beyond that, or
  after the wait, the request is refused at once with `auth.busy` (HTTP 503, Retry-After), so a
  flood of sign-ins cannot occupy the server's whole thread pool either.

The gate never runs inside a database transaction: callers read what they need, hash, and
write the outcome in a short transaction of its own (see `sessions.login`).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from .domain.errors import AuthError
from .domain.passwords import Argon2Profile, PasswordHasher


def _env_number(name: str, default: float, minimum: float) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"setting {name} must be a number, got {raw!r}") from None
    return max(minimum, value)


class HashGate:
    def __init__(self, slots: int, wait_seconds: float, max_waiting: int) -> None:
        self.slots, self.wait_seconds, self.max_waiting = slots, wait_seconds, max_waiting
        self._free = slots
        self._waiting = 0
        self._cond = threading.Condition()

    @classmethod
    def from_environment(cls) -> HashGate:
        return cls(slots=int(_env_number("VEXTRUS_AUTH_MAX_CONCURRENT_HASHES", 2, 1)),
                   wait_seconds=_env_number("VEXTRUS_AUTH_HASH_WAIT_SECONDS", 5.0, 0.0),
                   max_waiting=int(_env_number("VEXTRUS_AUTH_MAX_WAITING_HASHES", 16, 0)))

    @property
    def in_use(self) -> int:
        return self.slots - self._free

    @contextmanager
    def slot(self) -> Iterator[None]:
        with self._cond:
            if self._free == 0:
                if self._waiting >= self.max_waiting:
                    raise busy()
                self._waiting += 1
                try:
                    got = self._cond.wait_for(lambda: self._free > 0, timeout=self.wait_seconds)
                finally:
                    self._waiting -= 1
                if not got:
                    raise busy()
            self._free -= 1
        try:
            yield
        finally:
            with self._cond:
                self._free += 1
                self._cond.notify()


def busy() -> AuthError:
    return AuthError.of("auth.busy", retry_after_seconds=2)


class GatedHasher:
    """The domain's `PasswordHasher`, each hash and verification taking a slot of the gate."""

    def __init__(self, inner: PasswordHasher, gate: HashGate) -> None:
        self.inner, self.gate = inner, gate

    @property
    def profile(self) -> Argon2Profile:
        return self.inner.profile

    def hash(self, password: str) -> str:
        with self.gate.slot():
            return self.inner.hash(password)

    def verify(self, stored_hash: str, password: str) -> bool:
        with self.gate.slot():
            return self.inner.verify(stored_hash, password)

    def verify_or_dummy(self, stored_hash: str | None, password: str) -> bool:
        with self.gate.slot():
            return self.inner.verify_or_dummy(stored_hash, password)

    def needs_rehash(self, stored_hash: str) -> bool:
        return self.inner.needs_rehash(stored_hash)  # reads the parameters only: no hashing


_gate: HashGate | None = None
_gate_lock = threading.Lock()


def gate() -> HashGate:
    global _gate
    with _gate_lock:
        if _gate is None:
            _gate = HashGate.from_environment()
        return _gate


def use_gate(g: HashGate | None) -> None:
    """Replace the process's gate (None: read the settings again on next use); for tests."""
    global _gate
    with _gate_lock:
        _gate = g
