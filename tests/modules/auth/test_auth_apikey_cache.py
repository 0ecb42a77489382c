"""API-key requests are served from the context cache like sessions: no database round trip
per call, `last_used_at` written (with `auth.api_key.used`) at most once a minute per key, and
revocation, owner changes and expiry still take effect on the very next request."""

from __future__ import annotations

import os
from datetime import timedelta
from uuid import uuid4

import pytest
from sqlalchemy import event, func, select

os.environ.setdefault("VEXTRUS_AUTH_ARGON2", "fast-test")

from vextrus.modules.auth import context_cache, handlers, service  # noqa: E402
from vextrus.modules.auth.context_cache import ContextCache  # noqa: E402
from vextrus.modules.auth.domain.errors import AuthError  # noqa: E402
from vextrus.modules.auth.service import sessions
from vextrus.modules.auth.tables import ApiKey  # noqa: E402
from vextrus.modules.organization import api as org  # noqa: E402
from vextrus.platform import clock, context  # noqa: E402
from vextrus.platform.errors import Unauthenticated  # noqa: E402
from vextrus.platform.events import Envelope  # noqa: E402
from vextrus.platform.tables import OutboxEvent  # noqa: E402

PW = "Rod&Cement-2025"


@pytest.fixture
def frozen():
    manual = clock.FrozenClock(clock.now())
    clock.set_clock(manual)
    yield manual
    clock.set_clock(None)


@pytest.fixture
def keyed(admin, frozen):
    """A project manager's key for tasks and companies; returns (owner, company, key view)."""
    c = org.create_company(org.CompanyInput(code="PBL", name="Padma Builders Ltd."))
    service.seed_default_roles(c.id)
    email = f"pm@t{admin.tenant_id.hex[-10:]}.example.com"
    owner = service.create_user(service.UserInput(email=email, name="Karim"), PW, c.id, ["project_manager"])
    me = sessions.context_for(owner.id, admin.tenant_id)
    with context.acting_as(context.RequestContext(tenant_id=me.tenant_id, user_id=owner.id, actor=email,
                                                  permissions=me.permissions | {"auth.api_key.manage"},
                                                  company_id=me.company_id)):
        key = sessions.create_api_key("site app", ["projects.*", "organization.*"],
                                      expires_at=clock.now() + timedelta(hours=1))
    return owner, c, key


class Writes:
    """Counts the statements that write the API key table."""

    def __init__(self, engine) -> None:  # noqa: ANN001
        self.n, self.engine = 0, engine
        event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, _conn, _cur, statement: str, *_a) -> None:  # noqa: ANN001, ANN002
        if statement.lstrip().upper().startswith("UPDATE") and "auth_api_key" in statement:
            self.n += 1

    def close(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self._seen)


@pytest.fixture
def writes(db):
    w = Writes(db.engine)
    yield w
    w.close()


def _used_events(db, key_id) -> int:  # noqa: ANN001
    with context.acting_as(context.system_context(context.current().tenant_id)), db.session_factory() as s:
        names = s.execute(select(OutboxEvent.payload).where(OutboxEvent.name == "auth.api_key.used")).scalars()
        return sum(1 for p in names if p["key_id"] == str(key_id))


def _last_used(db, key_id):  # noqa: ANN001, ANN202
    with context.acting_as(context.system_context(context.current().tenant_id)), db.session_factory() as s:
        return s.execute(select(ApiKey.last_used_at).where(ApiKey.id == key_id)).scalar_one()


def _spy_context_for(monkeypatch) -> list[object]:  # noqa: ANN001
    calls: list[object] = []
    real = sessions.context_for

    def spy(*a, **kw):  # noqa: ANN002, ANN003, ANN202
        calls.append(a)
        return real(*a, **kw)

    monkeypatch.setattr(sessions, "context_for", spy)
    return calls


def test_repeated_requests_build_the_context_once_and_write_last_use_once_a_minute(keyed, db, frozen, writes,
                                                                                    monkeypatch):
    owner, _c, key = keyed
    calls = _spy_context_for(monkeypatch)
    first = sessions.context_from_api_key(key.key)
    for _ in range(20):
        frozen.advance(seconds=2)
        assert sessions.context_from_api_key(key.key) == first
    assert len(calls) == 1, "later requests are cache hits"
    assert writes.n == 1 and _used_events(db, key.id) == 1
    assert first.user_id == owner.id and first.can("projects.cost.record") and not first.can("finance.journal.post")
    frozen.advance(seconds=21)  # 61 s after the first use
    sessions.context_from_api_key(key.key)
    sessions.context_from_api_key(key.key)
    assert writes.n == 2 and _used_events(db, key.id) == 2
    assert _last_used(db, key.id) == frozen()


