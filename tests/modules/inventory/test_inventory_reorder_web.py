"""Reorder levels, suggestions and the slow-moving report through REST, GraphQL and the pages (English and Bangla,
CSRF, refusals at the field, 403 without the permission), on both databases; the CSV and XLSX downloads."""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal as D

import pytest
from inventory_pages import page_client
from openpyxl import load_workbook

from vextrus.modules.finance import service as finance
from vextrus.modules.inventory import service
from vextrus.modules.inventory.schemas import MoveInput, StoreInput
from vextrus.modules.master_data.schemas import ItemInput
from vextrus.modules.master_data.service import items as item_service
from vextrus.modules.organization import api as org
from vextrus.modules.procurement import service as procurement
from vextrus.modules.projects import service as projects
from vextrus.platform import context

DAY = date(2025, 8, 10)


def _world():
    c = org.create_company(org.CompanyInput(code="PBL", name="Padma Builders Ltd.", name_bn="পদ্মা বিল্ডার্স লিমিটেড"))
    finance.ensure_book("PBL", "Padma Builders Ltd.", c.id)
    finance.open_fiscal_year("PBL", "2025-26")
    p = projects.create_project("PADMA-RES", "Padma Residency", name_bn="পদ্মা রেসিডেন্সি", start_date="2025-07-01",
                                company_id=c.id)
    cw = service.create_store(StoreInput(company_id=c.id, code="cw", name="Central warehouse",
                                         name_bn="কেন্দ্রীয় গুদাম", kind="central"))
    site = service.create_store(StoreInput(company_id=c.id, code="site-1", name="Site store", name_bn="সাইট গুদাম",
                                           kind="site", project_id=p.id))
    cem = item_service.create_item(ItemInput(code="CEM", name="Cement", name_bn="সিমেন্ট", base_unit="bag"))
    return c, cw, site, cem


@pytest.fixture
def web(db, admin):
    c, cw, site, cem = _world()
    tc = page_client(db, admin)
    yield tc, c, cw, site, cem
    tc.__exit__(None, None, None)


def test_rest_sets_a_level_with_an_idempotency_key_and_refuses_at_the_field(web):
    tc, c, cw, site, cem = web
    body = {"company_id": str(c.id), "store_id": str(site.id), "item_id": str(cem.id), "reorder_point": "50",
            "reorder_quantity": "200"}
    r1 = tc.put("/api/v1/inventory/reorder-levels", json=body, headers={"Idempotency-Key": "lv-1"})
    r2 = tc.put("/api/v1/inventory/reorder-levels", json=body, headers={"Idempotency-Key": "lv-1"})
    assert (r1.status_code, r2.json()["id"], r2.json()["version"]) == (200, r1.json()["id"], 1)
    bad = tc.put("/api/v1/inventory/reorder-levels", json={**body, "reorder_point": "-5"})
    assert (bad.status_code, bad.json()["code"], bad.json()["field"]) == (422, "inventory.reorder_point_negative",
                                                                          "reorder_point")
    assert bad.json()["message_bn"]
    got = tc.get("/api/v1/inventory/reorder-suggestions", params={"company_id": str(c.id), "as_of": "2025-08-10"})
    assert [(s["store_code"], D(s["suggested_quantity"])) for s in got.json()] == [("SITE-1", D(200))]
    # procurement's REST turns it into a draft (Idempotency-Key: the same requisition again)
    req = {"company_id": str(c.id), "store_id": str(site.id), "item_ids": [str(cem.id)], "requested_on": "2025-08-10"}
    p1 = tc.post("/api/v1/procurement/requisitions/from-suggestions", json=req, headers={"Idempotency-Key": "pr-1"})
    p2 = tc.post("/api/v1/procurement/requisitions/from-suggestions", json=req, headers={"Idempotency-Key": "pr-1"})
    assert (p1.status_code, p1.json()["status"], p2.json()["id"]) == (201, "draft", p1.json()["id"])
    assert [(ln["item_code"], D(ln["quantity"])) for ln in p1.json()["lines"]] == [("CEM", D(200))]
    refused = tc.post("/api/v1/procurement/requisitions/from-suggestions", json={**req, "store_id": str(cw.id)})
    assert (refused.status_code, refused.json()["code"], refused.json()["field"]) == (
        422, "procurement.store_without_project", "store_id")


