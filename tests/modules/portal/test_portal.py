"""The customer portal on both databases (issue 19): a sales officer invites a buyer; the buyer's sign-in
holds the customer role only, sees their own booking with what is paid and owed, and nothing else: not
another buyer's booking (404, not 403: its existence is not told), not sales' own lists, not the ledger.
A party that is not a customer cannot be invited; an invitation twice for one e-mail is refused."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from vextrus.modules.auth import service as auth
from vextrus.modules.auth.service import sessions
from vextrus.modules.finance import service as finance
from vextrus.modules.master_data import service as master_data
from vextrus.modules.master_data.schemas import PartyInput
from vextrus.modules.organization import api as organization
from vextrus.modules.portal import service as portal
from vextrus.modules.portal.schemas import InviteInput
from vextrus.modules.projects import service as projects
from vextrus.modules.sales import service as sales
from vextrus.modules.sales.schemas import (
    BookingInput,
    BuildingInput,
    PriceInput,
    ReceiptInput,
    ScheduleInput,
    UnitInput,
)
from vextrus.platform import context
from vextrus.platform.errors import Conflict, NotFound, PermissionDenied, ValidationFailed


@pytest.fixture()
def firm(db, admin):
    """A company with two flats booked by two buyers; the admin acts within it."""
    c = organization.create_company(organization.CompanyInput(code="PRT", name="Portal Homes Ltd."))
    auth.seed_default_roles(c.id)
    ctx = context.RequestContext(tenant_id=admin.tenant_id, user_id=admin.user_id, permissions=admin.permissions,
                                 roles=admin.roles, actor=admin.actor, company_id=c.id)
    with context.acting_as(ctx):
        book = finance.ensure_book(c.code, c.name, company_id=c.id)
        finance.open_fiscal_year(book.code, "2025-26")
        p = projects.create_project("PRT-1", "Portal Tower", start_date=date(2026, 1, 3),
                                    data_date=datetime(2026, 1, 3, 8), company_id=c.id)
        b = sales.create_building(BuildingInput(project_id=p.id, code="A", name="Building A", floors=5))
        units = [sales.create_unit(UnitInput(building_id=b.id, code=code, floor=1, size_sft=Decimal(1000)))
                 for code in ("1A", "1B")]
        sales.set_price(PriceInput(project_id=p.id, effective_from=date(2025, 7, 1), rate_per_sft=Decimal(8000)))
        buyers = [master_data.create_party(PartyInput(legal_name=name, party_type="individual", roles=["customer"]))
                  for name in ("Nasima Begum", "Jahid Hasan")]
        bookings = [sales.create_booking(BookingInput(
            unit_id=u.id, buyer_party_id=who.id, booking_date=date(2026, 1, 10),
            schedule=ScheduleInput(booking_money=Decimal(300000), down_payment=Decimal(700000), monthly_count=10)))
            for u, who in zip(units, buyers, strict=True)]
        sales.post_receipt(bookings[0].id, ReceiptInput(receipt_date=date(2026, 1, 10), amount=Decimal(300000)))
        yield {"company": c, "buyers": buyers, "bookings": bookings, "ctx": ctx}


def _as_customer(firm, email: str):
    user = auth.user_by_email(email)
    return context.acting_as(sessions.context_for(user.id, firm["ctx"].tenant_id, company_id=firm["company"].id))


def test_an_invited_buyer_sees_their_own_booking_and_nothing_else(firm):
    account = portal.invite(InviteInput(party_id=firm["buyers"][0].id, email="nasima@example.com"))
    assert account.party_id == firm["buyers"][0].id and account.email == "nasima@example.com"
    user = auth.user_by_email("nasima@example.com")
    assert user.name == "Nasima Begum"  # the party's name when none is given
    with _as_customer(firm, "nasima@example.com"):
        assert context.current().roles == frozenset({"customer"})
        (mine,) = portal.my_bookings(as_of=date(2026, 2, 1))
        assert (mine.booking_id, mine.unit_code) == (firm["bookings"][0].id, "1A")
        assert (mine.price, mine.paid, mine.balance) == (Decimal("8000000.00"), Decimal("300000.00"),
                                                         Decimal("7700000.00"))
        st = portal.my_statement(firm["bookings"][0].id, as_of=date(2026, 2, 1))
        assert st.paid == Decimal("300000.00") and len(st.receipts) == 1
        with pytest.raises(NotFound):  # the other buyer's booking: not found, not "forbidden"
            portal.my_statement(firm["bookings"][1].id)
        with pytest.raises(PermissionDenied):  # sales' own lists are staff's
            sales.list_bookings()
        with pytest.raises(PermissionDenied):
            portal.list_accounts()


def test_only_customers_may_be_invited_once_and_a_staff_sign_in_has_no_portal(firm):
    vendor = master_data.create_party(PartyInput(legal_name="Rod Suppliers Ltd.", roles=["vendor"]))
    with pytest.raises(ValidationFailed) as refused:
        portal.invite(InviteInput(party_id=vendor.id, email="rods@example.com"))
    assert refused.value.code == "portal.not_a_customer" and refused.value.field == "party_id"
    with pytest.raises(NotFound):  # and no sign-in was made for it
        auth.user_by_email("rods@example.com")
    portal.invite(InviteInput(party_id=firm["buyers"][1].id, email="jahid@example.com"))
    with pytest.raises(Conflict):
        portal.invite(InviteInput(party_id=firm["buyers"][1].id, email="jahid@example.com"))
    assert [a.email for a in portal.list_accounts()] == ["jahid@example.com"]
    with pytest.raises(ValidationFailed) as no_account:  # the admin holds portal.self.view but is no customer
        portal.my_bookings()
    assert no_account.value.code == "portal.no_account"


def test_a_sales_officer_invites_through_the_portal_without_holding_user_administration(firm):
    officer = auth.create_user(auth.UserInput(email="so@portal.example", name="Sales officer"), "Officer-Pass-2026!",
                               firm["company"].id, ["sales_officer"])
    officer_ctx = sessions.context_for(officer.id, firm["ctx"].tenant_id, company_id=firm["company"].id)
    assert not officer_ctx.can("auth.user.create")
    with context.acting_as(officer_ctx):
        portal.invite(InviteInput(party_id=firm["buyers"][0].id, email="nasima2@example.com", language="en"))
        with pytest.raises(PermissionDenied):  # the officer alone still cannot make users
            auth.create_user(auth.UserInput(email="x@portal.example", name="X"), None, firm["company"].id, ["viewer"])
    with _as_customer(firm, "nasima2@example.com"):
        assert [b.unit_code for b in portal.my_bookings()] == ["1A"]


def test_the_pages_in_bangla_for_the_buyer_and_for_staff(firm, db):
    from fastapi.testclient import TestClient

    from vextrus.app import create_app

    portal.invite(InviteInput(party_id=firm["buyers"][0].id, email="nasima3@example.com"))
    buyer = auth.user_by_email("nasima3@example.com")
    buyer_ctx = sessions.context_for(buyer.id, firm["ctx"].tenant_id, company_id=firm["company"].id)
    for ctx, must in ((buyer_ctx, "১A"), (firm["ctx"], "আপনার সাইন-ইন কোনো গ্রাহকের সাথে যুক্ত নয়")):
        app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req, c=ctx: c])
        with TestClient(app) as client:
            page = client.get("/portal?lang=bn")
            assert page.status_code == 200 and must in page.text, page.text[:400]
            if ctx is buyer_ctx:
                other = client.get(f"/portal/bookings/{firm['bookings'][1].id}?lang=bn")
                assert other.status_code == 404
                own = client.get(f"/portal/bookings/{firm['bookings'][0].id}?lang=bn")
                assert own.status_code == 200 and "৳৩,০০,০০০.০০" in own.text
