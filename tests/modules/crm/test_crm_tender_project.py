"""A won tender becomes a project, on both databases: the project carries the bid price as its contract
value and the tender names it; only a won tender, only once; the user needs projects.project.create too,
and a refusal leaves neither a project nor a link; REST (idempotent) and GraphQL reach the same command."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal as D

import pytest

from vextrus.modules.crm import service
from vextrus.modules.crm.schemas import TenderInput, TenderProjectInput, TenderStatusInput
from vextrus.modules.projects import service as projects
from vextrus.platform import context
from vextrus.platform.errors import Conflict, PermissionDenied, ValidationFailed
from vextrus.platform.ids import new_id

BID = D("238000000.50")


def _tender(result: str = "won"):
    t = service.create_tender(TenderInput(procuring_entity="Roads and Highways Department", egp_reference="eGP-874512",
                                          title="Widening of Dhaka–Mawa road, package 3",
                                          closing_at=datetime(2027, 1, 5, 12, 0), bid_security_amount=D("2500000"),
                                          bid_security_form="bank_guarantee"))
    steps = [("preparing", {}), ("submitted", {"bid_price": BID}), ("opened", {})]
    steps.append((result, {"winner_name": "Abc Builders Ltd", "winner_price": D("231500000")} if result == "lost" else {}))
    for status, extra in steps:
        t = service.change_tender_status(t.id, TenderStatusInput(status=status, **extra))
    return t


def test_a_won_tender_becomes_a_project_once(db, admin):
    t = _tender()
    t = service.start_project(t.id, TenderProjectInput(code="RHD-MAWA-3", start_date=date(2027, 2, 1),
                                                       finish_date=date(2028, 6, 30), expected_version=t.version))
    p = projects.get_project("RHD-MAWA-3")
    assert t.project_id == p.id
    assert (p.name, p.contract_value, p.status, p.start_date) == (
        "Widening of Dhaka–Mawa road, package 3", BID, "planned", date(2027, 2, 1))
    assert service.get_tender(t.id).project_id == p.id
    with pytest.raises(Conflict) as again:
        service.start_project(t.id, TenderProjectInput(code="RHD-MAWA-3B"))
    assert again.value.code == "crm.tender_has_project" and again.value.message_bn
    assert [x.code for x in projects.list_projects()] == ["RHD-MAWA-3"]


def test_only_a_won_tender_becomes_a_project(db, admin):
    lost = _tender("lost")
    fresh = service.create_tender(TenderInput(procuring_entity="LGED", title="Upazila road", bid_security_amount=D(1),
                                              closing_at=datetime(2027, 1, 5, 12, 0), bid_security_form="pay_order"))
    for t in (lost, fresh):
        with pytest.raises(ValidationFailed) as e:
            service.start_project(t.id, TenderProjectInput(code="NOPE-1"))
        assert (e.value.code, e.value.field) == ("crm.tender_not_won", "status") and e.value.message_bn
        assert service.get_tender(t.id).project_id is None
    assert projects.list_projects() == []


def test_a_bad_project_or_a_missing_permission_leaves_nothing(db, admin, tenant_id):
    t = _tender()
    with pytest.raises(ValidationFailed) as e:  # the project's own rule: finish before start
        service.start_project(t.id, TenderProjectInput(code="RHD-X", start_date=date(2027, 2, 1),
                                                       finish_date=date(2027, 1, 1)))
    assert e.value.field == "finish_date"
    assert service.get_tender(t.id).project_id is None and projects.list_projects() == []
    tender_only = context.RequestContext(tenant_id=tenant_id, user_id=new_id(), actor="bidder@test",
                                         permissions=frozenset({"crm.tender.view", "crm.tender.manage"}))
    with context.acting_as(tender_only), pytest.raises(PermissionDenied):
        service.start_project(t.id, TenderProjectInput(code="RHD-Y"))
    assert service.get_tender(t.id).project_id is None and projects.list_projects() == []


def test_rest_and_graphql_start_the_project(db, admin):
    from fastapi.testclient import TestClient

    from vextrus.app import create_app

    first, second = _tender(), _tender()
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as c:
        body = {"code": "RHD-REST", "start_date": "2027-02-01"}
        r = c.post(f"/api/v1/crm/tenders/{first.id}/project", json=body, headers={"Idempotency-Key": "tp-1"})
        again = c.post(f"/api/v1/crm/tenders/{first.id}/project", json=body, headers={"Idempotency-Key": "tp-1"})
        assert r.status_code == 201 and again.json() == r.json()  # a retried key answers the same, once
        assert r.json()["project_id"] == str(projects.get_project("RHD-REST").id)
        bad = c.post(f"/api/v1/crm/tenders/{first.id}/project", json={"code": "RHD-REST2"})
        assert bad.status_code == 409 and bad.json()["code"] == "crm.tender_has_project"
        q = (f'mutation {{ startCrmTenderProject(id: "{second.id}", project: {{code: "RHD-GQL"}}) '
             '{ projectId status } }')
        out = c.post("/graphql", json={"query": q}).json()
        assert out["data"]["startCrmTenderProject"]["projectId"] == str(projects.get_project("RHD-GQL").id)


@pytest.mark.parametrize("lang", ["en", "bn"])
def test_the_tender_page_starts_the_project_of_a_won_tender(db, admin, lang):
    from fastapi.testclient import TestClient

    from vextrus.app import create_app

    t = _tender()
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as c:
        page = c.get(f"/crm/tenders?lang={lang}").text
        assert f'data-start-project="{t.id}"' in page
        assert ("Start the project" if lang == "en" else "প্রকল্প শুরু করুন") in page
        hdr = {"X-CSRF-Token": c.cookies.get("vx_csrf")}
        bad = c.post(f"/crm/tenders/{t.id}/project?lang={lang}", headers=hdr,
                     data={"code": "PG-1", "start_date": "2027-02-01", "finish_date": "2027-01-01"})
        assert bad.status_code == 422 and service.get_tender(t.id).project_id is None
        if lang == "bn":
            assert "Finish" not in bad.text and "finish" not in bad.text.split('id="error"')[1][:200]
        r = c.post(f"/crm/tenders/{t.id}/project?lang={lang}", headers=hdr, follow_redirects=False,
                   data={"code": "PG-1", "start_date": "২০২৭-০২-০১", "expected_version": str(t.version)})
        assert r.status_code == 303 and r.headers["location"] == f"/projects/{service.get_tender(t.id).project_id}"
        assert projects.get_project("PG-1").start_date == date(2027, 2, 1)
        page = c.get(f"/crm/tenders?lang={lang}").text
        assert f'data-start-project="{t.id}"' not in page and f'data-project="{t.id}"' in page
        assert c.get(r.headers["location"] + f"?lang={lang}").status_code == 200


def test_the_tender_register_leaves_a_trail_of_each_move(db, admin):
    """Every move of a tender is an event the audit trail keeps: created, each status, the result, the project."""
    from sqlalchemy import select

    from vextrus.platform.tables import OutboxEvent

    t = _tender()
    service.start_project(t.id, TenderProjectInput(code="TRAIL-1"))
    with context.acting_as(context.system_context(admin.tenant_id)), db.session_factory() as s:
        names = [(e.name, e.payload.get("to_status")) for e in s.execute(
            select(OutboxEvent).order_by(OutboxEvent.occurred_at, OutboxEvent.id)).scalars()
            if e.payload.get("tender_id") == str(t.id)]
    assert [n for n, _ in names] == ["crm.tender.created"] + ["crm.tender.status_changed"] * 3 + [
        "crm.tender.result_recorded", "crm.tender.project_started"]
    assert [s for n, s in names if n == "crm.tender.status_changed"] == ["preparing", "submitted", "opened"]
