"""Wage runs of daily-wage site workers from hr's APPROVED muster rolls: prepare (a draft over a period of
up to 31 days, one site or all) → approve → post (one journal through finance.api). A worker's day is paid
by one run only; muster-roll days still in draft are listed as warnings and left for a later run."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from uuid import UUID

from sqlalchemy import delete, insert, select

from vextrus.platform import context
from vextrus.platform.errors import Conflict, ValidationFailed
from vextrus.platform.i18n import to_bangla_digits as bn
from vextrus.platform.ids import new_id
from vextrus.platform.money import ZERO
from vextrus.platform.pagination import paginate
from vextrus.platform.uow import UnitOfWork, command, query
from vextrus.platform.versioning import check_version

from .. import approvals, domain
from ..domain import advances as advance_rules
from ..domain import wages as rules
from ..events import WageRunApproved, WageRunPosted, WageRunPrepared, WageRunReversed
from ..repository import wage_run_view
from ..schemas import WageRunInput, WageRunPage, WageRunView
from ..tables import EmployeeRow, WageDayRow, WageRunRow, WageSlipRow
from . import advances as advances_service
from . import settings as settings_service
from .employees import check_company


@command("payroll.run.prepare", scope="payroll.prepare_wage_run")
def prepare_wage_run(uow: UnitOfWork, data: WageRunInput) -> WageRunView:
    """Each daily-wage worker's days in the period from the approved muster rolls hr hands over (present,
    half day, leave, holiday paid; absent not), overtime at 2 × daily wage ÷ 8 an hour; the same company, site
    and period prepared again recomputes its draft. Only hr prepares a wage run (`hr.api.prepare_wage_run`):
    its days are the approved muster roll's, never typed in."""
    if context.current().via != "hr":
        raise ValidationFailed("payroll.wage_days_not_from_hr",
                               "A wage run's days come from hr's approved muster rolls: prepare it through hr",
                               "মজুরি চালনার দিনগুলো মানবসম্পদের অনুমোদিত হাজিরা খাতা থেকে আসে: মানবসম্পদ থেকে প্রস্তুত করুন",
                               field="days")
    check_company(data.company_id)
    rules.check_period(data.period_start, data.period_end)
    s = uow.session
    q = select(WageRunRow).where(WageRunRow.company_id == data.company_id, WageRunRow.period_start == data.period_start,
                                 WageRunRow.period_end == data.period_end)
    q = q.where(WageRunRow.project_id.is_(None) if data.project_id is None else WageRunRow.project_id == data.project_id,
                WageRunRow.status != "reversed")  # a reversed run stays; a corrected one is a new run
    run = s.scalar(q)
    if run is not None and run.status == "draft":
        approvals.check_not_pending("wage", run)  # its approval would decide other figures
    if run is not None and run.status != "draft":
        raise Conflict("payroll.wage_run_not_draft", f"The wage run of this period is already {run.status}",
                       f"এই সময়ের মজুরি চালনা আর খসড়া নয় ({rules.STATUS_BN[run.status]})", field="period_start",
                       details={"status": run.status, "run_id": str(run.id)})
    workers = {e.id: e for e in s.scalars(select(EmployeeRow).where(
        EmployeeRow.company_id == data.company_id, EmployeeRow.employment_type == "daily_wage",
        EmployeeRow.daily_wage.is_not(None)))}
    for i, ln in enumerate(data.days):
        rules.check_day(ln.status, ln.overtime_hours, ln.day, data.period_start, data.period_end, f"days[{i}]")
        if data.project_id is not None and ln.project_id != data.project_id:
            raise ValidationFailed("payroll.wage_day_other_site", "A day of another site than the run's",
                                   "চালনার সাইট ছাড়া অন্য সাইটের দিন", field=f"days[{i}].project_id")
    # others are paid by the monthly run; a separated worker's days after the last day are not paid (settlement)
    lines = [ln for ln in data.days if ln.employee_id in workers
             and (workers[ln.employee_id].separated_on is None or ln.day <= workers[ln.employee_id].separated_on)]
    if not lines:
        raise ValidationFailed("payroll.no_wage_days", "No approved muster-roll day of a daily-wage worker in the period",
                               "এই সময়ে দৈনিক মজুরির কোনো শ্রমিকের অনুমোদিত হাজিরা নেই", field="period_start")
    seen: set[tuple[UUID, date]] = set()
    for ln in lines:
        if (ln.employee_id, ln.day) in seen:
            code = workers[ln.employee_id].code
            raise ValidationFailed("payroll.worker_day_twice", f"{code} is on two sites' muster rolls on {ln.day}",
                                   f"{code} {bn(str(ln.day))} তারিখে দুই সাইটের হাজিরা খাতায় আছেন", field="period_start",
                                   details={"employee_code": code, "day": str(ln.day)})
        seen.add((ln.employee_id, ln.day))
    clash_q = (select(WageDayRow.employee_id, WageDayRow.day, WageRunRow.id, WageRunRow.period_start,
                      WageRunRow.period_end)
               .join(WageRunRow, WageRunRow.id == WageDayRow.run_id)
               .where(WageDayRow.employee_id.in_({e for e, _ in seen}), WageDayRow.day >= data.period_start,
                      WageDayRow.day <= data.period_end))
    if run is not None:
        clash_q = clash_q.where(WageDayRow.run_id != run.id)
    clashes = sorted(((day, workers[eid].code, other, p0, p1) for eid, day, other, p0, p1 in s.execute(clash_q)
                      if (eid, day) in seen), key=lambda c: (c[0], c[1]))
    if clashes:  # the first day, then the first worker code: the same answer on every database
        day, code, other, p0, p1 = clashes[0]
        raise Conflict("payroll.day_already_paid",
                       f"{code}'s day {day} is already in the wage run {p0}–{p1}: a day is paid once",
                       f"{code} এর {bn(str(day))} তারিখ ইতিমধ্যে {bn(str(p0))}–{bn(str(p1))} এর মজুরি চালনায় আছে: "
                       "একটি দিনের মজুরি একবারই দেওয়া হয়", field="period_start",
                       details={"employee_code": code, "day": str(day), "run_id": str(other)})
    by_worker: dict[UUID, dict[UUID, list[tuple[str, Decimal]]]] = defaultdict(lambda: defaultdict(list))
    for ln in lines:
        by_worker[ln.employee_id][ln.project_id].append((ln.status, ln.overtime_hours))
    tenant = context.require_tenant()
    if run is None:
        run = WageRunRow(tenant_id=tenant, company_id=data.company_id, project_id=data.project_id,
                         period_start=data.period_start, period_end=data.period_end)
        s.add(run)
        s.flush()
    else:
        s.execute(delete(WageSlipRow).where(WageSlipRow.run_id == run.id))
        s.execute(delete(WageDayRow).where(WageDayRow.run_id == run.id))
        advances_service.clear(s, run.id)
    cfg, _ = settings_service.load(uow, data.company_id)
    cap = Decimal(cfg["deduction_cap"])
    owed = advances_service.dues(s, data.company_id, set(by_worker), data.period_end, run.id)
    costing: dict[str, Decimal] = defaultdict(lambda: ZERO)
    slips = []
    for eid, sites in by_worker.items():
        wage = workers[eid].daily_wage
        parts = []  # rounded per worker and site: the site's cost and the worker's pay agree to the poisha
        for pid, ls in sites.items():
            part = rules.wage_slip(wage, ls)
            costing[str(pid)] += part.gross
            parts.append(part)
        f = {k: sum((getattr(p, k) for p in parts), ZERO) for k in (
            "present_days", "half_days", "absent_days", "leave_days", "holidays", "days_paid", "overtime_hours",
            "wages", "overtime")}
        gross = f["wages"] + f["overtime"]
        # advances and loans (BLA 2006 s.125(2)(cha), s.129) within the deduction cap of the period's wages
        recs = advance_rules.recover(owed.get(eid, []), advance_rules.room(gross, ZERO, gross, cap))
        advances_service.record(s, "wage", run.id, eid, recs)
        f["deductions"] = sum((r.amount for r in recs), ZERO)
        slips.append(WageSlipRow(tenant_id=tenant, run_id=run.id, employee_id=eid, daily_wage=wage, gross=gross,
                                 net=gross - f["deductions"], advance_due=sum((r.due for r in recs), ZERO), **f))
    s.add_all(slips)
    # one executemany, no ORM object per worker-day (a month of 500 workers is 15,500 rows: ORM objects were
    # half the run's time, bench/payroll.py)
    s.execute(insert(WageDayRow.__table__), [
        {"id": new_id(), "tenant_id": tenant, "run_id": run.id, "employee_id": ln.employee_id, "day": ln.day,
         "project_id": ln.project_id} for ln in lines])
    run.gross = sum((r.gross for r in slips), ZERO)
    run.deductions = sum((r.deductions for r in slips), ZERO)
    run.net = sum((r.net for r in slips), ZERO)
    run.costing = {k: str(v) for k, v in sorted(costing.items())}
    run.warnings = [{"project_id": str(w.project_id), "day": w.day.isoformat()}
                    for w in sorted(data.unapproved, key=lambda w: (w.day, str(w.project_id)))]
    s.flush()
    uow.emit(WageRunPrepared(run_id=run.id, company_id=run.company_id, period_start=run.period_start,
                             period_end=run.period_end, gross=run.gross, workers=len(slips)))
    return wage_run_view(s, run)


