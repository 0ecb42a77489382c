"""Users, roles, sign-in and sessions through the service layer, on both databases."""

from __future__ import annotations

import os
from decimal import Decimal

import pytest
from sqlalchemy import select

os.environ.setdefault("VEXTRUS_AUTH_ARGON2", "fast-test")

from vextrus.modules.auth import api, service  # noqa: E402
from vextrus.modules.auth.domain.errors import AuthError  # noqa: E402
from vextrus.modules.auth.service import sessions
from vextrus.modules.organization import api as org  # noqa: E402
from vextrus.platform import clock, context, tenancy  # noqa: E402
from vextrus.platform.errors import PermissionDenied, Unauthenticated, ValidationFailed  # noqa: E402
from vextrus.platform.tables import OutboxEvent  # noqa: E402

PW = "Rod&Cement-2025"


@pytest.fixture
def company(admin):
    c = org.create_company(org.CompanyInput(code="PBL", name="Padma Builders Ltd."))
    service.seed_default_roles(c.id)
    return c


def _addr() -> str:
    """A client address of this test's own (the per-address sign-in rate limit is global)."""
    return f"test-{context.current().tenant_id.hex[-12:]}"


def mail(local: str) -> str:
    """Emails are unique across tenants and the test database is shared: one domain per tenant."""
    return f"{local}@t{context.current().tenant_id.hex[-10:]}.example.com"


def _user(company, email=None, role="project_manager", **kw):
    email = email or mail("pm")
    return service.create_user(service.UserInput(email=email, name="Karim", **kw), password=PW,
                               company_id=company.id, roles=[role] if role else [])


def test_user_mobile_is_normalised_and_email_unique(company):
    u = _user(company, mobile="০১৭১২-৩৪৫৬৭৮", email=mail("Karim"))
    assert u.mobile == "+8801712345678" and u.email == mail("karim") and u.username == "karim"
    with pytest.raises(ValidationFailed):
        _user(company, email=mail("x"), mobile="12345")


def test_weak_password_is_refused_with_reasons(company):
    with pytest.raises(AuthError) as err:
        service.create_user(service.UserInput(email=mail("weak"), name="A"), password="password")
    assert err.value.code == "auth.password_policy" and err.value.details["violations"]


def test_default_roles_seeded_and_amount_limits_readable(company):
    pm = _user(company)
    assert {r.code for r in service.list_roles(company.id)} >= {"owner", "project_manager", "auditor", "viewer"}
    assert api.amount_limit(pm.id, "procurement.purchase_order.approve") == Decimal("500000")
    assert api.may(pm.id, "procurement.purchase_order.approve", Decimal("499999.99"))
    assert not api.may(pm.id, "procurement.purchase_order.approve", Decimal("500000.01"))
    with pytest.raises(PermissionDenied):
        api.amount_limit(pm.id, "finance.journal.post")


def test_login_issues_tokens_whose_context_carries_the_role_grants(company):
    pm = _user(company)
    res = sessions.login(mail("PM") + " ", PW, "10.0.0.1")
    ctx = sessions.context_from_token(res.access_token)
    assert ctx.user_id == pm.id and ctx.tenant_id == company_tenant(company)
    assert ctx.can("projects.task.update") and not ctx.can("finance.journal.post") and ctx.actor == pm.email


def company_tenant(company):
    return context.current().tenant_id


def test_wrong_password_and_unknown_account_fail_alike_then_slow_down(company, db):
    _user(company)
    errors = []
    for email in (mail("pm"), mail("nobody")):
        with pytest.raises(AuthError) as err:
            sessions.login(email, "Wrong-pass-123", _addr() + "-a")
        errors.append(err.value.to_dict())
    assert errors[0] == errors[1] and errors[0]["code"] == "auth.invalid_credentials"
    for _ in range(2):
        with pytest.raises(AuthError):
            sessions.login(mail("pm"), "Wrong-pass-123", _addr() + "-a")
    with pytest.raises(AuthError) as err:
        sessions.login(mail("pm"), PW, _addr() + "-a")  # right password, but this address must wait
    assert err.value.code == "auth.throttled" and err.value.status == 429
    assert sessions.login(mail("pm"), PW, _addr() + "-b").access_token  # not locked: from elsewhere it works
    with context.acting_as(context.system_context()), db.session_factory() as s:
        names = s.execute(select(OutboxEvent.name).where(OutboxEvent.tenant_id.is_(None))).scalars().all()
    assert "auth.login.locked" in names and "auth.login.failed" in names


def test_refresh_rotates_and_reuse_revokes_the_family(company):
    _user(company)
    first = sessions.login(mail("pm"), PW, _addr())
    second = sessions.refresh(first.refresh_token)
    assert second.session_id == first.session_id and second.refresh_token != first.refresh_token
    with pytest.raises(AuthError) as err:
        sessions.refresh(first.refresh_token)
    assert err.value.code == "auth.refresh_reused"
    with pytest.raises(AuthError):
        sessions.refresh(second.refresh_token)  # the thief and the owner are both out
    with pytest.raises(Unauthenticated):
        sessions.context_from_token(second.access_token)


def test_logout_and_deactivation_end_sessions(company):
    pm = _user(company)
    a, b = sessions.login(mail("pm"), PW, _addr()), sessions.login(mail("pm"), PW, _addr())
    sessions.logout(a.session_id)
    with pytest.raises(Unauthenticated):
        sessions.context_from_token(a.access_token)
    assert sessions.context_from_token(b.access_token).user_id == pm.id
    service.set_active(pm.id, False)
    with pytest.raises(Unauthenticated):
        sessions.context_from_token(b.access_token)
    with pytest.raises(AuthError):
        sessions.login(mail("pm"), PW, _addr())


