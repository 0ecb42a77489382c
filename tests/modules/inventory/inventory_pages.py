"""What the inventory page tests share: a web client signed in as `who`, holding the page's CSRF token."""

from __future__ import annotations

from fastapi.testclient import TestClient

from vextrus.app import create_app


def page_client(db, who) -> TestClient:  # noqa: ANN001
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: who])
    tc = TestClient(app)
    tc.__enter__()
    tc.get("/inventory")
    tc.headers["X-CSRF-Token"] = tc.cookies.get("vx_csrf") or ""
    return tc
