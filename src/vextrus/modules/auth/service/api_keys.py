"""API keys: create, list and revoke one's keys, and the acting context a presented key gives (cached like a
session; its owner's grants narrowed by its scopes)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from sqlalchemy import or_, select, update

from vextrus.platform import context, tenancy
from vextrus.platform.context import RequestContext
from vextrus.platform.errors import NotFound
from vextrus.platform.ids import new_id
from vextrus.platform.pagination import Page, paginate
from vextrus.platform.uow import UnitOfWork, command, unit_of_work

from .. import context_cache
from ..domain import apikeys
from ..domain.errors import AuthError
from ..domain.permissions import PermissionSet
from ..events import ApiKeyCreated, ApiKeyRevoked, ApiKeyUsed
from ..schemas import ApiKeyView, NewApiKeyView
from ..tables import ApiKey
from . import lookups, permissions, sessions
from .sessions import _now, _system


def _key_view(k: ApiKey) -> ApiKeyView:
    return ApiKeyView(id=k.id, prefix=k.prefix, name=k.name, scopes=list(k.scopes), created_at=k.created_at,
                      expires_at=k.expires_at, revoked_at=k.revoked_at, last_used_at=k.last_used_at)


@command("auth.api_key.manage", scope="auth.create_api_key")
def create_api_key(uow: UnitOfWork, name: str, scopes: list[str], expires_at: datetime | None = None) -> NewApiKeyView:
    uid, tid = lookups.signed_in()
    new = apikeys.create_api_key(tenant_id=str(tid), owner_id=str(uid), name=name, scopes=scopes, now=_now(),
                                 expires_at=expires_at, id_factory=lambda: str(new_id()))
    r = new.record
    row = ApiKey(id=UUID(r.key_id), prefix=r.prefix, secret_hash=r.secret_hash, owner_id=uid, name=name,
                 scopes=list(r.scopes), created_at=r.created_at, expires_at=r.expires_at,
                 company_id=context.current().company_id)
    uow.session.add(row)
    uow.session.flush()
    uow.emit(ApiKeyCreated(key_id=row.id, owner_id=uid, scopes=list(r.scopes)))
    return NewApiKeyView(key=new.key, **_key_view(row).model_dump())


def list_api_keys() -> list[ApiKeyView]:
    uid, _tid = lookups.signed_in()
    with unit_of_work() as uow:
        return [_key_view(k) for k in uow.session.execute(
            select(ApiKey).where(ApiKey.owner_id == uid).order_by(ApiKey.created_at)).scalars()]


def page_api_keys(first: int = 50, after: str | None = None) -> Page[ApiKeyView]:
    """One cursor page of the signed-in user's keys, by id (the order they were made, as `list_api_keys`)."""
    uid, _tid = lookups.signed_in()
    with unit_of_work() as uow:
        page = paginate(uow.session, select(ApiKey).where(ApiKey.owner_id == uid), ApiKey.id, first=first,
                        after=after, convert=UUID)
        return Page([_key_view(k) for k in page.items], page.end_cursor, page.has_next_page)


def get_api_key(key_id: UUID) -> ApiKeyView:
    """One of the signed-in user's keys (the `Location` of its create; never its secret)."""
    uid, tid = lookups.signed_in()
    with unit_of_work() as uow:
        k = uow.session.get(ApiKey, key_id)
        if k is None or k.tenant_id != tid or k.owner_id != uid:
            raise NotFound("API key", key_id, field="key_id")
        return _key_view(k)


@command("auth.api_key.manage", scope="auth.revoke_api_key")
def revoke_api_key(uow: UnitOfWork, key_id: UUID) -> ApiKeyView:
    uid, tid = lookups.signed_in()
    k = uow.session.get(ApiKey, key_id)
    if k is None or k.tenant_id != tid or k.owner_id != uid:
        raise NotFound("API key", key_id, field="key_id")
    if k.revoked_at is None:
        k.revoked_at = _now()
        context_cache.emit(uow, ApiKeyRevoked(key_id=k.id))  # the cached key stops working at once
    return _key_view(k)


API_KEY_USE_INTERVAL = timedelta(minutes=1)  # `last_used_at` and `auth.api_key.used`: at most this often


