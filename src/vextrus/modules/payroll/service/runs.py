"""Monthly payroll runs: prepare (draft with computed payslips) → approve → post (one journal through
finance.api, as payroll on behalf of the user)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID

from sqlalchemy import delete, func, or_, select

from vextrus.platform import context, forms
from vextrus.platform.errors import Conflict, ValidationFailed
from vextrus.platform.i18n import to_bangla_digits
from vextrus.platform.money import ZERO
from vextrus.platform.pagination import paginate
from vextrus.platform.uow import UnitOfWork, command, query
from vextrus.platform.versioning import check_version

from .. import approvals, domain
from ..domain import advances as advance_rules
from ..events import RunApproved, RunPosted, RunPrepared, RunReversed
from ..repository import payslip_view, postings, run_view, structure_of, year_to_date
from ..schemas import PayslipView, RunInput, RunPage, RunView
from ..tables import EmployeeRow, PayslipRow, RunRow, StructureRow
from . import advances as advances_service
from . import settings as settings_service
from .employees import check_company
from .settlement import leave_encashable


@command("payroll.run.prepare", scope="payroll.prepare_run")
def prepare_run(uow: UnitOfWork, data: RunInput) -> RunView:
    """Compute every active employee's payslip for the month (again, while the run is a draft)."""
    check_company(data.company_id)
    month = domain.first_of_month(data.month)
    s = uow.session
    # a reversed run stays as it was; the month is prepared again as the next revision
    run = s.scalar(select(RunRow).where(RunRow.company_id == data.company_id, RunRow.month == month,
                                        RunRow.status != "reversed"))
    if run is not None and run.status == "draft":
        approvals.check_not_pending("monthly", run)  # its approval would decide other figures
    if run is not None and run.status != "draft":
        raise Conflict("payroll.run_not_draft", f"The run of {month:%B %Y} is already {run.status}",
                       to_bangla_digits(f"{month:%m/%Y} এর বেতন চালনা আর খসড়া নয় ({domain.run.STATUS_BN[run.status]})"), field="month", details={"status": run.status})
    employees = list(s.scalars(select(EmployeeRow).where(EmployeeRow.company_id == data.company_id,
                                                         # a separated employee is paid to the last day
                                                         # by the final settlement, not by this month's run
                                                         or_(EmployeeRow.status == "active",
                                                             EmployeeRow.separated_on > _month_end(month)),
                                                         EmployeeRow.joining_date <= _month_end(month),
                                                         EmployeeRow.daily_wage.is_(None))
                               .order_by(EmployeeRow.code)))
    # daily-wage workers with a daily wage are paid by wage runs (service/wages.py): the muster roll's figures
    # for them are not the monthly run's
    by_wage_run = set(s.scalars(select(EmployeeRow.id).where(EmployeeRow.company_id == data.company_id,
                                                             EmployeeRow.daily_wage.is_not(None))))
    if not employees:
        raise ValidationFailed("payroll.no_employees", "The company has no active employees this month",
                               "এই মাসে কোম্পানির কোনো সক্রিয় কর্মী নেই", field="company_id")
    known = {e.id for e in employees}
    hours: dict[UUID, Decimal] = {}
    absent: dict[UUID, Decimal] = {}
    for i, ot in enumerate(data.overtime):
        if ot.employee_id in by_wage_run:
            continue
        if ot.employee_id not in known:
            raise ValidationFailed("payroll.overtime_employee_unknown", "Overtime for an employee not in this run",
                                   "এই চালনায় নেই এমন কর্মীর ওভারটাইম", field=f"overtime[{i}].employee_id")
        if ot.hours < 0:
            raise ValidationFailed("payroll.overtime_negative", "Overtime hours cannot be negative",
                                   "ওভারটাইম ঘণ্টা ঋণাত্মক হতে পারে না", field=f"overtime[{i}].hours")
        if ot.absent_days < 0:
            raise ValidationFailed("payroll.absent_days_negative", "Absent days cannot be negative",
                                   "অনুপস্থিত দিন ঋণাত্মক হতে পারে না", field=f"overtime[{i}].absent_days")
        hours[ot.employee_id] = hours.get(ot.employee_id, ZERO) + ot.hours
        absent[ot.employee_id] = absent.get(ot.employee_id, ZERO) + ot.absent_days
    structures = {r.grade: structure_of(r) for r in s.scalars(
        select(StructureRow).where(StructureRow.company_id == data.company_id))}
    cfg, _ = settings_service.load(uow, data.company_id)
    encash = _encash(data, known, _month_end(month), cfg["leave_encash_on_request"] == "true")
    year_start = date(month.year if month.month >= 7 else month.year - 1, 7, 1)
    ytd = year_to_date(s, data.company_id, month, year_start)
    tenant = context.require_tenant()
    if run is None:
        revision = s.scalar(select(func.max(RunRow.revision)).where(RunRow.company_id == data.company_id,
                                                                    RunRow.month == month))
        run = RunRow(tenant_id=tenant, company_id=data.company_id, month=month,
                     revision=0 if revision is None else revision + 1)
        s.add(run)
        s.flush()
    else:
        s.execute(delete(PayslipRow).where(PayslipRow.run_id == run.id))
        advances_service.clear(s, run.id)
    run.festival = data.festival.strip()
    owed = advances_service.dues(s, data.company_id, known, month, run.id)
    provide = cfg["gratuity_provision"] == "true"
    provided = gratuity_provided(s, known) if provide else {}
    rows = [_payslip(s, run, e, structures.get(e.grade), cfg, hours=hours.get(e.id, ZERO),
                     absent=absent.get(e.id, ZERO), encash=encash.get(e.id, ZERO), ytd=ytd.get(e.id, (ZERO, ZERO)),
                     owed=owed.get(e.id, []), provided=provided.get(e.id, ZERO) if provide else None, tenant=tenant)
            for e in employees]
    s.add_all(rows)
    run.gross = sum((r.gross for r in rows), ZERO)
    run.tax = sum((r.tax for r in rows), ZERO)
    run.pf_employee = sum((r.pf_employee for r in rows), ZERO)
    run.pf_employer = sum((r.pf_employer for r in rows), ZERO)
    run.advances = sum((r.advance for r in rows), ZERO)
    run.net = sum((r.net for r in rows), ZERO)
    s.flush()
    uow.emit(RunPrepared(run_id=run.id, company_id=run.company_id, month=month, gross=run.gross,
                         employees=len(rows)))
    return run_view(s, run)


