"""A role assigned for one project reaches that project's procurement only (issue 17, after issue 12's projects): a
project manager and store keeper assigned for project A reads A's requisition, RFQ and comparative statement,
purchase order and goods receipt note, and not B's (404 as for another company's, over the service, REST, GraphQL
and the pages); lists show A's only; a requisition for project B, or at B's site store naming no project, is
refused with 403 naming the field (en/bn), nothing stored; B's order takes no receipt from them."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal as D

import pytest
from fastapi.testclient import TestClient

from conftest import DAY, quote
from conftest import requisition as conftest_requisition
from vextrus.app import create_app
from vextrus.modules.auth import service as auth
from vextrus.modules.auth.service import sessions
from vextrus.modules.inventory import service as inventory
from vextrus.modules.inventory.schemas import StoreInput
from vextrus.modules.procurement import service
from vextrus.modules.procurement.schemas import GrnInput, GrnLineInput, RfqInput, SelectionInput
from vextrus.platform import context
from vextrus.platform.errors import DomainError

PW = "Rod&Cement-2025"


def requisition(co, lines: dict[str, str], **kw):
    """The conftest's requisition at the store and for the project given (its site store otherwise)."""
    base = conftest_requisition(co, lines).model_dump()
    return type(conftest_requisition(co, lines)).model_validate({**base, **kw})


def _bought(co, project_id, store_id):
    """A requisition of 100 bags of cement for the project at the store, approved, sourced from three vendors,
    ordered, approved and received: (requisition, RFQ, order, GRN)."""
    req = service.create_requisition(requisition(co, {"CEM": "100"}, project_id=project_id, store_id=store_id))
    service.submit_requisition(req.id)
    service.approve_requisition(req.id)
    rfq = service.create_rfq(RfqInput(requisition_id=req.id, vendor_ids=co.vendors[:3]))
    for v, rate in ((0, "520"), (1, "530"), (2, "540")):
        quote(co, rfq.id, v, {"CEM": rate})
    service.select_vendors(rfq.id, [SelectionInput(item_id=co.items["CEM"], party_id=co.vendors[0])])
    po = service.approve_order(service.create_orders(rfq.id, DAY)[0].id)
    grn = service.receive_goods(GrnInput(order_id=po.id, receipt_date=date(2025, 8, 12), challan_no="CH-1",
                                         lines=[GrnLineInput(line_no=1, received=D("40"), accepted=D("40"))]))
    return req, rfq, po, grn


@pytest.fixture
def two(db, admin, co, tenant_id):
    from vextrus.modules.projects import service as projects

    boss = replace(admin, company_id=co.company_id)
    with context.acting_as(boss):
        pa = projects.create_project("PA", "Tower A", company_id=co.company_id)
        pb = projects.create_project("PB", "Tower B", company_id=co.company_id)
        sa = inventory.create_store(StoreInput(company_id=co.company_id, code="SITE-A", name="Site store A",
                                               kind="site", project_id=pa.id))
        sb = inventory.create_store(StoreInput(company_id=co.company_id, code="SITE-B", name="Site store B",
                                               kind="site", project_id=pb.id))
        a = _bought(co, pa.id, sa.id)
        b = _bought(co, pb.id, sb.id)
        # a requisition naming no project at B's site store is B's (its store's project)
        b_store = service.create_requisition(requisition(co, {"SAND": "10"}, store_id=sb.id))
        auth.seed_default_roles(co.company_id)
        u = auth.create_user(auth.UserInput(email=f"pm@t{tenant_id.hex[-10:]}.example.com", name="PM"), PW,
                             co.company_id, [])
        for role in ("project_manager", "store_keeper"):
            auth.assign_role(u.id, co.company_id, role, "project", pa.id)
    ctx = sessions.context_for(u.id, tenant_id, company_id=co.company_id)
    return dict(pa=pa, pb=pb, sa=sa, sb=sb, a=a, b=b, b_store=b_store, u=u, ctx=ctx, boss=boss)


