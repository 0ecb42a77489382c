"""Activities read as plain columns (issue 20, per-request CPU): the whole list and the cursor pages give,
field by field, the views the ORM path builds (`activity_view` over each loaded `Activity`), for the demo
building project on both databases; over REST the pages walk to the same activities as the whole array."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from cursor_pages import walk_pages
from vextrus.modules.projects import demo, service
from vextrus.modules.projects.service.activities import activity_view
from vextrus.modules.projects.tables import Activity
from vextrus.platform import runtime
from vextrus.platform.pagination import encode_cursor


def _orm_views(project_code: str) -> list:
    """The old read: one ORM object per activity, one validated view each, in schedule order."""
    pid = service.get_project(project_code).id
    with runtime.current().session_factory() as s:
        rows = s.execute(select(Activity).where(Activity.project_id == pid)
                         .order_by(Activity.seq, Activity.code)).scalars().all()
        return [activity_view(a) for a in rows]


@pytest.fixture
def demo_project(db, admin, tenant_id):
    demo.load(tenant_id)


def test_plain_column_reads_give_the_orm_views(demo_project):
    old = _orm_views(demo.CODE)
    assert len(old) > 250
    new = service.list_activities(demo.CODE)
    assert [a.model_dump() for a in new] == [a.model_dump() for a in old]  # same order, same values, same types
    assert [type(v) for v in new[0].model_dump().values()] == [type(v) for v in old[0].model_dump().values()]

    paged, after = [], None
    while True:
        page = service.page_activities(demo.CODE, first=100, after=after)
        paged += page.items
        if not page.has_next_page:
            break
        after = page.end_cursor
    assert [a.id for a in paged] == sorted(a.id for a in old)  # pages by id
    assert sorted((a.model_dump() for a in paged), key=lambda d: d["id"]) == \
        sorted((a.model_dump() for a in old), key=lambda d: d["id"])

    critical = service.page_activities(demo.CODE, first=500, critical_only=True).items
    assert critical and {a.id for a in critical} == {a.id for a in old if a.critical}


def test_rest_pages_walk_to_the_whole_array(db, admin, demo_project):
    from vextrus.app import create_app

    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _request: admin])
    url = f"/api/v1/projects/projects/{demo.CODE}/activities"
    with TestClient(app) as c:
        whole = c.get(url).json()
        assert [a["code"] for a in whole] == [a.code for a in _orm_views(demo.CODE)]
        paged = walk_pages(c, url, first=100)
        assert {a["id"]: a for a in paged} == {a["id"]: a for a in whole}
        first = c.get(url, params={"first": 50}).json()
        assert len(first["items"]) == 50 and first["has_next_page"]
        for bad in ({"first": 0}, {"first": 501}, {"first": 5, "after": "not-a-cursor"},
                    {"first": 5, "after": encode_cursor(["not-an-id"])}):
            r = c.get(url, params=bad)
            assert r.status_code == 422, bad
            assert r.json()["field"] in ("first", "after")