def test_expired_access_token_is_refused(company):
    _user(company)
    res = sessions.login(mail("pm"), PW, _addr())
    manual = clock.FrozenClock(clock.now())
    clock.set_clock(manual)
    try:
        manual.advance(minutes=16)
        with pytest.raises(AuthError) as err:
            sessions.context_from_token(res.access_token)
        assert err.value.code == "auth.token_expired"
    finally:
        clock.set_clock(None)


def test_totp_enrolment_challenge_recovery_code(company):
    from vextrus.modules.auth.domain import totp

    pm = _user(company)
    me = context.RequestContext(tenant_id=context.current().tenant_id, user_id=pm.id, actor=pm.email)
    with context.acting_as(me):
        enrol = sessions.begin_mfa_enrolment()
        assert enrol.qr_svg.lstrip().startswith("<") and "svg" in enrol.qr_svg
        codes = sessions.confirm_mfa_enrolment(totp.totp_code(enrol.secret, totp.current_step(clock.now())))
    first = sessions.login(mail("pm"), PW, _addr())
    assert first.mfa_required and first.access_token is None
    with pytest.raises(AuthError):
        sessions.complete_mfa(first.mfa_token, "000000", address=_addr())
    done = sessions.complete_mfa(first.mfa_token, recovery_code=codes[0], address=_addr())
    assert done.access_token
    with pytest.raises(AuthError) as err:
        sessions.complete_mfa(first.mfa_token, recovery_code=codes[0], address=_addr())
    assert err.value.code == "auth.recovery_code_invalid"


def test_mfa_required_for_role_withholds_permissions_until_enrolled(company):
    _user(company, role="accountant", email=mail("acc"))
    service.set_mfa_required(company.id, "accountant", True)
    ctx = sessions.context_from_token(sessions.login(mail("acc"), PW, _addr()).access_token)
    assert ctx.user_id and not ctx.can("finance.journal.post") and ctx.permissions == frozenset()


def test_password_reset_link_goes_to_the_outbox_and_works_once(company, db):
    _user(company)
    sessions.request_password_reset(mail("pm"), _addr())
    sessions.request_password_reset(mail("nobody"), _addr())  # same outcome, nothing emitted
    with context.acting_as(context.system_context(context.current().tenant_id)), db.session_factory() as s:
        rows = s.execute(select(OutboxEvent).where(OutboxEvent.name == "auth.password_reset.requested")).scalars().all()
    mine = [r for r in rows if r.payload["email"] == mail("pm")]
    assert len(mine) == 1 and not [r for r in rows if r.payload["email"] == mail("nobody")]
    token = mine[0].payload["link"].split("token=")[1]
    sessions.confirm_password_reset(token, "New-Bricks-2026")
    assert sessions.login(mail("pm"), "New-Bricks-2026", _addr()).access_token
    with pytest.raises(AuthError) as err:
        sessions.confirm_password_reset(token, "Other-Bricks-2026")
    assert err.value.code == "auth.reset_invalid"


def test_api_key_shown_once_scoped_and_revocable(company):
    pm = _user(company, role="hr_officer")
    me = sessions.context_for(pm.id, context.current().tenant_id)
    me = context.RequestContext(tenant_id=me.tenant_id, user_id=me.user_id,
                                permissions=me.permissions | {"auth.api_key.manage"}, actor=me.actor)
    with context.acting_as(me):
        new = sessions.create_api_key("hr app", ["organization.company.view", "auth.*"])
    ctx = sessions.context_from_api_key(new.key)
    # the key's scopes meet the owner's grants (hr_officer holds organization.*.view, no auth.*)
    assert ctx.permissions == {"organization.company.view"} and ctx.user_id == pm.id
    with context.acting_as(me):
        assert sessions.list_api_keys()[0].last_used_at is not None
        sessions.revoke_api_key(new.id)
    with pytest.raises(AuthError) as err:
        sessions.context_from_api_key(new.key)
    assert err.value.code == "auth.api_key_revoked"


def test_nobody_hands_out_more_than_they_hold(company):
    clerk = _user(company, role="accounts_payable_clerk", email=mail("ap"))
    target = _user(company, role=None, email=mail("new"))
    ctx = sessions.context_for(clerk.id, context.current().tenant_id)
    ctx = context.RequestContext(tenant_id=ctx.tenant_id, user_id=ctx.user_id,
                                 permissions=ctx.permissions | {"auth.role.assign"}, actor=ctx.actor)
    with context.acting_as(ctx), pytest.raises(PermissionDenied):
        service.assign_role(target.id, company.id, "owner")


def test_first_run_creates_one_admin_with_a_generated_password(db, address):
    from vextrus.modules.auth.tables import User
    from vextrus.modules.auth.web_auth import first_run

    with context.acting_as(context.system_context()), db.session_factory() as s:
        has_users = tenancy.find_tenant(s, "auth.tenant_with_a_user", User.id) is not None  # in any tenant
    lines = first_run()
    if has_users:
        assert lines == []  # another test already made users: first_run must do nothing
        return
    (line,) = lines
    password = line.split(" / ")[1].split(" ")[0]
    assert "admin@localhost" in line and len(password) >= 16
    assert sessions.login("admin@localhost", password, address).access_token
    assert first_run() == []
