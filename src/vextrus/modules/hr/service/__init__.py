"""hr's commands and queries (callers write `from . import service`)."""

from .attendance import (
    approve_muster,
    day_lines,
    get_muster,
    month_figures,
    month_view,
    prepare_payroll,
    prepare_wage_run,
    record_muster,
)
from .expense import (
    cancel_claim,
    create_claim,
    expense_categories,
    get_claim,
    list_claims,
    own_employee_id,
    pay_claims,
    payment_accounts,
    post_claim,
    submit_claim,
    update_claim,
    withdraw_claim,
)
from .leave import apply_leave, approve_leave, balances, leave_types, list_leave, reject_leave
from .office import (
    check_office_file,
    import_office_attendance,
    import_office_file,
    office_month,
    office_overtime,
)

__all__ = ["apply_leave", "approve_leave", "approve_muster", "cancel_claim", "create_claim", "expense_categories",
           "get_claim", "list_claims", "own_employee_id", "pay_claims", "payment_accounts", "post_claim", "submit_claim", "update_claim", "withdraw_claim", "balances", "day_lines", "get_muster", "leave_types", "list_leave",
           "check_office_file", "import_office_attendance", "import_office_file", "office_month", "office_overtime",
           "month_figures", "month_view", "prepare_payroll", "prepare_wage_run", "record_muster", "reject_leave"]
