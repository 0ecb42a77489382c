"""What other modules may call (with `events`): plain functions; callers declare the permissions
in their manifest's `uses=` and call within `context.calling_as(THEIR_MODULE)`."""

from __future__ import annotations

from .schemas import BalanceView, DayLine, DayLines, FiguresView
from .service import balances, day_lines, month_figures, prepare_wage_run

__all__ = ["BalanceView", "DayLine", "DayLines", "FiguresView", "balances", "day_lines", "month_figures",
           "prepare_wage_run"]
