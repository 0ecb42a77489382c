"""Finance commands and queries, one file per aggregate:

- `books`: company books and their chart of accounts;
- `periods`: fiscal years and period states;
- `rates`: exchange rates (entered, imported from CSV, listed);
- `journal`: drafts, posting (one entry or a bulk post), reversal, reading entries;
- `references`: what journal lines name in other modules (parties, projects, units), checked;
- `closing`: year-end closing and reopening, FX revaluation and its automatic reversal;
- `recurring`: recurring entries;
- `reporting`: trial balance, statements, general ledger, verification of the balance projection;
- `plaintext`: hledger / Beancount import and export;
- `lookups`: loading a book (company-scoped), its accounts, an entry, a rate; entry views by page.

Each command is one unit of work with its permission (`@command`), each query `@query`; DTOs are in
`schemas.py`, value rules in `domain/`, the write path (numbers, rows, balance projection) in
`posting.py`. Every name is re-exported here: `from vextrus.modules.finance import service;
service.post_entry(...)` works as it did.
"""

from vextrus.platform.uow import unit_of_work  # noqa: F401 - callers open a unit of work through here

from ..schemas import (
    ZERO,
    AccountInput,
    AccountUpdate,
    AccountView,
    BookView,
    BulkResult,
    CommodityBalance,
    Difference,
    EntryIn,
    EntryView,
    FiscalYearView,
    GeneralLedgerView,
    ImportResult,
    LedgerLine,
    LineIn,
    LineView,
    PeriodView,
    RateImport,
    RateView,
    RecurringInput,
    RecurringView,
    TBLine,
    TBTotals,
    TrialBalanceView,
    VerifyResult,
)
from . import books, closing, journal, lookups, periods, plaintext, rates, recurring, references, reporting
from .books import (
    book_view,
    check_accounts,
    create_account,
    create_accounts,
    ensure_book,
    list_accounts,
    list_books,
    page_accounts,
    page_books,
    ready,
    set_account_active,
    update_account,
)
from .closing import close_fiscal_year, process_auto_reversals, reopen_fiscal_year, revalue
from .journal import (
    ONE,
    build_entry,
    check_bulk,
    create_draft,
    draft_input,
    emit_posted,
    get_entry,
    list_entries,
    page_entries,
    post_bulk,
    post_draft,
    post_entry,
    post_one,
    reverse_entry,
    reverse_posted,
)
from .lookups import (
    account_view,
    accounts_of,
    book_view_of,
    book_visible,
    domain_account,
    domain_chart,
    entry_view,
    entry_views,
    get_book,
    load_entry,
    rate_on,
    tagged,
    to_plain,
)
from .periods import (
    close_period,
    list_fiscal_years,
    lock_period,
    open_fiscal_year,
    open_year,
    page_fiscal_years,
    reopen_period,
)
from .plaintext import export_plaintext, import_plaintext, submit_import, to_journal
from .rates import import_rates, list_rates, page_rates, set_rate, store_rate
from .recurring import (
    create_recurring,
    generate_recurring,
    get_recurring,
    list_recurring,
    page_recurring,
    recurring_failed,
    recurring_from_entry,
    set_recurring_active,
)
from .reporting import (
    NO_DIMS,
    Dims,
    balance_sheet,
    cash_flow,
    commodity_balances,
    comparison_window,
    general_ledger,
    income_statement,
    previous_window,
    trial_balance,
    verify,
    window,
)

# the names these had when the service was one file (the journal approvals and GraphQL use them)
_load_entry = load_entry
_entry_view = entry_view
_draft_input = draft_input
_book_view = book_view_of
_account_view = account_view
_domain_account = domain_account
_tagged = tagged

__all__ = [
    "NO_DIMS", "ONE", "ZERO", "AccountInput", "AccountUpdate", "AccountView", "BookView", "BulkResult",
    "CommodityBalance", "Difference", "Dims", "EntryIn", "EntryView", "FiscalYearView", "GeneralLedgerView",
    "ImportResult", "LedgerLine", "LineIn", "LineView", "PeriodView", "RateImport", "RateView", "RecurringInput",
    "RecurringView", "TBLine", "TBTotals", "TrialBalanceView", "VerifyResult",
    "account_view", "accounts_of", "balance_sheet", "book_view", "book_view_of", "book_visible", "books",
    "build_entry", "cash_flow", "close_fiscal_year", "close_period", "closing", "commodity_balances",
    "check_accounts", "comparison_window", "create_account", "create_accounts", "create_draft", "create_recurring", "domain_account", "domain_chart",
    "draft_input", "emit_posted", "ensure_book", "entry_view", "entry_views", "export_plaintext",
    "general_ledger", "generate_recurring", "get_book", "get_entry", "import_plaintext", "import_rates",
    "income_statement", "journal", "list_accounts", "list_books", "list_entries", "list_fiscal_years",
    "list_rates", "list_recurring", "load_entry", "lock_period", "lookups", "open_fiscal_year", "open_year",
    "page_accounts", "page_books", "page_entries", "page_fiscal_years", "page_rates", "page_recurring",
    "get_recurring", "periods", "plaintext", "check_bulk", "post_bulk", "post_draft", "post_entry", "post_one",
    "previous_window", "process_auto_reversals", "rate_on", "rates", "ready", "recurring", "recurring_failed", "recurring_from_entry",
    "references", "reopen_fiscal_year", "reopen_period", "reporting", "revalue", "reverse_entry", "reverse_posted",
    "set_account_active", "set_rate", "set_recurring_active", "store_rate", "submit_import", "tagged", "to_journal",
    "to_plain", "trial_balance", "unit_of_work", "update_account", "verify", "window",
]
