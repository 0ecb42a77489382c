"""Bookings: a buyer books a unit at a price with an instalment schedule; the agreement makes it a sale;
it may pass to another buyer, be cancelled (refund less a deduction) or handed over (revenue recognised).
Milestone instalments fall due when their project activity completes (projects' `ActivityChanged`)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from sqlalchemy import func, select

from vextrus.platform import context, sequences
from vextrus.platform.errors import Conflict
from vextrus.platform.i18n import format_number, to_bangla_digits
from vextrus.platform.money import ZERO
from vextrus.platform.pagination import paginate
from vextrus.platform.uow import UnitOfWork, command, query
from vextrus.platform.versioning import check_version, touch

from .. import domain, settings
from ..events import (
    BookingCancelled,
    BookingCreated,
    BookingHandedOver,
    BookingRegistered,
    BookingTransferred,
    InstalmentsFellDue,
)
from ..repository import booking_view, instalments
from ..schemas import (
    AgreementInput,
    BookingInput,
    BookingPage,
    BookingView,
    CancelInput,
    HandoverInput,
    InstalmentView,
    RegistrationInput,
    ScheduleInput,
    SchedulePreview,
    TransferInput,
)
from ..tables import BookingRow, InstalmentRow, ReceiptRow, TransferRow
from .units import load_unit, move_unit, unit_price

READ = "sales.booking.read"
WRITE = "sales.booking.write"
CANCEL = "sales.booking.cancel"
ACCOUNTS = {"bank": "1120", "cash": "1110", "advances": "2131", "revenue": "4110", "forfeit": "4200"}


def _spec(price: Decimal, on: date, s: ScheduleInput) -> domain.ScheduleSpec:
    return domain.ScheduleSpec(price=price, booking_date=on, booking_money=s.booking_money, down_payment=s.down_payment,
                               down_payment_due=s.down_payment_due, monthly_count=s.monthly_count,
                               monthly_start=s.monthly_start,
                               milestones=tuple(domain.MilestoneSpec(m.label, m.activity_code, m.percent, m.label_bn)
                                                for m in s.milestones))


def _check_activities(project_id: UUID, plan: list[domain.Instalment], s: ScheduleInput) -> dict[str, date | None]:
    """The finish day of each milestone's activity (projects.api); an unknown activity is refused."""
    from vextrus.modules.projects import api as projects

    codes = [i.activity_code for i in plan if i.activity_code]
    finishes = projects.activity_finishes(project_id, codes)
    for k, m in enumerate(s.milestones):
        if m.activity_code.strip() not in finishes:
            raise domain.SalesError("sales.activity_unknown", f"The project has no activity {m.activity_code}",
                                    f"প্রকল্পে {m.activity_code} কাজটি নেই", field=f"schedule.milestones[{k}].activity_code")
    return finishes


def _plan(uow: UnitOfWork, data: BookingInput) -> tuple[Decimal, list[domain.Instalment], dict[str, date | None]]:
    unit = load_unit(uow, data.unit_id)
    price = data.price if data.price is not None else unit_price(uow, unit, data.booking_date)
    plan = domain.build_schedule(_spec(price, data.booking_date, data.schedule))
    return price, plan, _check_activities(unit.project_id, plan, data.schedule)


@query(READ)
def preview_schedule(uow: UnitOfWork, data: BookingInput) -> SchedulePreview:
    """The schedule a booking would get, stored nowhere (the booking form's preview)."""
    price, plan, finishes = _plan(uow, data)
    return SchedulePreview(price=price, instalments=[
        InstalmentView(seq=i.seq, kind=i.kind, label=i.label, label_bn=i.label_bn, amount=i.amount,
                       due_date=i.due_date or finishes.get(i.activity_code or ""), activity_code=i.activity_code)
        for i in plan])


def _party(party_id: UUID, field: str) -> None:
    from vextrus.modules.master_data import api as master_data
    from vextrus.platform.errors import NotFound

    from .. import MODULE

    with context.calling_as(MODULE):
        try:
            master_data.get_party(party_id)
        except NotFound:
            raise domain.Missing("buyer", "ক্রেতা", party_id, field=field) from None


def _hold_party(party_id: UUID, number: str, release: bool = False) -> None:
    from vextrus.modules.master_data import api as master_data

    from .. import MODULE

    with context.calling_as(MODULE):
        if release:
            master_data.release_reference("party", party_id, "sales", f"booking {number}")
        else:
            master_data.register_reference("party", party_id, "sales", f"booking {number}")