def test_graphql_sets_a_level_and_lists_the_suggestions(web):
    tc, c, cw, site, cem = web
    m = ('mutation($l: InventoryReorderLevelInput!) { setInventoryReorderLevel(level: $l, idempotencyKey: "g-1") '
         '{ storeCode itemCode reorderPoint maxQuantity version } }')
    lv = {"companyId": str(c.id), "storeId": str(cw.id), "itemId": str(cem.id), "reorderPoint": "10",
          "reorderQuantity": "5", "maxQuantity": "40"}
    out = tc.post("/graphql", json={"query": m, "variables": {"l": lv}}).json()
    assert out["data"]["setInventoryReorderLevel"]["storeCode"] == "CW"
    err = tc.post("/graphql", json={"query": m.replace("g-1", "g-2"),
                                    "variables": {"l": {**lv, "maxQuantity": "9"}}}).json()["errors"][0]
    assert (err["extensions"]["code"], err["extensions"]["field"]) == ("inventory.reorder_max_below_point", "max_quantity")
    q = f'{{ inventoryReorderSuggestions(companyId: "{c.id}", asOf: "2025-08-10") {{ itemCode suggestedQuantity }} }}'
    got = tc.post("/graphql", json={"query": q}).json()["data"]["inventoryReorderSuggestions"]
    assert [(s["itemCode"], D(s["suggestedQuantity"])) for s in got] == [("CEM", D(40))]  # up to the maximum
    q2 = f'{{ inventoryReorderLevels(companyId: "{c.id}") {{ itemCode reorderQuantity }} }}'
    assert tc.post("/graphql", json={"query": q2}).json()["data"]["inventoryReorderLevels"][0]["itemCode"] == "CEM"


def test_without_the_store_permission_rest_answers_403_and_nothing_is_stored(db, admin, tenant_id):
    c, cw, site, cem = _world()
    clerk = context.RequestContext(tenant_id=tenant_id, user_id=admin.user_id,
                                   permissions=frozenset({"inventory.stock.view"}), actor="viewer@test")
    tc = page_client(db, clerk)
    try:
        r = tc.put("/api/v1/inventory/reorder-levels", json={
            "company_id": str(c.id), "store_id": str(site.id), "item_id": str(cem.id), "reorder_point": "1",
            "reorder_quantity": "1"})
        assert r.status_code == 403
        page = tc.post("/inventory/reorder-levels", data={"company_id": str(c.id), "store_id": str(site.id),
                                                          "item_id": str(cem.id), "reorder_point": "1",
                                                          "reorder_quantity": "1"})
        assert page.status_code == 403
        html = tc.get(f"/inventory/reorder?company={c.id}").text
        assert 'id="level-form"' not in html
    finally:
        tc.__exit__(None, None, None)
    assert service.list_reorder_levels(c.id) == []


