"""Password screens: change one's own (current + new twice, the policy applies, other devices are
signed out, this browser stays signed in) and forgotten passwords (the link goes through the outbox,
is logged as one line, is shown to an administrator on the users page, works once and expires)."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from uuid import UUID

import pytest
import structlog
from sqlalchemy import select, update
from structlog.testing import LogCapture

os.environ.setdefault("VEXTRUS_AUTH_ARGON2", "fast-test")

from vextrus.modules.auth import handlers, service  # noqa: E402
from vextrus.modules.auth.service import sessions
from vextrus.modules.auth.tables import PasswordReset  # noqa: E402
from vextrus.modules.organization import api as org  # noqa: E402
from vextrus.platform import context  # noqa: E402
from vextrus.platform.tables import OutboxEvent  # noqa: E402

PW = "Rod&Cement-2025"
NEW = "Steel-Beams-2026"


def mail(local: str) -> str:
    return f"{local}@t{context.current().tenant_id.hex[-10:]}.example.com"


@pytest.fixture
def site(admin, make_client):
    c = org.create_company(org.CompanyInput(code="PWD", name="Password Builders Ltd."))
    service.seed_default_roles(c.id)
    owner = service.create_user(service.UserInput(email=mail("owner"), name="Owner"), PW, c.id, ["owner"])
    clerk = service.create_user(service.UserInput(email=mail("clerk"), name="Clerk", language="bn"), PW, c.id,
                                ["accounts_payable_clerk"])
    return c, owner, clerk


def _browser(make_client, email: str, password: str):  # noqa: ANN001, ANN202
    client = make_client()
    client.get("/login")
    csrf = client.cookies.get("vx_csrf")
    r = client.post("/login", data={"email": email, "password": password, "csrf_token": csrf}, follow_redirects=False)
    assert r.status_code == 303, r.text
    return client, csrf


def test_change_own_password_checks_current_twice_and_policy_and_ends_other_sessions(site, make_client, address):
    _c, _owner, clerk = site
    here, csrf = _browser(make_client, clerk.email, PW)
    other, _ = _browser(make_client, clerk.email, PW)
    page = here.get("/auth/password")
    assert page.status_code == 200 and 'lang="bn"' in page.text and "বর্তমান পাসওয়ার্ড" in page.text

    def change(current: str, new: str, again: str):  # noqa: ANN202
        return here.post("/auth/password", data={"csrf_token": csrf, "current_password": current,
                                                 "new_password": new, "new_password_again": again})

    wrong = change("not-my-password", NEW, NEW)
    assert wrong.status_code == 401 and 'aria-invalid="true"' in wrong.text
    differ = change(PW, NEW, NEW + "x")
    assert differ.status_code == 422 and "মেলেনি" in differ.text
    weak = change(PW, "password", "password")
    assert weak.status_code in (400, 422) and 'role="alert"' in weak.text
    assert sessions.login(clerk.email, PW, address).access_token  # nothing changed yet

    done = change(PW, NEW, NEW)
    assert done.status_code == 200 and 'id="password-changed"' in done.text
    assert here.get("/auth/profile").status_code == 200  # this browser got a new session
    assert "/login" in other.get("/auth/profile", follow_redirects=False).headers.get("location", "")
    assert sessions.login(clerk.email, NEW, address).access_token


def test_forgotten_password_link_is_logged_shown_to_the_admin_and_works_once(site, make_client, db, monkeypatch,
                                                                           address):
    _c, owner, clerk = site
    cap = LogCapture()
    monkeypatch.setattr(handlers, "log", structlog.wrap_logger(None, processors=[cap]))
    anon = make_client()
    anon.get("/forgot-password")
    csrf = anon.cookies.get("vx_csrf")
    sent = anon.post("/forgot-password", data={"csrf_token": csrf, "email": clerk.email})
    nobody = anon.post("/forgot-password", data={"csrf_token": csrf, "email": mail("nobody")})
    assert sent.status_code == nobody.status_code == 200 and 'id="reset-sent"' in sent.text
    assert sent.text.count('id="reset-sent"') == nobody.text.count('id="reset-sent"')

    tid = context.current().tenant_id
    with context.acting_as(context.system_context(tid)), db.session_factory() as s:
        (row,) = [r for r in s.execute(select(OutboxEvent).where(
            OutboxEvent.name == "auth.password_reset.requested", OutboxEvent.tenant_id == tid)).scalars()
            if r.payload["email"] == clerk.email]
    link = row.payload["link"]
    db.relay.drain()  # delivered once, whether the relay ran at commit or runs now
    logged = [e for e in cap.entries if e["event"] == "password link issued" and e["email"] == clerk.email]
    assert len(logged) == 1 and logged[0]["link"] == link and "exc_info" not in logged[0]

    admin_page, _ = _browser(make_client, owner.email, PW)
    users = admin_page.get("/auth/users").text
    assert 'id="reset-links"' in users and link in users
    clerk_page, _ = _browser(make_client, clerk.email, PW)
    assert clerk_page.get("/auth/users").status_code == 403  # the clerk may not see users at all

    token = link.rpartition("token=")[2]
    form = anon.get("/reset-password", params={"token": token})
    assert form.status_code == 200 and 'name="token"' in form.text
    ok = anon.post("/reset-password", data={"csrf_token": csrf, "token": token, "new_password": NEW,
                                            "new_password_again": NEW}, follow_redirects=False)
    assert ok.status_code == 303 and ok.headers["location"] == "/login?reset=1"
    assert sessions.login(clerk.email, NEW, address).access_token
    again = anon.post("/reset-password", data={"csrf_token": csrf, "token": token, "new_password": "Other-Bricks-2027",
                                               "new_password_again": "Other-Bricks-2027"})
    assert again.status_code in (400, 401, 422) and 'href="/forgot-password"' in again.text
    assert link not in admin_page.get("/auth/users").text  # used: no longer listed

    anon.post("/forgot-password", data={"csrf_token": csrf, "email": clerk.email})
    with context.acting_as(context.system_context(tid)), db.session_factory.begin() as s:
        latest = [r for r in s.execute(select(OutboxEvent).where(
            OutboxEvent.name == "auth.password_reset.requested", OutboxEvent.tenant_id == tid)).scalars()
            if r.payload["email"] == clerk.email and r.payload["link"] != link]
        (fresh,) = latest
        s.execute(update(PasswordReset).where(PasswordReset.user_id == UUID(str(clerk.id)))
                  .values(expires_at=datetime(2020, 1, 1, tzinfo=UTC)))  # long past
    expired = fresh.payload["link"].rpartition("token=")[2]
    late = anon.post("/reset-password", data={"csrf_token": csrf, "token": expired, "new_password": "Other-Bricks-2027",
                                              "new_password_again": "Other-Bricks-2027"})
    assert late.status_code in (400, 401, 422) and 'role="alert"' in late.text
    assert fresh.payload["link"] not in admin_page.get("/auth/users").text
