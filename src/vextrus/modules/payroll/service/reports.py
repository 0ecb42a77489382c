"""Payroll reports (issue 18), read from posted and paid runs only (a reversed run is left out, its month's
run prepared again counts): the salary register of a month (its totals are the run's journal to the poisha),
tax deducted at source from salary (ITA 2023 §86) by month of an income year with the e-TIN, the provident
fund ledger (both shares by month, running balance) and headcount and labour cost per project for a month
(monthly staff by their project, wage-run workers by the muster roll's site). Each report is also a table
(`table`): the same columns for the page, CSV and XLSX, headed in English or Bangla."""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID

from sqlalchemy import func, select

from vextrus.platform import context
from vextrus.platform.errors import ValidationFailed
from vextrus.platform.i18n import format_date
from vextrus.platform.money import ZERO
from vextrus.platform.uow import UnitOfWork, query

from .. import domain
from ..repository import postings
from ..schemas import (
    LabourCostLine,
    LabourCostView,
    PfLedgerLine,
    PfLedgerView,
    PfMonthView,
    RunDifferenceLine,
    RunDifferencesView,
    SalaryRegisterLine,
    SalaryRegisterView,
    TaxDeductedLine,
    TaxDeductedView,
    TaxMonthView,
)
from ..tables import EmployeeRow, PayslipRow, RunRow, WageDayRow, WageRunRow

POSTED = ("posted", "paid")  # what a report counts: a reversed run's journal was taken back
REPORTS = ("salary-register", "tax-deducted", "pf-ledger", "labour-cost")
TITLES = {
    "salary-register": ("Salary register", "বেতন রেজিস্টার"),
    "tax-deducted": (
        "Tax deducted from salaries (ITA 2023 s.86)",
        "বেতন থেকে উৎসে কর্তিত কর (আয়কর আইন ২০২৩ ধারা ৮৬)",
    ),
    "pf-ledger": ("Provident fund ledger", "ভবিষ্য তহবিল খতিয়ান"),
    "labour-cost": ("Headcount and labour cost by project", "প্রকল্পভিত্তিক জনবল ও শ্রম ব্যয়"),
}
REGISTER_FIGURES = (
    "basic",
    "house_rent",
    "medical",
    "conveyance",
    "other",
    "overtime",
    "bonus",
    "absence",
    "gross",
    "pf_employee",
    "tax",
    "advance",
    "other_deductions",
    "net",
    "pf_employer",
)
_MONTH = re.compile(r"^(\d{4})-(\d{2})(-\d{2})?$")
_YEAR = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(value: str | date | None) -> date:
    """`2025-12` or a day of it → the month's first day; anything else is refused (field `month`)."""
    if isinstance(value, date):
        return value.replace(day=1)
    m = _MONTH.match((value or "").strip())
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise ValidationFailed(
            "payroll.month_invalid",
            "Give the month as YYYY-MM, e.g. 2025-12",
            "মাস দিন বছর-মাস আকারে, যেমন ২০২৫-১২",
            field="month",
        )
    return date(int(m.group(1)), int(m.group(2)), 1)


def tax_year_months(tax_year: str) -> list[date]:
    """The twelve months (July–June) of an income year labelled `2025-26`; anything else is refused."""
    m = _YEAR.match((tax_year or "").strip())
    if not m or (int(m.group(1)) + 1) % 100 != int(m.group(2)):
        raise ValidationFailed(
            "payroll.tax_year_invalid",
            "Give the income year as YYYY-YY, e.g. 2025-26",
            "আয়বর্ষ দিন বছর-বছর আকারে, যেমন ২০২৫-২৬",
            field="tax_year",
        )
    start = int(m.group(1))
    return [date(start + (k >= 6), (6 + k) % 12 + 1, 1) for k in range(12)]


@query("payroll.payslip.view")
def latest_posted_month(uow: UnitOfWork, company_id: UUID) -> date | None:
    """The month of the company's latest posted (or paid) monthly run, if any: the reports' default."""
    _company(company_id)
    return uow.session.scalar(
        select(func.max(RunRow.month)).where(RunRow.company_id == company_id, RunRow.status.in_(POSTED))
    )


def _company(company_id: UUID) -> None:
    context.require_company(company_id, "company", company_id, field="company_id")


