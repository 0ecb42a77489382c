"""Cursor pages on settings and feature flags (REST convention in docs/modules.md, issue 21 item 8):
`?first&after` answers `{items, end_cursor, has_next_page}` by key; walking the pages gives every setting
(declared by the modules, with the stored values) and every flag (declared or saved) of the whole list
exactly once, in the same order whatever the page size; without `first`/`after` the old array still
answers (kept for one release). Both databases."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from cursor_pages import walk_pages as _walk

API = "/api/v1/configuration"


@pytest.fixture
def client(db, admin):
    from vextrus.app import create_app

    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as c:
        c.get("/organization")  # the CSRF cookie
        c.headers["X-CSRF-Token"] = c.cookies.get("vx_csrf") or ""
        yield c




def test_settings_and_flags_page_by_cursor(client):
    assert client.put(f"{API}/settings/general.company_display_name", json={"value": "Padma Builders"}).status_code == 200
    for key in ("site.dark_mode", "site.beta_reports", "site.sms_alerts"):
        assert client.put(f"{API}/flags/{key}", json={"enabled": True, "description": key}).status_code == 200

    module = next(s["module"] for s in client.get(f"{API}/settings").json()
                  if s["key"] == "general.company_display_name")
    for url, params in ((f"{API}/settings", {}), (f"{API}/settings", {"module": module}), (f"{API}/flags", {})):
        whole = client.get(url, params=params).json()
        assert isinstance(whole, list) and len(whole) >= 1, url  # the old answer, without first/after
        for first in (1, 3, 500):
            paged = _walk(client, url, first, **params)
            assert len(paged) == len(whole), (url, first)  # every row once
            assert {r["key"]: r for r in paged} == {r["key"]: r for r in whole}, (url, first)
            assert [r["key"] for r in paged] == sorted(r["key"] for r in whole)  # by key: a stable order
    shown = {s["key"]: s["value"] for s in _walk(client, f"{API}/settings", 2)}
    assert shown["general.company_display_name"] == "Padma Builders"  # the stored value, not the default
    assert len(_walk(client, f"{API}/flags", 2)) >= 3
    assert client.get(f"{API}/flags", params={"first": 501}).status_code == 422
    assert client.get(f"{API}/settings", params={"first": 2, "after": "nonsense"}).status_code == 422
