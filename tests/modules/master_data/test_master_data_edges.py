"""Search, items, CSV import, REST and GraphQL edges, demo data, on both databases."""

from __future__ import annotations

from decimal import Decimal

import pytest
from fastapi.testclient import TestClient

from vextrus.modules.master_data import api, demo, imports, service
from vextrus.modules.master_data.schemas import ConversionIn, ItemInput, PartyInput
from vextrus.modules.master_data.service import items as item_service
from vextrus.platform.errors import Conflict


def _p(name, name_bn=None, **kw):
    return service.create_party(PartyInput(legal_name=name, legal_name_bn=name_bn, roles=["customer"], **kw))


def _codes(page):
    return sorted(p.code for p in page.items)


def test_search_by_english_prefix_bangla_prefix_code_and_identifier_digits(admin):
    a = _p("Meghna Cement Mills Ltd.", "মেঘনা সিমেন্ট মিলস লিমিটেড", tin="123456789012", mobile="01711000111")
    b = _p("Padma Steel", "পদ্মা স্টিল", code="CUST-PADMA")
    _p("Jamuna Bricks", "যমুনা ব্রিকস")
    assert _codes(service.search_parties("MEG")) == [a.code]
    assert _codes(service.search_parties("cem mil")) == [a.code]  # every word a prefix
    assert _codes(service.search_parties("মেঘ")) == [a.code]
    assert _codes(service.search_parties("স্টি")) == [b.code]
    assert _codes(service.search_parties("cust-pad")) == [b.code]
    assert _codes(service.search_parties("১২৩৪৫৬")) == [a.code]  # Bangla digits of the e-TIN
    assert _codes(service.search_parties("01711-000")) == [a.code]
    assert _codes(service.search_parties("+8801711")) == [a.code]
    assert service.search_parties("ltd").items == []  # legal-form words are not indexed
    assert service.search_parties("cement x").items == []


def test_search_is_paginated_and_excludes_archived(admin):
    made = [_p(f"Rupali Traders {i}") for i in range(5)]
    service.archive_party(made[0].id)
    first = service.search_parties("rupali", first=2)
    assert len(first.items) == 2 and first.has_next_page
    rest = service.search_parties("rupali", first=10, after=first.end_cursor)
    assert len(rest.items) == 2 and not rest.has_next_page
    assert made[0].code not in _codes(first) + _codes(rest)
    assert len(service.search_parties("rupali", include_archived=True).items) == 5


def _cement():
    return item_service.create_item(ItemInput(
        code="cem-pcc-50", name="Portland composite cement", name_bn="পোর্টল্যান্ড কম্পোজিট সিমেন্ট", base_unit="bag",
        conversions=[ConversionIn(from_unit="bag", to_unit="kg", factor=Decimal("50"))]))


def test_item_conversion_prices_search_and_reference_guard(admin):
    it = _cement()
    assert it.code == "CEM-PCC-50"
    assert api.convert_quantity(it.id, Decimal("3"), "ton", "bag") == Decimal("60")
    item_service.set_price(it.id, Decimal("520"), __import__("datetime").date(2025, 1, 1))
    per_kg = item_service.price_on(it.id, __import__("datetime").date(2025, 3, 1), unit="kg")
    assert per_kg.price == Decimal("10.4")
    assert [i.code for i in item_service.search_items("সিমে").items] == ["CEM-PCC-50"]
    assert [i.code for i in item_service.search_items("cem-p").items] == ["CEM-PCC-50"]
    api.register_reference("item", it.id, "inventory", "GRN-1")
    with pytest.raises(Conflict) as err:
        item_service.delete_item(it.id)
    assert err.value.code == "master_data.item_in_use"
    assert item_service.archive_item(it.id).status == "archived"
    with pytest.raises(Conflict):
        _cement()


CSV = """legal_name,legal_name_bn,roles,tin,mobile,district,upazila,address_line1
Alpha Builders,আলফা বিল্ডার্স,customer,123456789012,01711000111,Dhaka,Savar,Road 1
Beta Traders,,vendor,12345,01711000112,,,
Gamma Ltd,,customer,123456789012,,,,
Delta,,customer,,,Chattogram,Savar,Road 2
"""


