"""Separation with final settlement: draft (the facts read, `domain.settlement.compute`, stored; computed again
while a draft) → approve → post (one journal through finance.api; the employee separated; advances recovered;
draft runs of the last month and later lose the employee). Load → guard → pure rule → store → emit → view.

Unavailed annual leave is hr's (leave balances). hr depends on payroll and never the reverse, so payroll
asks through a **port**: hr registers its answer (`provide_leave_balance`, hr/handlers.py) when it runs; without
hr the caller gives `leave_days`."""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID

from sqlalchemy import func, select, true

from vextrus.platform import context
from vextrus.platform.errors import Conflict, ValidationFailed
from vextrus.platform.i18n import to_bangla_digits as bn
from vextrus.platform.money import ZERO
from vextrus.platform.uow import UnitOfWork, command, query
from vextrus.platform.versioning import check_version

from .. import domain
from ..domain import advances as advance_rules
from ..domain import settlement as rules
from ..events import EmployeeSeparated, SettlementApproved, SettlementDrafted, SettlementReversed
from ..repository import structure_of, year_to_date
from ..schemas import (
    SettlementAttemptView,
    SettlementDraftRun,
    SettlementInput,
    SettlementLineView,
    SettlementView,
)
from ..tables import (
    AdvanceRecoveryRow,
    AdvanceRow,
    EmployeeRow,
    PayslipRow,
    RunRow,
    SettlementAttemptRow,
    SettlementRow,
    StructureRow,
)
from . import advances as advances_service
from . import settings as settings_service
from .employees import load_employee

# the port: (employee id, last day) -> unavailed annual leave in days; registered by hr when it runs
_LEAVE_SOURCES: list[Callable[[UUID, date], Decimal]] = []


def provide_leave_balance(source: Callable[[UUID, date], Decimal]) -> None:
    """hr registers how many days of annual (earned) leave an employee has not taken by a day."""
    if source not in _LEAVE_SOURCES:
        _LEAVE_SOURCES.append(source)


# the second port: (employee id, a day) -> (annual leave left, left above the carry-forward cap); from hr
_ENCASH_SOURCES: list[Callable[[UUID, date], tuple[Decimal, Decimal]]] = []


def provide_leave_encashable(source: Callable[[UUID, date], tuple[Decimal, Decimal]]) -> None:
    """hr registers what of an employee's annual leave a monthly run may encash: (left, above the cap)."""
    if source not in _ENCASH_SOURCES:
        _ENCASH_SOURCES.append(source)


def leave_encashable(employee_id: UUID, on: date, field: str) -> tuple[Decimal, Decimal]:
    """(annual leave left, left above the carry-forward cap) from hr; without hr nothing can be encashed."""
    from vextrus.platform import runtime

    if not (_ENCASH_SOURCES and "hr" in runtime.current().registry.names):
        raise ValidationFailed("payroll.encash_needs_hr", "Leave is encashed from hr's leave balance: hr is not "
                               "running", "ছুটি নগদায়ন মানবসম্পদের ছুটির স্থিতি থেকে হয়: মানবসম্পদ মডিউল চালু নেই",
                               field=field)
    return _ENCASH_SOURCES[-1](employee_id, on)


def _leave_days(employee_id: UUID, last_day: date, given: Decimal | None) -> tuple[Decimal, str]:
    from vextrus.platform import runtime

    if _LEAVE_SOURCES and "hr" in runtime.current().registry.names:
        if given is not None:
            raise ValidationFailed("payroll.leave_days_from_hr",
                                   "Unavailed leave is read from hr's leave balance: do not give it",
                                   "অভোগকৃত ছুটি মানবসম্পদের ছুটির স্থিতি থেকে নেওয়া হয়: এটি দেবেন না",
                                   field="leave_days")
        return max(_LEAVE_SOURCES[-1](employee_id, last_day), ZERO), "hr"
    return (given if given is not None else ZERO), "given"


def _month_end(d: date) -> date:
    return d.replace(day=monthrange(d.year, d.month)[1])


