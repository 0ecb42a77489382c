"""Kernel issue #21, item 7: no per-row queries in the organization's list endpoints.

Each list is read with 10 and with 100 rows and the SQL statements sent to the database are counted
(SQLAlchemy `before_cursor_execute` on the runtime engine, this thread only). The unit pickers other
modules show (cost centres, departments of every company the request reaches) read all companies'
units at once instead of one company after another.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from statement_count import counting
from vextrus.modules.organization import api, service
from vextrus.modules.organization.service import CompanyInput
from vextrus.platform import context, runtime
from vextrus.platform.ids import new_id


def statements(rt: runtime.Runtime, read: Callable[[], Any], rows: int) -> tuple[int, Any]:
    with counting(rt) as seen:
        out = read()
    items = out.items if hasattr(out, "items") and not isinstance(out, dict) else out
    assert len(items) == rows, f"expected {rows} rows, got {len(items)}"
    return len(seen), out


def _company(code: str, units: int = 1, members: int = 0) -> UUID:
    """A company with `units` departments and as many cost centres, and `members` members."""
    c = service.create_company(CompanyInput(code=code, name=f"{code} Builders Ltd."))
    for i in range(units):
        service.add_department(c.id, f"D{i:03d}", f"Department {i}")
        service.add_cost_centre(c.id, f"CC{i:03d}", f"Cost centre {i}")
    for _ in range(members):
        service.add_member(c.id, new_id())
    return c.id


def same(rt: runtime.Runtime, name: str, small: Callable[[], Any], large: Callable[[], Any]) -> None:
    ten, _ = statements(rt, small, 10)
    hundred, _ = statements(rt, large, 100)
    print(f"{rt.engine.dialect.name} organization.{name}: 10 rows {ten}, 100 rows {hundred} statements")
    assert hundred == ten, f"{name}: {ten} statements for 10 rows, {hundred} for 100"


def test_units_and_members_of_a_company(db, admin) -> None:
    ten, hundred = _company("TEN", units=5, members=10), _company("HUNDRED", units=50, members=100)
    same(db, "list_units", lambda: service.list_units(ten), lambda: service.list_units(hundred))
    same(db, "members", lambda: service.members(ten), lambda: service.members(hundred))


def test_company_lists_and_unit_pickers_across_companies(db, admin) -> None:
    for i in range(10):
        _company(f"C{i:03d}")
    small = {"list_companies": statements(db, service.list_companies, 10)[0],
             "list_cost_centres": statements(db, api.list_cost_centres, 10)[0],
             "list_departments": statements(db, api.list_departments, 10)[0]}
    for i in range(10, 100):
        _company(f"C{i:03d}")
    large = {"list_companies": statements(db, service.list_companies, 100)[0],
             "list_cost_centres": statements(db, api.list_cost_centres, 100)[0],
             "list_departments": statements(db, api.list_departments, 100)[0]}
    same(db, "companies_page", lambda: service.companies_page(first=10), lambda: service.companies_page(first=100))
    for name in small:
        print(f"{db.engine.dialect.name} organization.{name}: 10 rows {small[name]}, 100 rows {large[name]} statements")
    assert large == small
    refs = api.list_cost_centres()
    assert [r.code for r in refs] == ["CC000"] * 100 and len({r.id for r in refs}) == 100
    assert [r.name for r in api.list_departments()] == ["Department 0"] * 100
    one = _company("ONE", units=3)
    assert [r.code for r in api.list_cost_centres(one)] == ["CC000", "CC001", "CC002"]
    with context.acting_as(context.RequestContext(tenant_id=admin.tenant_id, company_id=one,
                                                  permissions=frozenset({"organization.*"}))):
        assert [r.code for r in api.list_departments()] == ["D000", "D001", "D002"]  # the active company's only


def test_cursor_pages_of_units_and_members(db, admin) -> None:
    """A page of members reads as many statements for 10 rows as for 100; a page of units at most the
    company check and one query per kind it crosses (branches, departments, cost centres) plus one to see
    whether a later kind has rows: 5, whatever the page size."""
    company = _company("PAGES", units=60, members=120)
    ten, _ = statements(db, lambda: service.page_units(company, 10), 10)  # within the departments
    hundred, _ = statements(db, lambda: service.page_units(company, 100), 100)  # departments, then cost centres
    print(f"{db.engine.dialect.name} organization.page_units: 10 rows {ten}, 100 rows {hundred} statements")
    assert ten <= hundred <= 5
    same(db, "page_members", lambda: service.page_members(company, 10), lambda: service.page_members(company, 100))