def document_number(uow: UnitOfWork, table: type, kind: str) -> int:
    """The next number of the tenant's series of a document kind (bookings and receipts are numbered across
    the tenant) from its sequence row (platform.sequences), taken in the creating transaction: two bookings
    at once get consecutive numbers instead of one a conflict. A series used for the first time starts
    after the tenant's existing documents (numbered 1..count before)."""
    return sequences.next_document_number(
        uow.session, None, kind, start_after=lambda: uow.session.scalar(select(func.count()).select_from(table)) or 0)


@command(WRITE, scope="sales.create_booking")
def create_booking(uow: UnitOfWork, data: BookingInput) -> BookingView:
    unit = load_unit(uow, data.unit_id)
    domain.check_transition(unit.status, "booked", field="unit_id")
    _party(data.buyer_party_id, "buyer_party_id")
    price, plan, finishes = _plan(uow, data)
    number = f"BK-{document_number(uow, BookingRow, 'sales.booking'):06d}"
    row = BookingRow(tenant_id=unit.tenant_id, company_id=unit.company_id, project_id=unit.project_id,
                     unit_id=unit.id, number=number, buyer_party_id=data.buyer_party_id,
                     booking_date=data.booking_date, price=price, status="booked")
    uow.session.add(row)
    uow.session.flush()
    for i in plan:
        uow.session.add(InstalmentRow(tenant_id=row.tenant_id, company_id=row.company_id, project_id=row.project_id,
                                      booking_id=row.id, seq=i.seq, kind=i.kind, label=i.label, label_bn=i.label_bn,
                                      amount=i.amount, paid=ZERO, activity_code=i.activity_code, open=1,
                                      due_date=i.due_date or finishes.get(i.activity_code or "")))
    _hold_party(data.buyer_party_id, number)
    move_unit(uow, unit, "booked", "booking")
    uow.emit(BookingCreated(booking_id=row.id, unit_id=unit.id, number=number, buyer_party_id=row.buyer_party_id,
                            booking_date=row.booking_date, price=price, instalments=len(plan)))
    return booking_view(uow.session, row, unit.code)


def load_booking(uow: UnitOfWork, booking_id: UUID, field: str = "id") -> BookingRow:
    row = uow.session.get(BookingRow, booking_id)
    if row is None or row.tenant_id != context.require_tenant():
        raise domain.Missing("booking", "বুকিং", booking_id, field=field)
    context.require_company(row.company_id, "booking", booking_id, field=field)
    return row


def _live(row: BookingRow, allowed: tuple[str, ...], field: str = "status") -> None:
    if row.status not in allowed:
        raise domain.SalesError("sales.booking_status_invalid", f"Booking {row.number} is {row.status}",
                                f"বুকিং {row.number} এখন {domain.units.STATUS_BN.get(row.status, row.status)}",
                                field=field, details={"status": row.status})


@query(READ)
def get_booking(uow: UnitOfWork, booking_id: UUID) -> BookingView:
    return booking_view(uow.session, load_booking(uow, booking_id))


@query(READ)
def list_bookings(uow: UnitOfWork, project_id: UUID | None = None, buyer_party_id: UUID | None = None,
                  first: int = 50, after: str | None = None) -> BookingPage:
    stmt = select(BookingRow)
    if project_id is not None:
        stmt = stmt.where(BookingRow.project_id == project_id)
    if buyer_party_id is not None:
        stmt = stmt.where(BookingRow.buyer_party_id == buyer_party_id)
    scope = context.company_scope()
    if scope is not None:
        stmt = stmt.where(BookingRow.company_id == scope)
    page = paginate(uow.session, stmt, BookingRow.number, first=first, after=after)
    return BookingPage(items=[booking_view(uow.session, r) for r in page.items], end_cursor=page.end_cursor,
                       has_next_page=page.has_next_page)


@command(WRITE, scope="sales.sign_agreement")
def sign_agreement(uow: UnitOfWork, booking_id: UUID, data: AgreementInput) -> BookingView:
    """The sale agreement is signed: the booking becomes a sale and the unit sold."""
    row = load_booking(uow, booking_id)
    check_version(row, data.expected_version, f"booking {row.number}")
    _live(row, ("booked",))
    if data.agreement_date < row.booking_date:
        raise domain.SalesError("sales.date_before_booking", "The agreement cannot be dated before the booking",
                                "চুক্তির তারিখ বুকিংয়ের আগে হতে পারে না", field="agreement_date")
    ref = domain.require_text(data.agreement_ref, "agreement_ref", "The agreement needs its reference (deed number)",
                              "চুক্তির নম্বর দিন")
    row.status, row.agreement_date, row.agreement_ref = "sold", data.agreement_date, ref
    move_unit(uow, load_unit(uow, row.unit_id), "sold", "agreement")
    uow.session.flush()
    return booking_view(uow.session, row)