def _facts(uow: UnitOfWork, e: EmployeeRow, data: SettlementInput, leave: Decimal,
           exclude: UUID | None) -> rules.SettlementFacts:
    s = uow.session
    cfg, _ = settings_service.load(uow, e.company_id)
    if e.daily_wage is not None:  # paid by wage runs; a month's wages = 30 days' wage
        basic = gross = e.daily_wage * 30
    else:
        st = s.scalar(select(StructureRow).where(StructureRow.company_id == e.company_id, StructureRow.grade == e.grade))
        if st is None:
            grade_code = e.grade  # the grade's code, as typed
            raise ValidationFailed("payroll.grade_unknown", f"Grade {e.grade} of {e.code} has no salary structure",
                                   f"{e.code} এর গ্রেড {grade_code} এর বেতন কাঠামো নেই", field="grade")
        earn = structure_of(st).earnings(e.basic)
        basic, gross = earn["basic"], sum(earn.values(), ZERO)
    paid = ("approved", "posted", "paid")
    last_paid = s.scalar(select(func.max(RunRow.month)).join(PayslipRow, PayslipRow.run_id == RunRow.id)
                         .where(PayslipRow.employee_id == e.id, RunRow.status.in_(paid)))
    pf_e, pf_r = s.execute(select(func.sum(PayslipRow.pf_employee), func.sum(PayslipRow.pf_employer))
                           .join(RunRow, RunRow.id == PayslipRow.run_id)
                           .where(PayslipRow.employee_id == e.id, RunRow.status.in_(("posted", "paid")))).one()
    active = list(s.scalars(select(AdvanceRow).where(AdvanceRow.employee_id == e.id, AdvanceRow.status == "active")))
    taken = {aid: Decimal(v or 0) for aid, v in s.execute(
        select(AdvanceRecoveryRow.advance_id, func.sum(AdvanceRecoveryRow.amount))
        .where(AdvanceRecoveryRow.advance_id.in_([a.id for a in active] or [None]),
               AdvanceRecoveryRow.run_id != exclude if exclude else true())
        .group_by(AdvanceRecoveryRow.advance_id))}
    outstanding = sum((max(a.amount - taken.get(a.id, ZERO), ZERO) for a in active), ZERO)
    last = data.last_day
    year_start = date(last.year if last.month >= 7 else last.year - 1, 7, 1)
    next_month = _month_end(last) + timedelta(days=1)
    g, t = year_to_date(s, e.company_id, next_month, year_start).get(e.id, (ZERO, ZERO))
    return rules.SettlementFacts(
        kind=data.kind, last_day=last, joining_date=e.joining_date, employment_type=e.employment_type,
        basic=basic, gross=gross, notice_given_days=data.notice_given_days, leave_days=leave,
        # a daily worker's days are paid by wage runs from the muster roll (through the last day)
        paid_through=last if e.daily_wage is not None else (_month_end(last_paid) if last_paid else None), pf_employee=Decimal(pf_e or 0),
        pf_employer=Decimal(pf_r or 0), advances=outstanding, ytd_gross=g, ytd_tax=t, investment=e.investment,
        category=e.category, area=e.area, cfg=cfg)


def _guard_employee(e: EmployeeRow) -> None:
    if e.status != "active":
        raise Conflict("payroll.employee_already_separated",
                       f"Employee {e.code} has already left ({e.separation_kind or e.status}, {e.separated_on})",
                       f"কর্মী {e.code} ইতিমধ্যে চাকরি ছেড়েছেন ({bn(str(e.separated_on or ''))})", field="employee_id",
                       details={"status": e.status, "separated_on": str(e.separated_on or "")})


def _not_draft(row: SettlementRow, want: str = "draft") -> Conflict:
    return Conflict(f"payroll.settlement_not_{want}",
                    f"The settlement is {row.status}: only a {want} settlement can be "
                    f"{'computed again' if want == 'draft' else 'posted'}",
                    f"চূড়ান্ত নিষ্পত্তি {rules.STATUS_BN[row.status]}: শুধু {rules.STATUS_BN[want]} নিষ্পত্তি "
                    f"{'আবার হিসাব' if want == 'draft' else 'পোস্ট'} করা যায়", field="status",
                    details={"status": row.status})


