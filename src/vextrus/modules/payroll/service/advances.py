"""Salary advances and loans (domain/advances.py): given and disbursed at once (one journal through
finance.api: Dr advances to employees / Cr cash or bank), recovered by the monthly runs and wage runs
(`dues` and `record` below, called while a run is prepared; `post` when it is posted), cancelled only
before anything was deducted (a reversing journal)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from uuid import UUID

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from vextrus.platform import context
from vextrus.platform.errors import ValidationFailed
from vextrus.platform.money import ZERO
from vextrus.platform.pagination import paginate
from vextrus.platform.uow import UnitOfWork, command, query
from vextrus.platform.versioning import check_version

from .. import domain
from ..domain import advances as rules
from ..schemas import AdvanceInput, AdvancePage, AdvanceRecoveryView, AdvanceView
from ..tables import AdvanceRecoveryRow, AdvanceRow, EmployeeRow, RunRow, SettlementRow, WageRunRow
from . import settings as settings_service
from .employees import check_company


def _post_journal(company_id: UUID, on: date, lines: list, narration: str, reference: str):
    from vextrus.modules.finance import api as finance

    from .. import MODULE

    with context.calling_as(MODULE):
        return finance.post_entry(company_id, finance.EntryIn(journal_type="general", entry_date=on, lines=lines,
                                                              narration=narration, reference=reference))


@command("payroll.advance.manage", scope="payroll.give_advance")
def give_advance(uow: UnitOfWork, data: AdvanceInput) -> AdvanceView:
    """Give an employee an advance or loan and disburse it: Dr advances to employees (`advances_account`, 1143)
    / Cr cash (1110) or bank (1120), dated the day given, through finance.api as payroll on behalf of the user."""
    from vextrus.modules.finance import api as finance

    check_company(data.company_id)
    instalment = rules.check_advance(kind=data.kind, paid_from=data.paid_from, given_on=data.given_on,
                                     amount=data.amount, instalment_amount=data.instalment_amount,
                                     instalments=data.instalments, start_month=data.start_month)
    s = uow.session
    e = s.get(EmployeeRow, data.employee_id)
    if e is None or e.company_id != data.company_id or e.status != "active":
        raise ValidationFailed("payroll.advance_employee_unknown", "No active employee of the company by that id",
                               "কোম্পানির এই আইডির কোনো সক্রিয় কর্মী নেই", field="employee_id")
    cfg, _ = settings_service.load(uow, data.company_id)
    row = AdvanceRow(tenant_id=context.require_tenant(), company_id=data.company_id, employee_id=e.id, kind=data.kind,
                     given_on=data.given_on, amount=data.amount, instalment_amount=instalment,
                     instalments=data.instalments, start_month=data.start_month, paid_from=data.paid_from,
                     note=data.note.strip(), status="active", recovered=ZERO)
    s.add(row)
    s.flush()
    what = "Loan" if data.kind == "loan" else "Salary advance"
    entry = _post_journal(data.company_id, data.given_on, [
        finance.LineIn(account_code=cfg["advances_account"], debit=data.amount, memo=f"{what} to {e.code}"),
        finance.LineIn(account_code=cfg[f"{data.paid_from}_account"], credit=data.amount, memo=f"{what} to {e.code}"),
    ], f"{what} to {e.code} {e.name}", f"ADV-{e.code}-{data.given_on:%Y%m%d}")
    row.entry_id, row.entry_number = entry.id, entry.number or ""
    s.flush()
    return _view(s, row, e)


@command("payroll.advance.manage", scope="payroll.cancel_advance")
def cancel_advance(uow: UnitOfWork, advance_id: UUID, expected_version: int | None = None) -> AdvanceView:
    """Cancel an advance no run has taken up (not even a draft): the disbursement is undone by the opposite
    journal (Dr cash or bank / Cr advances to employees) dated the day it was given, as if never paid."""
    from vextrus.modules.finance import api as finance

    row = _load(uow, advance_id)
    check_version(row, expected_version, "advance")
    s = uow.session
    taken = s.scalar(select(func.count()).select_from(AdvanceRecoveryRow).where(
        AdvanceRecoveryRow.advance_id == row.id)) or 0
    row.status = rules.cancel(row.status, Decimal(taken))
    cfg, _ = settings_service.load(uow, row.company_id)
    e = s.get(EmployeeRow, row.employee_id)
    _post_journal(row.company_id, row.given_on, [
        finance.LineIn(account_code=cfg[f"{row.paid_from}_account"], debit=row.amount, memo=f"Advance cancelled {e.code}"),
        finance.LineIn(account_code=cfg["advances_account"], credit=row.amount, memo=f"Advance cancelled {e.code}"),
    ], f"Advance to {e.code} cancelled", f"ADV-{e.code}-{row.given_on:%Y%m%d}-X")
    s.flush()
    return _view(s, row, e)


@query("payroll.advance.view")
def get_advance(uow: UnitOfWork, advance_id: UUID) -> AdvanceView:
    row = _load(uow, advance_id)
    return _view(uow.session, row, uow.session.get(EmployeeRow, row.employee_id))


@query("payroll.advance.view")
def list_advances(uow: UnitOfWork, company_id: UUID, employee_id: UUID | None = None, first: int = 50,
                  after: str | None = None) -> AdvancePage:
    """A company's advances and loans (one employee's when `employee_id` is given), with balances."""
    context.require_company(company_id, "company", company_id, field="company_id")
    q = select(AdvanceRow).where(AdvanceRow.company_id == company_id)
    if employee_id is not None:
        q = q.where(AdvanceRow.employee_id == employee_id)
    page = paginate(uow.session, q, AdvanceRow.id, first=first, after=after)
    s = uow.session
    people = {e.id: e for e in s.scalars(select(EmployeeRow).where(
        EmployeeRow.id.in_({r.employee_id for r in page.items})))} if page.items else {}
    pend = _pending(s, [r.id for r in page.items])
    return AdvancePage(items=[_view(s, r, people[r.employee_id], pending=pend.get(r.id, ZERO), with_recoveries=False)
                              for r in page.items], end_cursor=page.end_cursor, has_next_page=page.has_next_page)


# --- used by the runs (service/runs.py, service/wages.py) -------------------------------------------------

def dues(s: Session, company_id: UUID, employee_ids: set[UUID], on: date, run_id: UUID
         ) -> dict[UUID, list[tuple[UUID, Decimal]]]:
    """Per employee, oldest first: (advance id, what this run owes) of each active advance whose recovery has
    started by `on`. What other runs (posted or not) took counts as recovered, so two drafts never take the
    same money; this run's own rows are replaced (`clear`) before it is computed again."""
    if not employee_ids:
        return {}
    advances = list(s.scalars(select(AdvanceRow).where(
        AdvanceRow.company_id == company_id, AdvanceRow.status == "active", AdvanceRow.start_month <= on,
        AdvanceRow.employee_id.in_(employee_ids)).order_by(AdvanceRow.given_on, AdvanceRow.created_at, AdvanceRow.id)
        .with_for_update()))  # two runs prepared at once wait for each other (PostgreSQL) instead of both taking it
    if not advances:
        return {}
    taken = {aid: (Decimal(amount or 0), int(n or 0)) for aid, amount, n in s.execute(
        select(AdvanceRecoveryRow.advance_id, func.sum(AdvanceRecoveryRow.amount), func.count())
        .where(AdvanceRecoveryRow.advance_id.in_([a.id for a in advances]), AdvanceRecoveryRow.run_id != run_id)
        .group_by(AdvanceRecoveryRow.advance_id))}
    out: dict[UUID, list[tuple[UUID, Decimal]]] = defaultdict(list)
    for a in advances:
        recovered, periods = taken.get(a.id, (ZERO, 0))
        owed = rules.due(a.amount, a.instalment_amount, recovered, periods)
        if owed > 0:
            out[a.employee_id].append((a.id, owed))
    return out