@query("payroll.payslip.view")
def salary_register(uow: UnitOfWork, company_id: UUID, month: date) -> SalaryRegisterView:
    """The month's posted run, a line per employee (by code) and the totals: gross + employer's PF is what the
    journal debits; net, tax, both PF shares and advances what it credits."""
    _company(company_id)
    month = parse_month(month)
    s = uow.session
    run = s.scalar(
        select(RunRow).where(
            RunRow.company_id == company_id, RunRow.month == month, RunRow.status.in_(POSTED)
        )
    )
    if run is None:
        raise domain.NotFoundInPayroll("posted payroll run", "পোস্ট করা বেতন চালনা", f"{month:%Y-%m}")
    rows = s.execute(
        select(PayslipRow, EmployeeRow)
        .join(EmployeeRow, EmployeeRow.id == PayslipRow.employee_id)
        .where(PayslipRow.run_id == run.id)
        .order_by(EmployeeRow.code)
    ).all()
    lines = []
    for p, e in rows:
        figures = {k: getattr(p, k) for k in REGISTER_FIGURES if k != "other_deductions"}
        figures["other_deductions"] = p.gross - p.pf_employee - p.tax - p.advance - p.net
        lines.append(
            SalaryRegisterLine(
                employee_id=e.id,
                employee_code=e.code,
                employee_name=e.name,
                employee_name_bn=e.name_bn,
                grade=e.grade,
                **figures,
            )
        )
    total = SalaryRegisterLine(**{k: sum((getattr(ln, k) for ln in lines), ZERO) for k in REGISTER_FIGURES})
    return SalaryRegisterView(
        company_id=company_id,
        month=month,
        run_id=run.id,
        status=run.status,
        entry_id=run.entry_id,
        entry_number=run.entry_number,
        lines=lines,
        total=total,
    )


def _posted_slips(company_id: UUID, first: date, last: date):  # noqa: ANN202 - a select of slips with month
    return (
        select(PayslipRow, RunRow.month)
        .join(RunRow, RunRow.id == PayslipRow.run_id)
        .where(
            RunRow.company_id == company_id,
            RunRow.status.in_(POSTED),
            RunRow.month >= first,
            RunRow.month <= last,
        )
    )


@query("payroll.payslip.view")
def tax_deducted(uow: UnitOfWork, company_id: UUID, tax_year: str) -> TaxDeductedView:
    """Per employee with a posted payslip in the income year: gross and tax withheld each month July–June,
    the e-TIN, and the year's totals; the company's totals by month."""
    _company(company_id)
    months = tax_year_months(tax_year)
    s = uow.session
    by: dict[UUID, dict[date, list[Decimal]]] = defaultdict(lambda: defaultdict(lambda: [ZERO, ZERO]))
    for p, month in s.execute(_posted_slips(company_id, months[0], months[-1])).all():
        cell = by[p.employee_id][month]
        cell[0] += p.gross
        cell[1] += p.tax
    people = (
        {e.id: e for e in s.scalars(select(EmployeeRow).where(EmployeeRow.id.in_(list(by))))} if by else {}
    )
    lines = []
    for eid in sorted(by, key=lambda i: people[i].code):
        e, cells = people[eid], by[eid]
        ms = [
            TaxMonthView(
                month=m, gross=cells[m][0] if m in cells else ZERO, tax=cells[m][1] if m in cells else ZERO
            )
            for m in months
        ]
        lines.append(
            TaxDeductedLine(
                employee_id=eid,
                employee_code=e.code,
                employee_name=e.name,
                employee_name_bn=e.name_bn,
                etin=e.etin,
                months=ms,
                gross=sum((x.gross for x in ms), ZERO),
                tax=sum((x.tax for x in ms), ZERO),
            )
        )
    totals = [
        TaxMonthView(
            month=m,
            gross=sum((ln.months[i].gross for ln in lines), ZERO),
            tax=sum((ln.months[i].tax for ln in lines), ZERO),
        )
        for i, m in enumerate(months)
    ]
    return TaxDeductedView(
        company_id=company_id,
        tax_year=tax_year.strip(),
        lines=lines,
        months=totals,
        gross=sum((x.gross for x in totals), ZERO),
        tax=sum((x.tax for x in totals), ZERO),
    )