@command("payroll.settlement.prepare", scope="payroll.draft_settlement")
def draft_settlement(uow: UnitOfWork, employee_id: UUID, data: SettlementInput,
                     expected_version: int | None = None) -> SettlementView:
    """Compute an employee's final settlement (again, while it is a draft)."""
    e = load_employee(uow, employee_id)
    _guard_employee(e)
    row = uow.session.scalar(select(SettlementRow).where(SettlementRow.employee_id == e.id))
    if row is not None:
        if row.status not in ("draft", "reversed"):  # a reversed settlement is computed again as a draft
            raise _not_draft(row)
        check_version(row, expected_version, "settlement")
    if data.kind not in rules.KINDS:  # before hr is asked: the kind is the first fact
        rules.check(rules.SettlementFacts(data.kind, data.last_day, e.joining_date, e.employment_type, Decimal(1),
                                          Decimal(1)))
    leave, source = _leave_days(e.id, data.last_day, data.leave_days)
    s = rules.compute(_facts(uow, e, data, leave, row.id if row else None))
    if row is None:
        row = SettlementRow(tenant_id=context.require_tenant(), company_id=e.company_id, employee_id=e.id)
        uow.session.add(row)
    elif row.status == "reversed":  # the posted-then-reversed attempt is kept before the row is reused
        _keep_attempt(uow, row)
    row.kind, row.last_day, row.notice_given_days, row.reason = data.kind, data.last_day, data.notice_given_days, \
        data.reason.strip()
    # from a reversed settlement: a new draft; its reversed journal pair stays in finance (SETTLEMENT-<code>)
    row.status, row.entry_id, row.entry_number = "draft", None, ""
    row.reversed_on, row.reversal_reason, row.reversal_entry_id, row.reversal_entry_number = None, "", None, ""
    row.leave_days, row.leave_source, row.years, row.service_months = leave, source, s.years, \
        s.service_years * 12 + s.service_months
    row.lines = [{"code": ln.code, "label": ln.label, "label_bn": ln.label_bn, "section": ln.section,
                  "basis": ln.basis, "basis_bn": ln.basis_bn, "amount": str(ln.amount)} for ln in s.lines]
    row.earnings, row.deductions, row.net = s.earnings, s.deductions, s.net
    row.pf_forfeited, row.advances_left, row.due_by = s.pf_forfeited, s.advances_outstanding, s.due_by
    uow.session.flush()
    uow.emit(SettlementDrafted(settlement_id=row.id, company_id=row.company_id, employee_id=e.id, net=row.net))
    return view(row, e)


@command("payroll.settlement.approve", scope="payroll.approve_settlement")
def approve_settlement(uow: UnitOfWork, employee_id: UUID, expected_version: int | None = None) -> SettlementView:
    e, row = _load(uow, employee_id)
    check_version(row, expected_version, "settlement")
    if row.status != "draft":
        raise _not_draft(row)
    _guard_employee(e)
    row.status = "approved"
    uow.session.flush()
    uow.emit(SettlementApproved(settlement_id=row.id, company_id=row.company_id, employee_id=e.id))
    return view(row, e)


