"""`cost_lines` of `finance.journal.posted`: the posted lines the projects module records as actual cost.

Shape (documented by projects/handlers.py): [{line_id, project_id, activity_code|None, amount, currency}],
amounts in the book's base currency, debits positive, credits negative. A reversal entry carries its
lines negated (its own line ids), so the project's cost goes back down exactly once.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from uuid import UUID

from .domain.costs import cost_amount, is_cost_account
from .posting import NewEntry


def cost_account_ids(accounts: Iterable[Any]) -> frozenset[UUID]:
    """Ids of the expense and WIP accounts among the book's account rows."""
    return frozenset(a.id for a in accounts if is_cost_account(a.account_type, a.subtype))


def has_project(entry: NewEntry) -> bool:
    return any(ln.dims and ln.dims.get("project_id") for ln in entry.lines)


def cost_lines(entry: NewEntry, cost_accounts: frozenset[UUID], currency: str) -> list[dict[str, str | None]]:
    """The entry's project cost lines (after `insert_posted`, which names the lines)."""
    out: list[dict[str, str | None]] = []
    for ln in entry.lines:
        project = ln.dims.get("project_id") if ln.dims else None
        if project is None or ln.account_id not in cost_accounts:
            continue
        amount = cost_amount(ln.base_debit, ln.base_credit)
        if amount == 0:
            continue
        out.append({"line_id": str(ln.id), "project_id": str(project), "activity_code": ln.activity_code,
                    "amount": str(amount), "currency": currency})
    return out