@query("payroll.payslip.view")
def pf_ledger(uow: UnitOfWork, company_id: UUID, tax_year: str) -> PfLedgerView:
    """Per employee with provident fund: the opening balance (both shares of posted runs before the income
    year), each month's employee and employer contributions and the running balance, the closing balance."""
    _company(company_id)
    months = tax_year_months(tax_year)
    s = uow.session
    opening = {
        eid: Decimal(a or 0) + Decimal(b or 0)
        for eid, a, b in s.execute(  # each sum keeps its Amount type
            select(PayslipRow.employee_id, func.sum(PayslipRow.pf_employee), func.sum(PayslipRow.pf_employer))
            .join(RunRow, RunRow.id == PayslipRow.run_id)
            .where(RunRow.company_id == company_id, RunRow.status.in_(POSTED), RunRow.month < months[0])
            .group_by(PayslipRow.employee_id)
        ).all()
    }
    by: dict[UUID, dict[date, list[Decimal]]] = defaultdict(lambda: defaultdict(lambda: [ZERO, ZERO]))
    for p, month in s.execute(_posted_slips(company_id, months[0], months[-1])).all():
        if p.pf_employee or p.pf_employer:
            cell = by[p.employee_id][month]
            cell[0] += p.pf_employee
            cell[1] += p.pf_employer
    ids = set(by) | {k for k, v in opening.items() if v}
    people = (
        {e.id: e for e in s.scalars(select(EmployeeRow).where(EmployeeRow.id.in_(list(ids))))} if ids else {}
    )
    lines = []
    for eid in sorted(ids, key=lambda i: people[i].code):
        e = people[eid]
        balance = start = Decimal(opening.get(eid) or 0)
        ms = []
        for m in sorted(by[eid]):
            emp, er = by[eid][m]
            balance += emp + er
            ms.append(PfMonthView(month=m, employee=emp, employer=er, balance=balance))
        lines.append(
            PfLedgerLine(
                employee_id=eid,
                employee_code=e.code,
                employee_name=e.name,
                employee_name_bn=e.name_bn,
                opening=start,
                months=ms,
                employee=sum((x.employee for x in ms), ZERO),
                employer=sum((x.employer for x in ms), ZERO),
                closing=balance,
            )
        )
    return PfLedgerView(
        company_id=company_id,
        tax_year=tax_year.strip(),
        lines=lines,
        opening=sum((ln.opening for ln in lines), ZERO),
        employee=sum((ln.employee for ln in lines), ZERO),
        employer=sum((ln.employer for ln in lines), ZERO),
        closing=sum((ln.closing for ln in lines), ZERO),
    )


@query("payroll.payslip.view")
def labour_cost(uow: UnitOfWork, company_id: UUID, month: date) -> LabourCostView:
    """A month's labour by project: the posted monthly run's staff by the employee's project (none: office),
    their gross and employer's PF; the posted wage runs ending in the month, each worker-day by the muster
    roll's site (the run's costing, which its journal debits to the project) and the workers who had a day
    there. Cost = salaries + employer's PF + wages."""
    _company(company_id)
    month = parse_month(month)
    end = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    s = uow.session
    agg: dict[UUID | None, dict] = defaultdict(
        lambda: {"staff": 0, "workers": 0, "salaries": ZERO, "pf_employer": ZERO, "wages": ZERO}
    )
    slips = s.execute(
        select(PayslipRow, EmployeeRow.project_id)
        .join(EmployeeRow, EmployeeRow.id == PayslipRow.employee_id)
        .join(RunRow, RunRow.id == PayslipRow.run_id)
        .where(RunRow.company_id == company_id, RunRow.month == month, RunRow.status.in_(POSTED))
    ).all()
    history = postings(s, {p.employee_id for p, _ in slips})
    last_day = end - timedelta(days=1)
    for p, current in slips:
        # the project in effect on the month's last day (docs/payroll.md, "Transfers between sites")
        a = agg[domain.transfer.in_effect(history.get(p.employee_id, []), last_day, current)]
        a["staff"] += 1
        a["salaries"] += p.gross
        a["pf_employer"] += p.pf_employer
    runs = list(
        s.scalars(
            select(WageRunRow).where(
                WageRunRow.company_id == company_id,
                WageRunRow.status.in_(POSTED),
                WageRunRow.period_end >= month,
                WageRunRow.period_end < end,
            )
        )
    )
    for r in runs:
        for pid, amount in (r.costing or {}).items():
            agg[UUID(pid)]["wages"] += Decimal(amount)
    if runs:
        for pid, n in s.execute(
            select(WageDayRow.project_id, func.count(func.distinct(WageDayRow.employee_id)))
            .where(WageDayRow.run_id.in_([r.id for r in runs]))
            .group_by(WageDayRow.project_id)
        ).all():
            agg[pid]["workers"] += n
    names = _projects([k for k in agg if k is not None])
    lines = []
    for pid, a in agg.items():
        ref = names.get(pid)
        lines.append(
            LabourCostLine(
                project_id=pid,
                project_code=ref.code if ref else "",
                project_name=ref.name if ref else "",
                project_name_bn=(ref.name_bn or "") if ref else "",
                cost=a["salaries"] + a["pf_employer"] + a["wages"],
                **a,
            )
        )
    lines.sort(key=lambda ln: (ln.project_id is None, ln.project_code, str(ln.project_id)))
    keys = ("staff", "workers", "salaries", "pf_employer", "wages", "cost")
    total = LabourCostLine(
        **{k: sum((getattr(ln, k) for ln in lines), 0 if k in ("staff", "workers") else ZERO) for k in keys}
    )
    return LabourCostView(company_id=company_id, month=month, lines=lines, total=total)