@command(WRITE, scope="sales.transfer_booking")
def transfer_booking(uow: UnitOfWork, booking_id: UUID, data: TransferInput) -> BookingView:
    """The booking passes to another buyer with its schedule and receipts (a nominee transfer)."""
    row = load_booking(uow, booking_id)
    check_version(row, data.expected_version, f"booking {row.number}")
    _live(row, ("booked", "sold"))
    if data.to_party_id == row.buyer_party_id:
        raise domain.SalesError("sales.transfer_same_buyer", "The booking already belongs to this buyer",
                                "বুকিংটি ইতিমধ্যে এই ক্রেতার", field="to_party_id")
    if data.transfer_date < row.booking_date:
        raise domain.SalesError("sales.date_before_booking", "A transfer cannot be dated before the booking",
                                "হস্তান্তরের তারিখ বুকিংয়ের আগে হতে পারে না", field="transfer_date")
    _party(data.to_party_id, "to_party_id")
    before = row.buyer_party_id
    uow.session.add(TransferRow(tenant_id=row.tenant_id, booking_id=row.id, from_party_id=before,
                                to_party_id=data.to_party_id, transfer_date=data.transfer_date, note=data.note.strip()))
    row.buyer_party_id = data.to_party_id
    _hold_party(data.to_party_id, row.number)
    _hold_party(before, row.number, release=True)
    uow.session.flush()
    uow.emit(BookingTransferred(booking_id=row.id, from_party_id=before, to_party_id=data.to_party_id,
                                transfer_date=data.transfer_date))
    return booking_view(uow.session, row)


def paid_on(uow: UnitOfWork, booking_id: UUID) -> Decimal:
    return uow.session.scalar(select(func.sum(ReceiptRow.amount)).where(ReceiptRow.booking_id == booking_id)) or ZERO


def post_journal(company_id: UUID, on: date, lines: list[tuple[str, Decimal, Decimal, UUID | None]], narration: str,
                 reference: str) -> UUID:
    """Post a balanced entry through finance.api as sales on behalf of the user; (account, debit, credit, party)."""
    from vextrus.modules.finance import api as finance

    from .. import MODULE

    with context.calling_as(MODULE):
        entry = finance.post_entry(company_id, finance.EntryIn(
            journal_type="general", entry_date=on, narration=narration, reference=reference,
            lines=[finance.LineIn(account_code=a, debit=d, credit=c, party_id=p, memo=narration)
                   for a, d, c, p in lines if d or c]))
    return entry.id


@command(CANCEL, scope="sales.cancel_booking")
def cancel_booking(uow: UnitOfWork, booking_id: UUID, data: CancelInput) -> BookingView:
    """Cancel a booking: the deduction (a percent of what was paid) is kept as other income, the rest is
    refunded from the bank; the advances are cleared in one entry and the unit is cancelled (released for
    sale again by hand)."""
    row = load_booking(uow, booking_id)
    check_version(row, data.expected_version, f"booking {row.number}")
    _live(row, ("booked", "sold"))
    if data.cancelled_on < row.booking_date:
        raise domain.SalesError("sales.date_before_booking", "A cancellation cannot be dated before the booking",
                                "বাতিলের তারিখ বুকিংয়ের আগে হতে পারে না", field="cancelled_on")
    pct = data.deduction_percent if data.deduction_percent is not None else settings.deduction_percent()
    paid = paid_on(uow, row.id)
    deduction, refund = domain.refund_on_cancellation(paid, pct)
    if paid > 0:
        row.cancel_entry_id = post_journal(
            row.company_id, data.cancelled_on,
            [(ACCOUNTS["advances"], paid, ZERO, row.buyer_party_id), (ACCOUNTS["bank"], ZERO, refund, None),
             (ACCOUNTS["forfeit"], ZERO, deduction, row.buyer_party_id)],
            f"Cancellation of booking {row.number}", row.number)
    row.status, row.cancelled_on, row.deduction, row.refund = "cancelled", data.cancelled_on, deduction, refund
    for i in instalments(uow.session, row.id):
        i.open = 0
    touch(row)
    move_unit(uow, load_unit(uow, row.unit_id), "cancelled", "cancellation")
    uow.session.flush()
    uow.emit(BookingCancelled(booking_id=row.id, cancelled_on=data.cancelled_on, paid=paid, deduction=deduction,
                              refund=refund))
    return booking_view(uow.session, row)


