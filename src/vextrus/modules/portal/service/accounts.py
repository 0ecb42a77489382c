"""Portal accounts and what their holders see: load → guard → store → emit → view."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING
from uuid import UUID

from sqlalchemy import select

from vextrus.platform import clock, context
from vextrus.platform.errors import NotFound, ValidationFailed
from vextrus.platform.uow import UnitOfWork, command, query

from .. import MODULE, domain
from ..events import AccountCreated
from ..schemas import InviteInput, PortalAccountView, PortalBookingSummary
from ..tables import AccountRow

if TYPE_CHECKING:
    from vextrus.modules.sales.api import CustomerStatement

MANAGE = "portal.account.manage"
SELF = "portal.self.view"


def _view(r: AccountRow) -> PortalAccountView:
    return PortalAccountView(id=r.id, user_id=r.user_id, party_id=r.party_id, company_id=r.company_id,
                             email=r.email, invited_by=r.invited_by, created_at=r.created_at)


def _customer(party_id: UUID) -> object:
    from vextrus.modules.master_data import api as master_data

    with context.calling_as(MODULE):
        try:
            party = master_data.get_party(party_id)
        except NotFound:
            raise NotFound("party", party_id, field="party_id") from None
    if "customer" not in party.roles and not _is_client(party_id):
        name = party.legal_name_bn or party.legal_name  # as typed in master data
        raise ValidationFailed("portal.not_a_customer",
                               f"{party.legal_name} is neither a customer nor the client of a contract",
                               f"{name} গ্রাহক নয়, কোনো চুক্তির ক্লায়েন্টও নয়",
                               field="party_id")
    return party


def _is_client(party_id: UUID) -> bool:
    """The party is the client of a construction contract in the active company (contracts')."""
    from vextrus.modules.contracts import api as contracts

    with context.calling_as(MODULE):
        return bool(contracts.client_contracts(party_id))


def _store(uow: UnitOfWork, user_id: UUID, party_id: UUID, company_id: UUID, email: str) -> AccountRow:
    row = AccountRow(tenant_id=context.require_tenant(), user_id=user_id, party_id=party_id, company_id=company_id,
                     email=email, invited_by=context.current().recorded_actor)
    uow.session.add(row)
    uow.session.flush()
    uow.emit(AccountCreated(account_id=row.id, user_id=user_id, party_id=party_id, email=email))
    return row


@command(MANAGE, scope="portal.invite")
def invite(uow: UnitOfWork, data: InviteInput) -> PortalAccountView:
    """A customer's contact gets a sign-in holding the `customer` role in the active company and an
    invitation link to set their password; the portal shows them that party's documents only."""
    from vextrus.modules.auth import api as auth

    company_id = context.current().company_id
    if company_id is None:
        raise ValidationFailed("company_missing", "Choose a company first", "আগে একটি কোম্পানি বেছে নিন",
                               field="company_id")
    party = _customer(data.party_id)
    with context.calling_as(MODULE):
        user = auth.invite_user(data.email, data.name.strip() or party.legal_name, company_id, "customer",
                                name_bn=party.legal_name_bn or "", language=data.language, mobile=data.mobile)
    return _view(_store(uow, user.id, party.id, company_id, user.email))


@command(MANAGE, scope="portal.link")
def link(uow: UnitOfWork, user_id: UUID, party_id: UUID, company_id: UUID) -> PortalAccountView:
    """Link an existing sign-in (holding the customer role) to a customer party or a contract's client (the
    demo's buyer)."""
    _customer(party_id)
    return _view(_store(uow, user_id, party_id, company_id, ""))


@query(MANAGE)
def list_accounts(uow: UnitOfWork, party_id: UUID | None = None) -> list[PortalAccountView]:
    stmt = select(AccountRow).order_by(AccountRow.created_at)
    if party_id is not None:
        stmt = stmt.where(AccountRow.party_id == party_id)
    return [_view(r) for r in uow.session.execute(stmt).scalars()]


def _mine(uow: UnitOfWork) -> AccountRow:
    uid = context.current().user_id
    row = uow.session.execute(select(AccountRow).where(AccountRow.user_id == uid)).scalar_one_or_none() \
        if uid is not None else None
    if row is None:
        raise domain.NoPortalAccount()
    return row


@query(SELF)
def my_bookings(uow: UnitOfWork, as_of: date | None = None) -> list[PortalBookingSummary]:
    """The signed-in customer's bookings with what is paid, owed and overdue today."""
    from vextrus.modules.sales import api as sales

    me = _mine(uow)
    on = as_of or clock.today()
    out = []
    with context.calling_as(MODULE):
        for b in sales.bookings_of_buyer(me.party_id):
            st = sales.customer_statement(b.id, on)
            out.append(PortalBookingSummary(
                booking_id=b.id, number=b.number, unit_code=b.unit_code, status=b.status,
                booking_date=b.booking_date, price=st.total, paid=st.paid, balance=st.balance, due=st.due,
                overdue=st.overdue))
    return out


@query(SELF)
def my_statement(uow: UnitOfWork, booking_id: UUID, as_of: date | None = None) -> CustomerStatement:
    """One of the customer's own bookings as a statement (schedule, receipts); another's is not found."""
    from vextrus.modules.sales import api as sales

    me = _mine(uow)
    with context.calling_as(MODULE):
        try:
            booking = sales.get_booking(booking_id)
        except NotFound:
            raise NotFound("booking", booking_id, field="booking_id") from None
        domain.own_booking(booking_id, booking.buyer_party_id, me.party_id)
        return sales.customer_statement(booking_id, as_of or clock.today())
