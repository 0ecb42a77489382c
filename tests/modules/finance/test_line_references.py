"""References on journal lines (security issue 10, finding 9a): the project, activity, cost centre and
department a line names must exist in the tenant and belong to the book's company, on every path
that writes lines (post, bulk, draft, recurring), checked through the owning module's `api` with one
query per kind for all lines, and refused with a bilingual error naming the line's field."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from decimal import Decimal as D
from uuid import UUID

import pytest
from sqlalchemy import event

from vextrus.modules.finance import service
from vextrus.modules.finance.domain.errors import LedgerError
from vextrus.modules.finance.service import EntryIn, LineIn, RecurringInput
from vextrus.modules.organization import api as org
from vextrus.modules.organization import service as org_service
from vextrus.modules.projects import service as projects
from vextrus.platform import context
from vextrus.platform.ids import new_id
from vextrus.platform.tables import Tenant


@pytest.fixture
def refs(admin):
    """Company A's book with a project (activity A1010), a cost centre and a department of A; and
    the same kinds of company B (which A's lines may not name)."""
    a = org.create_company(org.CompanyInput(code="PBL", name="Padma Builders Ltd."))
    b = org.create_company(org.CompanyInput(code="PB2", name="Padma Builders Two Ltd."))
    service.ensure_book("PBL", "Padma Builders Ltd.", a.id)
    service.open_fiscal_year("PBL", "2025-26")
    out = {}
    for c in (a, b):
        with context.acting_as(replace(admin, company_id=c.id)):  # made while acting in that company
            p = projects.create_project(f"RAFT-{c.code}", "Raft foundation")
            projects.add_activity(p.id, "A1010", "Piling", 8.0)
        out[c.code] = {"project_id": p.id,
                       "cost_centre_id": org_service.add_cost_centre(c.id, "CC-1", "Mirpur tower").id,
                       "department_id": org_service.add_department(c.id, "ENG", "Engineering").id}
    return out


def _entry(**dims: object) -> EntryIn:
    return EntryIn(entry_date=date(2025, 7, 10), narration="Cement", lines=[
        LineIn(account_code="1120", credit=D(100)),
        LineIn(account_code="5110", debit=D(60)),
        LineIn(account_code="5110", debit=D(40), **dims)])


def test_a_line_may_name_its_companys_project_activity_cost_centre_and_department(db, refs):
    e = service.post_entry("PBL", _entry(**refs["PBL"], activity_code="A1010"))
    ln = e.lines[2]
    assert (ln.project_id, ln.activity_code, ln.cost_centre_id, ln.department_id) == (
        refs["PBL"]["project_id"], "A1010", refs["PBL"]["cost_centre_id"], refs["PBL"]["department_id"])


@pytest.mark.parametrize("field", ["project_id", "cost_centre_id", "department_id"])
@pytest.mark.parametrize("whose", ["random", "other company", "other tenant"])
def test_an_unknown_reference_is_refused_naming_the_lines_field(db, refs, field, whose, tenant_id):
    if whose == "random":
        ref = new_id()
    elif whose == "other company":
        ref = refs["PB2"][field]
    else:
        ref = _other_tenants(db)[field]
    with pytest.raises(LedgerError) as e:
        service.post_entry("PBL", _entry(**{field: ref}))
    err = e.value
    assert err.code == f"{field.removesuffix('_id')}_unknown" and err.field == f"lines[2].{field}"
    assert err.status == 422 and str(ref) in err.message and err.message_bn != err.message
    assert service.list_entries("PBL") == []


def _other_tenants(db) -> dict[str, UUID]:
    """A project, cost centre and department of another tenant."""
    tid = new_id()
    with context.acting_as(context.system_context()), db.session_factory.begin() as s:
        s.add(Tenant(id=tid, code=f"t{tid.hex[-12:]}", name="Other Builders Ltd.", is_demo=False))
    with context.acting_as(context.system_context(tid)):
        c = org.create_company(org.CompanyInput(code="OTH", name="Other Ltd."))
        return {"project_id": projects.create_project("OTHER", "Other's").id,  # the tenant's only company
                "cost_centre_id": org_service.add_cost_centre(c.id, "CC-1", "Other's").id,
                "department_id": org_service.add_department(c.id, "ENG", "Other's").id}


def test_an_activity_the_project_does_not_have_is_refused(db, refs):
    with pytest.raises(LedgerError) as e:
        service.post_entry("PBL", _entry(project_id=refs["PBL"]["project_id"], activity_code="Z9999"))
    assert e.value.code == "activity_unknown" and e.value.field == "lines[2].activity_code"
    with pytest.raises(LedgerError) as e:  # company B's project has an A1010, but it is B's
        service.post_entry("PBL", _entry(project_id=refs["PB2"]["project_id"], activity_code="A1010"))
    assert e.value.field == "lines[2].project_id"


def test_drafts_bulk_and_recurring_entries_check_references_too(db, refs):
    bad = new_id()
    with pytest.raises(LedgerError) as e:
        service.create_draft("PBL", _entry(cost_centre_id=bad))
    assert e.value.field == "lines[2].cost_centre_id"
    with pytest.raises(LedgerError) as e:
        service.post_bulk("PBL", [_entry(**refs["PBL"]), _entry(department_id=bad)])
    assert e.value.field == "entries[1].lines[2].department_id"
    with pytest.raises(LedgerError) as e:
        service.create_recurring("PBL", RecurringInput(name="Site rent", start_date=date(2025, 7, 1),
                                                       lines=_entry(project_id=bad).lines))
    assert e.value.field == "lines[2].project_id"
    assert service.list_entries("PBL") == [] and service.list_recurring("PBL") == []


def test_a_bulk_post_looks_references_up_once_per_kind(db, refs):
    entries = [_entry(**refs["PBL"], activity_code="A1010") for _ in range(200)]
    seen: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:  # noqa: ANN001
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        r = service.post_bulk("PBL", entries)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert r.count == 200
    plain = [re.sub(r'"|\b(main|projects|organization)\.', "", x) for x in seen]
    lookups = {kind: sum(1 for x in plain if x.startswith(start)) for kind, start in (
        ("project", "SELECT project.id, project.company_id"),
        ("activity", "SELECT project_activity.project_id, project_activity.code"),
        ("cost centre", "SELECT organization_cost_centre.id, organization_cost_centre.company_id"),
        ("department", "SELECT organization_department.id, organization_department.company_id"))}
    assert lookups == {"project": 1, "activity": 1, "cost centre": 1, "department": 1}, lookups
