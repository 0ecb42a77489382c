"""Ordinary user errors are one structured log line (code, status, path, user, tenant) and never a
traceback, over REST, pages and GraphQL; an unexpected exception is still logged with its traceback.
A browser's page request that is refused gets an HTML page in the user's language naming the action in
words; the same request from an API client keeps the JSON body."""

from __future__ import annotations

import logging
import os

import pytest
import structlog
from structlog.testing import LogCapture

os.environ.setdefault("VEXTRUS_AUTH_ARGON2", "fast-test")

from vextrus.modules.auth import service  # noqa: E402
from vextrus.modules.organization import api as org  # noqa: E402
from vextrus.platform import context, http_errors  # noqa: E402

PW = "Rod&Cement-2025"
HTML = {"Accept": "text/html,application/xhtml+xml"}


@pytest.fixture
def logs(monkeypatch) -> LogCapture:  # noqa: ANN001
    cap = LogCapture()
    monkeypatch.setattr(http_errors, "log", structlog.wrap_logger(None, processors=[cap]))
    return cap


@pytest.fixture
def site(admin, db):
    from fastapi.testclient import TestClient

    from vextrus.app import create_app

    c = org.create_company(org.CompanyInput(code="LOG", name="Log Builders Ltd."))
    service.seed_default_roles(c.id)
    tag = context.current().tenant_id.hex[-10:]
    users = {}
    for role, lang in (("store_keeper", "en"), ("hr_officer", "bn"), ("accountant", "en")):
        email = f"{role}@t{tag}.example.com"
        users[role] = service.create_user(service.UserInput(email=email, name=role, language=lang), PW, c.id, [role])
    app = create_app(db.settings, start_runtime=False)

    @app.get("/api/v1/test-boom")
    def boom() -> None:
        raise RuntimeError("a real fault")

    client = TestClient(app, raise_server_exceptions=False)

    def bearer(role: str) -> dict[str, str]:
        r = client.post("/api/v1/auth/login", json={"email": users[role].email, "password": PW})
        assert r.status_code == 200, r.text
        return {"Authorization": "Bearer " + r.json()["access_token"]}

    return client, bearer, users


def _user_errors(cap: LogCapture) -> list[dict]:
    return [e for e in cap.entries if e["event"] == "user error"]


def test_a_user_error_is_one_line_without_traceback_and_a_fault_keeps_its_traceback(site, logs, caplog):
    client, bearer, users = site
    h = bearer("store_keeper")
    r = client.get("/api/v1/finance/books", headers=h)
    assert r.status_code == 403 and r.json()["code"] == "permission_denied"
    (line,) = _user_errors(logs)
    assert line["code"] == "permission_denied" and line["status"] == 403
    assert line["path"] == "/api/v1/finance/books" and line["user"] == users["store_keeper"].email
    assert line["tenant"] == str(context.current().tenant_id)
    assert "exc_info" not in line and line["log_level"] == "info"

    with caplog.at_level(logging.ERROR, logger="strawberry.execution"):
        g = client.post("/graphql", json={"query": "{ companies(first: 1) { nodes { id } } }"})
    assert g.json()["errors"][0]["extensions"]["code"] == "unauthenticated"
    assert not [rec for rec in caplog.records if rec.name.startswith("strawberry")]  # no traceback from GraphQL
    assert _user_errors(logs)[-1]["code"] == "unauthenticated" and _user_errors(logs)[-1]["path"].startswith("/graphql")

    boom = client.get("/api/v1/test-boom", headers=h)
    assert boom.status_code == 500 and boom.json()["code"] == "internal_error"
    (fault,) = [e for e in logs.entries if e["event"] == "unhandled error"]
    assert isinstance(fault["exc_info"], RuntimeError) and fault["log_level"] == "error"
    assert len(_user_errors(logs)) == 2  # the fault is not a user error