@command(WRITE, scope="sales.register_booking")
def register_booking(uow: UnitOfWork, booking_id: UUID, data: RegistrationInput) -> BookingView:
    """The deed of sale is registered in the buyer's name (date, deed number, sub-registry office): once, on a
    sale whose price is paid in full, on or after the agreement; before or after the handover."""
    row = load_booking(uow, booking_id)
    check_version(row, data.expected_version, f"booking {row.number}")
    _live(row, ("sold", "handed_over"))
    if row.registration_date is not None:
        raise Conflict("sales.already_registered", f"Booking {row.number} is already registered "
                       f"(deed {row.deed_number})", f"বুকিং {row.number} ইতিমধ্যে নিবন্ধিত (দলিল {to_bangla_digits(row.deed_number or '')})",
                       field="registration_date")
    paid = paid_on(uow, row.id)
    if paid < row.price:
        raise domain.SalesError("sales.not_fully_paid", f"{row.price - paid} of the price is still owed",
                                f"মূল্যের {format_number(row.price - paid, 2, 'bn')} এখনও বাকি", field="registration_date",
                                details={"owed": str(row.price - paid)})
    if data.registration_date < (row.agreement_date or row.booking_date):
        raise domain.SalesError("sales.date_before_booking", "A registration cannot be dated before the agreement",
                                "নিবন্ধনের তারিখ চুক্তির আগে হতে পারে না", field="registration_date")
    deed = domain.require_text(data.deed_number, "deed_number", "The registration needs the deed number",
                               "দলিল নম্বর দিন")
    row.registration_date, row.deed_number = data.registration_date, deed
    row.registry_office = data.registry_office.strip()
    touch(row)
    uow.session.flush()
    uow.emit(BookingRegistered(booking_id=row.id, unit_id=row.unit_id, registration_date=row.registration_date,
                               deed_number=deed))
    return booking_view(uow.session, row)


@command(WRITE, scope="sales.hand_over")
def hand_over(uow: UnitOfWork, booking_id: UUID, data: HandoverInput) -> BookingView:
    """Hand the unit over once the agreement is signed and the price is paid in full: the advances become
    revenue from the sale of apartments (recognised on handover)."""
    row = load_booking(uow, booking_id)
    check_version(row, data.expected_version, f"booking {row.number}")
    _live(row, ("sold",))
    paid = paid_on(uow, row.id)
    if paid < row.price:
        raise domain.SalesError("sales.not_fully_paid", f"{row.price - paid} of the price is still owed",
                                f"মূল্যের {format_number(row.price - paid, 2, 'bn')} এখনও বাকি", field="handover_date",
                                details={"owed": str(row.price - paid)})
    if data.handover_date < (row.agreement_date or row.booking_date):
        raise domain.SalesError("sales.date_before_booking", "A handover cannot be dated before the agreement",
                                "হস্তান্তরের তারিখ চুক্তির আগে হতে পারে না", field="handover_date")
    row.handover_entry_id = post_journal(
        row.company_id, data.handover_date,
        [(ACCOUNTS["advances"], row.price, ZERO, row.buyer_party_id),
         (ACCOUNTS["revenue"], ZERO, row.price, row.buyer_party_id)],
        f"Handover of booking {row.number}: revenue", row.number)
    row.status, row.handover_date = "handed_over", data.handover_date
    move_unit(uow, load_unit(uow, row.unit_id), "handed_over", "handover")
    uow.session.flush()
    uow.emit(BookingHandedOver(booking_id=row.id, unit_id=row.unit_id, handover_date=data.handover_date,
                               revenue=row.price))
    return booking_view(uow.session, row)


def resolve_milestones(uow: UnitOfWork, project_id: UUID, codes: list[str] | None) -> int:
    """Give open milestone instalments waiting for these activities (None: every activity the project's
    milestones wait for) the activity's finish day as their due date (called by the handlers of projects'
    events). Returns how many fell due."""
    from vextrus.modules.projects import api as projects

    if codes is None:
        codes = [c for c in uow.session.scalars(select(InstalmentRow.activity_code).distinct().where(
            InstalmentRow.project_id == project_id, InstalmentRow.due_date.is_(None), InstalmentRow.open == 1,
            InstalmentRow.activity_code.is_not(None))) if c]
    finishes = {c: d for c, d in projects.activity_finishes(project_id, codes).items() if d}
    if not finishes:
        return 0
    rows = uow.session.scalars(select(InstalmentRow).where(
        InstalmentRow.project_id == project_id, InstalmentRow.activity_code.in_(list(finishes)),
        InstalmentRow.due_date.is_(None), InstalmentRow.open == 1)).all()
    for r in rows:
        r.due_date = finishes[r.activity_code or ""]
    uow.session.flush()
    for code in sorted({r.activity_code or "" for r in rows}):
        uow.emit(InstalmentsFellDue(project_id=project_id, activity_code=code, due_date=finishes[code],
                                    instalment_ids=[r.id for r in rows if r.activity_code == code]))
    return len(rows)
