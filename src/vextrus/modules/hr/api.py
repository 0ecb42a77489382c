"""What other modules may call (with `events`): plain functions; callers declare the permissions
in their manifest's `uses=` and call within `context.calling_as(THEIR_MODULE)`."""

from __future__ import annotations

from uuid import UUID

from vextrus.modules.payroll import api as payroll

from .schemas import BalanceView, DayLine, DayLines, FiguresView
from .service import balances, day_lines, month_figures, prepare_wage_run

__all__ = ["BalanceView", "DayLine", "DayLines", "FiguresView", "balances", "day_lines", "manager_user_of",
           "month_figures", "prepare_wage_run"]


def manager_user_of(user_id: UUID) -> UUID | None:
    """The user account of the reporting manager of the employee who is `user_id`, or None (no such employee,
    no manager, or a manager without a user account or who has left). The reporting line and the employee's
    user account are kept on payroll's employee record (its employee page); hr answers the question for the
    workflow's approvers "by the submitter's manager" (issue 13). Read-only, no permission: it names one
    user id and nothing else."""
    return payroll.manager_user_of(user_id)