@command("payroll.run.approve", scope="payroll.approve_wage_run")
def approve_wage_run(uow: UnitOfWork, run_id: UUID, expected_version: int | None = None) -> WageRunView:
    run = _load(uow, run_id)
    check_version(run, expected_version, f"wage run {run.period_start}–{run.period_end}")
    rules.transition(run.status, "approve", run.period_start, run.period_end)  # only a draft
    approvals.check_may_approve(uow, "wage", run)  # with an active payroll run workflow: its approval decides
    return _approved(uow, run)


def _approved(uow: UnitOfWork, run: WageRunRow) -> WageRunView:
    run.status = "approved"
    uow.session.flush()
    uow.emit(WageRunApproved(run_id=run.id, company_id=run.company_id))
    return wage_run_view(uow.session, run)


@command("payroll.run.approve", scope="payroll.approve_wage_run_after_workflow")
def approve_wage_run_after_workflow(uow: UnitOfWork, run_id: UUID, version: int,
                                    instance_id: UUID) -> WageRunView | None:
    """Payroll's reaction to an approved approval (as the module for the submitter): the wage run is approved
    if it is still the draft that was submitted (same version, this approval); else nothing."""
    run = uow.session.get(WageRunRow, run_id)
    if run is None or run.status != "draft" or run.version != version:
        return None
    latest = approvals.latest(run.id)
    if latest is None or latest.id != instance_id:
        return None
    return _approved(uow, run)