def _projects(ids: list[UUID]) -> dict:
    """Project code and names (projects' api, as payroll on the user's behalf); none when projects is off."""
    if not ids:
        return {}
    try:
        from vextrus.modules.projects import api as projects
    except ImportError:  # pragma: no cover - projects is optional
        return {}
    from .. import MODULE

    with context.calling_as(MODULE):
        return {p.id: p for p in projects.list_projects(active_only=False) if p.id in set(ids)}


@query("payroll.payslip.view")
def run_differences(uow: UnitOfWork, run_id: UUID) -> RunDifferencesView:
    """The run (any status) against the last posted month before it: per employee net now and then, who is new
    and who left; the changed, new and left employees first."""
    s = uow.session
    run = s.get(RunRow, run_id)
    if run is None:
        raise domain.NotFoundInPayroll("payroll run", "বেতন চালনা", run_id)
    context.require_company(run.company_id, "payroll run", run_id)
    last = s.scalar(
        select(RunRow)
        .where(RunRow.company_id == run.company_id, RunRow.month < run.month, RunRow.status.in_(POSTED))
        .order_by(RunRow.month.desc())
        .limit(1)
    )

    def nets(r: RunRow | None) -> dict[UUID, tuple[Decimal, EmployeeRow]]:
        if r is None:
            return {}
        q = (
            select(PayslipRow.net, EmployeeRow)
            .join(EmployeeRow, EmployeeRow.id == PayslipRow.employee_id)
            .where(PayslipRow.run_id == r.id)
        )
        return {e.id: (net, e) for net, e in s.execute(q).all()}

    now, then = nets(run), nets(last)
    lines = []
    for eid in set(now) | set(then):
        net, e = now.get(eid, (ZERO, None))
        before, e0 = then.get(eid, (ZERO, None))
        e = e or e0
        kind = "same" if eid in now and eid in then else ("new" if eid in now else "left")
        lines.append(
            RunDifferenceLine(
                employee_id=eid,
                employee_code=e.code,
                employee_name=e.name,
                employee_name_bn=e.name_bn,
                kind=kind if last is not None else "same",
                net=net,
                last_net=before,
                change=net - before,
            )
        )
    lines.sort(key=lambda ln: (ln.kind == "same" and ln.change == 0, ln.employee_code))
    return RunDifferencesView(
        run_id=run.id,
        month=run.month,
        last_run_id=last.id if last else None,
        last_month=last.month if last else None,
        lines=lines,
        net=sum((ln.net for ln in lines), ZERO),
        last_net=sum((ln.last_net for ln in lines), ZERO),
        change=sum((ln.change for ln in lines), ZERO),
        new=sum(ln.kind == "new" for ln in lines),
        left=sum(ln.kind == "left" for ln in lines),
    )


