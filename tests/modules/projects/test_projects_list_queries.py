"""Kernel issue #21, item 7: no per-row queries in list endpoints.

Each list of the projects module is read for a 10-row and a 100-row page and the SQL statements
sent to the database are counted (SQLAlchemy `before_cursor_execute` on the runtime engine, this
thread only: the event relay may be reading the outbox meanwhile). A list that builds each row's
view with its own query would take ~90 more statements for the larger page; these take the same.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from statement_count import counting
from vextrus.modules.projects import service
from vextrus.modules.projects.service import calendars, scheduling
from vextrus.platform import runtime


def statements(rt: runtime.Runtime, read: Callable[[], Any], rows: int) -> int:
    with counting(rt) as seen:
        out = read()
    items = out.items if hasattr(out, "items") and not isinstance(out, dict) else out
    if isinstance(items, list):
        assert len(items) == rows, f"expected a {rows}-row page, got {len(items)}"
    return len(seen)


def _project(code: str, n: int) -> Any:
    """A project with `n` WBS nodes, activities, links (a chain and one SS), BOQ lines and actual service."""
    p = service.create_project(code, f"Tower {code}", start_date=date(2026, 1, 3), contract_value="1000000")
    for i in range(n):
        service.add_wbs(p.id, f"W{i:03d}", f"Floor {i}")
        service.add_activity(p.id, f"A{i:03d}", f"Slab {i}", 8.0, wbs_code=f"W{i:03d}", budget="1000")
        if i:
            service.add_relationship(p.id, f"A{i - 1:03d}", f"A{i:03d}")
        service.add_boq_item(p.id, f"{i + 1}.0", f"Concrete {i}", "m3", "10", "9500", activity_code=f"A{i:03d}")
        service.record_actual_cost(p.id, Decimal("5000"), date(2026, 1, 5), activity_code=f"A{i:03d}",
                                   reference=f"{code}-{i}")
    service.add_relationship(p.id, "A000", f"A{n - 1:03d}", "SS")  # n links in all
    service.schedule_project(p.id, datetime(2026, 1, 3, 8))
    service.save_baseline(p.id, "Original")
    return p


def test_project_lists_take_the_same_statements_for_10_and_100_rows(db, admin) -> None:
    small, large = _project("S10", 10), _project("L100", 100)
    for code in range(98):  # 100 projects in the company
        service.create_project(f"P{code:03d}", f"Project {code}")
    reads: dict[str, Callable[[Any, int], Any]] = {
        "list_activities": lambda p, n: service.list_activities(p.id),
        "page_activities": lambda p, n: service.page_activities(large.id, first=n),
        "list_relationships": lambda p, n: service.list_relationships(p.id),
        "list_wbs": lambda p, n: service.list_wbs(p.id),
        "boq": lambda p, n: service.boq(p.id).groups,
        "list_costs": lambda p, n: service.list_costs(p.id),
        "compare_baseline": lambda p, n: service.compare_baseline(p.id).variances,
        "page_projects": lambda p, n: service.page_projects(first=n),
    }
    for name, read in reads.items():
        ten = statements(db, lambda read=read: read(small, 10), 10)
        hundred = statements(db, lambda read=read: read(large, 100), 100)
        print(f"{db.engine.dialect.name} projects.{name}: 10 rows {ten}, 100 rows {hundred} statements")
        assert hundred == ten, f"{name}: {ten} statements for 10 rows, {hundred} for 100"


def test_the_project_list_reads_its_activity_counts_in_one_query(db, admin) -> None:
    for i in range(10):
        service.create_project(f"P{i:03d}", f"Project {i}")
    service.add_activity("P000", "A1", "Piling", 8.0)
    ten = statements(db, service.list_projects, 10)
    for i in range(10, 100):
        service.create_project(f"P{i:03d}", f"Project {i}")
    hundred = statements(db, service.list_projects, 100)
    print(f"{db.engine.dialect.name} projects.list_projects: 10 rows {ten}, 100 rows {hundred} statements")
    assert hundred == ten
    counts = {p.code: p.activity_count for p in service.list_projects()}
    assert counts["P000"] == 1 and counts["P001"] == 0
    paged = {p.code: p.activity_count for p in service.page_projects(first=100).items}
    assert paged == counts  # a page of projects says how many activities each has, as the list does


def test_cursor_pages_take_a_fixed_number_of_statements(db, admin) -> None:
    """A cursor page (REST `?first&after`) of 10 and of 100 relationships, actual costs, baselines and holidays
    read as many statements: a page's activity codes and baseline sizes each in one query."""
    small, large = _project("S10", 10), _project("L100", 100)
    for i in range(9):
        service.save_baseline(small.id, f"Revision {i}")  # 10 baselines
    for i in range(99):
        service.save_baseline(large.id, f"Revision {i}")  # 100 baselines
    first_day = date(2031, 1, 1)
    for i in range(100):
        day = date.fromordinal(first_day.toordinal() + i)
        service.set_holiday(day, f"Holiday {i}", f"ছুটি {i}")
    reads: dict[str, Callable[[Any, int], Any]] = {
        "page_relationships": lambda p, n: service.page_relationships(p.id, first=n),
        "page_costs": lambda p, n: service.page_costs(p.id, first=n),
        "page_baselines": lambda p, n: scheduling.page_baselines(p.id, first=n),
        "page_holidays": lambda p, n: calendars.page_holidays(2031, first=n),
    }
    pages = {}
    for name, read in reads.items():
        ten = statements(db, lambda read=read: read(small, 10), 10)
        hundred = statements(db, lambda read=read: read(large, 100), 100)
        print(f"{db.engine.dialect.name} projects.{name}: 10 rows {ten}, 100 rows {hundred} statements")
        assert hundred == ten, f"{name}: {ten} statements for 10 rows, {hundred} for 100"
        pages[name] = read(large, 100).items
    # the pages say what the rows hold: each link's and cost's activity code, each baseline's size
    assert {(r.predecessor, r.successor) for r in pages["page_relationships"]} == {
        (f"A{i - 1:03d}", f"A{i:03d}") for i in range(1, 100)} | {("A000", "A099")}
    assert [c.activity_code for c in pages["page_costs"]] == [f"A{i:03d}" for i in range(100)]
    assert {b.activities for b in pages["page_baselines"]} == {100}
    assert [h.name for h in pages["page_holidays"]] == [f"Holiday {i}" for i in range(100)]
