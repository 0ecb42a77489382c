"""REST (201 + Location, idempotency, 422 with code/en/bn/field and nothing stored), GraphQL reads, and the
pages in English and Bangla (availability grid, booking form with the schedule preview, statement with the
receipt form, collections report), on both databases."""

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
from vextrus.modules.sales.schemas import PriceInput

API = "/api/v1/sales"


@pytest.fixture
def setup(db, admin):
    c = org.create_company(org.CompanyInput(code="PBL", name="Padma Builders Ltd.", name_bn="পদ্মা বিল্ডার্স লিমিটেড"))
    finance.ensure_book("PBL", "Padma Builders Ltd.", c.id)
    finance.open_fiscal_year("PBL", "2025-26")
    p = projects.create_project("RE-1", "Padma Residency", name_bn="পদ্মা রেসিডেন্সি", company_id=c.id)
    projects.add_activity(p.id, "F05SC", "Slab casting, 5th floor", duration_hours=8)
    service.set_price(PriceInput(project_id=p.id, effective_from=date(2025, 7, 1), rate_per_sft=D(9500),
                                 utility_charge=D(150000)))
    buyer = create_party(PartyInput(legal_name="Rahim Uddin", legal_name_bn="রহিম উদ্দিন", party_type="individual",
                                    roles=["customer"], mobile="01711000009"))
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as client:
        client.get("/sales")
        client.headers["X-CSRF-Token"] = client.cookies.get("vx_csrf") or ""
        yield client, c, p, buyer


def _building_and_unit(client, p):
    body = {"project_id": str(p.id), "code": "a", "name": "Building A", "name_bn": "ভবন এ", "floors": 6}
    r = client.post(f"{API}/buildings", json=body, headers={"Idempotency-Key": "b-1"})
    again = client.post(f"{API}/buildings", json=body, headers={"Idempotency-Key": "b-1"})
    assert (r.status_code, again.json()["id"]) == (201, r.json()["id"])
    reused = client.post(f"{API}/buildings", json={**body, "floors": 7}, headers={"Idempotency-Key": "b-1"})
    assert reused.status_code == 409
    assert client.get(r.headers["location"]).json()["code"] == "A"
    b = r.json()
    u = client.post(f"{API}/units", json={"building_id": b["id"], "code": "3A", "floor": 3, "size_sft": "1250",
                                          "facing": "south"})
    assert u.status_code == 201 and client.get(u.headers["location"]).json()["status"] == "available"
    return b, u.json()


def test_rest_books_a_unit_posts_a_receipt_and_reports(setup):
    client, c, p, buyer = setup
    b, u = _building_and_unit(client, p)
    assert client.get(f"{API}/units/{u['id']}/price", params={"on": "2025-08-01"}).json() == "12025000.00"
    body = {"unit_id": u["id"], "buyer_party_id": str(buyer.id), "booking_date": "2025-08-01",
            "schedule": {"booking_money": "500000", "down_payment": "1500000", "monthly_count": 10,
                         "milestones": [{"label": "5th floor slab", "activity_code": "F05SC", "percent": "20"}]}}
    preview = client.post(f"{API}/bookings/preview", json=body).json()
    assert sum(D(i["amount"]) for i in preview["instalments"]) == D(12025000)
    r = client.post(f"{API}/bookings", json=body, headers={"Idempotency-Key": "bk-1"})
    assert r.status_code == 201, r.text
    bk = client.get(r.headers["location"]).json()
    assert bk["number"] == "BK-000001" and len(bk["instalments"]) == 13
    rc = client.post(f"{API}/bookings/{bk['id']}/receipts", json={"receipt_date": "2025-08-01", "amount": "700000"},
                     headers={"Idempotency-Key": "rc-1"})
    assert rc.status_code == 201 and [a["seq"] for a in client.get(rc.headers["location"]).json()["allocations"]] == [1, 2]
    st = client.get(f"{API}/bookings/{bk['id']}/statement", params={"as_of": "2025-09-01"}).json()
    assert (st["paid"], st["overdue"]) == ("700000.00", "1300000.00")
    grid = client.get(f"{API}/buildings/{b['id']}/grid").json()
    assert grid["counts"] == {"booked": 1} and grid["floors"][0]["units"][0]["code"] == "3A"
    coll = client.get(f"{API}/collections", params={"as_of": "2025-09-01"}).json()
    assert coll["total_overdue"] == "1300000.00" and coll["lines"][0]["booking_number"] == "BK-000001"
    q = """query($b: ID!) { salesUnitGrid(buildingId: $b) { building { code } floors { floor units { code status } }
            counts { status units } }
          salesBookings { nodes { number price instalments { seq amount dueDate } } }
          salesCollections(asOf: "2025-09-01") { totalOverdue buckets { bucket amount instalments } } }"""
    g = client.post("/graphql", json={"query": q, "variables": {"b": b["id"]}}).json()
    assert "errors" not in g, g
    assert g["data"]["salesUnitGrid"]["counts"] == [{"status": "booked", "units": 1}]
    assert g["data"]["salesBookings"]["nodes"][0]["number"] == "BK-000001"
    assert D(g["data"]["salesCollections"]["totalOverdue"]) == D(1300000)