# --- the same reports as tables: page, CSV and XLSX ---------------------------------------------------------

REGISTER_COLUMNS = (
    ("employee_code", "Code", "কোড", "text"),
    ("name", "Name", "নাম", "text"),
    ("basic", "Basic", "মূল বেতন", "money"),
    ("house_rent", "House rent", "বাড়ি ভাড়া", "money"),
    ("medical", "Medical", "চিকিৎসা ভাতা", "money"),
    ("conveyance", "Conveyance", "যাতায়াত ভাতা", "money"),
    ("other", "Other allowances", "অন্যান্য ভাতা", "money"),
    ("overtime", "Overtime", "অধিকাল", "money"),
    ("bonus", "Festival bonus", "উৎসব ভাতা", "money"),
    ("absence", "Less: absence", "বাদ: অনুপস্থিতি", "money"),
    ("gross", "Gross", "মোট বেতন", "money"),
    ("pf_employee", "PF (employee)", "ভবিষ্য তহবিল (কর্মী)", "money"),
    ("tax", "Tax (s.86)", "উৎসে কর (ধারা ৮৬)", "money"),
    ("advance", "Advances and loans", "অগ্রিম ও ঋণ আদায়", "money"),
    ("other_deductions", "Other deductions", "অন্যান্য কর্তন", "money"),
    ("net", "Net pay", "নিট বেতন", "money"),
    ("pf_employer", "PF (employer)", "ভবিষ্য তহবিল (নিয়োগকর্তা)", "money"),
)
TOTAL = ("Total", "মোট")


def _name(x, bn: bool) -> str:  # noqa: ANN001 - any line with employee_name(_bn)
    return x.employee_name_bn if bn and x.employee_name_bn else x.employee_name


def _month_label(m: date, bn: bool) -> str:
    return format_date(m, "bn" if bn else "en", "MMM y")


def load(report: str, company_id: UUID, month: str | None = None, tax_year: str | None = None):  # noqa: ANN201
    """The report's view by its name (`REPORTS`), from the month or the income year it takes."""
    if report not in REPORTS:
        raise domain.NotFoundInPayroll("report", "প্রতিবেদন", report)
    if report in ("salary-register", "labour-cost"):
        fn = salary_register if report == "salary-register" else labour_cost
        return fn(company_id, parse_month(month))
    return (tax_deducted if report == "tax-deducted" else pf_ledger)(company_id, tax_year or "")


