"""What other modules may call (with `events`): plain functions; callers declare the permissions
in their manifest's `uses=` and call within `context.calling_as(THEIR_MODULE)`."""

from __future__ import annotations

from .schemas import BankAccountView, ReconciliationReportView
from .service import get_account, list_all_accounts, reconciliation_report

__all__ = ["BankAccountView", "ReconciliationReportView", "get_account", "list_all_accounts",
           "reconciliation_report"]