def _payslip(s, run: RunRow, e: EmployeeRow, st, cfg: dict[str, str], *, hours: Decimal, absent: Decimal,
             encash: Decimal, ytd: tuple[Decimal, Decimal], owed: list, provided: Decimal | None,
             tenant: UUID) -> PayslipRow:
    """One employee's payslip of a draft run (not yet added): earnings, overtime, festival bonus, tax §86, PF,
    the advances recovered within the deduction cap (recorded), the month's gratuity provision when the
    company provides it (`provided` not None: what posted runs provided so far)."""
    month = run.month
    if st is None:
        grade_code = e.grade  # the grade's code, as typed
        raise ValidationFailed("payroll.grade_unknown", f"Grade {e.grade} of {e.code} has no salary structure",
                               f"{e.code} এর গ্রেড {grade_code} এর বেতন কাঠামো নেই", field="grade")
    g, t = ytd
    c = domain.compute_payslip(
        month, domain.EmployeeFacts(e.joining_date, e.employment_type, e.category, e.area, e.investment, e.basic),
        st, cfg, overtime_hours=hours, festival=bool(run.festival), ytd_gross=g, ytd_tax=t,
        absent_days=absent, encash_days=encash)
    p, earn = c.payslip, c.payslip.earnings
    # advances and loans (BLA 2006 s.125(2)(cha), s.129) within the deduction cap, after tax and PF
    recs = advance_rules.recover(owed, advance_rules.room(p.gross, p.deductions, p.net, Decimal(cfg["deduction_cap"])))
    advances_service.record(s, "monthly", run.id, e.id, recs)
    advance = sum((r.amount for r in recs), ZERO)
    grat = domain.gratuity_provision(
        earn["basic"], e.joining_date, _month_end(month), provided,
        days_per_year=int(cfg.get("gratuity_days", 30)), days_beyond=int(cfg.get("gratuity_days_beyond", 45)),
        beyond_years=int(cfg.get("gratuity_beyond_years", 10))) if provided is not None else ZERO
    return PayslipRow(gratuity_provision=grat, tenant_id=tenant, run_id=run.id, employee_id=e.id, tax_year=c.tax_year,
                      basic=earn["basic"], house_rent=earn.get("house_rent", ZERO),
                      medical=earn.get("medical", ZERO), conveyance=earn.get("conveyance", ZERO),
                      other=earn.get("other", ZERO), overtime_hours=hours,
                      absent_days=absent, absence=p.absence, overtime=p.overtime,
                      bonus=p.bonus, leave_days_encashed=encash,
                      leave_encashment=p.encashment, gross=p.gross, annual_tax=c.annual_tax,
                      tax=p.tax, pf_employee=p.pf_employee, pf_employer=p.pf_employer, advance=advance,
                      advance_due=sum((r.due for r in recs), ZERO), net=p.net - advance)


