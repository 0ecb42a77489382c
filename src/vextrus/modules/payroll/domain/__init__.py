"""Pure rules of payroll: no I/O, no SQLAlchemy, FastAPI or Strawberry.

`tax` (income tax on salary, Income Tax Act 2023, slabs as data by tax year), `salary` (structures,
overtime, festival bonus, gratuity, PF, the payslip and the run's journal totals), `run` (an employee's
fields, a payslip's month, the run's states, the company's settings)."""

from __future__ import annotations

from . import disbursement, transfer, wages  # noqa: F401
from .run import (  # noqa: F401
    DEFAULT_SETTINGS,
    MFS_PROVIDERS,
    PAYMENT_METHODS,
    WORKPLACES,
    Computed,
    EmployeeFacts,
    NotFoundInPayroll,
    check_employee,
    check_payment,
    check_payment_details,
    check_payment_undo,
    check_reversal,
    compute_payslip,
    first_of_month,
    settings,
    transition,
)
from .salary import (  # noqa: F401
    COMPONENTS,
    EMPLOYMENT_TYPES,
    JournalTotals,
    Payslip,
    SalaryStructure,
    absence_deduction,
    check_encashment,
    completed_years,
    festival_bonus,
    gratuity_accrued,
    gratuity_provision,
    journal_totals,
    leave_encashment,
    overtime_pay,
    provident_fund,
    remaining_months,
    service_months,
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