def journal_lines(row: SettlementRow, cfg: dict[str, str], expense_account: str, project_id: UUID | None,
                  provision: Decimal = ZERO) -> list:
    """The settlement's journal lines (finance.LineIn): Dr salary (wages, leave, notice pay), compensation,
    gratuity, PF payable (both shares); Cr salary (notice deducted), PF expense (employer's share not vested),
    TDS, advances 1143, salaries payable (net). Debits = credits = the statement's figures to the poisha.
    `provision`: the gratuity provided by monthly runs (setting `gratuity_provision`): the gratuity (or the
    compensation paid instead of it, "whichever is higher") debits the provision up to its balance, the rest
    the expense; a provision left over (dismissal: no gratuity) is released, Cr the salary expense."""
    from vextrus.modules.finance import api as finance

    j = rules.journal(_settlement(row))
    from_grat = min(provision, j.gratuity)
    from_comp = min(provision - from_grat, j.compensation)
    release = provision - from_grat - from_comp
    dr = [(expense_account, j.salary, "Final settlement: wages, leave and notice pay"),
          (cfg["compensation_account"], j.compensation - from_comp, "Compensation (BLA 2006)"),
          (cfg["gratuity_account"], j.gratuity - from_grat, "Gratuity (BLA 2006 s.2(10))"),
          (cfg["gratuity_payable_account"], from_grat + from_comp + release,
           "Gratuity provision settled (BLA 2006 s.2(10))"),
          (cfg["pf_payable_account"], j.pf_payable, "Provident fund paid out and forfeited")]
    cr = [(expense_account, release, "Gratuity provision not needed, released"),
          (expense_account, j.notice_deducted, "Wages in lieu of notice not given (BLA s.27(3))"),
          (cfg["pf_expense_account"], j.pf_forfeited, "Employer's PF not vested, forfeited"),
          (cfg["tds_payable_account"], j.tax, "Tax withheld (ITA 2023 s.86)"),
          (cfg["advances_account"], j.advances, "Advances and loans recovered (BLA 2006 s.125)"),
          (cfg["salaries_payable_account"], j.net, "Final settlement payable (BLA s.123)")]
    lines = [finance.LineIn(account_code=a, debit=v, project_id=project_id, memo=m) for a, v, m in dr if v]
    lines += [finance.LineIn(account_code=a, credit=v, memo=m) for a, v, m in cr if v]
    return lines


@command("payroll.settlement.approve", scope="payroll.post_settlement")
def post_settlement(uow: UnitOfWork, employee_id: UUID, expected_version: int | None = None) -> SettlementView:
    """Post the approved settlement: one journal dated the last day, the employee separated, the advances it
    recovered settled, and the employee taken out of draft runs of the last month and later."""
    from vextrus.modules.finance import api as finance

    from .. import MODULE

    e, row = _load(uow, employee_id)
    check_version(row, expected_version, "settlement")
    if row.status != "approved":
        raise _not_draft(row, "approved")
    _guard_employee(e)
    s = uow.session
    cfg, _ = settings_service.load(uow, e.company_id)
    expense = cfg["site_expense_account" if e.workplace == "site" else "office_expense_account"]
    from .runs import gratuity_provided

    provision = gratuity_provided(s, [e.id]).get(e.id, ZERO)
    lines = journal_lines(row, cfg, expense, e.project_id, provision)
    if lines:
        with context.calling_as(MODULE):
            entry = finance.post_entry(e.company_id, finance.EntryIn(
                journal_type="general", entry_date=row.last_day, lines=lines,
                narration=f"Final settlement {e.code} ({row.kind})", reference=f"SETTLEMENT-{e.code}"))
        row.entry_id, row.entry_number = entry.id, entry.number or ""
    # advances: the recovered amount taken oldest first, recorded as this settlement's posted recoveries
    recovered = -sum((Decimal(ln["amount"]) for ln in row.lines if ln["code"] == "advances"), ZERO)
    if recovered:
        active = list(s.scalars(select(AdvanceRow).where(AdvanceRow.employee_id == e.id, AdvanceRow.status == "active")
                                .order_by(AdvanceRow.given_on, AdvanceRow.created_at, AdvanceRow.id)))
        taken = {aid: Decimal(v or 0) for aid, v in s.execute(
            select(AdvanceRecoveryRow.advance_id, func.sum(AdvanceRecoveryRow.amount))
            .where(AdvanceRecoveryRow.advance_id.in_([a.id for a in active] or [None]))
            .group_by(AdvanceRecoveryRow.advance_id))}
        owed = [(a.id, a.amount - taken.get(a.id, ZERO)) for a in active]
        recs = advance_rules.recover([o for o in owed if o[1] > 0], recovered)
        advances_service.record(s, "settlement", row.id, e.id, recs)
        s.flush()
        advances_service.post(s, row.id)
    _leave_draft_runs(s, e.id, row.last_day)
    row.status = "posted"
    e.status, e.separated_on, e.separation_kind = "separated", row.last_day, row.kind
    s.flush()
    uow.emit(EmployeeSeparated(settlement_id=row.id, company_id=e.company_id, employee_id=e.id, kind=row.kind,
                               last_day=row.last_day, entry_id=row.entry_id, net=row.net))
    return view(row, e)