def clear(s: Session, run_id: UUID) -> None:
    """A draft computed again: its deductions are taken afresh."""
    s.execute(delete(AdvanceRecoveryRow).where(AdvanceRecoveryRow.run_id == run_id))


def record(s: Session, run_kind: str, run_id: UUID, employee_id: UUID, recoveries: list[rules.Recovery]) -> None:
    tenant = context.require_tenant()
    s.add_all([AdvanceRecoveryRow(tenant_id=tenant, advance_id=r.key, run_kind=run_kind, run_id=run_id,
                                  employee_id=employee_id, due=r.due, amount=r.amount, posted=False)
               for r in recoveries])


def post(s: Session, run_id: UUID) -> None:
    """The run is posted: its deductions are recovered; an advance recovered in full is settled."""
    rows = list(s.scalars(select(AdvanceRecoveryRow).where(AdvanceRecoveryRow.run_id == run_id,
                                                           AdvanceRecoveryRow.posted.is_(False))))
    if not rows:
        return
    by_advance: dict[UUID, Decimal] = defaultdict(lambda: ZERO)
    for r in rows:
        by_advance[r.advance_id] += r.amount
    s.execute(update(AdvanceRecoveryRow).where(AdvanceRecoveryRow.run_id == run_id).values(posted=True))
    for a in s.scalars(select(AdvanceRow).where(AdvanceRow.id.in_(list(by_advance)))):
        a.recovered += by_advance[a.id]
        if a.recovered >= a.amount:
            a.status = "settled"


