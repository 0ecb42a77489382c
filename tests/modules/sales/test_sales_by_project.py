"""Sales by project (issue 19's "sales by project" report): per real-estate project the units by status, the
live bookings' booked value, what their buyers paid and what is outstanding — a cancelled booking counts in
none of the money — by REST, GraphQL and the page in English and Bangla. Both databases. The expected figures
are worked by hand from the price list (size × rate) and the receipts the test posts."""

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
    BookingInput,
    BuildingInput,
    CancelInput,
    PriceInput,
    ReceiptInput,
    ScheduleInput,
    UnitInput,
)


@pytest.fixture
def two_projects(db, admin):
    c = org.create_company(org.CompanyInput(code="PBL", name="Padma Builders Ltd."))
    finance.ensure_book("PBL", "Padma Builders Ltd.", c.id)
    finance.open_fiscal_year("PBL", "2025-26")
    padma = projects.create_project("RE-1", "Padma Residency", name_bn="পদ্মা রেসিডেন্সি", company_id=c.id)
    meghna = projects.create_project("RE-2", "Meghna Tower", name_bn="মেঘনা টাওয়ার", company_id=c.id)
    for p in (padma, meghna):
        service.set_price(PriceInput(project_id=p.id, effective_from=date(2025, 7, 1), rate_per_sft=D(10000)))
    b1 = service.create_building(BuildingInput(project_id=padma.id, code="A", name="Building A", floors=3))
    b2 = service.create_building(BuildingInput(project_id=meghna.id, code="T", name="Tower", floors=3))
    u = {
        code: service.create_unit(
            UnitInput(building_id=b1.id, code=code, floor=int(code[0]), size_sft=D(size))
        )
        for code, size in (("1A", 1000), ("1B", 1200), ("2A", 1500), ("2B", 900))
    }
    service.create_unit(UnitInput(building_id=b2.id, code="1A", floor=1, size_sft=D(2000)))
    buyers = [
        create_party(
            PartyInput(
                legal_name=f"Buyer {i}", party_type="individual", roles=["customer"], mobile=f"0171100002{i}"
            )
        )
        for i in range(3)
    ]
    plan = ScheduleInput(booking_money=D(500000), monthly_count=12)
    a = service.create_booking(
        BookingInput(
            unit_id=u["1A"].id, buyer_party_id=buyers[0].id, booking_date=date(2025, 8, 1), schedule=plan
        )
    )  # ৳1,00,00,000
    b = service.create_booking(
        BookingInput(
            unit_id=u["1B"].id, buyer_party_id=buyers[1].id, booking_date=date(2025, 8, 1), schedule=plan
        )
    )  # ৳1,20,00,000
    x = service.create_booking(
        BookingInput(
            unit_id=u["2A"].id, buyer_party_id=buyers[2].id, booking_date=date(2025, 8, 1), schedule=plan
        )
    )  # cancelled below
    service.post_receipt(a.id, ReceiptInput(receipt_date=date(2025, 8, 1), amount=D(500000)))
    service.post_receipt(b.id, ReceiptInput(receipt_date=date(2025, 8, 2), amount=D("1250000.50")))
    service.post_receipt(x.id, ReceiptInput(receipt_date=date(2025, 8, 2), amount=D(500000)))
    service.cancel_booking(x.id, CancelInput(cancelled_on=date(2025, 8, 20)))
    service.change_unit_status(u["2B"].id, "held")
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as client:
        yield client, padma, meghna


