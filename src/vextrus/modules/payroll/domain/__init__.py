"""Pure rules of payroll: no I/O, no SQLAlchemy, FastAPI or Strawberry."""

from __future__ import annotations

import re

from vextrus.platform.errors import DomainError, ValidationFailed

from .salary import (  # noqa: F401
    COMPONENTS,
    EMPLOYMENT_TYPES,
    JournalTotals,
    Payslip,
    SalaryStructure,
    completed_years,
    festival_bonus,
    gratuity_accrued,
    journal_totals,
    overtime_pay,
    provident_fund,
    remaining_months,
    structure,
)
from .tax import (  # noqa: F401
    AREAS,
    CATEGORIES,
    TAX_YEARS,
    TaxComputation,
    compute_tax,
    investment_rebate,
    monthly_withholding,
    salary_exemption,
    slab_tax,
    tax_year,
    tax_year_of,
)

CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,39}$")


def note_code(raw: str) -> str:
    """A note's code: upper-case letters, digits and hyphens, at most 40."""
    code = raw.strip().upper()
    if not CODE.match(code):
        raise ValidationFailed("payroll.note_code_invalid", "A code is 1 to 40 letters, digits or hyphens",
                               "কোড ১ থেকে ৪০টি অক্ষর, অঙ্ক বা হাইফেন", field="code")
    return code


def title(raw: str) -> str:
    text = raw.strip()
    if not text:
        raise ValidationFailed("payroll.note_title_missing", "A note needs a title", "নোটের শিরোনাম দিন",
                               field="title")
    return text


class NoteNotFound(DomainError):
    status = 404

    def __init__(self, note_id: object):
        super().__init__("not_found", f"note '{note_id}' was not found", f"নোট '{note_id}' পাওয়া যায়নি",
                         details={"object": "note", "key": str(note_id)})
