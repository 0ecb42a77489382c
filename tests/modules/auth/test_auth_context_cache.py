"""The per-session context cache: a hit skips the database, and every change that matters
(logout, revocation, deactivation, role and assignment changes, MFA policy) takes effect on
the very next request, in this process at once and in other processes through the bus."""

from __future__ import annotations

import os
from uuid import uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st

os.environ.setdefault("VEXTRUS_AUTH_ARGON2", "fast-test")

from vextrus.modules.auth import context_cache, handlers, service  # noqa: E402
from vextrus.modules.auth.context_cache import ContextCache  # noqa: E402
from vextrus.modules.auth.service import (
    GrantView,  # noqa: E402
    sessions,
)
from vextrus.modules.organization import api as org  # noqa: E402
from vextrus.platform import clock, context  # noqa: E402
from vextrus.platform.errors import Unauthenticated  # noqa: E402
from vextrus.platform.events import Envelope  # noqa: E402

PW = "Rod&Cement-2025"


def _addr() -> str:
    """A client address of this test's own (the per-address sign-in rate limit is global)."""
    return f"test-{context.current().tenant_id.hex[-12:]}"


class Tick:
    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


def _put(c: ContextCache, key, *, user=None, tenant=None, session=None, gen=None):  # noqa: ANN001, ANN202
    return c.put(key, f"ctx-{key}", user_id=user or uuid4(), tenant_id=tenant or uuid4(),
                 session_id=session or uuid4(), generation=c.generation() if gen is None else gen)


def test_entries_expire_after_the_ttl():
    tick = Tick()
    c = ContextCache(ttl=30, clock=tick)
    _put(c, "a")
    tick.t = 29.9
    assert c.get("a") == "ctx-a"
    tick.t = 30.0
    assert c.get("a") is None


def test_a_result_read_before_an_invalidation_is_not_stored_after_it():
    c = ContextCache()
    user = uuid4()
    gen = c.generation()  # a request starts reading the database
    c.invalidate_user(user)  # meanwhile the user is deactivated
    assert not _put(c, "k", user=user, gen=gen)
    assert c.get("k") is None
    assert _put(c, "k", user=user)  # a request that started afterwards may store


def test_invalidation_by_session_user_and_tenant_drops_only_the_matching_entries():
    c = ContextCache()
    u1, u2, t1, t2, s1, s2 = (uuid4() for _ in range(6))
    _put(c, "a", user=u1, tenant=t1, session=s1)
    _put(c, "b", user=u1, tenant=t1, session=s2)
    _put(c, "c", user=u2, tenant=t2)
    assert c.invalidate_session(s1) == 1 and c.get("b") and c.get("c")
    assert c.invalidate_user(u1) == 1 and c.get("c")
    assert c.invalidate_tenant(t2) == 1 and len(c) == 0


@given(st.lists(st.integers(min_value=0, max_value=50), max_size=200), st.integers(min_value=1, max_value=20))
def test_the_cache_never_holds_more_than_its_bound(keys, bound):
    c = ContextCache(max_entries=bound)
    for k in keys:
        _put(c, k)
        assert len(c) <= bound
    if keys:
        assert c.get(keys[-1]) is not None  # the newest entry survives


def test_ttl_zero_turns_the_cache_off():
    c = ContextCache(ttl=0)
    assert not _put(c, "a") and c.get("a") is None


# ---- through the real sign-in, on both databases ---------------------------------------------


@pytest.fixture
def company(admin):
    c = org.create_company(org.CompanyInput(code="PBL", name="Padma Builders Ltd."))
    service.seed_default_roles(c.id)
    return c


def mail(local: str) -> str:
    return f"{local}@t{context.current().tenant_id.hex[-10:]}.example.com"


def _signed_in(company, role="project_manager", local="pm"):  # noqa: ANN001, ANN202
    u = service.create_user(service.UserInput(email=mail(local), name="Karim"), password=PW, company_id=company.id,
                            roles=[role])
    return u, sessions.login(mail(local), PW, _addr())


