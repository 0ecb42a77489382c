"""Project costs: which ledger lines are a project's actual cost, and how the activity is named.

The projects module records actual costs from `finance.journal.posted`. A line is a cost when it
carries a project and sits on an expense or work-in-progress account (a WIP debit is cost of a
project under construction before it reaches the income statement); the activity dimension names
the scheduled activity (P6 activity code) inside that project.

`cost_lines` of `finance.journal.posted` (documented by projects/handlers.py) are
[{line_id, project_id, activity_code|None, amount, currency}], amounts in the book's base currency,
debits positive, credits negative. A reversal entry carries its lines negated (its own line ids), so
the project's cost goes back down exactly once.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any
from uuid import UUID

from vextrus.platform.i18n import to_bangla_digits

from .errors import LedgerError

ACTIVITY_CODE_MAX = 80


def is_cost_account(account_type: str, subtype: str | None) -> bool:
    return account_type == "expense" or subtype == "wip"


def activity_code(code: str | None, has_project: bool, field: str) -> str | None:
    """The activity code as stored (trimmed, None when blank); an activity needs its project."""
    if code is None:
        return None
    code = code.strip()
    if not code:
        return None
    if not has_project:
        raise LedgerError("activity_without_project", "An activity belongs to a project: give the project too.",
                          "কার্যক্রম একটি প্রকল্পের অংশ: প্রকল্পটিও দিন।", field=field)
    if len(code) > ACTIVITY_CODE_MAX:
        raise LedgerError("activity_code_invalid", f"An activity code has at most {ACTIVITY_CODE_MAX} characters.",
                          f"কার্যক্রম কোড সর্বোচ্চ {to_bangla_digits(str(ACTIVITY_CODE_MAX))} অক্ষরের।", field=field)
    return code


def cost_amount(base_debit: Decimal, base_credit: Decimal) -> Decimal:
    """Signed cost in the base currency: a debit adds to the project's cost, a credit takes it away."""
    return base_debit - base_credit


def cost_account_ids(accounts: Iterable[Any]) -> frozenset[UUID]:
    """Ids of the expense and WIP accounts among the book's accounts (anything with `id`,
    `account_type` and `subtype`)."""
    return frozenset(a.id for a in accounts if is_cost_account(a.account_type, a.subtype))


def has_project(entry: Any) -> bool:
    """Whether any line of the entry (a `posting.NewEntry`) names a project."""
    return any(ln.dims and ln.dims.get("project_id") for ln in entry.lines)


def cost_lines(entry: Any, cost_accounts: frozenset[UUID], currency: str) -> list[dict[str, str | None]]:
    """The project cost lines of a posted entry (a `posting.NewEntry` after `insert_posted`, which
    names its lines)."""
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
