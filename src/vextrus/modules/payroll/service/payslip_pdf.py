"""Payslip PDFs in English and Bangla: a `documents` document type (`payslip`, templates
`documents/templates/pdf/payslip.{en,bn}.html`), numbered, stored immutably and verifiable by its QR code
like the payment voucher and the Mushak forms."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from pydantic import BaseModel

from vextrus.modules.documents import api as documents
from vextrus.platform import context
from vextrus.platform.errors import ValidationFailed

from ..schemas import PayslipView


class PayslipData(BaseModel):
    """What a payslip PDF shows (a copy of the payslip's figures, so the stored document stands alone)."""

    doc_date: date  # the month's last day
    month: date
    employee_code: str
    employee_name: str
    employee_name_bn: str = ""
    grade: str
    tax_year: str
    basic: Decimal
    house_rent: Decimal
    medical: Decimal
    conveyance: Decimal
    other: Decimal
    overtime_hours: Decimal
    overtime: Decimal
    absent_days: Decimal
    absence: Decimal
    bonus: Decimal
    gross: Decimal
    tax: Decimal
    pf_employee: Decimal
    pf_employer: Decimal
    advance: Decimal = Decimal("0.00")  # advances and loans recovered this month (in `deductions`)
    deductions: Decimal
    net: Decimal
    currency: str = "BDT"


def _sample() -> PayslipData:
    z = Decimal("0.00")
    return PayslipData(doc_date=date(2026, 1, 31), month=date(2026, 1, 1), employee_code="W001",
                       employee_name="Md. Rubel", employee_name_bn="মোঃ রুবেল", grade="W1", tax_year="2025-26",
                       basic=Decimal("13000.00"), house_rent=Decimal("5200.00"), medical=Decimal("750.00"),
                       conveyance=Decimal("450.00"), other=z, overtime_hours=Decimal("24"),
                       overtime=Decimal("3000.00"), absent_days=Decimal("1"), absence=Decimal("433.33"),
                       bonus=z, gross=Decimal("21966.67"), tax=z, pf_employee=z, pf_employer=z, deductions=z,
                       net=Decimal("21966.67"))


def _totals(data: PayslipData) -> dict[str, Any]:
    return {"total": data.net}


PAYSLIP = documents.register_type(documents.DocumentType(
    "payslip", "Payslip", "বেতন স্লিপ", PayslipData, "PS", _sample, _totals, source_type="payroll.payslip"))


def data_of(p: PayslipView) -> PayslipData:
    nxt = date(p.month.year + (p.month.month == 12), p.month.month % 12 + 1, 1)
    return PayslipData(doc_date=date.fromordinal(nxt.toordinal() - 1),
                       **p.model_dump(include=set(PayslipData.model_fields) - {"doc_date", "currency"}))


def payslip_pdf(payslip_id: UUID, lang: str = "en") -> tuple[str, bytes]:
    """(file name, PDF) of one payslip (`payroll.payslip.view`); the same figures again return the stored
    document (the idempotency key names the payslip, the language and the figures)."""
    from .runs import get_payslip, run_company

    p = get_payslip(payslip_id)
    company_id = run_company(p.run_id)
    from .. import MODULE

    if lang not in ("en", "bn"):
        raise ValidationFailed("payroll.lang_invalid", "Language is en or bn", "ভাষা en বা bn", field="lang")
    t = PAYSLIP
    data = data_of(p)
    name = f"Payslip-{p.month:%Y-%m}-{p.employee_code}-{lang}.pdf"
    with context.calling_as(MODULE):
        printed = documents.print_document(t.code, lang, data, company_id=company_id, source_id=p.id, filename=name)
    return name, printed.content