def test_units_booked_value_received_and_outstanding_per_project(two_projects):
    client, padma, meghna = two_projects
    r = client.get("/api/v1/sales/by-project")
    assert r.status_code == 200
    rows = {row["project_id"]: row for row in r.json()["projects"]}
    one, two = rows[str(padma.id)], rows[str(meghna.id)]
    assert one["units"] == {
        "available": 0,
        "held": 1,
        "booked": 2,
        "sold": 0,
        "handed_over": 0,
        "cancelled": 1,
    }
    assert (one["units_total"], one["bookings"]) == (4, 2)
    assert (D(one["booked_value"]), D(one["received"]), D(one["outstanding"])) == (
        D(22000000),
        D("1750000.50"),
        D("20249999.50"),
    )  # 1000 × 10,000 + 1200 × 10,000; 5,00,000 + 12,50,000.50
    assert two["units"]["available"] == 1 and (
        two["bookings"],
        D(two["booked_value"]),
        D(two["received"]),
    ) == (0, 0, 0)
    assert D(r.json()["outstanding"]) == D("20249999.50") and r.json()["units"]["available"] == 1
    gql = client.post(
        "/graphql",
        json={
            "query": "{ salesByProject { projectId bookedValue received outstanding "
            "units { status units } } }"
        },
    ).json()["data"]["salesByProject"]
    g = {row["projectId"]: row for row in gql}[str(padma.id)]
    assert D(str(g["outstanding"])) == D("20249999.50")
    assert {s["status"]: s["units"] for s in g["units"]}["held"] == 1


@pytest.mark.parametrize(
    "lang,words,total",
    [
        (
            "en",
            ["Sales by project", "Padma Residency", "Meghna Tower", "Booked value", "Received", "Held"],
            "2,02,49,999.50",
        ),
        (
            "bn",
            ["প্রকল্পভিত্তিক বিক্রয়", "পদ্মা রেসিডেন্সি", "মেঘনা টাওয়ার", "বুকিং মূল্য", "আদায় হয়েছে"],
            "২,০২,৪৯,৯৯৯.৫০",
        ),
    ],
)
def test_the_page_in_english_and_bangla(two_projects, lang, words, total):
    client, _, _ = two_projects
    page = client.get(f"/sales/by-project?lang={lang}")
    assert page.status_code == 200
    assert all(w in page.text for w in words), [w for w in words if w not in page.text]
    row = re.sub(r"<[^>]+>", " ", page.text.split('id="by-project-total"')[1].split("</tr>")[0])
    assert total in row
    if lang == "bn":
        body = re.sub(r"<[^>]+>", " ", page.text.split('id="by-project"')[1].split("</table>")[0])
        words_only = re.sub(r"\b[A-Z][A-Z0-9-]*\b", " ", body)  # codes (RE-1, 1A) stay as they are
        assert not re.findall(r"[0-9]", words_only)
    assert 'href="/sales/by-project"' in client.get(f"/sales?lang={lang}").text


@pytest.mark.parametrize("lang", ["en", "bn"])
def test_the_csv_export_carries_the_report_figures(two_projects, lang):
    import csv
    import io

    client, padma, meghna = two_projects
    page = client.get(f"/sales/by-project?lang={lang}")
    assert f'href="/sales/by-project.csv?lang={lang}"' in page.text
    r = client.get(f"/sales/by-project.csv?lang={lang}")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert r.content.startswith("\ufeff".encode()) and f"-{lang}.csv" in r.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    head, body, total = rows[0], rows[1:-1], rows[-1]
    assert head[:3] == (["Project code", "Project", "Available"] if lang == "en" else ["প্রকল্প কোড", "প্রকল্প", "খালি"])
    by_code = {row[0]: dict(zip(head, row, strict=True)) for row in body}
    one = by_code["RE-1"]
    assert one[head[1]] == ("Padma Residency" if lang == "en" else "পদ্মা রেসিডেন্সি")
    report = client.get("/api/v1/sales/by-project").json()
    mine = {row["project_id"]: row for row in report["projects"]}[str(padma.id)]
    assert [D(one[h]) for h in head[-3:]] == [D(mine["booked_value"]), D(mine["received"]), D(mine["outstanding"])]
    assert [D(x) for x in list(one.values())[2:8]] == [D(mine["units"][s]) for s in
                                                 ("available", "held", "booked", "sold", "handed_over", "cancelled")]
    assert (D(total[-1]), total[1]) == (D("20249999.50"), "Total" if lang == "en" else "মোট")
    assert by_code["RE-2"][head[-4]] == "0"  # Meghna's bookings
    assert client.get("/api/v1/sales/by-project.csv?lang=fr").status_code == 422