def test_csv_dry_run_reports_each_bad_row_and_writes_nothing(admin):
    report = imports.run_import("parties", CSV.encode("utf-8-sig"), dry_run=True)
    assert report.rows == 4 and report.valid == 1
    by_row = {e.row: e for e in report.errors}
    assert by_row[2].field == "tin" and by_row[2].message_bn
    assert by_row[3].code == "master_data.duplicate_party"  # duplicates row 1 within the file
    assert by_row[4].field.startswith("addresses[0]")
    assert service.search_parties("").items == []
    real = imports.run_import("parties", CSV, dry_run=False)
    assert real.created == [] and service.search_parties("").items == []  # all or nothing
    ok = imports.run_import("parties", CSV.splitlines()[0] + "\n" + CSV.splitlines()[1] + "\n", dry_run=False)
    assert ok.errors == [] and len(ok.created) == 1
    assert _codes(service.search_parties("alpha")) == ok.created


@pytest.fixture
def client(db, admin):
    from vextrus.app import create_app

    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda request: admin])
    with TestClient(app) as c:
        yield c


def test_rest_create_duplicate_and_validation_errors_carry_code_and_field(client):
    body = {"legal_name": "Meghna Cement", "roles": ["vendor"], "tin": "123456789012"}
    r = client.post("/api/v1/master_data/parties", json=body)
    assert r.status_code == 201, r.text
    r2 = client.post("/api/v1/master_data/parties", json={**body, "legal_name": "Other"})
    assert r2.status_code == 409 and r2.json()["code"] == "master_data.duplicate_party"
    assert r2.json()["field"] == "tin" and r2.json()["message_bn"]
    r3 = client.post("/api/v1/master_data/parties", json={"legal_name": "X", "mobile": "0123"})
    assert r3.status_code == 422 and r3.json()["field"] == "mobile"
    found = client.get("/api/v1/master_data/parties", params={"q": "meg"}).json()
    assert [p["legal_name"] for p in found["items"]] == ["Meghna Cement"]
    up = client.post("/api/v1/master_data/import/parties?dry_run=true",
                     files={"file": ("p.csv", CSV.encode(), "text/csv")})
    assert up.status_code == 200 and len(up.json()["errors"]) == 4  # row 1 now duplicates the TIN above


