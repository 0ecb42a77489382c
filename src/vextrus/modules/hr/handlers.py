"""Reactions to other modules' events: approvals of leave applications and expense claims decided in the workflow."""

from __future__ import annotations

from vextrus.platform.events import Subscriptions

subscriptions = Subscriptions()

# leave approvals (and withdrawn ones) and expense claims' approvals subscribe here
from vextrus.modules.payroll import api as _payroll  # noqa: E402

from . import approval_withdrawal, approvals, expense_approvals  # noqa: E402,F401
from .service.leave import annual_leave_encashable, annual_leave_left  # noqa: E402

# payroll's final settlement asks hr for the unavailed annual leave through its port (payroll never imports hr)
_payroll.provide_leave_balance(annual_leave_left)
# and a monthly run's leave encashment what of it may be paid (left, above the carry-forward cap)
_payroll.provide_leave_encashable(annual_leave_encashable)