def test_bad_input_is_422_with_code_en_bn_field_and_nothing_is_stored(setup):
    client, c, p, buyer = setup
    _, u = _building_and_unit(client, p)
    body = {"unit_id": u["id"], "buyer_party_id": str(buyer.id), "booking_date": "2025-08-01",
            "schedule": {"booking_money": "500000", "monthly_count": 10,
                         "milestones": [{"label": "Roof", "activity_code": "NOPE", "percent": "20"}]}}
    r = client.post(f"{API}/bookings", json=body, headers={"Idempotency-Key": "bad-1"})
    err = r.json()
    assert r.status_code == 422 and err["code"] == "sales.activity_unknown"
    assert err["field"] == "schedule.milestones[0].activity_code" and err["message_bn"]
    assert client.get(f"{API}/bookings").json()["items"] == []
    assert client.get(f"{API}/units/{u['id']}").json()["status"] == "available"
    r = client.post(f"{API}/units/{u['id']}/status", json={"status": "sold"})
    assert r.status_code == 422 and r.json()["field"] == "status"


@pytest.mark.parametrize("lang,words", [
    ("en", ["Unit availability", "Available", "Booked", "Instalment schedule", "Customer statement", "Overdue"]),
    ("bn", ["ইউনিটের প্রাপ্যতা", "খালি", "বুকড", "কিস্তির সূচি", "গ্রাহক বিবরণী", "বকেয়া", "রহিম উদ্দিন"])])
def test_pages_in_english_and_bangla(setup, lang, words):
    client, c, p, buyer = setup
    b, u = _building_and_unit(client, p)
    form = client.get(f"/sales/bookings/new?unit={u['id']}&lang={lang}")
    assert form.status_code == 200
    data = {"unit_id": u["id"], "buyer_party_id": str(buyer.id), "booking_date": "2025-08-01",
            "booking_money": "৫,০০,০০০" if lang == "bn" else "500,000", "monthly_count": "10",
            "ms_label": ["5th floor slab", ""], "ms_label_bn": ["৫ম তলার ছাদ", ""], "ms_activity": ["F05SC", ""],
            "ms_percent": ["20", ""], "action": "preview"}
    preview = client.post(f"/sales/bookings?lang={lang}", data=data)
    assert preview.status_code == 200 and 'id="schedule-preview"' in preview.text
    assert ("৫ম তলার ছাদ" if lang == "bn" else "5th floor slab") in preview.text
    refused = client.post(f"/sales/bookings?lang={lang}", data={**data, "ms_activity": ["", ""], "action": "book"})
    assert refused.status_code == 422
    assert 'data-field="schedule.milestones[0].activity_code"' in refused.text
    booked = client.post(f"/sales/bookings?lang={lang}", data={**data, "action": "book"}, follow_redirects=False)
    assert booked.status_code == 303
    url = booked.headers["location"]
    rc = client.post(f"{url}/receipts?lang={lang}", data={"receipt_date": "2025-08-01", "amount": "500000",
                                                          "method": "bank"}, follow_redirects=False)
    assert rc.status_code == 303
    pages = [client.get(f"/sales?lang={lang}"), client.get(f"/sales/buildings/{b['id']}?lang={lang}"),
             client.get(f"{url}?lang={lang}&as_of=2025-10-01"), client.get(f"/sales/collections?lang={lang}&as_of=2025-10-01"),
             preview]
    assert all(pg.status_code == 200 for pg in pages), [pg.status_code for pg in pages]
    text = " ".join(pg.text for pg in pages)
    for w in words:
        assert w in text, w
    if lang == "bn":  # amounts, counts and dates in Bangla digits on the statement and the report
        body = re.sub(r"<[^>]+>", " ", pages[2].text + pages[3].text)
        assert "১,২০,২৫,০০০" in body, body
        words = re.sub(r"\b[A-Z][A-Z0-9-]*\b", " ", body)  # codes (F05SC, BK-000001) stay as they are
        assert not re.findall(r"(?s).{0,30}[0-9].{0,30}", words), re.findall(r"(?s).{0,30}[0-9].{0,30}", words)


def test_a_sales_officer_who_cannot_read_activities_types_the_milestones_activity(setup, db, admin):
    """The booking form reads the project's activities with the user's own rights; without
    projects.activity.read (the sales officer's role) it offers a text field, and the booking checks the
    code through projects.api as before."""
    from vextrus.platform import context
    from vextrus.platform.ids import new_id

    client, c, p, buyer = setup
    _, u = _building_and_unit(client, p)
    officer = context.RequestContext(tenant_id=admin.tenant_id, user_id=new_id(), actor="officer@test", company_id=c.id,
                                     permissions=frozenset({"sales.inventory.read", "sales.booking.read",
                                                            "sales.booking.write", "master_data.party.read",
                                                            "projects.project.read"}))
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: officer])
    with TestClient(app) as oc:
        oc.get("/sales")
        oc.headers["X-CSRF-Token"] = oc.cookies.get("vx_csrf") or ""
        form = oc.get(f"/sales/bookings/new?unit={u['id']}")
        assert form.status_code == 200 and '<input name="ms_activity"' in form.text and "Rahim Uddin" in form.text
        data = {"unit_id": u["id"], "buyer_party_id": str(buyer.id), "booking_date": "2025-08-01",
                "booking_money": "500000", "monthly_count": "10", "ms_label": ["5th floor slab"],
                "ms_label_bn": [""], "ms_activity": ["F05SC"], "ms_percent": ["20"], "action": "book"}
        booked = oc.post("/sales/bookings", data=data, follow_redirects=False)
        assert booked.status_code == 303, booked.text[-500:]
        other = client.post(f"{API}/units", json={"building_id": u["building_id"], "code": "3B", "floor": 3,
                                                  "size_sft": "1100"}).json()
        wrong = oc.post("/sales/bookings", data={**data, "unit_id": other["id"], "ms_activity": ["F99XX"]})
        assert wrong.status_code == 422 and 'data-field="schedule.milestones[0].activity_code"' in wrong.text
