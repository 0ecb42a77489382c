"""REST (201 + Location, idempotency, 422 with code/en/bn/field and nothing stored, GraphQL reads) and the pages
in English and Bangla walking requisition → CS → PO → GRN → bill, on both databases."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from conftest import approved
from vextrus.app import create_app
from vextrus.modules.procurement import service


@pytest.fixture
def client(db, admin, co):
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as c:
        c.get("/procurement")
        c.headers["X-CSRF-Token"] = c.cookies.get("vx_csrf") or ""
        yield c


def test_rest_walks_the_flow_and_refuses_bad_input(client, co):
    body = {"company_id": str(co.company_id), "store_id": str(co.site_id), "requested_on": "2025-08-10",
            "lines": [{"item_id": str(co.items["CEM"]), "quantity": "100", "needed_by": "2025-08-20"}]}
    r1 = client.post("/api/v1/procurement/requisitions", json=body, headers={"Idempotency-Key": "pr-1"})
    r2 = client.post("/api/v1/procurement/requisitions", json=body, headers={"Idempotency-Key": "pr-1"})
    assert (r1.status_code, r2.json()["id"]) == (201, r1.json()["id"])
    req = client.get(r1.headers["location"]).json()
    assert req["number"] == "PR-00001"
    bad = client.post("/api/v1/procurement/requisitions", json={**body, "lines": [{**body["lines"][0], "quantity": "-1"}]})
    assert bad.status_code == 422 and bad.json()["field"] == "lines[0].quantity" and bad.json()["message_bn"]
    assert client.post(f"/api/v1/procurement/requisitions/{req['id']}/submit").json()["status"] == "submitted"
    refused = client.post(f"/api/v1/procurement/requisitions/{req['id']}/reject", json={"reason": ""})
    assert (refused.status_code, refused.json()["code"]) == (422, "procurement.reason_missing")
    assert client.post(f"/api/v1/procurement/requisitions/{req['id']}/approve").json()["status"] == "approved"
    rfq = client.post("/api/v1/procurement/rfqs", json={"requisition_id": req["id"],
                                                        "vendor_ids": [str(v) for v in co.vendors[:3]]})
    assert rfq.status_code == 201
    rid = rfq.json()["id"]
    for v, rate in zip(co.vendors[:3], ("520", "515", "530"), strict=True):
        cs = client.post(f"/api/v1/procurement/rfqs/{rid}/quotations",
                         json={"party_id": str(v), "lines": [{"item_id": str(co.items["CEM"]), "rate": rate}]})
        assert cs.status_code == 200
    assert client.get(f"/api/v1/procurement/rfqs/{rid}/comparative-statement").json()["rows"][0]["lowest_rate"] == "515.000000"
    sel = client.post(f"/api/v1/procurement/rfqs/{rid}/select", json={"selections": [
        {"item_id": str(co.items["CEM"]), "party_id": str(co.vendors[0])}]})
    assert (sel.status_code, sel.json()["code"]) == (422, "procurement.selection_reason_missing")
    client.post(f"/api/v1/procurement/rfqs/{rid}/select", json={"selections": [
        {"item_id": str(co.items["CEM"]), "party_id": str(co.vendors[1])}]})
    orders = client.post(f"/api/v1/procurement/rfqs/{rid}/orders", json={"order_date": "2025-08-11"})
    assert orders.status_code == 201 and len(orders.json()) == 1
    po = orders.json()[0]["id"]
    assert client.post(f"/api/v1/procurement/orders/{po}/approve").json()["status"] == "approved"
    grn = client.post("/api/v1/procurement/receipts", json={
        "order_id": po, "receipt_date": "2025-08-12", "challan_no": "CH-9",
        "lines": [{"line_no": 1, "received": "60", "accepted": "60"}]}, headers={"Idempotency-Key": "grn-1"})
    assert grn.status_code == 201 and client.get(grn.headers["location"]).json()["value"] == "30900.00"
    bill = client.post("/api/v1/procurement/bills", json={"order_id": po, "reference": "V-1", "bill_date": "2025-08-13",
                                                          "lines": [{"line_no": 1, "quantity": "70", "rate": "515"}]})
    assert bill.json()["status"] == "blocked" and bill.json()["reasons"][0]["kind"] == "quantity"
    gql = client.post("/graphql", json={"query": "query($c: ID!) { procurementOrders(companyId: $c) { nodes { number "
                                                 "status lines { accepted } } } }",
                                        "variables": {"c": str(co.company_id)}}).json()
    assert gql["data"]["procurementOrders"]["nodes"] == [{"number": "PO-00001", "status": "partially_received",
                                                          "lines": [{"accepted": "60.000000"}]}]


@pytest.mark.parametrize("lang,words", [
    ("en", ["Purchase requisitions", "Comparative statement", "lowest", "Partly received", "Blocked", "Matched"]),
    ("bn", ["ক্রয় অধিযাচন", "তুলনামূলক বিবরণী", "সর্বনিম্ন", "আংশিক গৃহীত", "আটকানো", "মিলেছে"])])
def test_pages_walk_the_flow_in_english_and_bangla(client, co, lang, words):
    q = f"?lang={lang}"
    form = {"company_id": str(co.company_id), "store_id": str(co.site_id), "requested_on": "2025-08-10",
            "item_id": [str(co.items["CEM"]), ""], "quantity": ["100", ""], "needed_by": ["2025-08-20", ""]}
    r = client.post(f"/procurement/requisitions{q}", data=form, follow_redirects=False)
    assert r.status_code == 303, r.text[-1500:]
    req = r.headers["location"]
    bad = client.post(f"/procurement/requisitions{q}", data={**form, "quantity": ["0", ""]})
    assert bad.status_code == 422 and ("শূন্যের বেশি" if lang == "bn" else "above zero") in bad.text
    rid = req.rsplit("/", 1)[1]
    for action in ("submit", "approve"):
        assert client.post(f"{req}/{action}{q}", follow_redirects=False).status_code == 303
    r = client.post(f"{req}/rfq{q}", data={"vendor_id": [str(v) for v in co.vendors[:3]]}, follow_redirects=False)
    cs_url = r.headers["location"]
    for v, rate in zip(co.vendors[:3], ("520", "515", "530"), strict=True):
        r = client.post(f"{cs_url}/quotations{q}", data={"party_id": str(v), f"rate_{co.items['CEM']}": rate,
                                                           f"days_{co.items['CEM']}": "3"}, follow_redirects=False)
        assert r.status_code == 303, r.text[-800:]
    cs_page = client.get(cs_url + q)
    assert r.status_code == 303 and cs_page.status_code == 200
    r = client.post(f"{cs_url}/select{q}", data={f"pick_{co.items['CEM']}": str(co.vendors[1])}, follow_redirects=False)
    assert r.status_code == 303
    r = client.post(f"{cs_url}/orders{q}", data={"order_date": "2025-08-11"}, follow_redirects=False)
    assert r.status_code == 303
    po = service.list_orders(co.company_id).items[0]
    url = f"/procurement/orders/{po.id}"
    assert client.post(f"{url}/approve{q}", follow_redirects=False).status_code == 303
    r = client.post(f"{url}/receipts{q}", data={"receipt_date": "2025-08-12", "challan_no": "CH-1", "vehicle_no": "DM-1",
                                                "received_1": "60", "rejected_1": "2"}, follow_redirects=False)
    assert r.status_code == 303, r.text[-800:]
    for qty, ref in (("70", "V-1"), ("58", "V-2")):
        r = client.post(f"{url}/bills{q}", data={"reference": ref, "bill_date": "2025-08-13", "bill_qty_1": qty,
                                                 "bill_rate_1": "515"}, follow_redirects=False)
        assert r.status_code == 303
    pages = [client.get(f"/procurement{q}"), client.get(f"/procurement/requisitions/{rid}{q}"), cs_page,
             client.get(f"/procurement/orders{q}"), client.get(url + q)]
    assert [p.status_code for p in pages] == [200] * 5
    text = "".join(p.text for p in pages)
    for w in words:
        assert w in text, w
    assert service.get_order(po.id).lines[0].accepted == 58
    if lang == "bn":  # amounts in Bangla digits: 58 × 515 = ৳29,870
        assert re.search("২৯,৮৭০", text)


def test_a_reader_sees_the_pages_without_the_forms(db, co, tenant_id):
    from vextrus.platform import context
    from vextrus.platform.ids import new_id

    reader = context.RequestContext(tenant_id=tenant_id, user_id=new_id(), actor="reader@test",
                                    permissions=frozenset({"procurement.requisition.view"}))
    r = approved(co, {"CEM": "5"})
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: reader])
    with TestClient(app) as c:
        page = c.get(f"/procurement/requisitions/{r.id}")
        assert page.status_code == 200 and "requisition-form" not in page.text and "rfq-form" not in page.text
        body = {"company_id": str(co.company_id), "store_id": str(co.site_id), "requested_on": "2025-08-10",
                "lines": [{"item_id": str(co.items["CEM"]), "quantity": "1", "needed_by": "2025-08-20"}]}
        assert c.post("/api/v1/procurement/requisitions", json=body).status_code == 403
        assert c.post(f"/api/v1/procurement/requisitions/{r.id}/reject", json={"reason": "x"}).status_code == 403