def give_back(s: Session, run_id: UUID) -> Decimal:
    """The run is reversed: every advance and loan recovery it took is given back (its rows go, so the
    instalments it counted are due again; `recovered` drops; a settled advance is active again). Returns the
    total given back."""
    rows = list(s.scalars(select(AdvanceRecoveryRow).where(AdvanceRecoveryRow.run_id == run_id)))
    by_advance: dict[UUID, Decimal] = defaultdict(lambda: ZERO)
    for r in rows:
        if r.posted:
            by_advance[r.advance_id] += r.amount
    for a in s.scalars(select(AdvanceRow).where(AdvanceRow.id.in_(list(by_advance)))) if by_advance else []:
        a.recovered -= by_advance[a.id]
        if a.status == "settled" and a.recovered < a.amount:
            a.status = "active"
    s.execute(delete(AdvanceRecoveryRow).where(AdvanceRecoveryRow.run_id == run_id))
    return sum(by_advance.values(), ZERO)


def _pending(s: Session, ids: list[UUID]) -> dict[UUID, Decimal]:
    if not ids:
        return {}
    return {aid: Decimal(v or 0) for aid, v in s.execute(
        select(AdvanceRecoveryRow.advance_id, func.sum(AdvanceRecoveryRow.amount))
        .where(AdvanceRecoveryRow.advance_id.in_(ids), AdvanceRecoveryRow.posted.is_(False))
        .group_by(AdvanceRecoveryRow.advance_id))}


def _load(uow: UnitOfWork, advance_id: UUID) -> AdvanceRow:
    row = uow.session.get(AdvanceRow, advance_id)
    if row is None:
        raise domain.NotFoundInPayroll("advance", "অগ্রিম", advance_id)
    context.require_company(row.company_id, "advance", advance_id)
    return row


def _view(s: Session, a: AdvanceRow, e: EmployeeRow, pending: Decimal | None = None,
          with_recoveries: bool = True) -> AdvanceView:
    recoveries = []
    if with_recoveries:
        rows = s.execute(select(AdvanceRecoveryRow).where(AdvanceRecoveryRow.advance_id == a.id)).scalars().all()
        monthly = {r.id: r for r in s.scalars(select(RunRow).where(
            RunRow.id.in_([x.run_id for x in rows if x.run_kind == "monthly"])))} if rows else {}
        wage = {r.id: r for r in s.scalars(select(WageRunRow).where(
            WageRunRow.id.in_([x.run_id for x in rows if x.run_kind == "wage"])))} if rows else {}
        settled = {r.id: r for r in s.scalars(select(SettlementRow).where(
            SettlementRow.id.in_([x.run_id for x in rows if x.run_kind == "settlement"])))} if rows else {}
        for x in rows:
            if x.run_kind == "monthly":
                run = monthly[x.run_id]
                period, status, order = f"{run.month:%Y-%m}", run.status, run.month
            elif x.run_kind == "settlement":  # recovered from the final settlement (service/settlement.py)
                fs = settled[x.run_id]
                period, status, order = f"{fs.last_day}", fs.status, fs.last_day
            else:
                w = wage[x.run_id]
                period, status, order = f"{w.period_start}–{w.period_end}", w.status, w.period_start
            recoveries.append((order, AdvanceRecoveryView(run_id=x.run_id, run_kind=x.run_kind, period=period,
                                                          status=status, due=x.due, amount=x.amount,
                                                          carried=x.due - x.amount)))
        recoveries.sort(key=lambda t: (t[0], t[1].period))
        if pending is None:
            pending = sum((v.amount for _, v in recoveries if v.status != "posted"), ZERO)
    return AdvanceView(
        id=a.id, company_id=a.company_id, employee_id=a.employee_id, employee_code=e.code, employee_name=e.name,
        employee_name_bn=e.name_bn, kind=a.kind, given_on=a.given_on, amount=a.amount,
        instalment_amount=a.instalment_amount, instalments=a.instalments, start_month=a.start_month,
        paid_from=a.paid_from, note=a.note, status=a.status, recovered=a.recovered,
        pending=pending if pending is not None else ZERO, balance=a.amount - a.recovered, entry_id=a.entry_id,
        entry_number=a.entry_number, version=a.version, recoveries=[v for _, v in recoveries])
