"""Transfers between sites (issue 18) on both databases: a dated history of postings; the labour cost (and the
run's journal) of a month goes to the project in effect on the month's last day, so a transfer leaves earlier
months where they were; refusals with code, en/bn message and field leave the database unchanged; a retried
Idempotency-Key transfers once; REST, GraphQL and the employee page in English and Bangla; payroll_0009 seeds
one row per existing employee."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from payroll_setup import month_run, post, setup, site, staff
from sqlalchemy import func, select

from bangla_text import latin_in_main
from vextrus.modules.finance import service as finance
from vextrus.modules.payroll import service
from vextrus.modules.payroll.schemas import EmployeeChange
from vextrus.modules.payroll.tables import EmployeeRow, TransferRow
from vextrus.platform import context
from vextrus.platform.errors import DomainError
from vextrus.platform.ids import new_id
from vextrus.platform.tables import OutboxEvent
from vextrus.platform.uow import unit_of_work

OCT, NOV, DEC = date(2025, 10, 1), date(2025, 11, 1), date(2025, 12, 1)


def _line(c, month, project):
    return next((ln for ln in service.labour_cost(c.id, month).lines if ln.project_id == project), None)


def _rows():
    with unit_of_work() as uow:
        return uow.session.execute(select(TransferRow.employee_id, TransferRow.effective_on, TransferRow.project_id)
                                   .order_by(TransferRow.employee_id, TransferRow.effective_on)).all()


def test_a_transfer_mid_year_leaves_earlier_months_on_the_old_project(db, admin):
    c = setup()
    a, b = site(c, "S-A"), site(c, "S-B")
    e = staff(c, "E2", workplace="site", project_id=a)
    other = staff(c, "E1")  # head office throughout
    octo = post(month_run(c, OCT))
    t = service.transfer_employee(e.id, b, date(2025, 11, 15), "Tower B needs a site engineer", e.version)
    assert (t.from_project_id, t.project_id, t.effective_on) == (a, b, date(2025, 11, 15))
    assert service.get_employee(e.id).project_id == b  # the current project follows the latest transfer
    nov = post(month_run(c, NOV))
    slip = {p.employee_code: p for p in nov.payslips}
    # October (before the transfer, posted before it) stays on A; November (B on its last day) goes to B
    oct_a = _line(c, OCT, a)
    assert oct_a.staff == 1 and oct_a.salaries == next(p.gross for p in octo.payslips if p.employee_code == "E2")
    assert _line(c, OCT, b) is None
    assert _line(c, NOV, a) is None and _line(c, NOV, b).salaries == slip["E2"].gross
    assert _line(c, NOV, None).salaries == slip["E1"].gross and other.project_id is None
    # the run's journal debits the project of the month's last day too
    debits = [ln for ln in finance.get_entry("PBL", nov.entry_id).lines if ln.project_id == b]
    assert sum(ln.debit for ln in debits) == slip["E2"].gross + slip["E2"].pf_employer
    # back to head office from 1 December: November stays on B
    service.transfer_employee(e.id, None, DEC, "Moved to the head office")
    post(month_run(c, DEC))
    assert _line(c, NOV, b).salaries == slip["E2"].gross and _line(c, DEC, b) is None
    assert _line(c, DEC, None).staff == 2 and service.get_employee(e.id).project_id is None
    hist = service.list_transfers(e.id)
    assert [(h.effective_on, h.project_id) for h in hist] == [(date(2020, 1, 1), a), (date(2025, 11, 15), b),
                                                             (DEC, None)]
    with context.acting_as(context.system_context(admin.tenant_id)), db.session_factory() as s:
        evs = s.scalars(select(OutboxEvent).where(OutboxEvent.name == "payroll.employee.transferred")).all()
    assert sorted((ev.payload["effective_on"], ev.payload["project_id"]) for ev in evs) == [
        ("2025-11-15", str(b)), ("2025-12-01", None)]


def _refused(fn, code: str, field: str):
    with pytest.raises(DomainError) as e:
        fn()
    exc = e.value
    assert exc.code == code and exc.field == field and exc.message and exc.message_bn, exc
    assert re.search(r"[\u0980-\u09ff]", exc.message_bn)


def test_refusals_name_the_field_in_both_languages_and_leave_the_database_unchanged(db, admin):
    c = setup()
    a, b = site(c, "S-A"), site(c, "S-B")
    e = staff(c, "E2", workplace="site", project_id=a, joining_date=date(2024, 3, 1))
    service.transfer_employee(e.id, b, date(2025, 6, 1), "Needed at B")
    before, version = _rows(), service.get_employee(e.id).version
    cases = [
        (lambda: service.transfer_employee(e.id, new_id(), date(2025, 8, 1), "x"), "payroll.project_unknown",
         "project_id"),
        (lambda: service.transfer_employee(e.id, a, date(2024, 2, 28), "x"), "payroll.transfer_before_joining",
         "effective_on"),
        (lambda: service.transfer_employee(e.id, a, date(2025, 5, 31), "x"), "payroll.transfer_before_last",
         "effective_on"),
        (lambda: service.transfer_employee(e.id, a, date(2025, 6, 1), "x"), "payroll.transfer_before_last",
         "effective_on"),
        (lambda: service.transfer_employee(e.id, b, date(2025, 8, 1), "x"), "payroll.transfer_same_project",
         "project_id"),
        (lambda: service.transfer_employee(e.id, a, date(2025, 8, 1), "  "), "payroll.transfer_reason_required",
         "reason"),
        (lambda: service.transfer_employee(e.id, a, date(2099, 1, 1), "x"), "payroll.transfer_in_future",
         "effective_on"),
    ]
    for fn, code, field in cases:
        _refused(fn, code, field)
    assert _rows() == before and service.get_employee(e.id).version == version
    assert service.get_employee(e.id).project_id == b
    service.change_employee(e.id, EmployeeChange(status="separated"))
    before = _rows()
    _refused(lambda: service.transfer_employee(e.id, a, date(2025, 8, 1), "x"), "payroll.employee_separated",
             "employee_id")
    assert _rows() == before and service.get_employee(e.id).project_id == b


@pytest.fixture
def client(db, admin):
    from vextrus.app import create_app

    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as cl:
        yield cl


def test_rest_retried_key_graphql_and_the_page_in_english_and_bangla(client):
    c = setup()
    a, b = site(c, "S-A"), site(c, "S-B")
    e = staff(c, "E2", workplace="site", project_id=a, name_bn="করিম")
    url = f"/api/v1/payroll/employees/{e.id}/transfers"
    body = {"project_id": str(b), "effective_on": "2025-11-15", "reason": "বি টাওয়ারে প্রকৌশলী দরকার",
            "expected_version": e.version}
    r1 = client.post(url, json=body, headers={"Idempotency-Key": "tr-1"})
    r2 = client.post(url, json=body, headers={"Idempotency-Key": "tr-1"})  # retried: the same answer, once
    assert r1.status_code == r2.status_code == 201 and r1.json() == r2.json()
    assert r1.headers["Location"] == f"{url}/{r1.json()['id']}"
    listed = client.get(url).json()
    assert [x["effective_on"] for x in listed] == ["2020-01-01", "2025-11-15"]
    bad = client.post(url, json={**body, "effective_on": "2025-11-20", "expected_version": None},
                      headers={"Accept-Language": "bn"})
    assert bad.status_code == 422 and bad.json()["code"] == "payroll.transfer_same_project"
    assert bad.json()["field"] == "project_id" and bad.json()["message_bn"]
    assert len(client.get(url).json()) == 2
    m = ('mutation { transferPayrollEmployee(employeeId: "' + str(e.id) + '", effectiveOn: "2025-12-01", '
         'reason: "প্রধান কার্যালয়ে", idempotencyKey: "tr-g") { projectId fromProjectId effectiveOn } }')
    got = client.post("/graphql", json={"query": m}).json()["data"]["transferPayrollEmployee"]
    assert got == {"projectId": None, "fromProjectId": str(b), "effectiveOn": "2025-12-01"}
    q = 'query { payrollTransfers(employeeId: "' + str(e.id) + '") { effectiveOn projectId } }'
    assert len(client.post("/graphql", json={"query": q}).json()["data"]["payrollTransfers"]) == 3
    # the page: history and form, in English and Bangla
    client.get("/payroll")
    client.headers["X-CSRF-Token"] = client.cookies.get("vx_csrf") or ""
    en = client.get(f"/payroll/employees/{e.id}?lang=en").text.split('id="transfers"', 1)[1].split("</section>")[0]
    assert "Transfers between sites" in en and "Head office" in en and "Padma Tower" in en
    assert en.count('class="transfer"') == 3 and 'id="transfer-form"' in en
    page_bn = client.get(f"/payroll/employees/{e.id}?lang=bn").text
    bn = page_bn.split('id="transfers"', 1)[1].split("</section>")[0]
    assert "সাইটে সাইটে বদলি" in bn and "প্রধান কার্যালয়" in bn and "পদ্মা টাওয়ার" in bn and "২০২৫" in bn
    assert latin_in_main(bn) == []
    assert latin_in_main(page_bn.replace(e.name, "")) == []  # the English name is shown as data, under "Name"
    # the form: a refusal shown in the page's language, nothing stored; then a transfer
    version = service.get_employee(e.id).version
    form = {"project_id": str(a), "effective_on": "2025-11-30", "reason": "ভুল", "expected_version": str(version)}
    r = client.post(f"/payroll/employees/{e.id}/transfers?lang=bn", data=form)
    assert r.status_code == 422 and "বদলির তারিখ আগের বদলির" in r.text
    assert len(service.list_transfers(e.id)) == 3
    r = client.post(f"/payroll/employees/{e.id}/transfers", data={**form, "effective_on": "2026-01-01"},
                    follow_redirects=False)
    assert r.status_code == 303 and service.get_employee(e.id).project_id == a


def test_the_migration_seeds_one_row_per_existing_employee(db, own_database):
    """payroll_0009 on a database holding employees of before: one row each, from the joining date, with the
    current project (on PostgreSQL as the owner, under row-level security, tenant by tenant)."""
    from vextrus.modules.organization.tables import Company
    from vextrus.platform import migrations
    from vextrus.platform.tables import Tenant

    engine = own_database
    pg = engine.dialect.name == "postgresql"
    migrations.upgrade(engine)
    migrations.downgrade(engine, "payroll_0008")
    t1, t2 = new_id(), new_id()
    p1 = new_id()
    emps = [(t1, new_id(), p1, date(2020, 1, 1)), (t1, new_id(), None, date(2021, 5, 2)),
            (t2, new_id(), None, date(2019, 9, 9))]

    def as_tenant(conn, t):
        if pg:
            conn.execute(sa.text("SELECT set_config('vextrus.tenant_id', :t, true)"), {"t": str(t)})

    now = datetime.now(UTC)
    with engine.begin() as conn:
        conn.execute(sa.insert(Tenant.__table__), [{"id": t, "code": t.hex[-8:], "name": "T"} for t in (t1, t2)])
        for i, (t, eid, proj, joined) in enumerate(emps):
            as_tenant(conn, t)
            cid = new_id()
            conn.execute(sa.insert(Company.__table__), [{"id": cid, "tenant_id": t, "code": f"C{i}", "name": "C"}])
            conn.execute(sa.insert(EmployeeRow.__table__), [{
                "id": eid, "tenant_id": t, "company_id": cid, "code": f"E{i}", "name": "E", "grade": "G1",
                "project_id": proj, "joining_date": joined, "version": 1, "created_at": now, "updated_at": now}])
    migrations.upgrade(engine)
    got = set()
    with engine.begin() as conn:
        for t in (t1, t2):
            as_tenant(conn, t)
            got |= set(conn.execute(select(TransferRow.__table__.c.employee_id, TransferRow.__table__.c.project_id,
                                           TransferRow.__table__.c.effective_on, TransferRow.__table__.c.reason)
                                    .where(TransferRow.__table__.c.tenant_id == t)).all())
        as_tenant(conn, t1)
        n = conn.scalar(select(func.count()).select_from(TransferRow.__table__))
    assert got == {(eid, proj, joined, "joining") for _, eid, proj, joined in emps}
    assert n == (3 if not pg else 2)  # on PostgreSQL a tenant sees its own rows only