def draft_runs_from(s, company_id: UUID, employee_id: UUID, first_month: date) -> list[tuple[RunRow, bool]]:
    """The company's draft monthly runs from `first_month` on, oldest first, each with whether it holds the
    employee's payslip."""
    runs = list(s.scalars(select(RunRow).where(RunRow.company_id == company_id, RunRow.status == "draft",
                                               RunRow.month >= first_month).order_by(RunRow.month)))
    held = set(s.scalars(select(PayslipRow.run_id).where(PayslipRow.employee_id == employee_id,
                                                         PayslipRow.run_id.in_([r.id for r in runs] or [None]))))
    return [(r, r.id in held) for r in runs]


def restore_employee(uow: UnitOfWork, e: EmployeeRow, first_month: date) -> list[RunRow]:
    """An employee active again (their final settlement reversed) gets their payslip back in the company's draft
    monthly runs from `first_month` (the last day's month) on that lack it: computed by the rules `prepare_run`
    uses, without figures only hr hands over when it prepares the run (overtime, absent days, leave encashed:
    none), the run's totals following (its version moves, so a page showing the old figures is refused). Not
    touched: a draft waiting for its approval (the approval decides the figures submitted: prepare it again
    after the decision), a month before the joining, a daily-wage worker paid by wage runs. Returns the runs
    changed."""
    s = uow.session
    if e.daily_wage is not None or e.status != "active":
        return []
    todo = [r for r, held in draft_runs_from(s, e.company_id, e.id, first_month)
            if not held and e.joining_date <= _month_end(r.month) and not _pending(r)]
    if not todo:
        return []
    cfg, _ = settings_service.load(uow, e.company_id)
    st = s.scalar(select(StructureRow).where(StructureRow.company_id == e.company_id, StructureRow.grade == e.grade))
    provide = cfg["gratuity_provision"] == "true"
    tenant = context.require_tenant()
    for run in todo:
        year_start = date(run.month.year if run.month.month >= 7 else run.month.year - 1, 7, 1)
        owed = advances_service.dues(s, e.company_id, {e.id}, run.month, run.id).get(e.id, [])
        slip = _payslip(s, run, e, structure_of(st) if st is not None else None, cfg, hours=ZERO, absent=ZERO,
                        encash=ZERO, ytd=year_to_date(s, e.company_id, run.month, year_start).get(e.id, (ZERO, ZERO)),
                        owed=owed, provided=gratuity_provided(s, [e.id]).get(e.id, ZERO) if provide else None,
                        tenant=tenant)
        s.add(slip)
        run.gross, run.tax, run.net = run.gross + slip.gross, run.tax + slip.tax, run.net + slip.net
        run.pf_employee, run.pf_employer = run.pf_employee + slip.pf_employee, run.pf_employer + slip.pf_employer
        run.advances += slip.advance
        s.flush()
    return todo


def _pending(run: RunRow) -> bool:
    inst = approvals.latest(run.id)
    return inst is not None and inst.status == "pending"


