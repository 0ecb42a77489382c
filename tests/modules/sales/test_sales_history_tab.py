"""The booking page (its statement) carries its History tab (audit's trail of `sales.booking`), in English
and Bangla, hidden from a user without `audit.record.view`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from fastapi.testclient import TestClient

from history_tab_helpers import check_history_tab
from vextrus.app import create_app
from vextrus.modules.finance import service as finance
from vextrus.modules.master_data.schemas import PartyInput
from vextrus.modules.master_data.service import create_party
from vextrus.modules.organization import api as org
from vextrus.modules.projects import service as projects
from vextrus.modules.sales import service
from vextrus.modules.sales.schemas import PriceInput

API = "/api/v1/sales"


def test_the_booking_page_shows_its_history(db, admin):
    c = org.create_company(org.CompanyInput(code="PBL", name="Padma Builders Ltd."))
    finance.ensure_book("PBL", "Padma Builders Ltd.", c.id)
    finance.open_fiscal_year("PBL", "2025-26")
    p = projects.create_project("RE-1", "Padma Residency", company_id=c.id)
    service.set_price(PriceInput(project_id=p.id, effective_from=date(2025, 7, 1), rate_per_sft=D(9500),
                                 utility_charge=D(150000)))
    buyer = create_party(PartyInput(legal_name="Rahim Uddin", party_type="individual", roles=["customer"],
                                    mobile="01711000009"))
    with TestClient(create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])) as client:
        b = client.post(f"{API}/buildings", json={"project_id": str(p.id), "code": "a", "name": "Building A",
                                                  "floors": 6}).json()
        u = client.post(f"{API}/units", json={"building_id": b["id"], "code": "3A", "floor": 3, "size_sft": "1250",
                                              "facing": "south"}).json()
        r = client.post(f"{API}/bookings", json={
            "unit_id": u["id"], "buyer_party_id": str(buyer.id), "booking_date": "2025-08-01",
            "schedule": {"booking_money": "500000", "down_payment": "1500000", "monthly_count": 10}})
        assert r.status_code == 201, r.text
        booking_id = r.json()["id"]
    check_history_tab(db, admin, f"/sales/bookings/{booking_id}", "sales.booking", booking_id,
                      ["sales.booking.created"])