@command("payroll.settlement.approve", scope="payroll.reverse_settlement")
def reverse_settlement(uow: UnitOfWork, employee_id: UUID, reason: str, reversal_date: date | None = None,
                       expected_version: int | None = None) -> SettlementView:
    """Reverse a posted final settlement: finance reverses its journal (posted entries are never edited), dated
    `reversal_date` (default and earliest: the last day, the journal's date); the advance recoveries it took are
    given back; the employee is active again (not separated) and their payslip is back in the company's draft
    monthly runs from the last day's month on (`runs.restore_employee`; the answer's `draft_runs` name them: prepare
    them again to take hr's attendance); the settlement becomes `reversed` with the reason, and may be computed
    again as a draft. Annual leave and the gratuity provided are read afresh (hr's balance
    never lost the settled days; the provision's balance is back in its account with the reversed journal)."""
    from vextrus.modules.finance import api as finance

    from .. import MODULE

    e, row = _load(uow, employee_id)
    check_version(row, expected_version, "settlement")
    on = rules.check_reversal(row.status, row.last_day, reversal_date, reason)
    s = uow.session
    if row.entry_id is not None:
        with context.calling_as(MODULE):
            rev = finance.reverse_entry(row.company_id, row.entry_id, on)
        row.reversal_entry_id, row.reversal_entry_number = rev.id, rev.number or ""
    advances_service.give_back(s, row.id)
    row.status, row.reversed_on, row.reversal_reason = "reversed", on, reason.strip()
    e.status, e.separated_on, e.separation_kind = "active", None, ""
    s.flush()
    # active again: their payslip back in the draft runs the posting took them out of (and any prepared since)
    from .runs import restore_employee

    restore_employee(uow, e, row.last_day.replace(day=1))
    uow.emit(SettlementReversed(settlement_id=row.id, company_id=row.company_id, employee_id=e.id,
                                entry_id=row.entry_id, reversal_entry_id=row.reversal_entry_id, reversed_on=on,
                                reason=row.reversal_reason))
    return view(row, e, _draft_runs(uow, row, e))


def _leave_draft_runs(s, employee_id: UUID, last_day: date) -> None:
    """Draft runs of the last day's month and later lose the employee (their totals follow)."""
    drafts = list(s.scalars(select(RunRow).join(PayslipRow, PayslipRow.run_id == RunRow.id).where(
        PayslipRow.employee_id == employee_id, RunRow.status == "draft", RunRow.month >= last_day.replace(day=1))))
    for run in drafts:
        slip = s.scalar(select(PayslipRow).where(PayslipRow.run_id == run.id, PayslipRow.employee_id == employee_id))
        for a, b in (("gross", "gross"), ("tax", "tax"), ("pf_employee", "pf_employee"),
                     ("pf_employer", "pf_employer"), ("advances", "advance"), ("net", "net")):
            setattr(run, a, getattr(run, a) - getattr(slip, b))
        s.query(AdvanceRecoveryRow).filter(AdvanceRecoveryRow.run_id == run.id,
                                           AdvanceRecoveryRow.employee_id == employee_id).delete()
        s.delete(slip)


@query("payroll.employee.view")
def get_settlement(uow: UnitOfWork, employee_id: UUID) -> SettlementView | None:
    e = load_employee(uow, employee_id)
    row = uow.session.scalar(select(SettlementRow).where(SettlementRow.employee_id == e.id))
    if row is None:
        return None
    return view(row, e, _draft_runs(uow, row, e)).model_copy(update={"attempts": _attempts(uow, e.id)})


