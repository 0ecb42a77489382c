"""Project costs: which ledger lines are a project's actual cost, and how the activity is named.

The projects module records actual costs from `finance.journal.posted`. A line is a cost when it
carries a project and sits on an expense or work-in-progress account (a WIP debit is cost of a
project under construction before it reaches the income statement); the activity dimension names
the scheduled activity (P6 activity code) inside that project.
"""

from __future__ import annotations

from decimal import Decimal

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
                          f"কার্যক্রম কোড সর্বোচ্চ {ACTIVITY_CODE_MAX} অক্ষরের।", field=field)
    return code


def cost_amount(base_debit: Decimal, base_credit: Decimal) -> Decimal:
    """Signed cost in the base currency: a debit adds to the project's cost, a credit takes it away."""
    return base_debit - base_credit
