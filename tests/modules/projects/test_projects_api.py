"""projects.api: the lookups other modules use to pick a project and activity, and the actual cost
that finance postings tagged with a project add up to."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal as D
from uuid import uuid4

import pytest

from vextrus.modules.finance import service as finance
from vextrus.modules.finance.service import EntryIn, LineIn
from vextrus.modules.projects import api, service
from vextrus.modules.projects.service import costs
from vextrus.platform import context
from vextrus.platform.errors import NotFound, PermissionDenied
from vextrus.platform.ids import new_id
from vextrus.platform.tables import Tenant


@pytest.fixture
def tower(admin):
    p = service.create_project("MIRPUR-T", "Mirpur Tower (G+14)", status="active")
    service.add_activity(p.id, "A1010", "Raft foundation", 80)
    service.add_activity(p.id, "A1020", "Basement walls", 120)
    return p


def test_lookups_by_code_and_id_and_active_only(tower):
    service.create_project("OLD-01", "Uttara shops (handed over)", status="completed")
    ref = api.project_by_code("MIRPUR-T")
    assert (ref.id, ref.code, ref.name, ref.status) == (tower.id, "MIRPUR-T", "Mirpur Tower (G+14)", "active")
    assert api.get_project(tower.id) == ref
    assert api.project_by_code("NOPE") is None and api.get_project(uuid4()) is None
    assert [p.code for p in api.list_projects()] == ["MIRPUR-T"]
    assert [p.code for p in api.list_projects(active_only=False)] == ["MIRPUR-T", "OLD-01"]


def test_activities_in_schedule_order_with_names(tower):
    assert [(a.code, a.name) for a in api.activities_of(tower.id)] == [
        ("A1010", "Raft foundation"), ("A1020", "Basement walls")]
    with pytest.raises(NotFound):
        api.activities_of(uuid4())


def test_another_tenants_project_is_invisible(db, tower):
    other = new_id()
    with context.acting_as(context.system_context()), db.session_factory.begin() as s:
        s.add(Tenant(id=other, code=f"t{other.hex[-12:]}", name="Other Ltd.", is_demo=False))
    with context.acting_as(replace(context.current(), tenant_id=other)):
        assert api.get_project(tower.id) is None and api.project_by_code("MIRPUR-T") is None
        assert api.list_projects(active_only=False) == []
        with pytest.raises(NotFound):
            api.actual_cost(tower.id)


def test_lookups_need_the_read_permissions(tower, admin):
    with context.acting_as(replace(admin, permissions=frozenset({"finance.*"}))):
        for call in (lambda: api.list_projects(), lambda: api.get_project(tower.id),
                     lambda: api.project_by_code("MIRPUR-T"), lambda: api.activities_of(tower.id),
                     lambda: api.actual_cost(tower.id)):
            with pytest.raises(PermissionDenied):
                call()
    with context.acting_as(replace(admin, permissions=frozenset({"projects.project.read"}))):
        assert api.get_project(tower.id) is not None
        with pytest.raises(PermissionDenied):
            api.activities_of(tower.id)


def test_actual_cost_adds_up_finance_postings_by_date_and_reversals(db, tower):
    book = finance.ensure_book("PBL", "Padma Builders Ltd.").code
    finance.open_fiscal_year(book, "2025-26")

    def cement(day: date, amount: str) -> EntryIn:
        return EntryIn(entry_date=day, narration="Cement", lines=[
            LineIn(account_code="5110", debit=D(amount), project_id=tower.id, activity_code="A1010"),
            LineIn(account_code="2110", credit=D(amount), project_id=tower.id)])  # a liability: no cost

    first = finance.post_entry(book, cement(date(2025, 7, 10), "125000.50"))
    finance.post_entry(book, cement(date(2025, 8, 5), "40000.25"))
    db.relay.drain()
    assert api.actual_cost(tower.id) == D("165000.75")
    assert api.actual_cost(tower.id, as_of=date(2025, 7, 31)) == D("125000.50")
    assert api.actual_cost(tower.id, as_of=date(2025, 7, 9)) == 0

    finance.reverse_entry(book, first.id, date(2025, 8, 20))
    db.relay.drain()
    db.relay.drain()  # at-least-once delivery: a second drain must not count anything twice
    assert api.actual_cost(tower.id) == D("40000.25")
    assert api.actual_cost(tower.id, as_of=date(2025, 8, 19)) == D("165000.75")

    costs.record_actual_cost(tower.id, "999.99", date(2025, 8, 1), activity_code="A1020", reference="MB-7")
    assert api.actual_cost(tower.id) == D("41000.24")
    assert api.actual_cost(tower.id, source="finance") == D("40000.25")
    assert isinstance(api.actual_cost(tower.id), D)
