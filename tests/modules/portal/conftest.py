"""An estate for the portal's documents, contracts and isolation tests: a company with two flats booked by two
buyers (each with a receipt) and two construction clients (each with a contract whose first RA bill is posted
and part paid), every one of the four invited to the portal."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal as D
from typing import Any
from uuid import UUID

import pytest

from vextrus.modules.auth import service as auth
from vextrus.modules.auth.service import sessions
from vextrus.modules.contracts import service as contracts
from vextrus.modules.contracts.schemas import ContractInput, RaBillInput, RaMeasureInput, RaReceiptInput
from vextrus.modules.finance import service as finance
from vextrus.modules.master_data import service as master_data
from vextrus.modules.master_data.schemas import PartyInput
from vextrus.modules.organization import api as organization
from vextrus.modules.portal import service as portal
from vextrus.modules.portal.schemas import InviteInput
from vextrus.modules.projects import service as projects
from vextrus.modules.sales import service as sales
from vextrus.modules.sales.schemas import (
    AgreementInput,
    BookingInput,
    BuildingInput,
    HandoverInput,
    PriceInput,
    ReceiptInput,
    ScheduleInput,
    UnitInput,
)
from vextrus.platform import context

_serial = itertools.count(1)


@dataclass
class Estate:
    company_id: UUID
    staff: context.RequestContext
    buyers: list[Any] = field(default_factory=list)  # parties
    bookings: list[Any] = field(default_factory=list)
    receipts: list[Any] = field(default_factory=list)  # one per booking
    clients: list[Any] = field(default_factory=list)
    contracts: list[Any] = field(default_factory=list)
    bills: list[Any] = field(default_factory=list)  # the posted first bill of each contract
    works_project_id: UUID | None = None  # the contracts' project
    emails: dict[str, str] = field(default_factory=dict)  # "buyer0", "client1" ... → e-mail

    def as_(self, who: str) -> context.RequestContext:
        user = auth.user_by_email(self.emails[who])
        return sessions.context_for(user.id, self.staff.tenant_id, company_id=self.company_id)

    def close(self, booking: Any, on: date = date(2026, 3, 1)) -> Any:
        """Staff sign the booking's agreement, take the rest of the price and hand the flat over; its final
        statement."""
        with context.acting_as(self.staff):
            sales.sign_agreement(booking.id, AgreementInput(agreement_date=date(2026, 1, 20), agreement_ref="SA-11"))
            st = sales.customer_statement(booking.id, on)
            sales.post_receipt(booking.id, ReceiptInput(receipt_date=on, amount=st.balance, reference="EFT 9"))
            sales.hand_over(booking.id, HandoverInput(handover_date=on))
            return sales.final_statement(booking.id)


@pytest.fixture()
def estate(db, admin) -> Estate:
    c = organization.create_company(organization.CompanyInput(code="EST", name="Estate Builders Ltd."))
    auth.seed_default_roles(c.id)
    ctx = context.RequestContext(tenant_id=admin.tenant_id, user_id=admin.user_id, permissions=admin.permissions,
                                 roles=admin.roles, actor=admin.actor, company_id=c.id)
    e = Estate(company_id=c.id, staff=ctx)
    with context.acting_as(ctx):
        book = finance.ensure_book(c.code, c.name, company_id=c.id)
        finance.open_fiscal_year(book.code, "2025-26")
        p = projects.create_project("EST-1", "Estate Tower", start_date=date(2026, 1, 3),
                                    data_date=datetime(2026, 1, 3, 8), company_id=c.id)
        b = sales.create_building(BuildingInput(project_id=p.id, code="A", name="Building A", floors=5))
        units = [sales.create_unit(UnitInput(building_id=b.id, code=code, floor=1, size_sft=D(1000)))
                 for code in ("1A", "1B")]
        sales.set_price(PriceInput(project_id=p.id, effective_from=date(2025, 7, 1), rate_per_sft=D(8000)))
        e.buyers = [master_data.create_party(PartyInput(legal_name=name, legal_name_bn=name_bn,
                                                        party_type="individual", roles=["customer"]))
                    for name, name_bn in (("Nasima Begum", "নাসিমা বেগম"), ("Jahid Hasan", "জাহিদ হাসান"))]
        for u, who, paid in zip(units, e.buyers, (D(300000), D(250000)), strict=True):
            bk = sales.create_booking(BookingInput(
                unit_id=u.id, buyer_party_id=who.id, booking_date=date(2026, 1, 10),
                schedule=ScheduleInput(booking_money=D(300000), down_payment=D(700000), monthly_count=10)))
            e.bookings.append(bk)
            e.receipts.append(sales.post_receipt(bk.id, ReceiptInput(receipt_date=date(2026, 1, 10), amount=paid,
                                                                     reference="CHQ 1001")))
        w = projects.create_project("EST-W", "Estate Works", company_id=c.id)
        e.works_project_id = w.id
        for no, desc, unit, q, rate in (("1.01", "Earthwork in excavation", "m3", "1000", "450.00"),
                                        ("2.01", "Reinforced cement concrete", "m3", "200", "12500.00")):
            projects.add_boq_item(w.id, no, desc, unit, q, rate)
        e.clients = [master_data.create_party(PartyInput(legal_name=name, legal_name_bn=name_bn, roles=["customer"]))
                     for name, name_bn in (("Meghna Housing Ltd.", "মেঘনা হাউজিং লিমিটেড"),
                                           ("Jamuna Properties Ltd.", ""))]
        for i, client in enumerate(e.clients):
            k = contracts.create_contract(ContractInput(
                company_id=c.id, project_id=w.id, client_party_id=client.id, code=f"EST/C-0{i + 1}",
                title=f"Substructure part {i + 1}", title_bn=f"ভিত্তি অংশ {i + 1}", contract_date=date(2025, 7, 15),
                retention_pct=D(5), security_deposit_pct=D("2.5")))
            bill = contracts.draft_bill(k.id, RaBillInput(bill_date=date(2025, 8, 31), measures=[
                RaMeasureInput(item_no="1.01", cumulative_quantity=D(1000)),
                RaMeasureInput(item_no="2.01", cumulative_quantity=D(40))]))
            bill = contracts.post_bill(contracts.certify_bill(bill.id).id)
            contracts.record_receipt(bill.id, RaReceiptInput(received_on=date(2025, 9, 20), amount=D("300000.00"),
                                                             reference="EFT 77"))
            e.contracts.append(k)
            e.bills.append(contracts.get_bill(bill.id))
        for who, party in (("buyer0", e.buyers[0]), ("buyer1", e.buyers[1]), ("client0", e.clients[0]),
                           ("client1", e.clients[1])):
            e.emails[who] = f"{who}.{next(_serial)}@estate.example"  # e-mails are unique across tenants
            portal.invite(InviteInput(party_id=party.id, email=e.emails[who], language="bn" if who == "buyer0" else "en"))
    return e