def test_another_process_that_sees_a_recent_use_in_the_database_writes_nothing(keyed, db, writes, monkeypatch):
    _o, _c, key = keyed
    sessions.context_from_api_key(key.key)
    monkeypatch.setattr(context_cache, "CACHE", ContextCache())  # a second worker, cold cache
    sessions.context_from_api_key(key.key)
    assert writes.n == 1 and _used_events(db, key.id) == 1


def test_concurrent_recorders_with_a_stale_view_record_one_use(keyed, db):
    """Two workers both believe the key is due: the conditional UPDATE lets one through."""
    _o, _c, key = keyed
    with context.acting_as(context.system_context(context.current().tenant_id)), db.session_factory() as s:
        row = s.get(ApiKey, key.id)
        owner_id, tenant_id = row.owner_id, row.tenant_id
    views = [sessions._KeyContext(ctx=None, key_id=key.id, owner_id=owner_id, tenant_id=tenant_id,  # type: ignore[arg-type]
                                  expires_at=None, last_used_at=None) for _ in range(2)]
    for v in views:
        sessions._record_use(v, clock.now())
    assert _used_events(db, key.id) == 1


def test_revocation_takes_effect_on_the_next_request(keyed):
    owner, _c, key = keyed
    sessions.context_from_api_key(key.key)
    with context.acting_as(context.RequestContext(tenant_id=context.current().tenant_id, user_id=owner.id,
                                                  actor=owner.email, permissions=frozenset({"auth.api_key.manage"}))):
        sessions.revoke_api_key(key.id)
    with pytest.raises(AuthError) as err:
        sessions.context_from_api_key(key.key)
    assert err.value.code == "auth.api_key_revoked"


def test_owner_changes_take_effect_on_the_next_request(keyed):
    owner, c, key = keyed
    assert sessions.context_from_api_key(key.key).can("projects.cost.record")
    [assignment] = service.assignments_of(owner.id)
    service.assign_role(owner.id, c.id, "viewer")
    service.unassign_role(assignment.id)
    after = sessions.context_from_api_key(key.key)
    assert not after.can("projects.cost.record") and after.can("projects.evm.view"), "shrinks with the owner's grants"
    service.set_active(owner.id, False)
    with pytest.raises(Unauthenticated):
        sessions.context_from_api_key(key.key)


def test_expiry_is_checked_on_a_cache_hit(keyed, frozen):
    _o, _c, key = keyed
    sessions.context_from_api_key(key.key)
    frozen.advance(minutes=59)
    assert sessions.context_from_api_key(key.key)
    frozen.advance(minutes=1)
    with pytest.raises(AuthError) as err:
        sessions.context_from_api_key(key.key)
    assert err.value.code == "auth.api_key_expired"


def test_a_wrong_secret_never_matches_a_cached_key(keyed):
    _o, _c, key = keyed
    sessions.context_from_api_key(key.key)
    forged = key.key[:-4] + ("AAAA" if not key.key.endswith("AAAA") else "BBBB")
    with pytest.raises(AuthError) as err:
        sessions.context_from_api_key(forged)
    assert err.value.code == "auth.api_key_invalid"


def test_another_process_drops_the_key_when_the_revocation_event_arrives(keyed, monkeypatch):
    _o, _c, key = keyed
    sessions.context_from_api_key(key.key)
    cache = context_cache.CACHE
    size = len(cache)
    assert size >= 1
    env = Envelope(id=uuid4(), name="auth.api_key.revoked", version=1, tenant_id=context.current().tenant_id,
                   occurred_at=clock.now(), actor="x", payload={"key_id": str(key.id)})
    subs = [s for s in handlers.subscriptions.for_event("auth.api_key.revoked") if not s.durable]
    assert subs, "a revoked key must leave every process's cache"
    for s in subs:
        s.fn(env)
    assert len(cache) == size - 1


def test_key_writes_do_not_touch_other_keys(keyed, db):
    _o, _c, key = keyed
    sessions.context_from_api_key(key.key)
    with context.acting_as(context.system_context(context.current().tenant_id)), db.session_factory() as s:
        touched = s.execute(select(func.count()).select_from(ApiKey).where(ApiKey.last_used_at.is_not(None),
                                                                           ApiKey.id != key.id,
                                                                           ApiKey.last_used_at == clock.now())).scalar()
    assert touched == 0
