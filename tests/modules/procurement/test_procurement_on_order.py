"""Reorder suggestions count what is already on order (issue 17; docs/inventory.md "Reorder levels and
suggestions"), on both databases: an approved requisition not yet ordered and an open purchase order's undelivered
quantity for the store and item reduce the suggested quantity; a draft requisition, another store's documents, a
cancelled order and a delivered order do not; the "On order" column on /inventory/reorder in English and Bangla.

Figures by hand: the site store's cement level is point 100, maximum 300 (buy up to the maximum). With nothing in
stock and nothing on order the suggestion is 300. An approved requisition of 40 bags → on order 40 → 300 − 40 = 260.
Ordered (the requisition becomes a purchase order of 40) → still 40 on order. 30 bags arrive, 5 rejected → on hand
25, on order 15 (40 − 25 accepted) → 260. The last 15 arrive → on hand 40, on order 0 → 260."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from fastapi.testclient import TestClient

from conftest import DAY, approved, requisition, sourced
from vextrus.app import create_app
from vextrus.modules.inventory import service as inventory
from vextrus.modules.inventory.schemas import ReorderLevelInput
from vextrus.modules.procurement import api as procurement_api
from vextrus.modules.procurement import service
from vextrus.modules.procurement.schemas import GrnInput, GrnLineInput, RequisitionInput, RequisitionLineInput
from vextrus.platform import context
from vextrus.platform.errors import DomainError, PermissionDenied
from vextrus.platform.ids import new_id

AS_OF = date(2025, 8, 31)


def _level(co, store_id, code="CEM", point="100", qty="50", top="300"):
    inventory.set_reorder_level(ReorderLevelInput(company_id=co.company_id, store_id=store_id, item_id=co.items[code],
                                                  reorder_point=D(point), reorder_quantity=D(qty),
                                                  max_quantity=D(top) if top else None))


def _cement(co, store_id=None) -> tuple[D, D, D] | None:
    """(on hand, on order, suggested) of cement at the site store, None when not suggested."""
    for s in inventory.reorder_suggestions(co.company_id, store_id or co.site_id, AS_OF):
        if s.item_id == co.items["CEM"]:
            return s.on_hand, s.on_order, s.suggested_quantity
    return None


def _grn(po_id, received, rejected="0", on=date(2025, 8, 14)):
    return GrnInput(order_id=po_id, receipt_date=on, challan_no="CH-5", lines=[
        GrnLineInput(line_no=1, received=D(received), accepted=D(received) - D(rejected), rejected=D(rejected))])


def test_requisitions_and_orders_on_order_reduce_the_suggestion(db, admin, co):
    _level(co, co.site_id)
    _level(co, co.central_id)
    assert _cement(co) == (0, 0, 300)
    draft = service.create_requisition(requisition(co, {"CEM": "500"}))  # a draft is no commitment yet
    assert draft.status == "draft" and _cement(co) == (0, 0, 300)
    central = service.create_requisition(RequisitionInput(  # another store's approved requisition
        company_id=co.company_id, store_id=co.central_id, requested_on=DAY,
        lines=[RequisitionLineInput(item_id=co.items["CEM"], quantity=D(70), needed_by=date(2025, 8, 20))]))
    service.submit_requisition(central.id)
    service.approve_requisition(central.id)
    assert _cement(co) == (0, 0, 300) and _cement(co, co.central_id) == (0, 70, 230)
    rfq = sourced(co, {"CEM": "40"}, {0: {"CEM": "500"}, 1: {"CEM": "510"}, 2: {"CEM": "520"}}, {"CEM": (0, "")})
    assert _cement(co) == (0, 40, 260)  # approved, quoted and selected, not yet ordered: requisitioned
    figures = procurement_api.on_order(co.company_id, co.site_id, AS_OF)
    assert [(f.item_id, f.requisitioned, f.ordered) for f in figures] == [(co.items["CEM"], 40, 0)]
    po = service.create_orders(rfq, DAY)[0]  # the requisition is now ordered: the draft order carries the 40
    assert _cement(co) == (0, 40, 260)
    assert [(f.requisitioned, f.ordered) for f in procurement_api.on_order(co.company_id, co.site_id, AS_OF)] == [(0, 40)]
    service.approve_order(po.id)
    service.receive_goods(_grn(po.id, "30", rejected="5"))
    assert _cement(co) == (25, 15, 260)  # rejected bags are still due from the vendor
    service.receive_goods(_grn(po.id, "15", on=date(2025, 8, 16)))
    assert service.get_order(po.id).status == "received"
    assert _cement(co) == (40, 0, 260)
    assert inventory.reorder_suggestions(co.company_id, co.site_id, date(2025, 8, 9)) and _cement(co) == (40, 0, 260)


def test_a_cancelled_order_and_a_later_document_are_not_on_order(db, admin, co):
    _level(co, co.site_id, top="")  # without a maximum: R = 50, raised to reach the point
    assert _cement(co) == (0, 0, 100)
    rfq = sourced(co, {"CEM": "60"}, {0: {"CEM": "500"}, 1: {"CEM": "510"}, 2: {"CEM": "520"}}, {"CEM": (0, "")})
    po = service.create_orders(rfq, DAY)[0]
    assert _cement(co) == (0, 60, 50)  # 40 short of the point: R = 50 is enough
    service.cancel_order(po.id, "vendor out of stock")
    assert _cement(co) == (0, 0, 100)
    approved(co, {"CEM": "80"})
    assert _cement(co) == (0, 80, 50)
    later = service.create_requisition(RequisitionInput(
        company_id=co.company_id, store_id=co.site_id, requested_on=date(2025, 9, 5),
        lines=[RequisitionLineInput(item_id=co.items["CEM"], quantity=D(90), needed_by=date(2025, 9, 15))]))
    service.submit_requisition(later.id)
    service.approve_requisition(later.id)
    assert _cement(co) == (0, 80, 50)  # as of 31 August the September requisition is not counted
    assert inventory.reorder_suggestions(co.company_id, co.site_id, date(2025, 9, 30)) == []  # 170 on order > 100


def test_a_store_reader_sees_the_figures_but_not_procurements_documents(db, admin, tenant_id, co):
    """Inventory depends on no buyer: procurement registers its figures with `inventory.api.register_on_order`. A
    reader of the stores (inventory.stock.view only) sees what is on order in the suggestions; procurement's own
    `on_order` (its documents' figures by kind) still needs procurement's permissions."""
    _level(co, co.site_id)
    approved(co, {"CEM": "40"})
    keeper = context.RequestContext(tenant_id=tenant_id, user_id=new_id(), actor="keeper@test",
                                    permissions=frozenset({"inventory.stock.view"}))
    with context.acting_as(keeper):
        assert _cement(co) == (0, 40, 260)
        with pytest.raises(PermissionDenied):
            procurement_api.on_order(co.company_id, co.site_id, AS_OF)
    other = context.RequestContext(tenant_id=tenant_id, user_id=new_id(), actor="other@test",
                                   permissions=admin.permissions, company_id=new_id())
    with context.acting_as(other), pytest.raises(DomainError) as hidden:
        procurement_api.on_order(co.company_id, co.site_id, AS_OF)
    assert hidden.value.status == 404


@pytest.fixture
def client(db, admin, co):
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as c:
        c.get("/inventory/reorder")
        c.headers["X-CSRF-Token"] = c.cookies.get("vx_csrf") or ""
        yield c


@pytest.mark.parametrize("lang,heading,figure", [("en", "On order", "15.00"), ("bn", "ক্রয়াধীন", "১৫.০০")])
def test_the_reorder_page_and_rest_show_what_is_on_order(client, co, lang, heading, figure):
    _level(co, co.site_id)
    rfq = sourced(co, {"CEM": "40"}, {0: {"CEM": "500"}, 1: {"CEM": "510"}, 2: {"CEM": "520"}}, {"CEM": (0, "")})
    po = service.approve_order(service.create_orders(rfq, DAY)[0].id)
    service.receive_goods(_grn(po.id, "25"))
    page = client.get(f"/inventory/reorder?company={co.company_id}&as_of={AS_OF}&lang={lang}")
    assert page.status_code == 200 and heading in page.text
    cell = page.text.split('data-on-order="CEM">', 1)[1].split("<", 1)[0]
    assert cell == figure
    rest = client.get(f"/api/v1/inventory/reorder-suggestions?company_id={co.company_id}&store_id={co.site_id}"
                      f"&as_of={AS_OF}").json()
    assert [(s["on_hand"], s["on_order"], s["suggested_quantity"]) for s in rest] == [("25", "15", "260")] or \
        [(D(s["on_hand"]), D(s["on_order"]), D(s["suggested_quantity"])) for s in rest] == [(25, 15, 260)]
    gql = client.post("/graphql", json={"query": "query($c: ID!, $s: ID) { inventoryReorderSuggestions(companyId: $c, "
                                                 "storeId: $s, asOf: \"2025-08-31\") { onOrder suggestedQuantity } }",
                                        "variables": {"c": str(co.company_id), "s": str(co.site_id)}}).json()
    assert gql["data"]["inventoryReorderSuggestions"] == [{"onOrder": "15", "suggestedQuantity": "260"}] or \
        [(D(x["onOrder"]), D(x["suggestedQuantity"])) for x in gql["data"]["inventoryReorderSuggestions"]] == [(15, 260)]
