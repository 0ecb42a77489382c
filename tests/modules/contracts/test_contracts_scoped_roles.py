"""A role assigned for one project reaches that project's contracts only (issue 17, after issue 12's projects): a
project manager assigned for project A reads A's contract and its RA bills and not project B's (404 as for another
company's, over the service, REST, GraphQL and the pages), lists show A's only, and creating a contract on B is
refused with 403 naming `project_id` (en/bn), nothing stored. The same role held for the whole company reaches
both projects."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal as D

import pytest
from fastapi.testclient import TestClient

from vextrus.app import create_app
from vextrus.modules.auth import service as auth
from vextrus.modules.auth.service import sessions
from vextrus.modules.contracts import service
from vextrus.modules.contracts.schemas import RaBillInput, RaMeasureInput
from vextrus.platform import context
from vextrus.platform.errors import DomainError

PW = "Rod&Cement-2025"


@pytest.fixture
def two(db, admin, co, contract_input, tenant_id):
    """Contracts A/C-01 on the fixture's project (A) and B/C-01 on project B, a draft RA bill on each, and a
    project manager assigned for project A only."""
    from vextrus.modules.projects import service as projects

    boss = replace(admin, company_id=co.company_id)
    with context.acting_as(boss):
        pb = projects.create_project("MGH-B", "Meghna Tower B", company_id=co.company_id)
        projects.add_boq_item(pb.id, "1.01", "Earthwork in excavation", "m3", "1000", "450.00")
        ca = service.create_contract(contract_input(co, code="A/C-01"))
        cb = service.create_contract(contract_input(co, code="B/C-01", project_id=pb.id, advance_amount=D("0")))
        measure = RaBillInput(bill_date=date(2025, 8, 31), measures=[RaMeasureInput(item_no="1.01",
                                                                                   cumulative_quantity=D("100"))])
        ba, bb = service.draft_bill(ca.id, measure), service.draft_bill(cb.id, measure)
        auth.seed_default_roles(co.company_id)
        u = auth.create_user(auth.UserInput(email=f"pm@t{tenant_id.hex[-10:]}.example.com", name="PM"), PW,
                             co.company_id, [])
        auth.assign_role(u.id, co.company_id, "project_manager", "project", co.project_id)
    ctx = sessions.context_for(u.id, tenant_id, company_id=co.company_id)
    return dict(pb=pb, ca=ca, cb=cb, ba=ba, bb=bb, u=u, ctx=ctx, boss=boss)


def test_the_manager_of_project_a_reads_and_bills_a_only(two, co, contract_input):
    ctx, ca, cb, ba, bb = two["ctx"], two["ca"], two["cb"], two["ba"], two["bb"]
    with context.acting_as(ctx):
        assert [c.code for c in service.list_contracts(co.company_id).items] == ["A/C-01"]
        assert [c.code for c in service.list_contracts(co.company_id, two["pb"].id).items] == []
        assert service.get_contract(ca.id).code == "A/C-01"
        assert [b.id for b in service.contract_bills(ca.id)] == [ba.id]
        assert service.get_bill(ba.id).contract_id == ca.id
        for call in (lambda: service.get_contract(cb.id), lambda: service.contract_bills(cb.id),
                     lambda: service.get_bill(bb.id), lambda: service.discard_bill(bb.id),
                     lambda: service.billed_to_date(two["pb"].id)):
            with pytest.raises(DomainError) as e:
                call()
            assert e.value.status == 404
        with pytest.raises(DomainError) as e:
            service.create_contract(contract_input(co, code="B/C-02", project_id=two["pb"].id, advance_amount=D("0")))
        assert (e.value.status, e.value.code, e.value.field) == (403, "out_of_scope", "project_id")
        assert "প্রকল্প" in e.value.message_bn
        made = service.create_contract(contract_input(co, code="A/C-02"))
        assert made.project_id == co.project_id
    with context.acting_as(two["boss"]):
        assert service.get_bill(bb.id).status == "draft"  # not discarded
        assert [c.code for c in service.list_contracts(co.company_id).items] == ["A/C-01", "A/C-02", "B/C-01"]


def test_the_same_role_held_for_the_whole_company_reaches_both(two, co, tenant_id):
    with context.acting_as(two["boss"]):
        auth.assign_role(two["u"].id, co.company_id, "project_manager")
    ctx = sessions.context_for(two["u"].id, tenant_id, company_id=co.company_id)
    with context.acting_as(ctx):
        assert [c.code for c in service.list_contracts(co.company_id).items] == ["A/C-01", "B/C-01"]
        assert service.get_bill(two["bb"].id).contract_id == two["cb"].id


def test_over_rest_graphql_and_pages(db, two, co):
    ctx, ca, cb, ba, bb = two["ctx"], two["ca"], two["cb"], two["ba"], two["bb"]
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: ctx])
    with TestClient(app) as c:
        c.get("/contracts")
        c.headers["X-CSRF-Token"] = c.cookies.get("vx_csrf") or ""
        api = "/api/v1/contracts"
        listed = c.get(f"{api}/contracts?company_id={co.company_id}").json()
        assert [x["code"] for x in listed["items"]] == ["A/C-01"]
        assert c.get(f"{api}/contracts/{ca.id}").status_code == 200
        assert c.get(f"{api}/bills/{ba.id}").status_code == 200
        for url in (f"{api}/contracts/{cb.id}", f"{api}/contracts/{cb.id}/bills", f"{api}/bills/{bb.id}"):
            assert c.get(url).status_code == 404, url
        assert c.delete(f"{api}/bills/{bb.id}").status_code == 404
        body = {"company_id": str(co.company_id), "project_id": str(two["pb"].id), "client_party_id": str(co.client_id),
                "code": "B/C-09", "title": "Not mine", "contract_date": "2025-07-15", "retention_pct": "5",
                "advance_amount": "0"}
        r = c.post(f"{api}/contracts", json=body)
        assert (r.status_code, r.json()["code"], r.json()["field"]) == (403, "out_of_scope", "project_id")
        assert r.json()["message_bn"] != r.json()["message"]
        q = ("query($c: ID!, $b: ID!) { contractsContracts(companyId: $c) { nodes { code } } "
             "contractsBill(id: $b) { number } }")
        g = c.post("/graphql", json={"query": q, "variables": {"c": str(co.company_id), "b": str(bb.id)}}).json()
        assert g["data"] is None or g["data"].get("contractsBill") is None
        assert g["errors"][0]["extensions"]["code"] == "not_found"
        g = c.post("/graphql", json={"query": "query($c: ID!) { contractsContracts(companyId: $c) { nodes { code } } }",
                                     "variables": {"c": str(co.company_id)}}).json()
        assert [n["code"] for n in g["data"]["contractsContracts"]["nodes"]] == ["A/C-01"]
        page = c.get("/contracts")
        assert page.status_code == 200 and "A/C-01" in page.text and "B/C-01" not in page.text
        assert c.get(f"/contracts/{ca.id}").status_code == 200
        assert c.get(f"/contracts/{cb.id}").status_code == 404
        assert c.get(f"/contracts/bills/{bb.id}").status_code == 404
