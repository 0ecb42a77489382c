"""Events banking publishes (its public contract, with api.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from vextrus.platform.events import Event


class BankAccountOpened(Event):
    name = "banking.account.opened"
    account_id: UUID
    company_id: UUID
    account_number: str
    ledger_account_code: str


class BankAccountChanged(Event):
    name = "banking.account.changed"
    account_id: UUID
    company_id: UUID


class StatementImported(Event):
    name = "banking.statement.imported"
    statement_id: UUID
    account_id: UUID
    date_from: date
    date_to: date
    closing: Decimal
    line_count: int


class StatementLineMatched(Event):
    name = "banking.line.matched"
    statement_line_id: UUID
    account_id: UUID
    journal_line_ids: list[UUID]


class StatementLineUnmatched(Event):
    name = "banking.line.unmatched"
    statement_line_id: UUID
    account_id: UUID
