"""What other modules may call (with `events`): plain functions; callers declare the permissions
in their manifest's `uses=` and call within `context.calling_as(THEIR_MODULE)`."""

from __future__ import annotations

from .schemas import (
    EmployeeView,
    OvertimeInput,
    PayslipView,
    RunInput,
    RunView,
    WageDayInput,
    WageRunInput,
    WageRunRequest,
    WageRunView,
    WageWarning,
)
from .service import (
    get_employee,
    get_payslip,
    get_run,
    leave_encashed,
    list_employees,
    list_runs,
    manager_user_of,
    prepare_run,
    prepare_wage_run,
    provide_leave_balance,
    provide_leave_encashable,
)

__all__ = ["EmployeeView", "OvertimeInput", "PayslipView", "RunInput", "RunView", "WageDayInput", "WageRunInput",
           "WageRunRequest", "WageRunView", "WageWarning", "get_employee", "get_payslip", "get_run", "list_employees",
           "list_runs", "manager_user_of", "prepare_run", "prepare_wage_run",
           "provide_leave_balance", "provide_leave_encashable", "leave_encashed"]