@pytest.mark.parametrize("lang", ["en", "bn"])
def test_the_reorder_page_sets_levels_and_its_button_makes_a_draft_requisition(web, lang):
    tc, c, cw, site, cem = web
    form = {"company_id": str(c.id), "store_id": str(site.id), "item_id": str(cem.id), "reorder_point": "50",
            "reorder_quantity": "abc"}
    bad = tc.post(f"/inventory/reorder-levels?lang={lang}", data=form)
    assert bad.status_code == 422 and 'data-field="reorder_quantity"' in bad.text
    assert ("পুনঃক্রয় পরিমাণ:" if lang == "bn" else "Reorder quantity:") in bad.text
    assert service.list_reorder_levels(c.id) == []
    ok = tc.post(f"/inventory/reorder-levels?lang={lang}", data={**form, "reorder_quantity": "1250"},
                 follow_redirects=False)
    assert ok.status_code == 303
    neg = tc.post(f"/inventory/reorder-levels?lang={lang}", data={**form, "reorder_point": "-1", "reorder_quantity": "1"})
    assert neg.status_code == 422 and 'data-field="reorder_point"' in neg.text
    page = tc.get(f"/inventory/reorder?company={c.id}&lang={lang}")
    assert page.status_code == 200
    if lang == "bn":
        for w in ("পুনঃক্রয় স্তর ও প্রস্তাব", "প্রস্তাবিত পরিমাণ", "খসড়া চাহিদাপত্র তৈরি করুন", "১,২৫০"):
            assert w in page.text
        assert not re.search(r">[^<>]*\b(Reorder|Suggested|Create)\b", page.text)
    else:
        assert "Create draft requisition" in page.text and "1,250" in page.text
    # the button: the page's own form (CSRF token, store, chosen items) to procurement
    m = re.search(r'<form method="post" action="/procurement/requisitions/from-suggestions"[^>]*>(.*?)</form>',
                  page.text, re.S)
    assert m and 'name="csrf_token"' in m.group(1)
    fields = dict(re.findall(r'name="(company_id|store_id|idempotency_key)" value="([^"]*)"', m.group(1)))
    made = tc.post(f"/procurement/requisitions/from-suggestions?lang={lang}",
                   data={**fields, "item_id": [str(cem.id)]}, follow_redirects=False)
    assert made.status_code == 303 and made.headers["location"].startswith("/procurement/requisitions/")
    reqs = procurement.list_requisitions(c.id).items
    assert [(r.status, [(ln.item_code, ln.quantity) for ln in r.lines]) for r in reqs] == [("draft", [("CEM", D(1250))])]
    # an item no longer suggested (received since): refused at the field, a way back, nothing more stored
    service.post_move(MoveInput(company_id=c.id, item_id=cem.id, kind="receipt", move_date=DAY, store_id=site.id,
                                quantity=D(60), unit_cost=D(500)))
    again = tc.post(f"/procurement/requisitions/from-suggestions?lang={lang}",
                    data={"company_id": str(c.id), "store_id": str(site.id), "item_id": [str(cem.id)]})
    assert again.status_code == 422 and 'data-field="item_ids[0]"' in again.text
    assert ("প্রস্তাবে ফিরে যান" if lang == "bn" else "Back to the suggestions") in again.text
    assert len(procurement.list_requisitions(c.id).items) == 1
    # the level's Remove button (CSRF, its version): gone, and no suggestion is left
    rm = re.search(r'<form method="post" action="(/inventory/reorder-levels/[^"]+/remove)"', page.text)
    gone = tc.post(f"{rm.group(1)}?lang={lang}", data={"company_id": str(c.id), "version": "1"}, follow_redirects=False)
    assert gone.status_code == 303 and service.list_reorder_levels(c.id) == []
    stale = tc.post(f"{rm.group(1)}?lang={lang}", data={"company_id": str(c.id), "version": "1"})
    assert stale.status_code == 404 and 'class="error"' in stale.text


@pytest.mark.parametrize("lang", ["en", "bn"])
def test_the_slow_moving_page_and_its_csv_and_xlsx(web, lang):
    tc, c, cw, site, cem = web
    service.post_move(MoveInput(company_id=c.id, item_id=cem.id, kind="receipt", move_date=date(2025, 7, 1),
                                store_id=cw.id, quantity=D(100), unit_cost=D("512.25")))
    service.post_move(MoveInput(company_id=c.id, item_id=cem.id, kind="issue", move_date=date(2025, 7, 5),
                                store_id=cw.id, quantity=D(10)))
    page = tc.get(f"/inventory/slow-moving?company={c.id}&as_of=2025-11-10&lang={lang}")
    assert page.status_code == 200
    # 90 bags × ৳512.25 = ৳46,102.50; last issued 5 July, 128 days before 10 November
    assert ("১২৮" in page.text and "৪৬,১০২.৫০" in page.text) if lang == "bn" else ("128" in page.text and "46,102.50" in page.text)
    bad = tc.get(f"/inventory/slow-moving?company={c.id}&days=0&lang={lang}")
    assert bad.status_code == 422 and 'data-field="days"' in bad.text
    csv = tc.get("/api/v1/inventory/reports/slow-moving.csv",
                 params={"company_id": str(c.id), "as_of": "2025-11-10", "lang": lang})
    rows = csv.content.decode("utf-8-sig").splitlines()
    assert csv.status_code == 200 and rows[1] == "CW,CEM,2025-07-05,128,2025-07-05,128,90.000000,46102.50"
    assert rows[0].startswith("গুদাম" if lang == "bn" else "Store")
    x = tc.get("/api/v1/inventory/reports/slow-moving.xlsx",
               params={"company_id": str(c.id), "as_of": "2025-11-10", "lang": lang})
    sheet = load_workbook(io.BytesIO(x.content)).active
    values = [[cell for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert values[3][:2] == ["CW", "CEM"] and values[3][7] == pytest.approx(46102.5) and values[3][3] == 128
    assert tc.get("/api/v1/inventory/reports/slow-moving.pdf", params={"company_id": str(c.id)}).status_code == 422