def test_graphql_entities_resolve_parties_and_items(client, admin):
    p = _p("Meghna Cement")
    it = _cement()
    q = """query($r: [_Any!]!) { _entities(representations: $r) {
             ... on Party { id code legalName } ... on Item { id code baseUnit } } }"""
    reps = [{"__typename": "Party", "id": str(p.id)}, {"__typename": "Item", "id": str(it.id)}]
    out = client.post("/graphql", json={"query": q, "variables": {"r": reps}}).json()
    assert out.get("errors") is None, out
    assert out["data"]["_entities"] == [{"id": str(p.id), "code": p.code, "legalName": "Meghna Cement"},
                                        {"id": str(it.id), "code": "CEM-PCC-50", "baseUnit": "bag"}]
    m = """mutation($i: PartyInput!) { createParty(input: $i, idempotencyKey: "k1") { id code } }"""
    one = client.post("/graphql", json={"query": m, "variables": {"i": {"legalName": "Padma Steel"}}}).json()
    two = client.post("/graphql", json={"query": m, "variables": {"i": {"legalName": "Padma Steel"}}}).json()
    assert one["data"]["createParty"] == two["data"]["createParty"]
    conn = client.post("/graphql", json={"query": "{ parties(search: \"pad\", first: 1) { nodes { code } "
                                                  "pageInfo { hasNextPage } } }"}).json()
    assert conn["data"]["parties"]["nodes"] == [{"code": one["data"]["createParty"]["code"]}]
    bad = client.post("/graphql", json={"query": m.replace("k1", "k2"), "variables": {"i": {"legalName": ""}}})
    assert bad.json()["errors"][0]["extensions"]["code"] == "master_data.legal_name_required"
    typed = """mutation { createParty(input: {legalName: "Jamuna Bricks", roles: ["vendor"],
                 contacts: [{name: "Rahim", mobile: "01711000999"}],
                 documents: [{kind: "trade_licence", number: "TL-9", expiresOn: "2027-01-31"}]})
                 { code details contacts { name mobile } documents { kind number expiresOn } paymentTermsDays } }"""
    made = client.post("/graphql", json={"query": typed}).json()
    assert made.get("errors") is None, made
    assert made["data"]["createParty"]["details"]["documents"][0]["expires_on"] == "2027-01-31"
    # the typed fields derived from PartyView (ContactIn, DocumentIn) read back what was written
    assert made["data"]["createParty"]["contacts"] == [{"name": "Rahim", "mobile": "+8801711000999"}]  # stored E.164
    assert made["data"]["createParty"]["documents"] == [{"kind": "trade_licence", "number": "TL-9",
                                                         "expiresOn": "2027-01-31"}]
    assert made["data"]["createParty"]["paymentTermsDays"] == 30  # PartyInput's default
    listed = client.post("/graphql", json={"query": '{ parties(search: "jamuna") { nodes { code '
                                                    'contacts { name } paymentTermsDays } } }'}).json()
    assert listed.get("errors") is None, listed
    assert listed["data"]["parties"]["nodes"] == [{"code": made["data"]["createParty"]["code"], "contacts": None,
                                                   "paymentTermsDays": 30}]  # a list carries the summary
    wrong = client.post("/graphql", json={"query": 'mutation { createParty(input: {legalName: "X", nope: 1}) { code } }'})
    assert "nope" in wrong.json()["errors"][0]["message"]  # an unknown field is a schema error, not ignored
    item = """mutation { createItem(input: {code: "rod-60", name: "MS rod 60 grade", nameBn: "এমএস রড",
                baseUnit: "kg", standardCost: "95.50", specification: {grade: "60"},
                conversions: [{fromUnit: "ton", toUnit: "kg", factor: "1000"}]}) { code standardCost conversions
                specification version status } }"""
    it = client.post("/graphql", json={"query": item}).json()
    assert it.get("errors") is None, it
    assert Decimal(it["data"]["createItem"]["standardCost"]) == Decimal("95.50")  # exact, never a float
    assert it["data"]["createItem"]["conversions"] == [{"from_unit": "ton", "to_unit": "kg", "factor": "1000"}]
    assert it["data"]["createItem"]["specification"] == {"grade": "60"}
    assert (it["data"]["createItem"]["version"], it["data"]["createItem"]["status"]) == (1, "active")


def test_pages_render_and_inline_validation_speaks_bangla(client):
    assert client.get("/master_data/parties").status_code == 200
    assert client.get("/master_data/parties/new").status_code == 200
    assert client.get("/master_data/items").status_code == 200
    opts = client.get("/master_data/geo/districts", params={"division": "C"}).text
    assert "Gazipur" in opts and "Sylhet" not in opts
    from vextrus.platform.ui import CSRF_COOKIE

    token = client.cookies.get(CSRF_COOKIE) or ""
    r = client.post("/master_data/parties/validate/tin?lang=bn", data={"tin": "123", "csrf_token": token},
                    headers={"x-csrf-token": token})
    assert "১২" in r.text


def test_demo_company_has_vendors_in_every_state_and_priced_items(admin, tenant_id):
    demo.load(tenant_id)
    states = {p.vendor_status for p in service.search_parties("", role="vendor", first=50).items}
    assert states == {"pending", "approved", "suspended", "blacklisted"}
    cement = item_service.get_item_by_code("CEM-PCC-50")
    assert item_service.price_on(cement.id).price == Decimal("520")
    assert len(service.notify_expiring_documents(30)) == 2  # one expiring soon, one expired
