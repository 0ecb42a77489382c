"""The year-end certificate of tax deducted from an employee's salary (ITA 2023 §86) for an income year, as a
PDF in English or Bangla: a `documents` document type (`salary_tax_certificate`, templates
`documents/templates/pdf/salary_tax_certificate.{en,bn}.html`), numbered, stored and verifiable like the payslip.
Its figures are the employee's posted and paid payslips of the year (a reversed run is left out): salary paid
by component, gross and tax deducted each month, the year's total."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from pydantic import BaseModel
from sqlalchemy import select

from vextrus.modules.documents import api as documents
from vextrus.platform import context
from vextrus.platform.errors import ValidationFailed
from vextrus.platform.money import ZERO
from vextrus.platform.uow import UnitOfWork, query

from .. import domain
from ..tables import EmployeeRow, PayslipRow, RunRow
from .reports import POSTED, tax_year_months

COMPONENTS = ("basic", "house_rent", "medical", "conveyance", "other", "overtime", "bonus", "absence")


class CertificateMonth(BaseModel):
    month: date
    gross: Decimal
    tax: Decimal


class TaxCertificateData(BaseModel):
    """What the certificate shows (a copy of the figures, so the stored document stands alone)."""

    doc_date: date  # the last posted month's last day
    tax_year: str
    company_name: str = ""
    employee_code: str
    employee_name: str
    employee_name_bn: str = ""
    etin: str = ""
    nid: str = ""
    basic: Decimal
    house_rent: Decimal
    medical: Decimal
    conveyance: Decimal
    other: Decimal
    overtime: Decimal
    bonus: Decimal
    absence: Decimal  # pay withheld for absent days (lowers gross)
    gross: Decimal
    pf_employee: Decimal
    pf_employer: Decimal
    months: list[CertificateMonth]
    tax: Decimal
    currency: str = "BDT"


def _sample() -> TaxCertificateData:
    z = Decimal("0.00")
    months = [
        CertificateMonth(month=m, gross=Decimal("31500.00"), tax=Decimal("625.00"))
        for m in tax_year_months("2025-26")
    ]
    return TaxCertificateData(
        doc_date=date(2026, 6, 30),
        tax_year="2025-26",
        company_name="Padma Builders Ltd.",
        employee_code="E001",
        employee_name="Md. Karim",
        employee_name_bn="মোঃ করিম",
        etin="123456789012",
        basic=Decimal("240000.00"),
        house_rent=Decimal("120000.00"),
        medical=Decimal("18000.00"),
        conveyance=z,
        other=z,
        overtime=z,
        bonus=z,
        absence=z,
        gross=Decimal("378000.00"),
        pf_employee=Decimal("24000.00"),
        pf_employer=Decimal("24000.00"),
        months=months,
        tax=Decimal("7500.00"),
    )


def _totals(data: TaxCertificateData) -> dict[str, Any]:
    return {"total": data.tax}


CERTIFICATE = documents.register_type(
    documents.DocumentType(
        "salary_tax_certificate",
        "Certificate of tax deducted from salary",
        "বেতন থেকে কর্তিত করের সনদ",
        TaxCertificateData,
        "TC",
        _sample,
        _totals,
        source_type="payroll.employee",
    )
)


@query("payroll.payslip.view")
def certificate_years(uow: UnitOfWork, employee_id: UUID) -> list[str]:
    """The income years (July–June, newest first) in which the employee has a posted payslip: the years a
    certificate can be made for, so a page offers no link that would answer 404."""
    e = uow.session.get(EmployeeRow, employee_id)
    if e is None:
        raise domain.NotFoundInPayroll("employee", "কর্মী", employee_id)
    context.require_company(e.company_id, "employee", employee_id)
    months = uow.session.scalars(
        select(RunRow.month).join(PayslipRow, PayslipRow.run_id == RunRow.id)
        .where(PayslipRow.employee_id == e.id, RunRow.status.in_(POSTED)).distinct()
    )
    starts = {m.year if m.month >= 7 else m.year - 1 for m in months}
    return [f"{y}-{(y + 1) % 100:02d}" for y in sorted(starts, reverse=True)]


@query("payroll.payslip.view")
def certificate_data(uow: UnitOfWork, employee_id: UUID, tax_year: str) -> tuple[UUID, TaxCertificateData]:
    """(company, the certificate's figures) of an employee's income year; no posted payslip in it: 404."""
    from vextrus.modules.organization import api as organization

    months = tax_year_months(tax_year)
    s = uow.session
    e = s.get(EmployeeRow, employee_id)
    if e is None:
        raise domain.NotFoundInPayroll("employee", "কর্মী", employee_id)
    context.require_company(e.company_id, "employee", employee_id)
    rows = s.execute(
        select(PayslipRow, RunRow.month)
        .join(RunRow, RunRow.id == PayslipRow.run_id)
        .where(
            PayslipRow.employee_id == e.id,
            RunRow.status.in_(POSTED),
            RunRow.month >= months[0],
            RunRow.month <= months[-1],
        )
        .order_by(RunRow.month)
    ).all()
    if not rows:
        raise domain.NotFoundInPayroll(
            "posted payslip of the income year", "আয়বর্ষের পোস্ট করা বেতন স্লিপ", tax_year.strip()
        )
    sums = {
        k: sum((getattr(p, k) for p, _ in rows), ZERO)
        for k in (*COMPONENTS, "gross", "pf_employee", "pf_employer", "tax")
    }
    by_month: dict[date, list[Decimal]] = {}
    for p, m in rows:
        cell = by_month.setdefault(m, [ZERO, ZERO])
        cell[0] += p.gross
        cell[1] += p.tax
    last = max(by_month)
    nxt = date(last.year + (last.month == 12), last.month % 12 + 1, 1)
    company = organization.get_company(e.company_id)
    return e.company_id, TaxCertificateData(
        doc_date=date.fromordinal(nxt.toordinal() - 1),
        tax_year=tax_year.strip(),
        company_name=company.name if company else "",
        employee_code=e.code,
        employee_name=e.name,
        employee_name_bn=e.name_bn,
        etin=e.etin,
        nid=e.nid,
        months=[CertificateMonth(month=m, gross=g, tax=t) for m, (g, t) in sorted(by_month.items())],
        **sums,
    )


def tax_certificate_pdf(employee_id: UUID, tax_year: str, lang: str = "en") -> tuple[str, bytes]:
    """(file name, PDF) of the employee's certificate for the income year (`payroll.payslip.view`); the same
    figures again return the stored document (the idempotency key names the employee, year, language, figures)."""
    from .. import MODULE

    if lang not in ("en", "bn"):
        raise ValidationFailed("payroll.lang_invalid", "Language is en or bn", "ভাষা en বা bn", field="lang")
    company_id, data = certificate_data(employee_id, tax_year)
    name = f"Tax-certificate-{data.tax_year}-{data.employee_code}-{lang}.pdf"
    with context.calling_as(MODULE):  # one certificate per employee and tax year: the key names both
        printed = documents.print_document(CERTIFICATE.code, lang, data, company_id=company_id, source_id=employee_id,
                                           key=f"{employee_id}:{data.tax_year}", filename=name)
    return name, printed.content
