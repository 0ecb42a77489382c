"""Refresh tokens: opaque, stored only as a hash, rotated on every use.

Every sign-in starts a *family* (the session; its id is the access token's `sid`). Using a
refresh token retires it and issues its successor in the same family. Presenting a token
that was already retired means two parties hold the family (one of them stole it), so the
whole family is revoked. Logout revokes one family; "sign out everywhere" revokes all of a
user's families.

`decide` is the pure state machine; `RefreshTokens` applies it through an injected
`RefreshStore` (in memory here, a database table later).
"""

from __future__ import annotations

import enum
import hashlib
import secrets
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Protocol

from .clock import Clock, aware_now, utc_now
from .errors import AuthError

REFRESH_TTL = timedelta(days=7)
TOKEN_PREFIX = "vxr_"


@dataclass(frozen=True)
class RefreshFamily:
    family_id: str
    user_id: str
    tenant_id: str
    created_at: datetime
    revoked_at: datetime | None = None
    revoke_reason: str | None = None  # "logout", "reuse", "revoke_all", ...

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


@dataclass(frozen=True)
class RefreshTokenRecord:
    token_hash: str
    family_id: str
    issued_at: datetime
    expires_at: datetime
    rotated_at: datetime | None = None
    replaced_by: str | None = None  # hash of the successor

    @property
    def rotated(self) -> bool:
        return self.rotated_at is not None


@dataclass(frozen=True)
class IssuedRefreshToken:
    """The plaintext goes to the client once; only `record.token_hash` is kept."""

    token: str
    record: RefreshTokenRecord
    family: RefreshFamily

    @property
    def family_id(self) -> str:
        return self.family.family_id

    @property
    def expires_at(self) -> datetime:
        return self.record.expires_at


class Outcome(enum.Enum):
    ROTATE = "rotate"
    REUSED = "reused"  # already rotated: revoke the family
    EXPIRED = "expired"
    REVOKED = "revoked"  # family already revoked


def hash_refresh_token(token: str) -> str:
    """sha256 hex; the token has 256 random bits, so a slow hash adds nothing."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_refresh_token(nbytes: int = 32) -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(nbytes)


def decide(family: RefreshFamily, record: RefreshTokenRecord, now: datetime) -> Outcome:
    """What presenting `record` at `now` means. Order matters: reuse beats expiry."""
    if family.revoked:
        return Outcome.REVOKED
    if record.rotated:
        return Outcome.REUSED
    if now >= record.expires_at:
        return Outcome.EXPIRED
    return Outcome.ROTATE


def revoke(family: RefreshFamily, now: datetime, reason: str) -> RefreshFamily:
    if family.revoked:
        return family
    return replace(family, revoked_at=now, revoke_reason=reason)


class RefreshStore(Protocol):
    def get_token(self, token_hash: str) -> RefreshTokenRecord | None: ...
    def get_family(self, family_id: str) -> RefreshFamily | None: ...
    def put_token(self, record: RefreshTokenRecord) -> None: ...
    def put_family(self, family: RefreshFamily) -> None: ...
    def families_of_user(self, user_id: str) -> Iterable[RefreshFamily]: ...


class InMemoryRefreshStore:
    """Dict-backed `RefreshStore` for tests and the pure domain."""

    def __init__(self) -> None:
        self.tokens: dict[str, RefreshTokenRecord] = {}
        self.families: dict[str, RefreshFamily] = {}

    def get_token(self, token_hash: str) -> RefreshTokenRecord | None:
        return self.tokens.get(token_hash)

    def get_family(self, family_id: str) -> RefreshFamily | None:
        return self.families.get(family_id)

    def put_token(self, record: RefreshTokenRecord) -> None:
        self.tokens[record.token_hash] = record

    def put_family(self, family: RefreshFamily) -> None:
        self.families[family.family_id] = family

    def families_of_user(self, user_id: str) -> list[RefreshFamily]:
        return [f for f in self.families.values() if f.user_id == user_id]


class RefreshTokens:
    """Start, rotate and revoke refresh-token families."""

    def __init__(
        self,
        store: RefreshStore,
        clock: Clock = utc_now,
        ttl: timedelta = REFRESH_TTL,
        id_factory: Callable[[], str] = lambda: str(uuid.uuid4()),
    ) -> None:
        self.store = store
        self._clock = clock
        self.ttl = ttl
        self._new_id = id_factory  # the platform passes its UUIDv7 factory

    def start(self, *, user_id: str, tenant_id: str) -> IssuedRefreshToken:
        """A new family (= session) with its first token; call at sign-in."""
        now = aware_now(self._clock)
        family = RefreshFamily(
            family_id=str(self._new_id()),
            user_id=str(user_id),
            tenant_id=str(tenant_id),
            created_at=now,
        )
        self.store.put_family(family)
        return self._mint(family, now)

    def rotate(self, token: str) -> IssuedRefreshToken:
        """Exchange `token` for its successor, or raise `AuthError`.

        Raises `auth.refresh_reused` (and revokes the family), `auth.refresh_expired`,
        `auth.session_revoked` or `auth.refresh_invalid` (unknown token).
        """
        now = aware_now(self._clock)
        record, family = self._load(token)
        outcome = decide(family, record, now)
        if outcome is Outcome.REVOKED:
            raise AuthError.of("auth.session_revoked", family_id=family.family_id)
        if outcome is Outcome.REUSED:
            self.store.put_family(revoke(family, now, "reuse"))
            raise AuthError.of("auth.refresh_reused", family_id=family.family_id)
        if outcome is Outcome.EXPIRED:
            raise AuthError.of("auth.refresh_expired", family_id=family.family_id)
        issued = self._mint(family, now)
        self.store.put_token(replace(record, rotated_at=now, replaced_by=issued.record.token_hash))
        return issued

    def logout(self, token: str) -> RefreshFamily:
        """Revoke the family `token` belongs to (even if the token was rotated)."""
        _, family = self._load(token)
        return self.revoke_family(family.family_id, reason="logout")

    def revoke_family(self, family_id: str, *, reason: str = "logout") -> RefreshFamily:
        family = self.store.get_family(family_id)
        if family is None:
            raise AuthError.of("auth.refresh_invalid")
        revoked = revoke(family, aware_now(self._clock), reason)
        self.store.put_family(revoked)
        return revoked

    def revoke_all(self, user_id: str, *, reason: str = "revoke_all") -> int:
        """Revoke every live family of `user_id`; returns how many were live."""
        now = aware_now(self._clock)
        count = 0
        for family in list(self.store.families_of_user(str(user_id))):
            if not family.revoked:
                self.store.put_family(revoke(family, now, reason))
                count += 1
        return count

    def is_session_active(self, family_id: str) -> bool:
        family = self.store.get_family(family_id)
        return family is not None and not family.revoked

    def _load(self, token: str) -> tuple[RefreshTokenRecord, RefreshFamily]:
        record = self.store.get_token(hash_refresh_token(token))
        family = self.store.get_family(record.family_id) if record else None
        if record is None or family is None:
            raise AuthError.of("auth.refresh_invalid")
        return record, family

    def _mint(self, family: RefreshFamily, now: datetime) -> IssuedRefreshToken:
        token = new_refresh_token()
        record = RefreshTokenRecord(
            token_hash=hash_refresh_token(token),
            family_id=family.family_id,
            issued_at=now,
            expires_at=now + self.ttl,
        )
        self.store.put_token(record)
        return IssuedRefreshToken(token, record, family)
