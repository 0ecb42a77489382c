"""Subcontracts over HTTP on both databases: REST (201 + Location, Idempotency-Key replay, a subcontractor not
approved 422 with nothing stored, the `kind` filter, bills certified and posted, reversal with expected_version),
GraphQL (create, read with the VDS), and the pages in English and Bangla (two sections on the list, the
new-subcontract form, the subcontract's measurement form, the bill sheet with its deductions)."""

from __future__ import annotations

import re
from decimal import Decimal as D

import pytest
from fastapi.testclient import TestClient

from vextrus.app import create_app
from vextrus.modules.contracts import service
from vextrus.modules.master_data import service as master_data
from vextrus.modules.master_data.schemas import PartyInput


@pytest.fixture
def client(db, admin, co):
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as c:
        c.get("/contracts")
        c.headers["X-CSRF-Token"] = c.cookies.get("vx_csrf") or ""
        yield c


def _vendor(name="Bismillah Construction", approve=True):
    p = master_data.create_party(PartyInput(legal_name=name, legal_name_bn="বিসমিল্লাহ কনস্ট্রাকশন", roles=["vendor"],
                                            bin="0001234560101", tin="123456789012"))
    if approve:
        master_data.change_vendor_status(p.id, "approved")
    return p


def _body(co, vendor_id, **kw):
    return {"company_id": str(co.company_id), "project_id": str(co.project_id), "vendor_party_id": str(vendor_id),
            "code": "MGH/SC-01", "title": "Brickwork subcontract", "contract_date": "2025-07-20",
            "retention_pct": "10", "items": [{"item_no": "3.01", "rate": "5200.00"},
                                             {"item_no": "S.01", "free": True, "description": "Scaffolding",
                                              "unit": "m2", "quantity": "1200", "rate": "85.50"}], **kw}


def test_rest_subcontract_bill_post_reverse(client, co):
    v = _vendor()
    r1 = client.post("/api/v1/contracts/subcontracts", json=_body(co, v.id), headers={"Idempotency-Key": "s-1"})
    r2 = client.post("/api/v1/contracts/subcontracts", json=_body(co, v.id), headers={"Idempotency-Key": "s-1"})
    assert r1.status_code == 201 and r1.json()["id"] == r2.json()["id"]
    c = client.get(r1.headers["location"]).json()
    assert (c["kind"], c["contract_value"], c["client_name"]) == ("subcontract", "1662600.00", "Bismillah Construction")
    listed = client.get(f"/api/v1/contracts/contracts?company_id={co.company_id}&kind=subcontract").json()
    assert [x["code"] for x in listed["items"]] == ["MGH/SC-01"]
    assert client.get(f"/api/v1/contracts/contracts?company_id={co.company_id}&kind=client").json()["items"] == []
    bad_kind = client.get(f"/api/v1/contracts/contracts?company_id={co.company_id}&kind=vendor")
    assert bad_kind.status_code == 422 and bad_kind.json()["field"] == "kind"
    bill = {"bill_date": "2025-08-31", "measures": [{"item_no": "3.01", "cumulative_quantity": "100"}]}
    b = client.post(f"/api/v1/contracts/contracts/{c['id']}/bills", json=bill, headers={"Idempotency-Key": "sb-1"})
    assert b.status_code == 201
    # 100 × 5,200 = 5,20,000; VDS 10/110 = 47,272.73; AIT 3 % × 4,72,727.27 = 14,181.82; retention 52,000
    j = b.json()
    assert (j["gross"], j["vds"], j["ait"], j["retention"], j["net_payable"], j["contract_kind"]) == (
        "520000.00", "47272.73", "14181.82", "52000.00", "406545.45", "subcontract")
    bid = j["id"]
    assert client.post(f"/api/v1/contracts/bills/{bid}/certify", json={"expected_version": 1}).status_code == 200
    p1 = client.post(f"/api/v1/contracts/bills/{bid}/post", json={"expected_version": 2},
                     headers={"Idempotency-Key": "sp-1"})
    p2 = client.post(f"/api/v1/contracts/bills/{bid}/post", json={"expected_version": 2},
                     headers={"Idempotency-Key": "sp-1"})
    assert p1.status_code == 200 and p1.json()["entry_id"] == p2.json()["entry_id"]
    paid = client.post(f"/api/v1/contracts/bills/{bid}/receipts", json={"received_on": "2025-09-05", "amount": "100"})
    assert paid.status_code == 409 and paid.json()["code"] == "contracts.subcontract_bill_no_receipt"
    pdf = client.get(f"/api/v1/contracts/bills/{bid}/pdf")
    assert pdf.status_code == 409 and pdf.json()["field"] == "contract_kind"
    stale = client.post(f"/api/v1/contracts/bills/{bid}/reverse", json={"reversal_date": "2025-09-10",
                                                                       "expected_version": 1})
    assert stale.status_code == 409
    rv = client.post(f"/api/v1/contracts/bills/{bid}/reverse", json={"reversal_date": "2025-09-10",
                                                                    "expected_version": p1.json()["version"]},
                     headers={"Idempotency-Key": "sr-1"})
    assert rv.status_code == 200 and rv.json()["status"] == "reversed"