def _encash(data: RunInput, known: set[UUID], month_end: date, on_request: bool) -> dict[UUID, Decimal]:
    """Days of annual leave to pay with the run, each checked against hr's balance at the month's end (BLA
    s.117): at most what is left, and without `leave_encash_on_request` only what is above the carry cap."""
    out: dict[UUID, Decimal] = {}
    for i, x in enumerate(data.encash):
        who, days = forms.field_path("encash", i, "employee_id"), forms.field_path("encash", i, "days")
        if x.employee_id not in known:
            raise ValidationFailed("payroll.encash_employee_unknown", "Leave encashed for an employee not in this "
                                   "run", "এই চালনায় নেই এমন কর্মীর ছুটি নগদায়ন", field=who)
        if x.employee_id in out:
            raise ValidationFailed("payroll.encash_employee_twice", "The employee's leave is encashed twice in "
                                   "this run", "এই চালনায় কর্মীর ছুটি দুবার নগদায়ন", field=who)
        left, over = leave_encashable(x.employee_id, month_end, who)
        out[x.employee_id] = domain.check_encashment(x.days, left, over, on_request, days)
    return out


def gratuity_provided(s, employee_ids) -> dict[UUID, Decimal]:
    """Gratuity provided so far per employee: the provisions of posted (or paid) monthly runs."""
    ids = list(employee_ids)
    if not ids:
        return {}
    return dict(s.execute(
        select(PayslipRow.employee_id, func.sum(PayslipRow.gratuity_provision))
        .join(RunRow, RunRow.id == PayslipRow.run_id)
        .where(PayslipRow.employee_id.in_(ids), RunRow.status.in_(("posted", "paid")))
        .group_by(PayslipRow.employee_id)).all())


def _check_encashment_still_left(s, run: RunRow, cfg: dict[str, str]) -> None:
    """At posting the balance may have moved (leave approved since): the days must still be left."""
    month_end = _month_end(run.month)
    slips = s.scalars(select(PayslipRow).where(PayslipRow.run_id == run.id, PayslipRow.leave_days_encashed > 0))
    for p in slips:
        left, over = leave_encashable(p.employee_id, month_end, "run_id")
        domain.check_encashment(p.leave_days_encashed, left, over, cfg["leave_encash_on_request"] == "true",
                                "run_id")


@command("payroll.run.approve", scope="payroll.approve_run")
def approve_run(uow: UnitOfWork, run_id: UUID, expected_version: int | None = None) -> RunView:
    run = _load(uow, run_id)
    check_version(run, expected_version, f"payroll run {run.month:%Y-%m}")
    domain.transition(run.status, "approve", run.month)  # only a draft
    approvals.check_may_approve(uow, "monthly", run)  # with an active payroll run workflow: its approval decides
    return _approved(uow, run)


def _approved(uow: UnitOfWork, run: RunRow) -> RunView:
    run.status = "approved"
    uow.session.flush()
    uow.emit(RunApproved(run_id=run.id, company_id=run.company_id, month=run.month))
    return run_view(uow.session, run)


@command("payroll.run.approve", scope="payroll.approve_run_after_workflow")
def approve_run_after_workflow(uow: UnitOfWork, run_id: UUID, version: int, instance_id: UUID) -> RunView | None:
    """Payroll's reaction to an approved approval (run as the module for the submitter): the run is approved
    if it is still the draft that was submitted (same version); else nothing (a second delivery, a run
    reversed or prepared again since)."""
    run = uow.session.get(RunRow, run_id)
    if run is None or run.status != "draft" or run.version != version:
        return None
    latest = approvals.latest(run.id)
    if latest is None or latest.id != instance_id:  # an older approval of the same run
        return None
    return _approved(uow, run)