def test_a_refused_page_is_an_html_page_naming_the_action_in_the_users_language(site, logs):
    client, bearer, _users = site
    h = bearer("store_keeper")
    page = client.get("/finance", headers=h | HTML)
    assert page.status_code == 403 and page.headers["content-type"].startswith("text/html")
    assert 'id="error-page"' in page.text and "View the chart of accounts" in page.text
    assert "finance.account.view" not in page.text and 'id="error-back"' in page.text
    api = client.get("/finance", headers=h)  # an API client (no HTML asked for) keeps the JSON
    assert api.status_code == 403 and api.json()["details"]["permission"] == "finance.account.view"

    denied = client.get("/finance", headers=bearer("hr_officer") | HTML)  # the HR officer's language is Bangla
    assert denied.status_code == 403 and 'lang="bn"' in denied.text and "অনুমতি নেই" in denied.text
    assert "হিসাবের তালিকা দেখা" in denied.text and "View the chart" not in denied.text

    missing = client.get("/projects/NO-SUCH-PROJECT", headers=h | HTML)
    assert missing.status_code == 404 and 'data-code="not_found"' in missing.text
    assert client.get("/projects/NO-SUCH-PROJECT", headers=h).json()["code"] == "not_found"
    anonymous = client.get("/finance", headers=HTML, follow_redirects=False)
    assert anonymous.status_code == 303 and anonymous.headers["location"] == "/login?next=/finance"
    assert all("exc_info" not in e for e in _user_errors(logs))


def test_an_unbalanced_entry_and_a_closed_period_are_one_line_each(site, logs, caplog):
    """Issue 12 names four ordinary errors that printed a traceback: unbalanced entry, closed period, no
    token, permission denied (the last two above). The first two, over REST and from the journal page."""
    from vextrus.modules.finance import service as finance

    client, bearer, users = site
    company = org.company_by_code("LOG")
    book = finance.ensure_book("LOG", "Log Builders Ltd.", company_id=company.id)
    finance.open_fiscal_year(book.code, "2025-26")
    finance.close_period(book.code, "2025-26", 1)  # July 2025
    h = bearer("accountant")
    lines = [{"account_code": "5110", "debit": "1000.00"}, {"account_code": "2110", "credit": "900.00"}]
    with caplog.at_level(logging.DEBUG):
        r = client.post(f"/api/v1/finance/books/{book.code}/entries", headers=h,
                        json={"entry_date": "2026-01-10", "narration": "Cement", "lines": lines})
        assert r.status_code == 422 and r.json()["code"] == "entry_unbalanced", r.text
        lines[1]["credit"] = "1000.00"
        r = client.post(f"/api/v1/finance/books/{book.code}/entries", headers=h,
                        json={"entry_date": "2025-07-10", "narration": "Cement", "lines": lines})
        assert r.status_code == 422, r.text
        closed = r.json()["code"]
        client.get(f"/finance/{book.code}/journal", headers=h | HTML)  # the form's CSRF cookie
        token = client.cookies.get("vx_csrf") or ""
        page = client.post(f"/finance/{book.code}/journal", headers=h | HTML | {"x-csrf-token": token},
                           data={"csrf_token": token, "entry_date": "2025-07-10", "narration": "Cement", "action": "post",
                                 "account": ["5110", "2110"], "debit": ["1000", ""], "credit": ["", "1000"],
                                 "memo": ["", ""]})
        assert page.status_code == 422 and page.headers["content-type"].startswith("text/html"), page.text[:600]
        assert 'id="entry-form"' in page.text  # the form again, with its refusal
    lines_logged = _user_errors(logs)
    # REST: one line each; the page shows its refusal on the form (nothing raised, nothing to log)
    assert [e["code"] for e in lines_logged] == ["entry_unbalanced", closed]
    assert all(e["user"] == users["accountant"].email and "exc_info" not in e for e in lines_logged)
    assert not [rec for rec in caplog.records if rec.exc_info]  # no traceback anywhere in the log
