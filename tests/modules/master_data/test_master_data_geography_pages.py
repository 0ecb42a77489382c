"""Cursor pages on the geography lists (REST convention in docs/modules.md, issue 21 item 8): divisions,
districts and upazilas/thanas take `?first&after` and answer `{items, end_cursor, has_next_page}` by code;
walking the pages gives every row of the whole list (the BBS geocode table shipped with master data: 8
divisions, 64 districts) exactly once, in the same order whatever the page size; without `first`/`after`
the old array (by name) still answers. Both databases (the app is built on each)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from cursor_pages import walk_pages as _walk

GEO = "/api/v1/master_data/geography"


@pytest.fixture
def client(db, admin):
    from vextrus.app import create_app

    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as c:
        yield c




def test_geography_pages_by_cursor(client):
    dhaka = next(d["code"] for d in client.get(f"{GEO}/divisions").json() if d["name"] == "Dhaka")
    for url, params in ((f"{GEO}/divisions", {}), (f"{GEO}/districts", {}), (f"{GEO}/districts", {"division": dhaka}),
                        (f"{GEO}/upazilas", {})):
        whole = client.get(url, params=params).json()
        assert isinstance(whole, list) and len(whole) >= 8, url  # the old answer, without first/after
        for first in (7, 50, 500):
            paged = _walk(client, url, first, **params)
            assert len(paged) == len(whole), (url, first)  # every row once
            assert {r["code"]: r for r in paged} == {r["code"]: r for r in whole}, (url, first)
            assert [r["code"] for r in paged] == sorted(r["code"] for r in whole)  # by code: a stable order
    assert len(_walk(client, f"{GEO}/divisions", 3)) == 8
    assert len(_walk(client, f"{GEO}/districts", 10)) == 64
    assert client.get(f"{GEO}/districts", params={"first": 0}).status_code == 422