@command("payroll.run.post", scope="payroll.post_run")
def post_run(uow: UnitOfWork, run_id: UUID, expected_version: int | None = None) -> RunView:
    """Post the run's one journal: Dr salary expense by workplace (office / site) and project, Dr PF
    expense (the employer's share); Cr salaries payable (net), Cr TDS on salary payable (tax withheld under
    ITA 2023 §86), Cr PF payable (both shares), Cr advances to employees (advances and loans recovered).
    Its totals equal the sum of the payslips to the poisha."""
    from vextrus.modules.finance import api as finance

    from .. import MODULE

    run = _load(uow, run_id)
    check_version(run, expected_version, f"payroll run {run.month:%Y-%m}")
    status = domain.transition(run.status, "post", run.month)
    cfg, _ = settings_service.load(uow, run.company_id)
    _check_encashment_still_left(uow.session, run, cfg)  # posting takes the days off hr's balance
    rows = uow.session.execute(select(PayslipRow, EmployeeRow.workplace, EmployeeRow.project_id)
                               .join(EmployeeRow, EmployeeRow.id == PayslipRow.employee_id)
                               .where(PayslipRow.run_id == run.id)).all()
    debit: dict[tuple[str, UUID | None], Decimal] = defaultdict(lambda: ZERO)
    history = postings(uow.session, {p.employee_id for p, *_ in rows})
    last_day = date(run.month.year + (run.month.month == 12), run.month.month % 12 + 1, 1) - timedelta(days=1)
    for p, workplace, current in rows:
        # to the project in effect on the month's last day, as the labour cost report (transfers)
        project_id = domain.transfer.in_effect(history.get(p.employee_id, []), last_day, current)
        acct = cfg["site_expense_account" if workplace == "site" else "office_expense_account"]
        debit[(acct, project_id)] += p.gross
        debit[(cfg["pf_expense_account"], project_id)] += p.pf_employer
        debit[(acct, project_id)] += p.gratuity_provision  # gratuity accrued (BLA s.2(10)), by project
    net = sum((p.net for p, *_ in rows), ZERO)
    tax = sum((p.tax for p, *_ in rows), ZERO)
    pf = sum((p.pf_employee + p.pf_employer for p, *_ in rows), ZERO)
    advances = sum((p.advance for p, *_ in rows), ZERO)
    gratuity = sum((p.gratuity_provision for p, *_ in rows), ZERO)
    label = f"{run.month:%B %Y}"
    lines = [finance.LineIn(account_code=a, debit=v, project_id=proj, memo=f"Salaries {label}")
             for (a, proj), v in sorted(debit.items(), key=lambda kv: (kv[0][0], str(kv[0][1]))) if v]
    lines += [finance.LineIn(account_code=a, credit=v, memo=m) for a, v, m in (
        (cfg["salaries_payable_account"], net, "Net salaries payable"),
        (cfg["tds_payable_account"], tax, "Tax withheld on salaries (ITA 2023 s.86)"),
        (cfg["pf_payable_account"], pf, "Provident fund, employee and employer"),
        (cfg["advances_account"], advances, "Advances and loans recovered (BLA 2006 s.125)"),
        (cfg["gratuity_payable_account"], gratuity, "Gratuity provision (BLA 2006 s.2(10))")) if v]
    last_day = _month_end(run.month)
    with context.calling_as(MODULE):
        entry = finance.post_entry(run.company_id, finance.EntryIn(
            journal_type="general", entry_date=last_day, lines=lines, narration=f"Payroll {label}",
            reference=f"PAYROLL-{run.month:%Y-%m}"))
    run.status, run.entry_id, run.entry_number = status, entry.id, entry.number or ""
    advances_service.post(uow.session, run.id)
    uow.session.flush()
    uow.emit(RunPosted(run_id=run.id, company_id=run.company_id, month=run.month, entry_id=entry.id,
                       gross=run.gross, tax=run.tax, net=run.net))
    return run_view(uow.session, run)


