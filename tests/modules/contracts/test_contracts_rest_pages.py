"""contracts over HTTP on both databases: REST (201 + Location, idempotency keys, 422 with code/en/bn/field and
nothing stored, certify and post), GraphQL reads, and the pages in English and Bangla (contracts, a contract
with its measurement form, the RA bill sheet with the value billed beside earned value)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal as D

import pytest
from fastapi.testclient import TestClient

from vextrus.app import create_app
from vextrus.modules.contracts import service
from vextrus.modules.contracts.schemas import RaBillInput, RaMeasureInput


@pytest.fixture
def client(db, admin, co):
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as c:
        c.get("/contracts")
        c.headers["X-CSRF-Token"] = c.cookies.get("vx_csrf") or ""
        yield c


def _body(co, **kw):
    return {"company_id": str(co.company_id), "project_id": str(co.project_id), "client_party_id": str(co.client_id),
            "code": "MGH/C-01", "title": "Meghna Tower substructure", "contract_date": "2025-07-15",
            "retention_pct": "10", "advance_amount": "0", **kw}


def test_rest_contract_bill_certify_post(client, co):
    r1 = client.post("/api/v1/contracts/contracts", json=_body(co), headers={"Idempotency-Key": "c-1"})
    r2 = client.post("/api/v1/contracts/contracts", json=_body(co), headers={"Idempotency-Key": "c-1"})
    assert r1.status_code == 201 and r1.json()["id"] == r2.json()["id"]
    c = client.get(r1.headers["location"]).json()
    assert (c["contract_value"], len(c["items"])) == ("5350000.00", 3)
    listed = client.get(f"/api/v1/contracts/contracts?company_id={co.company_id}").json()
    assert [x["code"] for x in listed["items"]] == ["MGH/C-01"]
    bill = {"bill_date": "2025-08-31", "measures": [{"item_no": "1.01", "cumulative_quantity": "500"}]}
    b = client.post(f"/api/v1/contracts/contracts/{c['id']}/bills", json=bill, headers={"Idempotency-Key": "b-1"})
    assert b.status_code == 201 and b.headers["location"] == f"/api/v1/contracts/bills/{b.json()['id']}"
    # 500 × 450 = 2,25,000; VAT 10 % 22,500; retention 10 % 22,500; AIT 3 % 6,750
    assert (b.json()["gross"], b.json()["net_payable"]) == ("225000.00", "218250.00")
    bid = b.json()["id"]
    spare = client.post(f"/api/v1/contracts/contracts/{c['id']}/bills", json=bill)
    assert spare.status_code == 409 and spare.json()["code"] == "contracts.bill_open"
    early = client.post(f"/api/v1/contracts/bills/{bid}/post")
    assert early.status_code == 409 and early.json()["code"] == "contracts.cannot_post"
    assert client.post(f"/api/v1/contracts/bills/{bid}/certify", json={"expected_version": 1}).status_code == 200
    p1 = client.post(f"/api/v1/contracts/bills/{bid}/post", headers={"Idempotency-Key": "p-1"})
    p2 = client.post(f"/api/v1/contracts/bills/{bid}/post", headers={"Idempotency-Key": "p-1"})
    assert p1.status_code == 200 and p1.json()["entry_id"] == p2.json()["entry_id"]
    assert client.delete(f"/api/v1/contracts/bills/{bid}").status_code == 409  # posted: not discarded
    assert client.get(f"/api/v1/contracts/projects/{co.project_id}/billed").json()["billed_to_date"] == "225000.00"
    extra = client.post(f"/api/v1/contracts/contracts/{c['id']}/bills",
                        json={"bill_date": "2025-09-30", "measures": [{"item_no": "1.01", "cumulative_quantity": "600"}]})
    assert client.delete(f"/api/v1/contracts/bills/{extra.json()['id']}").status_code == 204
    assert client.get(f"/api/v1/contracts/bills/{extra.json()['id']}").status_code == 404
    q = client.post("/graphql", json={"query": "query($id: ID!) { contractsContract(id: $id) { code billedToDate "
                                               "bills { number status lines { itemNo thisQuantity } } } }",
                                      "variables": {"id": c["id"]}}).json()
    got = q["data"]["contractsContract"]
    assert got["code"] == "MGH/C-01" and got["bills"][0]["status"] == "posted"
    assert D(got["billedToDate"]) == D("225000.00")


@pytest.mark.parametrize("change, field, code", [
    ({"retention_pct": "35"}, "retention_pct", "contracts.percent_out_of_range"),
    ({"item_nos": ["1.01", "7.77"]}, "item_nos[1]", "contracts.boq_item_unknown"),
    ({"code": "has space"}, "code", "contracts.code_invalid"),
    ({"advance_amount": "1000"}, "advance_recovery_pct", "contracts.recovery_missing"),
])
def test_rest_bad_input_is_422_with_code_en_bn_field_and_nothing_stored(client, co, change, field, code):
    r = client.post("/api/v1/contracts/contracts", json=_body(co, **change))
    assert r.status_code == 422
    j = r.json()
    assert (j["field"], j["code"]) == (field, code) and j["message_bn"] and j["message_bn"] != j["message"]
    assert client.get(f"/api/v1/contracts/contracts?company_id={co.company_id}").json()["items"] == []


@pytest.mark.parametrize("lang, words", [
    ("en", ["Contracts and RA bills", "Contract value", "Cumulative", "Previous", "This bill", "Net payable",
            "Retention", "Earned value (EVM)", "Billed to date", "Posted"]),
    ("bn", ["চুক্তি ও চলতি বিল", "চুক্তিমূল্য", "ক্রমপুঞ্জিত", "পূর্ববর্তী", "এই বিল", "নিট প্রদেয়", "রিটেনশন",
            "অর্জিত মূল্য (EVM)", "এ পর্যন্ত বিলকৃত", "পোস্ট করা", "২,২৫,০০০"]),
])
def test_pages_in_english_and_bangla(client, co, contract_input, lang, words):
    c = service.create_contract(contract_input(co, advance_amount=D(0), retention_pct=D(10),
                                               security_deposit_pct=D(0)))
    b = service.draft_bill(c.id, RaBillInput(bill_date=date(2025, 8, 31),
                                           measures=[RaMeasureInput(item_no="1.01", cumulative_quantity=D("500"))]))
    service.post_bill(service.certify_bill(b.id).id)
    pages = [client.get(f"/contracts?company={co.company_id}&lang={lang}"), client.get(f"/contracts/{c.id}?lang={lang}"),
             client.get(f"/contracts/bills/{b.id}?lang={lang}")]
    assert [p.status_code for p in pages] == [200, 200, 200]
    text = "".join(p.text for p in pages)
    for w in words:
        assert w in text, w
    assert '/projects/MGH-TWR/evm' in pages[2].text and '/projects/MGH-TWR"' in pages[1].text
    if lang == "bn":  # no ASCII amounts on the Bangla bill sheet
        sheet = re.sub(r"<[^>]+>", " ", pages[2].text)
        assert not re.search(r"[0-9]{1,3},[0-9]{2,3}\.[0-9]{2}", sheet)


def test_the_measurement_form_drafts_a_bill_and_refuses_an_over_measure(client, co, contract_input):
    c = service.create_contract(contract_input(co, advance_amount=D(0)))
    form = {"bill_date": "2025-08-31", "cum-1.01": "১০০০", "pct-2.01": "50", "cum-3.01": "301"}
    bad = client.post(f"/contracts/{c.id}/bills?lang=bn", data=form, follow_redirects=False)
    assert bad.status_code == 422 and "চুক্তির পরিমাণ" in bad.text
    assert service.contract_bills(c.id) == []
    ok = client.post(f"/contracts/{c.id}/bills", data={**form, "cum-3.01": "30"}, follow_redirects=False)
    assert ok.status_code == 303
    [b] = service.contract_bills(c.id)
    # 1,000 × 450 + 100 × 12,500 + 30 × 8,000 = 4,50,000 + 12,50,000 + 2,40,000
    assert b.gross == D("1940000.00") and ok.headers["location"] == f"/contracts/bills/{b.id}"
    for action in ("certify", "post"):
        r = client.post(f"/contracts/bills/{b.id}/{action}", follow_redirects=False)
        assert r.status_code == 303
    assert service.get_bill(b.id).status == "posted"
    made = client.post("/contracts/new", data={"project_id": str(co.project_id), "client_party_id": str(co.client_id),
                                               "code": "MGH/C-09", "title": "Piling", "contract_date": "2025-07-01",
                                               "retention_pct": "5"}, follow_redirects=False)
    assert made.status_code == 303, made.text[:2000]