def _keep_attempt(uow: UnitOfWork, row: SettlementRow) -> None:
    s = uow.session
    n = s.scalar(select(func.count()).select_from(SettlementAttemptRow)
                 .where(SettlementAttemptRow.employee_id == row.employee_id)) or 0
    s.add(SettlementAttemptRow(
        tenant_id=row.tenant_id, settlement_id=row.id, company_id=row.company_id, employee_id=row.employee_id,
        attempt=n + 1, kind=row.kind, last_day=row.last_day, reason=row.reason, net=row.net, entry_id=row.entry_id,
        entry_number=row.entry_number, reversed_on=row.reversed_on, reversal_reason=row.reversal_reason,
        reversal_entry_id=row.reversal_entry_id, reversal_entry_number=row.reversal_entry_number))


def _attempts(uow: UnitOfWork, employee_id: UUID) -> list[SettlementAttemptView]:
    rows = uow.session.scalars(select(SettlementAttemptRow).where(SettlementAttemptRow.employee_id == employee_id)
                               .order_by(SettlementAttemptRow.attempt))
    return [SettlementAttemptView(
        attempt=a.attempt, kind=a.kind, last_day=a.last_day, reason=a.reason, net=a.net, entry_id=a.entry_id,
        entry_number=a.entry_number, reversed_on=a.reversed_on, reversal_reason=a.reversal_reason,
        reversal_entry_id=a.reversal_entry_id, reversal_entry_number=a.reversal_entry_number) for a in rows]


def _draft_runs(uow: UnitOfWork, row: SettlementRow, e: EmployeeRow) -> list[SettlementDraftRun]:
    """A reversed settlement's draft monthly runs from the last day's month on, and whether each holds the
    employee (what the page and the API tell the user to prepare again)."""
    if row.status != "reversed" or e.daily_wage is not None:
        return []
    from .runs import _pending, draft_runs_from

    return [SettlementDraftRun(run_id=r.id, month=r.month, employee_included=held, approval_pending=_pending(r))
            for r, held in draft_runs_from(uow.session, e.company_id, e.id, row.last_day.replace(day=1))]


def _load(uow: UnitOfWork, employee_id: UUID) -> tuple[EmployeeRow, SettlementRow]:
    e = load_employee(uow, employee_id)
    row = uow.session.scalar(select(SettlementRow).where(SettlementRow.employee_id == e.id))
    if row is None:
        raise domain.NotFoundInPayroll("settlement of employee", "কর্মীর চূড়ান্ত নিষ্পত্তি", e.code)
    return e, row


def _settlement(row: SettlementRow) -> rules.Settlement:
    lines = tuple(rules.Line(ln["code"], ln["label"], ln["label_bn"], ln["section"], ln["basis"], ln["basis_bn"],
                             Decimal(ln["amount"])) for ln in row.lines)
    return rules.Settlement(row.kind, row.last_day, row.due_by, row.years, row.service_months // 12,
                            row.service_months % 12, lines, row.pf_forfeited, "", row.advances_left)


def view(row: SettlementRow, e: EmployeeRow, draft_runs: list[SettlementDraftRun] | None = None) -> SettlementView:
    return SettlementView(
        id=row.id, company_id=row.company_id, employee_id=e.id, employee_code=e.code, employee_name=e.name,
        employee_name_bn=e.name_bn, joining_date=e.joining_date, kind=row.kind, last_day=row.last_day,
        notice_given_days=row.notice_given_days, leave_days=row.leave_days, leave_source=row.leave_source,
        reason=row.reason, status=row.status, years=row.years, service_months=row.service_months,
        lines=[SettlementLineView(**{**ln, "amount": Decimal(ln["amount"]), "section_bn": rules.section_bn(ln["section"])})
               for ln in row.lines],
        earnings=row.earnings, deductions=row.deductions, net=row.net, pf_forfeited=row.pf_forfeited,
        advances_left=row.advances_left, due_by=row.due_by, entry_id=row.entry_id, entry_number=row.entry_number,
        reversed_on=row.reversed_on, reversal_reason=row.reversal_reason, reversal_entry_id=row.reversal_entry_id,
        reversal_entry_number=row.reversal_entry_number, draft_runs=draft_runs or [], version=row.version)
