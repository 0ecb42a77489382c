"""Quotations from a real-estate project's unit price list (issue 19: "quotations from a BOQ or unit price list"),
on both databases. A building of flats, a shop and a parking slot priced on two price lists (1 Jul 2025 and
1 Jan 2026): the quotation's lines are a line per unit (size × rate per sft; the shop at the shop rate; the
parking slot 1 × its charge) and one per utility connection charge, on the list in force on the price date (the
quotation's date by default); their sum equals the prices sales itself gives those units on that day and a
figure worked by hand. A booked unit, a unit of another project, a date before any price list, or a BOQ and a
price list at once are refused naming the field, nothing stored; REST, and the page in English and Bangla."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal as D

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from vextrus.app import create_app
from vextrus.modules.crm import service
from vextrus.modules.crm.schemas import OpportunityInput, QuotationInput
from vextrus.modules.crm.tables import QuotationRow
from vextrus.modules.master_data.schemas import PartyInput
from vextrus.modules.master_data.service import create_party
from vextrus.modules.organization import api as org
from vextrus.modules.projects import service as projects
from vextrus.modules.sales import service as sales
from vextrus.modules.sales.schemas import BookingInput, BuildingInput, PriceInput, ScheduleInput, UnitInput
from vextrus.platform.errors import DomainError


@pytest.fixture
def estate(db, admin):
    c = org.create_company(org.CompanyInput(code="MRL", name="Meghna Realty Ltd."))
    p = projects.create_project("RE-9", "Meghna Residency", company_id=c.id)
    other = projects.create_project("RE-10", "Jamuna Heights", company_id=c.id)
    b = sales.create_building(BuildingInput(project_id=p.id, code="A", name="Building A", floors=5))
    ob = sales.create_building(BuildingInput(project_id=other.id, code="B", name="Building B", floors=2))
    units = {code: sales.create_unit(UnitInput(building_id=b.id, code=code, kind=kind, floor=floor, size_sft=D(size),
                                               facing=facing))
             for code, kind, floor, size, facing in (("2A", "flat", 2, "1000", "south"), ("2B", "flat", 2, "1250", ""),
                                                     ("S1", "shop", 0, "500", ""), ("P1", "parking", -1, "0", ""))}
    units["B-1A"] = sales.create_unit(UnitInput(building_id=ob.id, code="1A", floor=1, size_sft=D(900)))
    sales.set_price(PriceInput(project_id=p.id, effective_from=date(2025, 7, 1), rate_per_sft=D(8000),
                               shop_rate_per_sft=D(12000), parking_charge=D(400000), utility_charge=D(150000)))
    sales.set_price(PriceInput(project_id=p.id, effective_from=date(2026, 1, 1), rate_per_sft=D(9000),
                               shop_rate_per_sft=D(12000), parking_charge=D(400000), utility_charge=D(150000)))
    buyer = create_party(PartyInput(legal_name="Rahim Uddin", party_type="individual", roles=["customer"]))
    sales.create_booking(BookingInput(unit_id=units["2B"].id, buyer_party_id=buyer.id, booking_date=date(2025, 8, 1),
                                      schedule=ScheduleInput(booking_money=D(100000), monthly_count=2)))
    opp = service.create_opportunity(OpportunityInput(title="Two flats for Meghna Housing", party_id=buyer.id,
                                                      expected_value=D(10000000)))
    return p, other, units, opp


def _count(db) -> int:
    with db.session_factory() as s:
        return s.scalar(select(func.count()).select_from(QuotationRow))


def test_lines_from_the_price_list_in_force_sum_to_sales_prices(db, estate):
    p, _other, u, opp = estate
    on = date(2025, 12, 31)  # the July list
    q = service.create_quotation(QuotationInput(opportunity_id=opp.id, price_list_project_id=p.id,
                                                unit_ids=[u["2A"].id, u["S1"].id, u["P1"].id], price_date=on,
                                                quote_date=date(2026, 2, 1), vat_rate="0"))
    assert [(ln.item_no, ln.unit, ln.quantity, ln.rate, ln.amount) for ln in q.lines] == [
        ("A-2A", "sft", D(1000), D(8000), D(8000000)), ("A-2A-U", "LS", 1, D(150000), D(150000)),
        ("A-S1", "sft", D(500), D(12000), D(6000000)), ("A-S1-U", "LS", 1, D(150000), D(150000)),
        ("A-P1", "no.", 1, D(400000), D(400000))]
    assert q.lines[0].description == "Flat A-2A, floor 2, 1000.00 sft, south"
    by_hand = 1000 * 8000 + 150000 + 500 * 12000 + 150000 + 400000
    assert q.subtotal == D(by_hand) == sum(sales.price_of_unit(u[c].id, on) for c in ("2A", "S1", "P1"))
    assert q.project_id == p.id

    # no price date: the quotation's date, so the January list (৳9,000 a sft)
    q2 = service.create_quotation(QuotationInput(opportunity_id=opp.id, price_list_project_id=p.id,
                                                 unit_ids=[u["2A"].id], quote_date=date(2026, 2, 1)))
    assert [ln.amount for ln in q2.lines] == [D(9000000), D(150000)]
    assert q2.subtotal == sales.price_of_unit(u["2A"].id, date(2026, 2, 1))

    # no units named: every unit still offered (the booked 2B is not), by floor and code
    q3 = service.create_quotation(QuotationInput(opportunity_id=opp.id, price_list_project_id=p.id,
                                                 quote_date=date(2026, 2, 1)))
    assert [ln.item_no for ln in q3.lines] == ["A-P1", "A-S1", "A-S1-U", "A-2A", "A-2A-U"]


@pytest.mark.parametrize(("make", "code", "field"), [
    (lambda p, o, u: dict(price_list_project_id=p.id, unit_ids=[u["2A"].id, u["2B"].id]),
     "sales.unit_not_available", "unit_ids[1]"),
    (lambda p, o, u: dict(price_list_project_id=p.id, unit_ids=[u["B-1A"].id]), "not_found", "unit_ids[0]"),
    (lambda p, o, u: dict(price_list_project_id=p.id, unit_ids=[u["2A"].id], price_date=date(2025, 6, 30)),
     "sales.no_price_list", "price_date"),
    (lambda p, o, u: dict(price_list_project_id=o.id), "sales.no_price_list", "price_date"),
    (lambda p, o, u: dict(price_list_project_id=p.id, boq_project_id=p.id), "crm.quotation_two_sources",
     "price_list_project_id"),
])
def test_refusals_name_the_field_and_store_nothing(db, estate, make, code, field):
    p, other, u, opp = estate
    with pytest.raises(DomainError) as refused:
        service.create_quotation(QuotationInput(opportunity_id=opp.id, **make(p, other, u)))
    assert (refused.value.code, refused.value.field) == (code, field)
    assert refused.value.message_bn and refused.value.message_bn != refused.value.message or code == "not_found"
    assert _count(db) == 0


@pytest.fixture
def client(db, admin):
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as c:
        c.get("/crm")
        c.headers["X-CSRF-Token"] = c.cookies.get("vx_csrf") or ""
        yield c


def test_rest_quotes_units_and_refuses_with_the_field(client, db, estate):
    p, _other, u, opp = estate
    body = {"opportunity_id": str(opp.id), "price_list_project_id": str(p.id), "unit_ids": [str(u["2A"].id)],
            "price_date": "2025-12-31"}
    r = client.post("/api/v1/crm/quotations", json=body, headers={"Idempotency-Key": "ul-1"})
    assert r.status_code == 201, r.text
    assert D(r.json()["subtotal"]) == D(8150000)
    bad = client.post("/api/v1/crm/quotations", json={**body, "unit_ids": [str(u["2B"].id)]},
                      headers={"Idempotency-Key": "ul-2"})
    assert bad.status_code == 422 and bad.json()["field"] == "unit_ids[0]" and _count(db) == 1


@pytest.mark.parametrize("lang", ["en", "bn"])
def test_the_page_offers_the_units_and_quotes_them_in_the_page_language(client, db, estate, lang):
    p, _other, u, opp = estate
    page = client.get(f"/crm/quotations?opportunity_id={opp.id}&lang={lang}")
    assert page.status_code == 200 and 'id="price-list"' in page.text
    assert str(u["2A"].id) in page.text and str(u["2B"].id) not in page.text  # a booked unit is not offered
    assert ("ফ্ল্যাট" if lang == "bn" else "Flat") in page.text and "Meghna Residency" in page.text
    form = {"opportunity_id": str(opp.id), "price_list_project_id": str(p.id), "unit_ids": [str(u["2A"].id)],
            "price_date": "2025-12-31", "vat_rate": "", "terms": ""}
    r = client.post(f"/crm/quotations?lang={lang}", data=form, follow_redirects=False)
    assert r.status_code == 303, r.text[:500]
    q = service.list_quotations(opportunity_id=opp.id)[0]
    assert q.subtotal == D(8150000)
    if lang == "bn":
        assert q.lines[0].description.startswith("ফ্ল্যাট A-2A, তলা ২, ১০০০.০০ বর্গফুট")
        assert not re.search(r"[0-9]", q.lines[0].description.replace("A-2A", ""))
    bad = client.post(f"/crm/quotations?lang={lang}", data={**form, "unit_ids": [str(u["2B"].id)]})
    assert bad.status_code == 422 and _count(db) == 1
    assert ("বুকড" if lang == "bn" else "is booked") in bad.text