@dataclass
class _KeyContext:
    """A cached API key's acting context plus what each request still checks itself: the
    key's expiry, and when its last use was recorded (this process's view)."""

    ctx: RequestContext
    key_id: UUID
    owner_id: UUID
    tenant_id: UUID
    expires_at: datetime | None
    last_used_at: datetime | None


def context_from_api_key(presented: str) -> RequestContext:
    """The key acts with the permissions both its scopes and its owner's current grants allow.

    Cached like a session (`context_cache`, keyed by the key's hash, indexed by key id and
    owner): revoking the key or changing the owner invalidates it. Expiry is checked on every
    request; last use is written at most once a minute per key (`_record_use`)."""
    cache = context_cache.CACHE
    cache_key = ("api_key", apikeys.hash_api_key(presented.strip()))
    now = _now()
    hit: _KeyContext | None = cache.get(cache_key)
    if hit is not None:
        if hit.expires_at is not None and now >= hit.expires_at:
            raise AuthError.of("auth.api_key_expired", key_id=str(hit.key_id))
        _record_use(hit, now)
        return hit.ctx
    generation = cache.generation()
    entry = _load_api_key(presented, now)
    _record_use(entry, now)
    cache.put(cache_key, entry, user_id=entry.owner_id, tenant_id=entry.tenant_id, session_id=entry.key_id,
              generation=generation)
    return entry.ctx


def _load_api_key(presented: str, now: datetime) -> _KeyContext:
    found: dict[str, ApiKey] = {}
    with context.acting_as(_system()), unit_of_work() as uow:
        def lookup(prefix: str) -> apikeys.ApiKeyRecord | None:
            tid = tenancy.find_tenant(uow.session, "auth.tenant_of_api_key", ApiKey.prefix, prefix)
            if tid is None:
                return None
            with tenancy.within_tenant(uow.session, tid):
                k = uow.session.execute(select(ApiKey).where(ApiKey.prefix == prefix)).scalar_one_or_none()
            if k is None:
                return None
            found["row"] = k
            return apikeys.ApiKeyRecord(str(k.id), k.prefix, k.secret_hash, str(k.tenant_id), str(k.owner_id), k.name,
                                        tuple(k.scopes), k.created_at, k.expires_at, k.revoked_at, k.last_used_at)

        record = apikeys.authenticate_api_key(presented, lookup, now)
        row = found["row"]
        key_id, owner_id, tenant_id, scopes, company = row.id, row.owner_id, row.tenant_id, tuple(row.scopes), \
            row.company_id
        expires_at, last_used_at = row.expires_at, row.last_used_at
    owner = sessions.context_for(owner_id, tenant_id, company_id=company)
    vocabulary = [code for _m, code, _n, _b in permissions.permission_vocabulary()]
    owner_set, key_set = PermissionSet(owner.permissions), PermissionSet(scopes)
    allowed = frozenset(p for p in vocabulary if owner_set.allows(p) and key_set.allows(p))
    scoped = tuple((p, reach) for p in sorted(allowed) if (reach := owner.reach(p)) is not None)  # the owner's scopes
    ctx = RequestContext(tenant_id=tenant_id, user_id=owner_id, permissions=allowed, roles=owner.roles,
                         actor=f"{owner.actor} (API key {record.prefix})", company_id=owner.company_id, scoped=scoped)
    return _KeyContext(ctx, key_id, owner_id, tenant_id, expires_at, last_used_at)


def _record_use(entry: _KeyContext, now: datetime) -> None:
    """Write `last_used_at` and emit `auth.api_key.used` together, at most once a minute per
    key: a conditional UPDATE, so several processes (or threads) record one use, not one each;
    within the minute a request writes nothing."""
    if entry.last_used_at is not None and now - entry.last_used_at < API_KEY_USE_INTERVAL:
        return
    entry.last_used_at = now  # claimed first: concurrent requests of this process skip the write
    with context.acting_as(_system(entry.tenant_id)), unit_of_work() as uow:
        due = or_(ApiKey.last_used_at.is_(None), ApiKey.last_used_at <= now - API_KEY_USE_INTERVAL)
        done = uow.session.execute(update(ApiKey).where(ApiKey.id == entry.key_id, due).values(last_used_at=now)
                                   .execution_options(synchronize_session=False))
        if done.rowcount:
            uow.emit(ApiKeyUsed(key_id=entry.key_id, owner_id=entry.owner_id))
