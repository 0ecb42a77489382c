"""API keys for integrations: `vx_<prefix>_<secret>`, shown once, stored hashed.

The prefix (10 lower-case characters) is public: it names the key in the UI and finds
the record. The secret has ~238 random bits, so sha256 of the whole key is a safe
verifier (a slow hash protects guessable secrets; these are not guessable). A key is
scoped to permission patterns, may expire, can be revoked, and records when it was
last used.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import string
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from vextrus.platform.clock import check_date
from vextrus.platform.errors import ValidationFailed

from .clock import require_aware
from .errors import AuthError
from .permissions import Grant, allows, validate_pattern

KEY_PREFIX = "vx"
PREFIX_LENGTH = 10
SECRET_LENGTH = 40
_PREFIX_ALPHABET = string.ascii_lowercase + string.digits
_SECRET_ALPHABET = string.ascii_letters + string.digits
_KEY_RE = re.compile(rf"^vx_([a-z0-9]{{{PREFIX_LENGTH}}})_([A-Za-z0-9]{{{SECRET_LENGTH}}})$")


@dataclass(frozen=True)
class ApiKeyRecord:
    key_id: str
    prefix: str
    secret_hash: str
    tenant_id: str
    owner_id: str  # the user who created it; it acts with at most their rights
    name: str
    scopes: tuple[str, ...]  # permission patterns
    created_at: datetime
    expires_at: datetime | None = None
    revoked_at: datetime | None = None
    last_used_at: datetime | None = None

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None

    def allows(self, permission: str) -> bool:
        return allows(self.scopes, permission)


@dataclass(frozen=True)
class NewApiKey:
    """`key` is shown to the user once; only `record` is stored."""

    key: str
    record: ApiKeyRecord


def hash_api_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def parse_api_key(key: str) -> tuple[str, str]:
    """Split into (prefix, secret), or raise `auth.api_key_invalid`."""
    match = _KEY_RE.match(key.strip()) if isinstance(key, str) else None
    if match is None:
        raise AuthError.of("auth.api_key_invalid")
    return match.group(1), match.group(2)


def create_api_key(
    *,
    tenant_id: str,
    owner_id: str,
    name: str,
    scopes: Iterable[str],
    now: datetime,
    expires_at: datetime | None = None,
    id_factory: Callable[[], str] = lambda: str(uuid.uuid4()),
) -> NewApiKey:
    """Mint a key. Scopes must be valid permission patterns (`auth.permission_invalid`); an expiry must
    carry its time zone and lie in 1900-2999."""
    if expires_at is not None:
        if expires_at.tzinfo is None or expires_at.utcoffset() is None:
            raise ValidationFailed("auth.expires_at_naive", "expires_at needs a time zone (e.g. 2030-01-01T00:00:00Z)",
                                   "expires_at এ সময় অঞ্চল দিতে হবে (যেমন 2030-01-01T00:00:00Z)", field="expires_at")
        check_date(expires_at, "expires_at")
    scope_tuple = tuple(dict.fromkeys(validate_pattern(s) for s in scopes))
    prefix = "".join(secrets.choice(_PREFIX_ALPHABET) for _ in range(PREFIX_LENGTH))
    secret = "".join(secrets.choice(_SECRET_ALPHABET) for _ in range(SECRET_LENGTH))
    key = f"{KEY_PREFIX}_{prefix}_{secret}"
    record = ApiKeyRecord(
        key_id=str(id_factory()),
        prefix=prefix,
        secret_hash=hash_api_key(key),
        tenant_id=str(tenant_id),
        owner_id=str(owner_id),
        name=name,
        scopes=scope_tuple,
        created_at=require_aware(now),
        expires_at=require_aware(expires_at) if expires_at else None,
    )
    return NewApiKey(key, record)


def authenticate_api_key(
    presented: str, lookup: Callable[[str], ApiKeyRecord | None], now: datetime
) -> ApiKeyRecord:
    """Check a presented key; return its record with `last_used_at` = now (store it).

    `lookup(prefix)` finds the stored record. Raises `auth.api_key_invalid` (malformed,
    unknown or wrong secret), `auth.api_key_revoked` or `auth.api_key_expired`.
    """
    now = require_aware(now)
    prefix, _ = parse_api_key(presented)
    record = lookup(prefix)
    presented_hash = hash_api_key(presented.strip())
    if record is None or not hmac.compare_digest(record.secret_hash, presented_hash):
        raise AuthError.of("auth.api_key_invalid")
    if record.revoked:
        raise AuthError.of("auth.api_key_revoked", key_id=record.key_id)
    if record.expires_at is not None and now >= record.expires_at:
        raise AuthError.of("auth.api_key_expired", key_id=record.key_id)
    return replace(record, last_used_at=now)


def revoke_api_key(record: ApiKeyRecord, now: datetime) -> ApiKeyRecord:
    if record.revoked:
        return record
    return replace(record, revoked_at=require_aware(now))


def api_key_allows(
    record: ApiKeyRecord, permission: str, owner_grants: Iterable[Grant | str] | None = None
) -> bool:
    """Allowed when a scope covers `permission` and, if given, so do the owner's grants.

    Passing the owner's current grants means a key never outlives a demotion.
    """
    if record.revoked or not record.allows(permission):
        return False
    return owner_grants is None or allows(owner_grants, permission)