def _counting(monkeypatch):  # noqa: ANN001, ANN202
    calls = []
    real = sessions.context_for

    def spy(*a, **kw):  # noqa: ANN002, ANN003, ANN202
        calls.append(a)
        return real(*a, **kw)

    monkeypatch.setattr(sessions, "context_for", spy)
    return calls


def test_second_request_of_a_session_is_served_from_the_cache(company, monkeypatch):
    _u, res = _signed_in(company)
    calls = _counting(monkeypatch)
    first = sessions.context_from_token(res.access_token)
    second = sessions.context_from_token(res.access_token)
    assert len(calls) == 1 and second == first and second.can("projects.task.update")


def test_logout_takes_effect_on_the_next_request(company):
    _u, res = _signed_in(company)
    assert sessions.context_from_token(res.access_token)  # cached now
    sessions.logout(res.session_id)
    with pytest.raises(Unauthenticated):
        sessions.context_from_token(res.access_token)


def test_deactivation_and_revoke_all_take_effect_on_the_next_request(company):
    u, res = _signed_in(company)
    other = sessions.login(mail("pm"), PW, _addr())
    sessions.context_from_token(res.access_token)
    sessions.context_from_token(other.access_token)
    me = context.RequestContext(tenant_id=context.current().tenant_id, user_id=u.id, actor=u.email)
    with context.acting_as(me):
        sessions.revoke_all()
    with pytest.raises(Unauthenticated):
        sessions.context_from_token(res.access_token)
    again = sessions.login(mail("pm"), PW, _addr())
    sessions.context_from_token(again.access_token)
    service.set_active(u.id, False)
    with pytest.raises(Unauthenticated):
        sessions.context_from_token(again.access_token)


def test_role_changes_and_assignments_show_on_the_next_request(company):
    u, res = _signed_in(company, role="site_engineer", local="se")
    before = sessions.context_from_token(res.access_token)
    assert not before.can("finance.journal.post")
    service.assign_role(u.id, company.id, "accountant")
    assert sessions.context_from_token(res.access_token).can("finance.journal.post")
    service.save_role(company.id, "accountant", "Accountant", "হিসাবরক্ষক", [GrantView(pattern="finance.*.view")])
    assert not sessions.context_from_token(res.access_token).can("finance.journal.post")


def test_mfa_policy_withdraws_permissions_on_the_next_request(company):
    _u, res = _signed_in(company, role="accountant", local="acc")
    assert sessions.context_from_token(res.access_token).permissions
    service.set_mfa_required(company.id, "accountant", True)
    assert sessions.context_from_token(res.access_token).permissions == frozenset()


def test_another_process_drops_its_entry_when_the_revocation_event_arrives(company, monkeypatch):
    """A second process has the session cached; it learns of the logout only from the bus
    (the non-durable handler), not from the commit it did not make."""
    u, res = _signed_in(company)
    ctx = sessions.context_from_token(res.access_token)
    other_process = ContextCache()
    other_process.put((res.session_id,), ctx, user_id=u.id, tenant_id=ctx.tenant_id, session_id=res.session_id,
                      generation=other_process.generation())
    monkeypatch.setattr(context_cache, "CACHE", other_process)
    env = Envelope(id=uuid4(), name="auth.session.revoked", version=1, tenant_id=ctx.tenant_id,
                   occurred_at=clock.now(), actor="x",
                   payload={"user_id": str(u.id), "session_id": str(res.session_id), "reason": "logout"})
    subs = [s for s in handlers.subscriptions.for_event("auth.session.revoked") if not s.durable]
    assert subs, "the revocation must reach every process"
    for s in subs:
        s.fn(env)
    assert other_process.get((res.session_id,)) is None


def test_the_token_is_still_verified_on_a_cache_hit(company):
    _u, res = _signed_in(company)
    sessions.context_from_token(res.access_token)
    manual = clock.FrozenClock(clock.now())
    clock.set_clock(manual)
    try:
        manual.advance(minutes=16)
        with pytest.raises(Exception) as err:
            sessions.context_from_token(res.access_token)
        assert getattr(err.value, "code", None) == "auth.token_expired"
    finally:
        clock.set_clock(None)
