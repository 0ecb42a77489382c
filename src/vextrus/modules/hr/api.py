"""What other modules may call (with `events`): plain functions; callers declare the permissions
in their manifest's `uses=` and call within `context.calling_as(THEIR_MODULE)`."""

from __future__ import annotations

from .schemas import BalanceView, FiguresView
from .service import balances, month_figures

__all__ = ["BalanceView", "FiguresView", "balances", "month_figures"]