@command("payroll.run.post", scope="payroll.reverse_run")
def reverse_run(uow: UnitOfWork, run_id: UUID, reason: str, reversal_date: date | None = None,
                expected_version: int | None = None) -> RunView:
    """Reverse a posted run: finance reverses its journal (posted entries are never edited) dated
    `reversal_date` (default and earliest: the run's posting date, the month's last day), the run becomes
    `reversed` with the reason, and every advance or loan recovery it took is given back (balances and
    instalments restored, a settled advance active again). Only the company's latest run may be reversed:
    a later approved or posted month withheld tax (ITA 2023 §86) counting this month's as already deducted."""
    from vextrus.modules.finance import api as finance

    from .. import MODULE

    run = _load(uow, run_id)
    check_version(run, expected_version, f"payroll run {run.month:%Y-%m}")
    on = domain.check_reversal(run.status, _month_end(run.month), reversal_date, reason,
                               f"run of {run.month:%B %Y}", to_bangla_digits(f"{run.month:%m/%Y} এর বেতন চালনা"))
    s = uow.session
    later = s.scalar(select(RunRow.month).where(RunRow.company_id == run.company_id, RunRow.month > run.month,
                                                RunRow.status.in_(("approved", "posted", "paid")))
                     .order_by(RunRow.month.desc()).limit(1))
    if later is not None:
        raise Conflict("payroll.run_not_latest",
                       f"The run of {later:%B %Y} comes after it: reverse the latest run first (its tax withheld "
                       "under ITA 2023 s.86 counts this month's as already deducted)",
                       to_bangla_digits(f"এর পরে {later:%m/%Y} এর চালনা আছে: আগে সর্বশেষ চালনা রিভার্স করুন (আয়কর আইন "
                                        "২০২৩ ধারা ৮৬ অনুযায়ী তার কর কর্তনে এই মাসের কর্তিত কর ধরা আছে)"), field="run_id",
                       details={"later_month": later.isoformat()})
    with context.calling_as(MODULE):
        rev = finance.reverse_entry(run.company_id, run.entry_id, on)
    run.status, run.reversed_on, run.reversal_reason = "reversed", on, reason.strip()
    run.reversal_entry_id, run.reversal_entry_number = rev.id, rev.number or ""
    advances_service.give_back(s, run.id)
    s.flush()
    uow.emit(RunReversed(run_id=run.id, company_id=run.company_id, month=run.month, entry_id=run.entry_id,
                         reversal_entry_id=rev.id, reversed_on=on, reason=run.reversal_reason))
    return run_view(s, run)


@query("payroll.employee.view")
def leave_encashed(uow: UnitOfWork, employee_id: UUID) -> dict[int, Decimal]:
    """Days of annual leave an employee was paid by posted (or paid) monthly runs, by the runs' calendar year:
    hr subtracts them from the balance (a reversed run gives them back: its status is `reversed`)."""
    rows = uow.session.execute(
        select(RunRow.month, PayslipRow.leave_days_encashed).join(RunRow, RunRow.id == PayslipRow.run_id)
        .where(PayslipRow.employee_id == employee_id, PayslipRow.leave_days_encashed > 0,
               RunRow.status.in_(("posted", "paid")))).all()
    out: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for month, days in rows:
        out[month.year] += days
    return dict(out)


@query("payroll.payslip.view")
def get_run(uow: UnitOfWork, run_id: UUID) -> RunView:
    return run_view(uow.session, _load(uow, run_id))


@query("payroll.payslip.view")
def list_runs(uow: UnitOfWork, company_id: UUID, first: int = 50, after: str | None = None) -> RunPage:
    context.require_company(company_id, "company", company_id, field="company_id")
    # by id (UUIDv7, the order prepared): a month reversed and prepared again has two runs
    page = paginate(uow.session, select(RunRow).where(RunRow.company_id == company_id), RunRow.id,
                    first=first, after=after)
    return RunPage(items=[run_view(uow.session, r, with_payslips=False) for r in page.items],
                   end_cursor=page.end_cursor, has_next_page=page.has_next_page)


@query("payroll.payslip.view")
def get_payslip(uow: UnitOfWork, payslip_id: UUID) -> PayslipView:
    p = uow.session.get(PayslipRow, payslip_id)
    if p is None:
        raise domain.NotFoundInPayroll("payslip", "বেতন স্লিপ", payslip_id)
    run = _load(uow, p.run_id)
    return payslip_view(p, run, uow.session.get(EmployeeRow, p.employee_id))


@query("payroll.payslip.view")
def run_company(uow: UnitOfWork, run_id: UUID) -> UUID:
    return _load(uow, run_id).company_id


def _load(uow: UnitOfWork, run_id: UUID) -> RunRow:
    run = uow.session.get(RunRow, run_id)
    if run is None:
        raise domain.NotFoundInPayroll("payroll run", "বেতন চালনা", run_id)
    context.require_company(run.company_id, "payroll run", run_id)
    return run


def _month_end(month: date) -> date:
    nxt = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    return date.fromordinal(nxt.toordinal() - 1)
