"""Collections: receipts against a booking's schedule (allocated oldest due first, posted Dr bank or cash,
Cr customer advances through finance.api), the customer statement with computed delay charges, and the
collections due/overdue report."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID

from sqlalchemy import case, func, select

from vextrus.platform import context
from vextrus.platform.errors import Conflict
from vextrus.platform.i18n import format_count
from vextrus.platform.money import ZERO
from vextrus.platform.uow import UnitOfWork, command, query

from .. import domain, settings
from ..events import ReceiptPosted
from ..repository import booking_view, instalments, receipt_view
from ..schemas import (
    AllocationView,
    CollectionLine,
    CollectionsReport,
    CustomerStatement,
    FinalStatement,
    ProjectSales,
    ReceiptInput,
    ReceiptView,
    SalesByProject,
    StatementLine,
)
from ..tables import AllocationRow, BookingRow, InstalmentRow, ReceiptRow, UnitRow
from .bookings import ACCOUNTS, document_number, load_booking, post_journal

POST = "sales.receipt.post"
VIEW = "sales.collections.view"
METHODS = ("bank", "cash")
MAX_LINES = 500


@command(POST, scope="sales.post_receipt")
def post_receipt(uow: UnitOfWork, booking_id: UUID, data: ReceiptInput) -> ReceiptView:
    """Money from the buyer: allocated to the instalments oldest due first, posted Dr bank (or cash),
    Cr customer advances and booking money (revenue waits for the handover)."""
    row = load_booking(uow, booking_id)
    if row.status not in ("booked", "sold"):
        raise domain.SalesError("sales.booking_status_invalid", f"Booking {row.number} is {row.status}",
                                f"বুকিং {row.number} এ আর অর্থ নেওয়া যায় না", field="booking_id")
    if data.method not in METHODS:
        raise domain.SalesError("sales.method_invalid", "A receipt is by bank or cash",
                                "প্রাপ্তি ব্যাংক বা নগদে", field="method")
    if data.receipt_date < row.booking_date:
        raise domain.SalesError("sales.date_before_booking", "A receipt cannot be dated before the booking",
                                "প্রাপ্তির তারিখ বুকিংয়ের আগে হতে পারে না", field="receipt_date")
    inst = instalments(uow.session, row.id)
    plan = domain.allocate(data.amount, [domain.Due(i.id, i.seq, i.due_date, i.amount - i.paid) for i in inst])
    number = f"RC-{document_number(uow, ReceiptRow, 'sales.receipt'):06d}"
    receipt = ReceiptRow(tenant_id=row.tenant_id, company_id=row.company_id, booking_id=row.id, number=number,
                         receipt_date=data.receipt_date, amount=data.amount, method=data.method,
                         reference=data.reference.strip())
    uow.session.add(receipt)
    uow.session.flush()
    receipt.entry_id = post_journal(
        row.company_id, data.receipt_date,
        [(ACCOUNTS[data.method], data.amount, ZERO, None), (ACCOUNTS["advances"], ZERO, data.amount, row.buyer_party_id)],
        f"Receipt {number} for booking {row.number}", number)
    by_id = {i.id: i for i in inst}
    allocations = []
    for a in plan:
        i = by_id[a.instalment_id]
        i.paid = i.paid + a.amount
        i.open = 1 if i.paid < i.amount else 0
        uow.session.add(AllocationRow(tenant_id=row.tenant_id, booking_id=row.id, receipt_id=receipt.id,
                                      instalment_id=i.id, receipt_date=data.receipt_date, amount=a.amount))
        allocations.append(AllocationView(instalment_id=i.id, seq=i.seq, amount=a.amount))
    uow.session.flush()
    uow.emit(ReceiptPosted(receipt_id=receipt.id, booking_id=row.id, receipt_date=data.receipt_date,
                           amount=data.amount, entry_id=receipt.entry_id))
    return receipt_view(receipt, allocations)


def _lines(uow: UnitOfWork, row: BookingRow, as_of: date,
           pct: Decimal) -> tuple[list[StatementLine], list[ReceiptView]]:
    """The booking's instalments with what was paid against each by `as_of` and the delay charge at `pct` a
    day, and its receipts by `as_of`."""
    inst = instalments(uow.session, row.id)
    allocs = uow.session.scalars(select(AllocationRow).where(AllocationRow.booking_id == row.id)).all()
    paid_by: dict[UUID, list[tuple[date, Decimal]]] = defaultdict(list)
    seq_of = {i.id: i.seq for i in inst}
    by_receipt: dict[UUID, list[AllocationView]] = defaultdict(list)
    for a in allocs:
        if a.receipt_date <= as_of:
            paid_by[a.instalment_id].append((a.receipt_date, a.amount))
        by_receipt[a.receipt_id].append(AllocationView(instalment_id=a.instalment_id, seq=seq_of.get(a.instalment_id, 0),
                                                       amount=a.amount))
    lines = []
    for i in inst:
        paid = sum((amt for _d, amt in paid_by[i.id]), ZERO)
        days, charge = domain.delay_charge(i.amount, i.due_date, sorted(paid_by[i.id]), as_of, pct)
        lines.append(StatementLine(seq=i.seq, kind=i.kind, label=i.label, label_bn=i.label_bn, due_date=i.due_date,
                                   activity_code=i.activity_code, amount=i.amount, paid=paid,
                                   outstanding=i.amount - paid, days_overdue=days, delay_charge=charge))
    receipts = [receipt_view(r, sorted(by_receipt[r.id], key=lambda a: a.seq))
                for r in uow.session.scalars(select(ReceiptRow).where(ReceiptRow.booking_id == row.id,
                                                                      ReceiptRow.receipt_date <= as_of)
                                             .order_by(ReceiptRow.receipt_date, ReceiptRow.number))]
    return lines, receipts


@query(VIEW)
def customer_statement(uow: UnitOfWork, booking_id: UUID, as_of: date) -> CustomerStatement:
    """The schedule with what was paid against each instalment, what is owed, due and overdue, delay
    charges as of `as_of` (computed at the setting's rate, never posted), and the receipts."""
    row = load_booking(uow, booking_id)
    pct = settings.delay_percent_per_day()
    live = row.status in ("booked", "sold")
    lines, receipts = _lines(uow, row, as_of, pct if live else ZERO)
    total = sum((ln.amount for ln in lines), ZERO)
    paid = sum((ln.paid for ln in lines), ZERO)
    due = sum((ln.outstanding for ln in lines if ln.due_date and ln.due_date <= as_of), ZERO) if live else ZERO
    overdue = sum((ln.outstanding for ln in lines if ln.due_date and ln.due_date < as_of), ZERO) if live else ZERO
    return CustomerStatement(booking=booking_view(uow.session, row), as_of=as_of, lines=lines, receipts=receipts,
                             total=total, paid=paid, balance=total - paid, due=due, overdue=overdue,
                             delay_charges=sum((ln.delay_charge for ln in lines), ZERO), delay_percent_per_day=pct)


@query(VIEW)
def final_statement(uow: UnitOfWork, booking_id: UUID) -> FinalStatement:
    """The final statement of a handed-over (or cancelled) booking as of its closing day: billed, received,
    delay charges computed to that day (on a handover; a cancellation's deduction settles them), the
    deduction kept and the refund, and the balance. A booking still open has none (409 `sales.not_closed`)."""
    row = load_booking(uow, booking_id)
    if row.status == "handed_over" and row.handover_date is not None:
        closed_by, closing = "handover", row.handover_date
    elif row.status == "cancelled" and row.cancelled_on is not None:
        closed_by, closing = "cancellation", row.cancelled_on
    else:
        raise Conflict("sales.not_closed", f"Booking {row.number} is {row.status}: a final statement is "
                                "made at the handover or the cancellation",
                                f"বুকিং {row.number} এখনও চলমান: চূড়ান্ত বিবরণী হস্তান্তর বা বাতিলের পরে হয়",
                                field="booking_id", details={"status": row.status})
    pct = settings.delay_percent_per_day() if closed_by == "handover" else ZERO
    lines, receipts = _lines(uow, row, closing, pct)
    billed = sum((ln.amount for ln in lines), ZERO)
    received = sum((r.amount for r in receipts), ZERO)
    deduction = (row.deduction or ZERO) if closed_by == "cancellation" else ZERO
    refunded = (row.refund or ZERO) if closed_by == "cancellation" else ZERO
    kept = billed if closed_by == "handover" else deduction
    charges = sum((ln.delay_charge for ln in lines), ZERO)
    balance = kept - received + refunded
    return FinalStatement(booking=booking_view(uow.session, row), closed_by=closed_by, closing_date=closing,
                          lines=lines, receipts=receipts, billed=billed, received=received, delay_charges=charges,
                          delay_percent_per_day=pct, deduction=deduction, refunded=refunded, balance=balance,
                          balance_with_charges=balance + charges)


BUCKETS = ("due_soon", "overdue_1_30", "overdue_31_90", "overdue_91_plus")


@query(VIEW)
def collections_report(uow: UnitOfWork, as_of: date, project_id: UUID | None = None, horizon_days: int | None = None,
                       limit: int = 200) -> CollectionsReport:
    """Instalments still owed on live bookings that fall due by `as_of` + `horizon_days` (the setting by
    default): totals by age in SQL, then the oldest `limit` lines (at most 500) with booking and unit, read
    in the order of the index (company, open, due date, booking, seq) so the database stops after `limit`."""
    if not 0 <= limit <= MAX_LINES:
        raise domain.SalesError("sales.limit_invalid", f"limit is 0 to {MAX_LINES}", f"সীমা ০ থেকে {format_count(MAX_LINES, 'bn')}",
                                field="limit")
    horizon = settings.due_soon_days() if horizon_days is None else horizon_days
    if not 0 <= horizon <= 365:
        raise domain.SalesError("sales.horizon_invalid", "The horizon is 0 to 365 days", "সময়সীমা ০ থেকে ৩৬৫ দিন",
                                field="horizon_days")
    In = InstalmentRow  # noqa: N806
    where = [In.open == 1, In.due_date.is_not(None), In.due_date <= as_of + timedelta(days=horizon)]
    scope = context.company_scope()
    if scope is not None:
        where.append(In.company_id == scope)
    if project_id is not None:
        where.append(In.project_id == project_id)
    bucket = case((In.due_date >= as_of, "due_soon"), (In.due_date >= as_of - timedelta(days=30), "overdue_1_30"),
                  (In.due_date >= as_of - timedelta(days=90), "overdue_31_90"), else_="overdue_91_plus")
    sums = {b: ZERO for b in BUCKETS}
    counts = dict.fromkeys(BUCKETS, 0)
    for b, amount, paid, n in uow.session.execute(select(bucket, func.sum(In.amount), func.sum(In.paid), func.count())
                                                  .where(*where).group_by(bucket)).all():
        sums[b], counts[b] = (amount or ZERO) - (paid or ZERO), n
    rows = uow.session.execute(
        select(In.id, In.booking_id, BookingRow.number, BookingRow.buyer_party_id, UnitRow.code, In.seq, In.label,
               In.label_bn, In.due_date, In.amount, In.paid)
        .join(BookingRow, BookingRow.id == In.booking_id).join(UnitRow, UnitRow.id == BookingRow.unit_id)
        .where(*where).order_by(In.due_date, In.booking_id, In.seq).limit(limit + 1)).all()  # the index's order
    lines = [CollectionLine.model_construct(instalment_id=r[0], booking_id=r[1], booking_number=r[2], buyer_party_id=r[3],
                            unit_code=r[4], seq=r[5], label=r[6], label_bn=r[7], due_date=r[8], outstanding=r[9] - r[10],
                            days_overdue=max(0, (as_of - r[8]).days)) for r in rows[:limit]]
    overdue = sums["overdue_1_30"] + sums["overdue_31_90"] + sums["overdue_91_plus"]
    return CollectionsReport(as_of=as_of, horizon_days=horizon, buckets=sums, counts=counts, total_overdue=overdue,
                             total_due_soon=sums["due_soon"], lines=lines, truncated=len(rows) > limit)


@query("sales.booking.read")
def get_receipt(uow: UnitOfWork, receipt_id: UUID) -> ReceiptView:
    row = uow.session.get(ReceiptRow, receipt_id)
    if row is None or row.tenant_id != context.require_tenant():
        raise domain.Missing("receipt", "প্রাপ্তি", receipt_id, field="id")
    context.require_company(row.company_id, "receipt", receipt_id, field="id")
    inst = {i.id: i.seq for i in instalments(uow.session, row.booking_id)}
    allocs = uow.session.scalars(select(AllocationRow).where(AllocationRow.receipt_id == row.id)).all()
    return receipt_view(row, sorted((AllocationView(instalment_id=a.instalment_id, seq=inst.get(a.instalment_id, 0),
                                                    amount=a.amount) for a in allocs), key=lambda a: a.seq))


UNIT_STATUSES = ("available", "held", "booked", "sold", "handed_over", "cancelled")
LIVE = ("booked", "sold", "handed_over")


@query(VIEW)
def sales_by_project(uow: UnitOfWork) -> SalesByProject:
    """Per real-estate project: its units by status, the live bookings (booked, sold, handed over) with their
    booked value, what their buyers paid and what is outstanding; three grouped queries, whatever the size."""
    scope = context.company_scope()
    units_where = [UnitRow.company_id == scope] if scope is not None else []
    book_where = [BookingRow.status.in_(LIVE)] + ([BookingRow.company_id == scope] if scope is not None else [])
    units: dict[UUID, dict[str, int]] = defaultdict(lambda: dict.fromkeys(UNIT_STATUSES, 0))
    for pid, status, n in uow.session.execute(select(UnitRow.project_id, UnitRow.status, func.count())
                                              .where(*units_where).group_by(UnitRow.project_id, UnitRow.status)):
        units[pid][status] = n
    booked = {pid: (n, value or ZERO) for pid, n, value in uow.session.execute(
        select(BookingRow.project_id, func.count(), func.sum(BookingRow.price)).where(*book_where)
        .group_by(BookingRow.project_id))}
    received = {pid: paid or ZERO for pid, paid in uow.session.execute(
        select(InstalmentRow.project_id, func.sum(InstalmentRow.paid))
        .join(BookingRow, BookingRow.id == InstalmentRow.booking_id).where(*book_where)
        .group_by(InstalmentRow.project_id))}
    rows = []
    for pid in sorted(set(units) | set(booked), key=str):
        n, value = booked.get(pid, (0, ZERO))
        got = received.get(pid, ZERO)
        counts = units[pid]
        rows.append(ProjectSales(project_id=pid, units=dict(counts), units_total=sum(counts.values()), bookings=n,
                                 booked_value=value, received=got, outstanding=value - got))
    totals = dict.fromkeys(UNIT_STATUSES, 0)
    for r in rows:
        for k, v in r.units.items():
            totals[k] += v
    value = sum((r.booked_value for r in rows), ZERO)
    got = sum((r.received for r in rows), ZERO)
    return SalesByProject(projects=rows, units=totals, booked_value=value, received=got, outstanding=value - got)
