"""REST (201 + Location, idempotency, 422 with code/en/bn/field and nothing stored) and the pages in English
and Bangla (stores, stock, an item's ledger, the move form), on both databases."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from vextrus.app import create_app
from vextrus.modules.finance import service as finance
from vextrus.modules.inventory import service
from vextrus.modules.master_data.schemas import ItemInput
from vextrus.modules.master_data.service import items as item_service
from vextrus.modules.organization import api as org


@pytest.fixture
def setup(db, admin):
    c = org.create_company(org.CompanyInput(code="PBL", name="Padma Builders Ltd.", name_bn="পদ্মা বিল্ডার্স লিমিটেড"))
    finance.ensure_book("PBL", "Padma Builders Ltd.", c.id)
    finance.open_fiscal_year("PBL", "2025-26")
    rod = item_service.create_item(ItemInput(code="ROD-60", name="MS rod 60 grade", name_bn="রড ৬০ গ্রেড",
                                             base_unit="kg"))
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as client:
        client.get("/inventory")
        client.headers["X-CSRF-Token"] = client.cookies.get("vx_csrf") or ""
        yield client, c, rod


def test_rest_creates_a_store_posts_moves_and_reports(setup):
    client, c, rod = setup
    body = {"company_id": str(c.id), "code": "cw", "name": "Central warehouse", "name_bn": "কেন্দ্রীয় গুদাম"}
    r1 = client.post("/api/v1/inventory/stores", json=body, headers={"Idempotency-Key": "st-1"})
    r2 = client.post("/api/v1/inventory/stores", json=body, headers={"Idempotency-Key": "st-1"})
    assert (r1.status_code, r2.json()["id"]) == (201, r1.json()["id"])
    assert client.get(r1.headers["location"]).json()["code"] == "CW"
    store = r1.json()["id"]
    mv = {"company_id": str(c.id), "item_id": str(rod.id), "kind": "receipt", "move_date": "2025-08-01",
          "store_id": store, "quantity": "1000", "unit_cost": "92.50"}
    r = client.post("/api/v1/inventory/moves", json=mv, headers={"Idempotency-Key": "mv-1"})
    assert r.status_code == 201 and client.get(r.headers["location"]).json()["value"] == "92500.00"
    r = client.post("/api/v1/inventory/moves", json={**mv, "kind": "issue", "quantity": "400", "unit_cost": None})
    assert r.status_code == 201 and r.json()["value"] == "-37000.00"  # 400 kg × ৳92.50
    val = client.get("/api/v1/inventory/valuation", params={"company_id": str(c.id), "as_of": "2025-08-31"}).json()
    assert val["total"] == "55500.00"
    stock = client.get("/api/v1/inventory/stock", params={"company_id": str(c.id)}).json()
    assert [(s["store_code"], s["quantity"]) for s in stock] == [("CW", "600.000000")]
    ledger = client.get(f"/api/v1/inventory/items/{rod.id}/ledger", params={"company_id": str(c.id)}).json()
    assert [m["quantity_after"] for m in ledger] == ["1000.000000", "600.000000"]


def test_bad_input_is_422_with_code_en_bn_field_and_nothing_is_stored(setup):
    client, c, rod = setup
    store = service.create_store(service_input(c))
    bad = {"company_id": str(c.id), "item_id": str(rod.id), "kind": "issue", "move_date": "2025-08-01",
           "store_id": str(store.id), "quantity": "5"}
    r = client.post("/api/v1/inventory/moves", json=bad, headers={"Idempotency-Key": "bad-1"})
    body = r.json()
    assert r.status_code == 422 and body["code"] == "inventory.negative_stock" and body["field"] == "quantity"
    assert body["message"] and body["message_bn"]
    r = client.post("/api/v1/inventory/stores", json={"company_id": str(c.id), "code": "no spaces", "name": "x"})
    assert r.status_code == 422 and r.json()["field"] == "code"
    assert service.item_ledger(c.id, rod.id) == [] and len(service.list_stores(c.id)) == 1


def service_input(c):
    from vextrus.modules.inventory.schemas import StoreInput
    return StoreInput(company_id=c.id, code="SITE-1", name="Site store", name_bn="সাইট গুদাম", kind="site")


@pytest.mark.parametrize("lang,words", [("en", ["Inventory", "Stock on hand", "Site store", "Receipt", "Stock ledger"]),
                                        ("bn", ["মজুদ", "হাতে মজুদ", "সাইট গুদাম", "প্রাপ্তি", "মজুদ খতিয়ান", "১২০"])])
def test_pages_and_the_move_form_in_english_and_bangla(setup, lang, words):
    client, c, rod = setup
    store = service.create_store(service_input(c))
    form = {"company_id": str(c.id), "kind": "receipt", "item_id": str(rod.id), "store_id": str(store.id),
            "move_date": "2025-08-02", "quantity": "120", "unit_cost": "90"}
    r = client.post(f"/inventory/moves?lang={lang}", data=form, follow_redirects=False)
    assert r.status_code == 303, r.text[-1500:]
    refused = client.post(f"/inventory/moves?lang={lang}", data={**form, "kind": "issue", "quantity": "500"})
    assert refused.status_code == 422
    assert ("মজুদে আছে মাত্র" if lang == "bn" else "Only 120 in stock") in refused.text
    pages = [client.get(f"/inventory?company={c.id}&lang={lang}"),
             client.get(f"/inventory/items/{rod.id}?company={c.id}&lang={lang}")]
    assert [p.status_code for p in pages] == [200, 200]
    text = "".join(p.text for p in pages) + refused.text
    for w in words:
        assert w in text
    assert len(service.item_ledger(c.id, rod.id)) == 1


def test_the_move_form_picks_the_project_by_code_and_name_not_by_id(setup):
    """A store keeper issuing to a site chooses the project from a list in their language; nobody types a UUID."""
    from vextrus.modules.projects import service as projects

    client, c, _rod = setup
    service.create_store(service_input(c))
    p = projects.create_project("PADMA-RES", "Padma Residency", name_bn="পদ্মা রেসিডেন্সি", start_date="2025-07-01",
                                company_id=c.id)
    en = client.get(f"/inventory?company={c.id}&lang=en").text
    bn = client.get(f"/inventory?company={c.id}&lang=bn").text
    assert f'<option value="{p.id}" >PADMA-RES — Padma Residency</option>' in en
    assert "PADMA-RES — পদ্মা রেসিডেন্সি" in bn
    assert '<input name="project_id"' not in en
