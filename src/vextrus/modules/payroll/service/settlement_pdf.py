"""The final settlement statement as a PDF in English and Bangla: a `documents` type (`final_settlement`, prefix
SE, templates `documents/templates/pdf/final_settlement.{en,bn}.html`), printed through documents.print_document
like the payslip (numbered, stored, verifiable; the same figures again return the stored document)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from pydantic import BaseModel

from vextrus.modules.documents import api as documents
from vextrus.platform import context
from vextrus.platform.errors import ValidationFailed

from ..domain import settlement as rules


class SettlementLineData(BaseModel):
    label: str
    label_bn: str
    section: str
    section_bn: str
    basis: str
    basis_bn: str
    amount: Decimal


class SettlementData(BaseModel):
    """What the statement shows (a copy of the settlement's figures, so the stored document stands alone)."""

    doc_date: date  # the last day worked
    employee_code: str
    employee_name: str
    employee_name_bn: str = ""
    joining_date: date
    last_day: date
    kind: str
    kind_bn: str
    years: int
    service_months: int
    leave_days: Decimal
    notice_given_days: int
    due_by: date
    status: str
    lines: list[SettlementLineData]
    earnings: Decimal
    deductions: Decimal
    net: Decimal
    currency: str = "BDT"


def _sample() -> SettlementData:
    return SettlementData(
        doc_date=date(2026, 1, 31), employee_code="E001", employee_name="Md. Karim", employee_name_bn="মোঃ করিম",
        joining_date=date(2013, 7, 1), last_day=date(2026, 1, 31), kind="termination",
        kind_bn=rules.KIND_BN["termination"], years=13, service_months=151, leave_days=Decimal("10"),
        notice_given_days=0, due_by=date(2026, 3, 2), status="approved",
        lines=[SettlementLineData(label="Gratuity", label_bn="গ্র্যাচুইটি", section="BLA s.2(10)",
                                  section_bn=rules.section_bn("BLA s.2(10)"), basis="30000 / 30 × 45 days × 13 years",
                                  basis_bn="30000 / ৩০ × ৪৫ দিন × ১৩ বছর", amount=Decimal("585000.00"))],
        earnings=Decimal("585000.00"), deductions=Decimal("0.00"), net=Decimal("585000.00"))


def _totals(data: SettlementData) -> dict[str, Any]:
    return {"total": data.net}


SETTLEMENT = documents.register_type(documents.DocumentType(
    "final_settlement", "Final settlement statement", "চূড়ান্ত নিষ্পত্তি বিবরণী", SettlementData, "SE", _sample,
    _totals, source_type="payroll.settlement"))


def settlement_pdf(employee_id: UUID, lang: str = "en") -> documents.PrintedDocument:
    """The employee's settlement statement (`payroll.employee.view`), in `lang` (en | bn)."""
    from .. import MODULE, domain
    from .settlement import get_settlement

    if lang not in ("en", "bn"):
        raise ValidationFailed("payroll.lang_invalid", "Language is en or bn", "ভাষা en বা bn", field="lang")
    v = get_settlement(employee_id)
    if v is None:
        raise domain.NotFoundInPayroll("settlement of employee", "কর্মীর চূড়ান্ত নিষ্পত্তি", employee_id)
    data = SettlementData(
        doc_date=v.last_day, employee_code=v.employee_code, employee_name=v.employee_name,
        employee_name_bn=v.employee_name_bn, joining_date=v.joining_date, last_day=v.last_day, kind=v.kind,
        kind_bn=rules.KIND_BN[v.kind], years=v.years, service_months=v.service_months, leave_days=v.leave_days,
        notice_given_days=v.notice_given_days, due_by=v.due_by, status=v.status,
        lines=[SettlementLineData(**ln.model_dump(exclude={"code"})) for ln in v.lines], earnings=v.earnings,
        deductions=v.deductions, net=v.net)
    name = f"Settlement-{v.employee_code}-{lang}.pdf"
    with context.calling_as(MODULE):
        return documents.print_document(SETTLEMENT.code, lang, data, company_id=v.company_id, source_id=v.id,
                                        filename=name)