def test_rest_unapproved_subcontractor_is_422_and_nothing_stored(client, co):
    v = _vendor("Pending Works", approve=False)
    r = client.post("/api/v1/contracts/subcontracts", json=_body(co, v.id))
    assert r.status_code == 422
    j = r.json()
    assert (j["code"], j["field"]) == ("master_data.vendor_not_approved", "vendor_party_id") and j["message_bn"]
    assert client.get(f"/api/v1/contracts/contracts?company_id={co.company_id}").json()["items"] == []


def test_graphql_creates_and_reads_a_subcontract(client, co):
    v = _vendor()
    m = client.post("/graphql", json={"query": """
        mutation($co: ID!, $p: ID!, $v: ID!) {
          contractsCreateSubcontract(companyId: $co, projectId: $p, vendorPartyId: $v, code: "MGH/SC-02",
            title: "Brickwork", contractDate: "2025-07-20", retentionPct: "10", idempotencyKey: "g-1",
            items: [{itemNo: "3.01", rate: "5200.00", quantity: "150"}]) { id kind contractValue items { kind quantity } }
        }""", "variables": {"co": str(co.company_id), "p": str(co.project_id), "v": str(v.id)}}).json()
    got = m["data"]["contractsCreateSubcontract"]
    assert got["kind"] == "subcontract" and D(got["contractValue"]) == D("780000.00")
    q = client.post("/graphql", json={"query": "query($co: ID!) { contractsContracts(companyId: $co, kind: "
                                               "\"subcontract\") { nodes { code kind } } }",
                                      "variables": {"co": str(co.company_id)}}).json()
    assert q["data"]["contractsContracts"]["nodes"] == [{"code": "MGH/SC-02", "kind": "subcontract"}]


@pytest.mark.parametrize("lang, words", [
    ("en", ["Client contracts", "Subcontracts", "New subcontract", "Subcontractor", "Subcontract rate",
            "Net payable to the subcontractor", "VAT deducted at source (VDS)", "Income tax deducted at source (s.89)",
            "Retention held", "Advance paid", "Pay advance"]),
    ("bn", ["গ্রাহক চুক্তি", "উপ-চুক্তি", "নতুন উপ-চুক্তি", "উপ-ঠিকাদার", "উপ-চুক্তির দর", "উপ-ঠিকাদারকে নিট প্রদেয়",
            "উৎসে কর্তিত ভ্যাট (ভিডিএস)", "উৎসে কর্তিত আয়কর (ধারা ৮৯)", "প্রদত্ত অগ্রিম", "৫,২০,০০০"]),
])
def test_pages_in_english_and_bangla(client, co, lang, words):
    v = _vendor()
    form = {"project_id": str(co.project_id), "vendor_party_id": str(v.id), "code": "MGH/SC-01",
            "title": "Brickwork subcontract", "contract_date": "2025-07-20", "retention_pct": "10",
            "item-0-item_no": "3.01", "item-0-rate": "৫২০০", "item-1-item_no": "S.01", "item-1-free": "on",
            "item-1-rate": "85.50", "item-1-quantity": "1200", "item-1-unit": "m2"}
    bad = client.post(f"/contracts/new-subcontract?lang={lang}", data=form, follow_redirects=False)
    assert bad.status_code == 422  # the free item has no description
    assert service.list_contracts(co.company_id).items == []
    made = client.post("/contracts/new-subcontract", data={**form, "item-1-description": "Scaffolding"},
                       follow_redirects=False)
    assert made.status_code == 303, made.text[:2000]
    [c] = service.list_contracts(co.company_id).items
    assert (c.kind, c.contract_value) == ("subcontract", D("1662600.00"))
    drafted = client.post(f"/contracts/{c.id}/bills", data={"bill_date": "2025-08-31", "cum-3.01": "100"},
                          follow_redirects=False)
    assert drafted.status_code == 303
    bid = drafted.headers["location"].rsplit("/", 1)[1]
    for action in ("certify", "post"):
        assert client.post(f"/contracts/bills/{bid}/{action}", follow_redirects=False).status_code == 303
    pages = [client.get(f"/contracts?company={co.company_id}&lang={lang}"), client.get(f"/contracts/{c.id}?lang={lang}"),
             client.get(f"/contracts/bills/{bid}?lang={lang}")]
    assert [p.status_code for p in pages] == [200, 200, 200]
    text = "".join(p.text for p in pages)
    for w in words:
        assert w in text, w
    assert 'id="subcontracts"' in pages[0].text and 'id="receipt-form"' not in pages[2].text
    assert 'id="reverse-form"' in pages[2].text and 'id="bill-pdf"' not in pages[2].text
    if lang == "bn":  # no ASCII amounts on the Bangla bill sheet
        sheet = re.sub(r"<[^>]+>", " ", pages[2].text)
        assert not re.search(r"[0-9]{1,3},[0-9]{2,3}\.[0-9]{2}", sheet)
