"""Commands and queries of banking (one file per aggregate)."""

from .accounts import change_account, create_account, get_account, list_accounts, list_all_accounts
from .reconciliation import (
    book_lines,
    match,
    post_and_match,
    reconciliation_report,
    statement_lines,
    suggestions,
    unmatch,
)
from .statements import import_statement, list_statements

__all__ = ["book_lines", "change_account", "create_account", "get_account", "import_statement", "list_accounts",
           "list_all_accounts", "list_statements", "match", "post_and_match", "reconciliation_report",
           "statement_lines", "suggestions", "unmatch"]
