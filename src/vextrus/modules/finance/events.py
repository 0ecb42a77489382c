"""Events the finance module publishes (its public contract)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from vextrus.platform.changes import Changes
from vextrus.platform.events import Event


class CostLine(BaseModel):
    """One project cost line of a posted entry (base currency; debits positive, credits negative)."""

    model_config = ConfigDict(frozen=True)
    line_id: UUID
    project_id: UUID
    activity_code: str | None = None
    amount: Decimal
    currency: str


class BookCreated(Event):
    name = "finance.book.created"
    book_id: UUID
    code: str
    company_id: UUID | None = None


class AccountCreated(Event):
    name = "finance.account.created"
    book_id: UUID
    code: str
    account_type: str


class AccountUpdated(Event):
    name = "finance.account.updated"
    book_id: UUID
    code: str
    changes: Changes = {}  # field: {before, after} (the audit trail's "from → to")


class AccountDeactivated(Event):
    name = "finance.account.deactivated"
    book_id: UUID
    code: str


class JournalPosted(Event):
    """One entry posted. Bulk posts emit one `finance.journal.bulk_posted` for the batch, plus this
    event for each entry that carries project costs; a reversal entry is posted too (its cost lines
    negated), so projects see it here.

    `cost_lines`: the lines with a project on expense or work-in-progress accounts (`CostLine`).
    """

    name = "finance.journal.posted"
    book_id: UUID
    entry_id: UUID
    number: str
    journal_type: str
    entry_date: date
    total: Decimal  # base-currency debits
    cost_lines: list[CostLine] = []
    reverses_id: UUID | None = None


class RecurringJournalPosted(Event):
    """A recurring entry (rent, depreciation) posted one of its dates (the morning job, or "post due now").
    Told to the users who subscribed (notifications); its entry has its own `finance.journal.posted`."""

    name = "finance.recurring.posted"
    book_id: UUID
    book_code: str
    company_id: UUID | None = None
    recurring_id: UUID
    recurring_name: str
    entry_id: UUID
    number: str
    entry_date: date
    total: Decimal
    currency: str


class RecurringJournalFailed(Event):
    """The morning job could not post a due recurring entry (its date in a closed period, an account since
    deactivated …); it tries again the next morning. `code`/`reason` are the refusal's, in both languages."""

    name = "finance.recurring.failed"
    book_id: UUID
    book_code: str
    company_id: UUID | None = None
    recurring_id: UUID
    recurring_name: str
    due_date: date
    code: str
    reason: str
    reason_bn: str = ""
    field: str | None = None


class JournalBulkPosted(Event):
    name = "finance.journal.bulk_posted"
    book_id: UUID
    count: int
    first_number: str | None = None
    last_number: str | None = None
    source: str = "bulk"


class JournalReversed(Event):
    name = "finance.journal.reversed"
    book_id: UUID
    entry_id: UUID
    number: str
    reversal_id: UUID
    reversal_number: str
    reversal_date: date


class PeriodClosed(Event):
    name = "finance.period.closed"
    book_id: UUID
    fiscal_year: str
    period: int


class PeriodReopened(Event):
    """Reopening is audited: who, when (envelope) and why."""

    name = "finance.period.reopened"
    book_id: UUID
    fiscal_year: str
    period: int
    reason: str


class PeriodLocked(Event):
    name = "finance.period.locked"
    book_id: UUID
    fiscal_year: str
    period: int


class FiscalYearClosed(Event):
    name = "finance.fiscal_year.closed"
    book_id: UUID
    fiscal_year: str
    closing_entry_id: UUID
    net_profit: Decimal


class FiscalYearReopened(Event):
    name = "finance.fiscal_year.reopened"
    book_id: UUID
    fiscal_year: str
    reason: str


class RevaluationPosted(Event):
    name = "finance.revaluation.posted"
    book_id: UUID
    entry_id: UUID
    as_of: date
    reversal_id: UUID | None = None


class LedgerImported(Event):
    name = "finance.ledger.imported"
    book_id: UUID
    fmt: str
    entries: int
    warnings: int


class JournalApprovedNotPosted(Event):
    """A draft entry's approval went through but posting it failed (e.g. its period was closed since): it stays a
    draft with its approval approved, for a person to post once the cause is fixed."""

    name = "finance.journal.approved_not_posted"
    entry_id: UUID
    book_id: UUID
    instance_id: UUID
    code: str
    message: str
    message_bn: str