@command("payroll.run.post", scope="payroll.post_wage_run")
def post_wage_run(uow: UnitOfWork, run_id: UUID, expected_version: int | None = None) -> WageRunView:
    """One journal dated the period's last day: Dr site wages (the site expense account, 5130 by default) by
    project, each worker-day costed to the site whose muster roll it is on; Cr salaries payable (net), Cr advances
    to employees (the advances and loans deducted). Its totals equal the slips' to the poisha."""
    from vextrus.modules.finance import api as finance

    from .. import MODULE

    run = _load(uow, run_id)
    check_version(run, expected_version, f"wage run {run.period_start}–{run.period_end}")
    status = rules.transition(run.status, "post", run.period_start, run.period_end)
    cfg, _ = settings_service.load(uow, run.company_id)
    label = f"{run.period_start}–{run.period_end}"
    lines = [finance.LineIn(account_code=cfg["site_expense_account"], debit=Decimal(v), project_id=UUID(p),
                            memo=f"Site wages {label}") for p, v in sorted(run.costing.items()) if Decimal(v)]
    lines.append(finance.LineIn(account_code=cfg["salaries_payable_account"], credit=run.net,
                                memo=f"Wages payable {label}"))
    if run.deductions:
        lines.append(finance.LineIn(account_code=cfg["advances_account"], credit=run.deductions,
                                    memo=f"Advances and loans recovered {label} (BLA 2006 s.125)"))
    with context.calling_as(MODULE):
        entry = finance.post_entry(run.company_id, finance.EntryIn(
            journal_type="general", entry_date=run.period_end, lines=lines, narration=f"Site wages {label}",
            reference=f"WAGES-{run.period_start:%Y%m%d}-{run.period_end:%Y%m%d}"))
    run.status, run.entry_id, run.entry_number = status, entry.id, entry.number or ""
    advances_service.post(uow.session, run.id)
    uow.session.flush()
    uow.emit(WageRunPosted(run_id=run.id, company_id=run.company_id, entry_id=entry.id, gross=run.gross, net=run.net))
    return wage_run_view(uow.session, run)


