"""ORM <-> views of payroll (reads in bulk live here too)."""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from . import domain
from .schemas import (
    ComponentInput,
    EmployeeView,
    PayslipView,
    RunView,
    StructureView,
    TransferView,
    WageRunView,
    WageSlipView,
    WageWarning,
)
from .tables import EmployeeRow, PayslipRow, RunRow, StructureRow, TransferRow, WageRunRow, WageSlipRow


def employee_view(r: EmployeeRow) -> EmployeeView:
    return EmployeeView(
        id=r.id, company_id=r.company_id, code=r.code, name=r.name, name_bn=r.name_bn, nid=r.nid, etin=r.etin,
        grade=r.grade, site_id=r.site_id, project_id=r.project_id, workplace=r.workplace,
        employment_type=r.employment_type, payment_method=r.payment_method, account_no=r.account_no,
        joining_date=r.joining_date, category=r.category, area=r.area, basic=r.basic, investment=r.investment,
        status=r.status, version=r.version, daily_wage=r.daily_wage, bank_name=r.bank_name,
        bank_branch=r.bank_branch, routing_no=r.routing_no, mfs_provider=r.mfs_provider,
        manager_id=r.manager_id, user_id=r.user_id, separated_on=r.separated_on,
        separation_kind=r.separation_kind or "")


def structure_of(r: StructureRow) -> domain.SalaryStructure:
    return domain.structure(r.grade, r.basic, r.components)


def structure_view(r: StructureRow) -> StructureView:
    s = structure_of(r)
    return StructureView(id=r.id, company_id=r.company_id, grade=r.grade, basic=r.basic,
                         components=[ComponentInput(**c) for c in r.components],
                         gross=sum(s.earnings().values(), Decimal(0)), version=r.version)


def payslip_view(p: PayslipRow, run: RunRow, e: EmployeeRow) -> PayslipView:
    return PayslipView(
        id=p.id, run_id=run.id, month=run.month, status=run.status, employee_id=e.id, employee_code=e.code,
        employee_name=e.name, employee_name_bn=e.name_bn, grade=e.grade, tax_year=p.tax_year, basic=p.basic,
        house_rent=p.house_rent, medical=p.medical, conveyance=p.conveyance, other=p.other,
        overtime_hours=p.overtime_hours, absent_days=p.absent_days, absence=p.absence, overtime=p.overtime, bonus=p.bonus, gross=p.gross,
        leave_days_encashed=p.leave_days_encashed, leave_encashment=p.leave_encashment,
        gratuity_provision=p.gratuity_provision,
        annual_tax=p.annual_tax, tax=p.tax, pf_employee=p.pf_employee, pf_employer=p.pf_employer,
        advance=p.advance, advance_due=p.advance_due, deductions=p.tax + p.pf_employee + p.advance, net=p.net)


def run_view(s: Session, run: RunRow, with_payslips: bool = True) -> RunView:
    slips = []
    count = 0
    if with_payslips:
        rows = s.execute(select(PayslipRow, EmployeeRow).join(EmployeeRow, EmployeeRow.id == PayslipRow.employee_id)
                         .where(PayslipRow.run_id == run.id).order_by(EmployeeRow.code)).all()
        slips = [payslip_view(p, run, e) for p, e in rows]
        count = len(slips)
    else:
        count = s.scalar(select(func.count()).select_from(PayslipRow).where(PayslipRow.run_id == run.id)) or 0
    return RunView(id=run.id, company_id=run.company_id, month=run.month, status=run.status, festival=run.festival,
                   gross=run.gross, tax=run.tax, pf_employee=run.pf_employee, pf_employer=run.pf_employer,
                   advances=run.advances, net=run.net, employees=count, entry_id=run.entry_id, entry_number=run.entry_number,
                   version=run.version, revision=run.revision, **_reversal(run), payslips=slips)


def _reversal(run: RunRow | WageRunRow) -> dict:
    return {"reversed_on": run.reversed_on, "reversal_reason": run.reversal_reason,
            "reversal_entry_id": run.reversal_entry_id, "reversal_entry_number": run.reversal_entry_number,
            "paid_on": run.paid_on, "payment_entry_id": run.payment_entry_id,
            "payment_entry_number": run.payment_entry_number, "payment_account": run.payment_account}


def year_to_date(s: Session, company_id: UUID, month_start, year_start) -> dict[UUID, tuple[Decimal, Decimal]]:
    """Per employee: (gross, tax) of the company's posted runs from the income year's start to before
    `month_start` (one query)."""
    q = (select(PayslipRow.employee_id, func.sum(PayslipRow.gross), func.sum(PayslipRow.tax))
         .join(RunRow, RunRow.id == PayslipRow.run_id)
         .where(RunRow.company_id == company_id, RunRow.status.in_(("posted", "paid")), RunRow.month >= year_start,
                RunRow.month < month_start)
         .group_by(PayslipRow.employee_id))
    return {eid: (Decimal(g or 0), Decimal(t or 0)) for eid, g, t in s.execute(q).all()}


def wage_run_view(s: Session, run: WageRunRow, with_slips: bool = True) -> WageRunView:
    slips = []
    if with_slips:
        rows = s.execute(select(WageSlipRow, EmployeeRow).join(EmployeeRow, EmployeeRow.id == WageSlipRow.employee_id)
                         .where(WageSlipRow.run_id == run.id).order_by(EmployeeRow.code)).all()
        slips = [WageSlipView(
            id=w.id, employee_id=e.id, employee_code=e.code, employee_name=e.name, employee_name_bn=e.name_bn,
            payment_method=e.payment_method, daily_wage=w.daily_wage, present_days=w.present_days,
            half_days=w.half_days, absent_days=w.absent_days, leave_days=w.leave_days, holidays=w.holidays,
            days_paid=w.days_paid, overtime_hours=w.overtime_hours, wages=w.wages, overtime=w.overtime,
            gross=w.gross, deductions=w.deductions, advance_due=w.advance_due, net=w.net) for w, e in rows]
        count = len(slips)
    else:
        count = s.scalar(select(func.count()).select_from(WageSlipRow).where(WageSlipRow.run_id == run.id)) or 0
    return WageRunView(id=run.id, company_id=run.company_id, project_id=run.project_id, period_start=run.period_start,
                       period_end=run.period_end, status=run.status, gross=run.gross, deductions=run.deductions,
                       net=run.net, workers=count, entry_id=run.entry_id, entry_number=run.entry_number,
                       version=run.version, **_reversal(run), warnings=[WageWarning(**w) for w in run.warnings or []], slips=slips)


def transfer_view(r: TransferRow) -> TransferView:
    return TransferView(id=r.id, employee_id=r.employee_id, project_id=r.project_id,
                        from_project_id=r.from_project_id, effective_on=r.effective_on, reason=r.reason)


def postings(s: Session, employee_ids) -> dict[UUID, list[domain.transfer.Posting]]:
    """Each employee's history of postings (domain.transfer.Posting), oldest first."""
    out: dict[UUID, list] = {}
    ids = list(employee_ids)
    if not ids:
        return out
    for eid, day, pid in s.execute(select(TransferRow.employee_id, TransferRow.effective_on, TransferRow.project_id)
                                   .where(TransferRow.employee_id.in_(ids)).order_by(TransferRow.effective_on)):
        out.setdefault(eid, []).append(domain.transfer.Posting(day, pid))
    return out
