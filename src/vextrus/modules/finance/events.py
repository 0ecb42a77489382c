"""Events the finance module publishes (its public contract)."""

from __future__ import annotations

from vextrus.platform.events import Event


class BookCreated(Event):
    name = "finance.book.created"
    book_id: str
    code: str
    company_id: str | None = None


class AccountCreated(Event):
    name = "finance.account.created"
    book_id: str
    code: str
    account_type: str


class AccountUpdated(Event):
    name = "finance.account.updated"
    book_id: str
    code: str


class AccountDeactivated(Event):
    name = "finance.account.deactivated"
    book_id: str
    code: str


class JournalPosted(Event):
    """One entry posted. Bulk posts emit one `finance.journal.bulk_posted` for the batch, plus this
    event for each entry that carries project costs; a reversal entry is posted too (its cost lines
    negated), so projects see it here.

    `cost_lines`: [{line_id, project_id, activity_code|None, amount, currency}] — the lines with a
    project on expense or work-in-progress accounts, base currency, debits positive, credits negative.
    """

    name = "finance.journal.posted"
    book_id: str
    entry_id: str
    number: str
    journal_type: str
    entry_date: str
    total: str  # base-currency debits
    cost_lines: list[dict[str, str | None]] = []
    reverses_id: str | None = None


class JournalBulkPosted(Event):
    name = "finance.journal.bulk_posted"
    book_id: str
    count: int
    first_number: str | None = None
    last_number: str | None = None
    source: str = "bulk"


class JournalReversed(Event):
    name = "finance.journal.reversed"
    book_id: str
    entry_id: str
    number: str
    reversal_id: str
    reversal_number: str
    reversal_date: str


class PeriodClosed(Event):
    name = "finance.period.closed"
    book_id: str
    fiscal_year: str
    period: int


class PeriodReopened(Event):
    """Reopening is audited: who, when (envelope) and why."""

    name = "finance.period.reopened"
    book_id: str
    fiscal_year: str
    period: int
    reason: str


class PeriodLocked(Event):
    name = "finance.period.locked"
    book_id: str
    fiscal_year: str
    period: int


class FiscalYearClosed(Event):
    name = "finance.fiscal_year.closed"
    book_id: str
    fiscal_year: str
    closing_entry_id: str
    net_profit: str


class FiscalYearReopened(Event):
    name = "finance.fiscal_year.reopened"
    book_id: str
    fiscal_year: str
    reason: str


class RevaluationPosted(Event):
    name = "finance.revaluation.posted"
    book_id: str
    entry_id: str
    as_of: str
    reversal_id: str | None = None


class LedgerImported(Event):
    name = "finance.ledger.imported"
    book_id: str
    fmt: str
    entries: int
    warnings: int
