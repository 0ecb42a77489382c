"""Cursor pagination walks every row once, in order, across pages."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from vextrus.platform import context
from vextrus.platform.errors import ValidationFailed
from vextrus.platform.pagination import paginate
from vextrus.platform.tables import Tenant


def test_pages_cover_all_rows_without_overlap(db):
    with context.acting_as(context.system_context()), db.session_factory.begin() as s:
        for i in range(7):
            s.add(Tenant(code=f"page-{i}-{id(s)}", name=f"P{i}", is_demo=False))
    seen = []
    after = None
    with db.session_factory() as s:
        stmt = select(Tenant).where(Tenant.code.like("page-%"))
        while True:
            page = paginate(s, stmt, Tenant.id, first=3, after=after)
            seen.extend(t.id for t in page.items)
            if not page.has_next_page:
                break
            after = page.end_cursor
    assert len(seen) >= 7 and len(seen) == len(set(seen)) and seen == sorted(seen)


def test_bad_cursor_and_page_size_are_clear_errors(db):
    with db.session_factory() as s:
        with pytest.raises(ValidationFailed) as err:
            paginate(s, select(Tenant), Tenant.id, after="not-a-cursor")
        assert err.value.field == "after"
        with pytest.raises(ValidationFailed) as err:
            paginate(s, select(Tenant), Tenant.id, first=0)
        assert err.value.field == "first"