@command("payroll.run.post", scope="payroll.reverse_wage_run")
def reverse_wage_run(uow: UnitOfWork, run_id: UUID, reason: str, reversal_date: date | None = None,
                     expected_version: int | None = None) -> WageRunView:
    """Reverse a posted wage run: finance reverses its journal dated `reversal_date` (default and earliest: the
    period's last day, its posting date), the run becomes `reversed` with the reason, its advance and loan
    recoveries are given back and its worker-days freed (`payroll_wage_day`), so a corrected run can pay them.
    Any posted wage run may be reversed (no tax is withheld on daily wages; a later run's recoveries stand and
    what this one gives back is due again)."""
    from vextrus.modules.finance import api as finance

    from .. import MODULE

    run = _load(uow, run_id)
    check_version(run, expected_version, f"wage run {run.period_start}–{run.period_end}")
    on = domain.check_reversal(run.status, run.period_end, reversal_date, reason,
                               f"wage run {run.period_start}–{run.period_end}",
                               f"{bn(str(run.period_start))}–{bn(str(run.period_end))} এর মজুরি চালনা")
    s = uow.session
    with context.calling_as(MODULE):
        rev = finance.reverse_entry(run.company_id, run.entry_id, on)
    run.status, run.reversed_on, run.reversal_reason = "reversed", on, reason.strip()
    run.reversal_entry_id, run.reversal_entry_number = rev.id, rev.number or ""
    advances_service.give_back(s, run.id)
    s.execute(delete(WageDayRow).where(WageDayRow.run_id == run.id))
    s.flush()
    uow.emit(WageRunReversed(run_id=run.id, company_id=run.company_id, entry_id=run.entry_id,
                             reversal_entry_id=rev.id, reversed_on=on, reason=run.reversal_reason))
    return wage_run_view(s, run)


@query("payroll.payslip.view")
def get_wage_run(uow: UnitOfWork, run_id: UUID) -> WageRunView:
    return wage_run_view(uow.session, _load(uow, run_id))


@query("payroll.payslip.view")
def list_wage_runs(uow: UnitOfWork, company_id: UUID, first: int = 50, after: str | None = None) -> WageRunPage:
    context.require_company(company_id, "company", company_id, field="company_id")
    page = paginate(uow.session, select(WageRunRow).where(WageRunRow.company_id == company_id), WageRunRow.id,
                    first=first, after=after)
    return WageRunPage(items=[wage_run_view(uow.session, r, with_slips=False) for r in page.items],
                       end_cursor=page.end_cursor, has_next_page=page.has_next_page)


def _load(uow: UnitOfWork, run_id: UUID) -> WageRunRow:
    run = uow.session.get(WageRunRow, run_id)
    if run is None:
        raise domain.NotFoundInPayroll("wage run", "মজুরি চালনা", run_id)
    context.require_company(run.company_id, "wage run", run_id)
    return run
