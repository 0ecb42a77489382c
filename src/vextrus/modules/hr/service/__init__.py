"""hr's commands and queries (callers write `from . import service`)."""

from .attendance import approve_muster, get_muster, month_figures, month_view, prepare_payroll, record_muster
from .leave import apply_leave, approve_leave, balances, leave_types, list_leave, reject_leave

__all__ = ["apply_leave", "approve_leave", "approve_muster", "balances", "get_muster", "leave_types", "list_leave",
           "month_figures", "month_view", "prepare_payroll", "record_muster", "reject_leave"]
