"""Registration of the sale (issue 19: "registration and handover with the final statement"): the deed of sale
registered at a sub-registry office — date, deed number, office — is recorded once on a sale whose price is
paid in full, on or after the agreement, by REST (idempotent, refusals with code, Bangla message and field,
nothing stored) and by the statement page's form in English and Bangla; the statement then shows the
agreement, the registration and the handover. Both databases."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal as D

import pytest
from fastapi.testclient import TestClient

from vextrus.app import create_app
from vextrus.modules.finance import service as finance
from vextrus.modules.master_data.schemas import PartyInput
from vextrus.modules.master_data.service import create_party
from vextrus.modules.organization import api as org
from vextrus.modules.projects import service as projects
from vextrus.modules.sales import service
from vextrus.modules.sales.schemas import (
    AgreementInput,
    BookingInput,
    BuildingInput,
    PriceInput,
    ReceiptInput,
    ScheduleInput,
    UnitInput,
)

API = "/api/v1/sales"


@pytest.fixture
def sold(db, admin):
    """A flat of ৳1,00,00,000 booked on 1 Aug 2025 (booking money ৳10,00,000, the rest in 3 months), its
    agreement signed on 10 Aug 2025, and a client acting as the administrator."""
    c = org.create_company(org.CompanyInput(code="PBL", name="Padma Builders Ltd."))
    finance.ensure_book("PBL", "Padma Builders Ltd.", c.id)
    finance.open_fiscal_year("PBL", "2025-26")
    p = projects.create_project("RE-1", "Padma Residency", company_id=c.id)
    b = service.create_building(BuildingInput(project_id=p.id, code="A", name="Building A", floors=3))
    u = service.create_unit(UnitInput(building_id=b.id, code="2A", kind="flat", floor=2, size_sft=D(1000)))
    service.set_price(PriceInput(project_id=p.id, effective_from=date(2025, 7, 1), rate_per_sft=D(10000)))
    buyer = create_party(
        PartyInput(
            legal_name="Rahim Uddin",
            legal_name_bn="রহিম উদ্দিন",
            party_type="individual",
            roles=["customer"],
            mobile="01711000011",
        )
    )
    bk = service.create_booking(
        BookingInput(
            unit_id=u.id,
            buyer_party_id=buyer.id,
            booking_date=date(2025, 8, 1),
            schedule=ScheduleInput(booking_money=D(1000000), monthly_count=3),
        )
    )
    bk = service.sign_agreement(
        bk.id, AgreementInput(agreement_date=date(2025, 8, 10), agreement_ref="AGR-7")
    )
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as client:
        client.get("/sales")
        client.headers["X-CSRF-Token"] = client.cookies.get("vx_csrf") or ""
        yield client, bk


def test_a_sale_paid_in_full_is_registered_once_by_rest(sold):
    client, bk = sold
    url = f"{API}/bookings/{bk.id}/registration"
    body = {"registration_date": "2025-11-20", "deed_number": "DL-4521/2025", "registry_office": "Tejgaon"}
    owed = client.post(url, json=body)  # only the booking money is paid: the deed waits for the full price
    assert owed.status_code == 422
    err = owed.json()
    assert (err["code"], err["field"]) == ("sales.not_fully_paid", "registration_date") and "বাকি" in err[
        "message_bn"
    ]
    assert client.get(f"{API}/bookings/{bk.id}").json()["registration_date"] is None
    service.post_receipt(
        bk.id, ReceiptInput(receipt_date=date(2025, 11, 1), amount=D(10000000), method="bank")
    )
    early = client.post(url, json={**body, "registration_date": "2025-08-09"})  # before the agreement
    assert early.status_code == 422 and "চুক্তির আগে" in str(early.json())
    blank = client.post(url, json={**body, "deed_number": "  "})
    assert blank.status_code == 422 and "deed_number" in str(blank.json())
    done = client.post(url, json=body, headers={"Idempotency-Key": "reg-1"})
    again = client.post(url, json=body, headers={"Idempotency-Key": "reg-1"})
    assert done.status_code == 200 and again.json() == done.json()
    view = done.json()
    assert (view["registration_date"], view["deed_number"], view["registry_office"], view["status"]) == (
        "2025-11-20",
        "DL-4521/2025",
        "Tejgaon",
        "sold",
    )
    twice = client.post(url, json={**body, "deed_number": "DL-1"})
    assert twice.status_code == 409 and "DL-4521/2025" in str(twice.json())
    gql = client.post(
        "/graphql", json={"query": f'{{ salesBooking(id: "{bk.id}") {{ registrationDate deedNumber }} }}'}
    )
    assert gql.json()["data"]["salesBooking"] == {
        "registrationDate": "2025-11-20",
        "deedNumber": "DL-4521/2025",
    }


@pytest.mark.parametrize(
    "lang,words",
    [
        ("en", ["Record the registration", "Registration", "Deed no."]),
        ("bn", ["দলিল নিবন্ধন লিপিবদ্ধ করুন", "দলিল নিবন্ধন", "দলিল নম্বর"]),
    ],
)
def test_the_statement_page_records_and_shows_the_registration(sold, lang, words):
    client, bk = sold
    page = f"/sales/bookings/{bk.id}?lang={lang}"
    assert 'id="registration-form"' not in client.get(page).text  # not paid in full yet: no form
    service.post_receipt(
        bk.id, ReceiptInput(receipt_date=date(2025, 11, 1), amount=D(10000000), method="bank")
    )
    form = client.get(page)
    assert 'id="registration-form"' in form.text and all(w in form.text for w in words[:1])
    refused = client.post(
        f"/sales/bookings/{bk.id}/registration?lang={lang}",
        data={"registration_date": "2025-11-20", "deed_number": ""},
    )
    assert refused.status_code == 422
    done = client.post(
        f"/sales/bookings/{bk.id}/registration?lang={lang}",
        data={"registration_date": "2025-11-20", "deed_number": "DL-4521/2025", "registry_office": "Tejgaon"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    shown = client.get(page).text
    assert 'id="registration"' in shown and 'id="registration-form"' not in shown
    assert all(w in shown for w in words[1:])
    row = re.sub(r"<[^>]+>", " ", shown.split('id="registration"')[1].split("</tr>")[0])
    assert ("২০ নভে ২০২৫" if lang == "bn" else "20 Nov 2025") in row and "Tejgaon" in row
    if lang == "bn":
        assert "DL-৪৫২১/২০২৫" in row  # the deed number in Bangla digits, as every number on the Bangla page
