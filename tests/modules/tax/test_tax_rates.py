"""A tenant's own VAT rates on both databases: added from a date they change that tenant's computations
(api, REST, GraphQL, page) and no other tenant's; overlaps, bad input and missing permission are refused
with nothing stored; the Idempotency-Key replays. The example rate is hypothetical (a future Finance Act
moving S004.00 to 12 % from 1 July 2026), the kind of change VAT and SD Act 2012 s.15/Third Schedule
amendments make every budget."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from bangla_text import latin_left
from vextrus.app import create_app
from vextrus.modules.tax import api, service
from vextrus.modules.tax.events import VatRateAdded
from vextrus.modules.tax.schemas import VatRateInput
from vextrus.platform import context
from vextrus.platform.errors import DomainError, PermissionDenied, ValidationFailed
from vextrus.platform.ids import new_id
from vextrus.platform.tables import OutboxEvent

D = Decimal
FA_2026 = VatRateInput(code="s004.00", name="Construction firm (S004.00) 2026", name_bn="নির্মাণ সংস্থা (S004.00) ২০২৬",
                       kind="reduced", rate=D(12), valid_from=date(2026, 7, 1),
                       source="Finance Act 2026 (hypothetical), VAT and SD Act 2012 Third Schedule S004.00")


def test_a_tenant_rate_applies_from_its_date_for_that_tenant_only(db, admin):
    before = api.vat_for("S004.00", D("1000000"), date(2026, 8, 1))
    assert before.rate == 10
    added = service.add_vat_rate(FA_2026)
    assert (added.code, added.rate, added.valid_to) == ("S004.00", D(12), None)
    after = api.vat_for("S004.00", D("1000000"), date(2026, 8, 1))
    assert (after.rate, after.vat, after.source) == (D(12), D("120000.00"), FA_2026.source)
    assert api.vat_for("S004.00", D("1000000"), date(2026, 6, 30)).rate == 10  # before its date: shipped rate
    assert {c.code: c.rate for c in api.vat_codes(date(2026, 8, 1))}["S004.00"] == 12
    assert api.vds_for("S004.00", D("1120000"), D(0), date(2026, 8, 1)).amount == D("120000.00")
    with context.acting_as(context.system_context(new_id())):  # another tenant: the shipped rate
        assert api.vat_for("S004.00", D("1000000"), date(2026, 8, 1)).rate == 10
    assert [r.id for r in service.list_vat_rates()] == [added.id] and service.get_vat_rate(added.id) == added
    with db.session_factory() as s:
        payloads = s.scalars(select(OutboxEvent.payload).where(OutboxEvent.name == VatRateAdded.name)).all()
    assert [(p["code"], D(p["rate"]), p["valid_from"]) for p in payloads if p["rate_id"] == str(added.id)] == [
        ("S004.00", D(12), "2026-07-01")]


def test_a_new_code_and_a_later_rate_as_new_rows(db, admin):
    service.add_vat_rate(VatRateInput(code="S099.10", name="Test service", name_bn="পরীক্ষা সেবা", kind="reduced",
                                      rate=D(5), valid_from=date(2025, 7, 1), valid_to=date(2026, 6, 30),
                                      source="SRO (test)"))
    service.add_vat_rate(VatRateInput(code="S099.10", name="Test service", name_bn="পরীক্ষা সেবা", kind="standard",
                                      rate=D(15), valid_from=date(2026, 7, 1), source="Finance Act (test)"))
    assert api.vat_for("S099.10", D(100), date(2026, 6, 30)).vat == D("5.00")
    assert api.vat_for("S099.10", D(100), date(2026, 7, 1)).vat == D("15.00")
    with pytest.raises(ValidationFailed) as early:
        api.vat_for("S099.10", D(100), date(2025, 6, 30))
    assert early.value.field == "date"


def test_overlaps_bad_input_and_no_permission_store_nothing(db, admin, tenant_id):
    service.add_vat_rate(FA_2026)
    bad = [
        (FA_2026.model_copy(update={"valid_from": date(2027, 1, 1)}), "tax.rates_overlap", "valid_from"),
        (FA_2026.model_copy(update={"code": "bad code"}), "tax.vat_code_invalid", "code"),
        (FA_2026.model_copy(update={"rate": D(150)}), "tax.rate_invalid", "rate"),
        (FA_2026.model_copy(update={"kind": "exempt"}), "tax.rate_invalid", "rate"),
        (FA_2026.model_copy(update={"kind": "luxury"}), "tax.vat_kind_invalid", "kind"),
        (FA_2026.model_copy(update={"code": "NEW1", "valid_to": date(2026, 1, 1)}), "tax.dates_reversed", "valid_to"),
        (FA_2026.model_copy(update={"code": "NEW2", "source": " "}), "tax.source_missing", "source"),
    ]
    for data, code, field in bad:
        with pytest.raises(ValidationFailed) as refused:
            service.add_vat_rate(data)
        assert (refused.value.code, refused.value.field) == (code, field) and refused.value.message_bn
        assert latin_left(refused.value.message_bn, "S004.00") == [], refused.value.message_bn  # all Bangla
    reader = context.RequestContext(tenant_id=tenant_id, user_id=new_id(), actor="reader@test",
                                    permissions=frozenset({"tax.calculator.view"}))
    with context.acting_as(reader):
        with pytest.raises(PermissionDenied):
            service.add_vat_rate(FA_2026.model_copy(update={"code": "NEW3"}))
        assert api.vat_for("S004.00", D(100), date(2026, 8, 1)).rate == 12  # reading needs only the tenant
    assert len(service.list_vat_rates()) == 1
    with pytest.raises(DomainError) as missing:
        service.get_vat_rate(new_id())
    assert (missing.value.status, missing.value.code) == (404, "not_found") and "ভ্যাট হার" in missing.value.message_bn


def test_a_repeated_idempotency_key_adds_once(db, admin):
    first = service.add_vat_rate(FA_2026, idempotency_key="fa-2026")
    again = service.add_vat_rate(FA_2026, idempotency_key="fa-2026")
    assert again == first and len(service.list_vat_rates()) == 1


@pytest.fixture
def client(db, admin):
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as c:
        yield c


def test_rest_graphql_and_page_add_rates(client):
    body = FA_2026.model_dump(mode="json")
    r = client.post("/api/v1/tax/rates", json=body, headers={"Idempotency-Key": "k1"})
    assert r.status_code == 201 and r.headers["Location"] == f"/api/v1/tax/rates/{r.json()['id']}"
    assert client.get(r.headers["Location"]).json() == r.json()
    assert client.post("/api/v1/tax/rates", json=body, headers={"Idempotency-Key": "k1"}).json() == r.json()
    calc = client.get("/api/v1/tax/vat", params={"code": "S004.00", "amount": "100", "date": "2026-08-01"}).json()
    assert calc["vat"] == "12.00"
    refused = client.post("/api/v1/tax/rates", json={**body, "code": "X1", "rate": "-1"})
    assert refused.status_code == 422 and refused.json()["field"] == "rate" and refused.json()["message_bn"]
    assert len(client.get("/api/v1/tax/rates").json()) == 1
    m = """mutation($i: TaxVatRateInput!) { addTaxVatRate(input: $i) { code rate validFrom } }"""
    gql = {"code": "S099.20", "name": "Test", "nameBn": "পরীক্ষা", "kind": "reduced", "rate": "5",
           "validFrom": "2025-07-01", "source": "SRO (test)"}
    data = client.post("/graphql", json={"query": m, "variables": {"i": gql}}).json()
    assert data.get("data", {}).get("addTaxVatRate") == {"code": "S099.20", "rate": "5", "validFrom": "2025-07-01"}, data
    q = client.post("/graphql", json={"query": "{ taxVatRates { code } }"}).json()
    assert [x["code"] for x in q["data"]["taxVatRates"]] == ["S004.00", "S099.20"]
    page = client.get("/tax?lang=bn")
    token = client.cookies.get("vx_csrf")
    form = {"csrf_token": token, "code": "S099.30", "name": "Page", "name_bn": "পাতা", "kind": "reduced",
            "rate": "৭.৫", "valid_from": "2025-07-01", "source": "SRO (test)"}
    assert page.status_code == 200 and "আপনার ভ্যাট হার" in page.text
    added = client.post("/tax/rates", data=form, follow_redirects=False)
    assert added.status_code == 303
    assert client.get("/api/v1/tax/vat", params={"code": "S099.30", "amount": "100", "date": "2025-08-01"}).json()[
        "vat"] == "7.50"
    again = client.post("/tax/rates", data={**form, "rate": "200"})
    assert again.status_code == 422 and "rate-error" in again.text and "S099.30" in again.text