def test_the_manager_of_project_a_works_on_a_only(two, co):
    (ra, qa, pa_order, ga), (rb, qb, pb_order, gb) = two["a"], two["b"]
    with context.acting_as(two["ctx"]):
        assert [r.id for r in service.list_requisitions(co.company_id).items] == [ra.id]
        assert [o.id for o in service.list_orders(co.company_id).items] == [pa_order.id]
        assert service.get_requisition(ra.id).project_id == two["pa"].id
        assert service.get_rfq(qa.id).requisition_id == ra.id
        assert service.comparative_statement(qa.id).rows[0].selected_party_id == co.vendors[0]
        assert service.get_order(pa_order.id).lines[0].accepted == D("40")
        assert [g.id for g in service.list_grns(pa_order.id)] == [ga.id]
        assert service.get_grn(ga.id).order_id == pa_order.id
        for call in (lambda: service.get_requisition(rb.id), lambda: service.get_requisition(two["b_store"].id),
                     lambda: service.get_rfq(qb.id), lambda: service.comparative_statement(qb.id),
                     lambda: service.list_rfqs(rb.id), lambda: service.get_order(pb_order.id),
                     lambda: service.list_grns(pb_order.id), lambda: service.get_grn(gb.id),
                     lambda: service.submit_requisition(two["b_store"].id),
                     lambda: service.receive_goods(GrnInput(order_id=pb_order.id, receipt_date=date(2025, 8, 13),
                                                            challan_no="CH-9", lines=[GrnLineInput(
                                                                line_no=1, received=D("5"), accepted=D("5"))]))):
            with pytest.raises(DomainError) as e:
                call()
            assert e.value.status == 404
        for kw, field in (({"project_id": two["pb"].id, "store_id": two["sa"].id}, "project_id"),
                          ({"store_id": two["sb"].id}, "store_id"),
                          ({"store_id": co.central_id}, "store_id")):  # the central store: the whole company's
            with pytest.raises(DomainError) as e:
                service.create_requisition(requisition(co, {"CEM": "5"}, **kw))
            assert (e.value.status, e.value.code, e.value.field) == (403, "out_of_scope", field)
        mine = service.create_requisition(requisition(co, {"CEM": "5"}, store_id=two["sa"].id))
        assert mine.project_id is None and service.get_requisition(mine.id).store_id == two["sa"].id
    with context.acting_as(two["boss"]):
        assert len(service.list_requisitions(co.company_id).items) == 4  # A's two, B's two: nothing else stored
        assert len(service.list_grns(pb_order.id)) == 1
        assert service.get_requisition(two["b_store"].id).status == "draft"


def test_the_same_roles_held_for_the_whole_company_reach_both(two, co, tenant_id):
    with context.acting_as(two["boss"]):
        auth.assign_role(two["u"].id, co.company_id, "project_manager")
    with context.acting_as(sessions.context_for(two["u"].id, tenant_id, company_id=co.company_id)):
        assert len(service.list_requisitions(co.company_id).items) == 3
        assert len(service.list_orders(co.company_id).items) == 2


def test_over_rest_graphql_and_pages(db, two, co):
    (ra, qa, pa_order, ga), (rb, qb, pb_order, gb) = two["a"], two["b"]
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: two["ctx"]])
    with TestClient(app) as c:
        c.get("/procurement")
        c.headers["X-CSRF-Token"] = c.cookies.get("vx_csrf") or ""
        api = "/api/v1/procurement"
        listed = c.get(f"{api}/requisitions?company_id={co.company_id}").json()
        assert [r["id"] for r in listed["items"]] == [str(ra.id)]
        assert [o["id"] for o in c.get(f"{api}/orders?company_id={co.company_id}").json()["items"]] == [str(pa_order.id)]
        for ok in (f"{api}/requisitions/{ra.id}", f"{api}/rfqs/{qa.id}", f"{api}/orders/{pa_order.id}",
                   f"{api}/receipts/{ga.id}", f"{api}/rfqs/{qa.id}/comparative-statement"):
            assert c.get(ok).status_code == 200, ok
        for gone in (f"{api}/requisitions/{rb.id}", f"{api}/rfqs/{qb.id}", f"{api}/orders/{pb_order.id}",
                     f"{api}/receipts/{gb.id}", f"{api}/rfqs/{qb.id}/comparative-statement",
                     f"{api}/orders/{pb_order.id}/receipts"):
            assert c.get(gone).status_code == 404, gone
        body = {"company_id": str(co.company_id), "store_id": str(two["sa"].id), "project_id": str(two["pb"].id),
                "requested_on": "2025-08-10",
                "lines": [{"item_id": str(co.items["CEM"]), "quantity": "5", "needed_by": "2025-08-20"}]}
        r = c.post(f"{api}/requisitions", json=body)
        assert (r.status_code, r.json()["code"], r.json()["field"]) == (403, "out_of_scope", "project_id")
        assert r.json()["message_bn"] != r.json()["message"]
        q = ("query($c: ID!) { procurementRequisitions(companyId: $c) { nodes { id } } "
             "procurementOrders(companyId: $c) { nodes { id } } }")
        g = c.post("/graphql", json={"query": q, "variables": {"c": str(co.company_id)}}).json()["data"]
        assert [n["id"] for n in g["procurementRequisitions"]["nodes"]] == [str(ra.id)]
        assert [n["id"] for n in g["procurementOrders"]["nodes"]] == [str(pa_order.id)]
        g = c.post("/graphql", json={"query": "query($r: ID!) { procurementComparativeStatement(rfqId: $r) "
                                              "{ itemCode } }", "variables": {"r": str(qb.id)}}).json()
        assert g["errors"][0]["extensions"]["code"] == "not_found"
        for lang in ("en", "bn"):
            page = c.get(f"/procurement?company={co.company_id}", cookies={"vx_lang": lang})
            assert page.status_code == 200 and str(ra.id) in page.text and str(rb.id) not in page.text
            orders = c.get(f"/procurement/orders?company={co.company_id}", cookies={"vx_lang": lang})
            assert str(pa_order.id) in orders.text and str(pb_order.id) not in orders.text
        assert c.get(f"/procurement/requisitions/{ra.id}").status_code == 200
        for gone in (f"/procurement/requisitions/{rb.id}", f"/procurement/rfqs/{qb.id}",
                     f"/procurement/orders/{pb_order.id}"):
            assert c.get(gone).status_code == 404, gone