def table(report: str, view, lang: str = "en") -> tuple[list[tuple[str, str, str]], list[dict]]:  # noqa: ANN001
    """(columns (key, heading, kind), rows) of a report's view in `lang`; the last row is the totals
    (`_total`). Amounts stay Decimal (the page formats them, CSV writes them plain, XLSX as numbers)."""
    bn = lang == "bn"

    def heads(cols) -> list[tuple[str, str, str]]:  # noqa: ANN001
        return [(k, b if bn else e, kind) for k, e, b, kind in cols]

    total_name = TOTAL[1] if bn else TOTAL[0]
    if report == "salary-register":
        rows = [{**ln.model_dump(), "name": _name(ln, bn)} for ln in view.lines]
        rows.append({**view.total.model_dump(), "name": total_name, "_total": True})
        return heads(REGISTER_COLUMNS), rows
    if report == "tax-deducted":
        cols = [
            ("employee_code", "Code", "কোড", "text"),
            ("name", "Name", "নাম", "text"),
            ("etin", "e-TIN", "ই-টিআইএন", "text"),
        ]
        cols += [
            (f"m{i:02d}", _month_label(m.month, False), _month_label(m.month, True), "money")
            for i, m in enumerate(view.months)
        ]
        cols += [
            ("gross", "Salary paid", "পরিশোধিত বেতন", "money"),
            ("tax", "Tax deducted", "কর্তিত কর", "money"),
        ]
        rows = [
            {
                "employee_id": ln.employee_id,
                "employee_code": ln.employee_code,
                "name": _name(ln, bn),
                "etin": ln.etin,
                "gross": ln.gross,
                "tax": ln.tax,
                **{f"m{i:02d}": x.tax for i, x in enumerate(ln.months)},
            }
            for ln in view.lines
        ]
        rows.append(
            {
                "name": total_name,
                "gross": view.gross,
                "tax": view.tax,
                "_total": True,
                **{f"m{i:02d}": x.tax for i, x in enumerate(view.months)},
            }
        )
        return heads(cols), rows
    if report == "pf-ledger":
        cols = (
            ("employee_code", "Code", "কোড", "text"),
            ("name", "Name", "নাম", "text"),
            ("month", "Month", "মাস", "text"),
            ("employee", "Employee's share", "কর্মীর অংশ", "money"),
            ("employer", "Employer's share", "নিয়োগকর্তার অংশ", "money"),
            ("balance", "Balance", "স্থিতি", "money"),
        )
        rows = []
        for ln in view.lines:
            rows.append(
                {
                    "employee_code": ln.employee_code,
                    "name": _name(ln, bn),
                    "month": "প্রারম্ভিক স্থিতি" if bn else "Opening balance",
                    "balance": ln.opening,
                }
            )
            rows += [
                {
                    "employee_code": ln.employee_code,
                    "name": _name(ln, bn),
                    "month": _month_label(m.month, bn),
                    "employee": m.employee,
                    "employer": m.employer,
                    "balance": m.balance,
                }
                for m in ln.months
            ]
        rows.append(
            {
                "name": total_name,
                "employee": view.employee,
                "employer": view.employer,
                "balance": view.closing,
                "_total": True,
            }
        )
        return heads(cols), rows
    cols = (
        ("project_code", "Project", "প্রকল্প", "text"),
        ("project_name", "Name", "নাম", "text"),
        ("staff", "Monthly staff", "মাসিক কর্মী", "int"),
        ("workers", "Daily workers", "দৈনিক শ্রমিক", "int"),
        ("salaries", "Salaries", "বেতন", "money"),
        ("pf_employer", "PF (employer)", "ভবিষ্য তহবিল (নিয়োগকর্তা)", "money"),
        ("wages", "Wages", "মজুরি", "money"),
        ("cost", "Labour cost", "শ্রম ব্যয়", "money"),
    )
    rows = [
        {
            **ln.model_dump(),
            "project_name": (ln.project_name_bn if bn and ln.project_name_bn else ln.project_name)
            or ("" if ln.project_id else ("অফিস (প্রকল্প নেই)" if bn else "Office (no project)")),
        }
        for ln in view.lines
    ]
    rows.append({**view.total.model_dump(), "project_name": total_name, "_total": True})
    return heads(cols), rows


def report_file(
    report: str,
    company_id: UUID,
    fmt: str,
    lang: str = "en",
    month: str | None = None,
    tax_year: str | None = None,
) -> tuple[str, str, bytes]:
    """(file name, media type, content) of a report as CSV (plain decimals, UTF-8 with a BOM in Bangla) or
    XLSX (documents' xlsx_table), headed in `lang`."""
    from vextrus.modules.organization import api as organization

    if fmt not in ("csv", "xlsx"):
        raise ValidationFailed(
            "payroll.report_format_unknown", "The file is csv or xlsx", "ফাইল csv বা xlsx হয়", field="format"
        )
    view = load(report, company_id, month, tax_year)
    bn = lang == "bn"
    cols, rows = table(report, view, lang)
    company = organization.get_company(company_id)
    period = (
        f"{view.month:%Y-%m}" if hasattr(view, "month") and isinstance(view.month, date) else view.tax_year
    )
    base = f"{company.code if company else 'company'}_{report}_{period}"
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow([h for _, h, _ in cols])
        for r in rows:
            w.writerow(
                [format(r[k], "f") if isinstance(r.get(k), Decimal) else r.get(k, "") for k, _, _ in cols]
            )
        return f"{base}.csv", "text/csv; charset=utf-8", buf.getvalue().encode("utf-8-sig" if bn else "utf-8")
    from vextrus.modules.documents import api as documents

    title = f"{company.name if company else ''} · {TITLES[report][1 if bn else 0]} · {period}"
    content = documents.xlsx_table(
        [documents.Column(k, h, h, kind=kind) for k, h, kind in cols],
        [{k: v for k, v in r.items() if k != "_total"} for r in rows],
        sheet=report,
        locale="bn" if bn else "en",
        title=title,
    )
    return f"{base}.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", content
