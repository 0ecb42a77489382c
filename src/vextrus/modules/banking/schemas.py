"""DTOs of banking: the one declaration of each concept (REST, GraphQL and pages derive from these)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from pydantic import BaseModel, Field


class BankAccountInput(BaseModel):
    company_id: UUID | None = None  # default: the company the user acts within
    bank_name: str = Field(max_length=200)
    branch: str = Field(default="", max_length=200)
    account_number: str = Field(max_length=40)
    currency: str = Field(default="BDT", max_length=3)
    ledger_account_code: str = Field(max_length=40)


class BankAccountChange(BaseModel):
    """A partial update (REST PATCH): fields left out stay as they are."""

    bank_name: str | None = Field(default=None, max_length=200)
    branch: str | None = Field(default=None, max_length=200)
    ledger_account_code: str | None = Field(default=None, max_length=40)


class BankAccountView(BaseModel):
    id: UUID
    company_id: UUID
    bank_name: str
    branch: str
    account_number: str
    currency: str
    ledger_account_code: str
    version: int


class BankAccountPage(BaseModel):
    items: list[BankAccountView]
    end_cursor: str | None
    has_next_page: bool


class StatementView(BaseModel):
    id: UUID
    account_id: UUID
    seq: int
    fmt: str
    filename: str
    statement_ref: str
    date_from: date
    date_to: date
    opening: Decimal
    closing: Decimal
    line_count: int
    already_imported: bool = False  # the same statement was imported before: nothing new was stored


class StatementLineView(BaseModel):
    id: UUID
    statement_id: UUID
    line_no: int
    line_date: date
    description: str
    reference: str
    amount: Decimal  # positive: deposit; negative: withdrawal
    balance: Decimal | None
    status: str
    journal_line_ids: list[UUID] = []
    version: int


class SuggestionView(BaseModel):
    statement_line_id: UUID
    journal_line_id: UUID
    entry_id: UUID
    entry_number: str | None
    entry_date: date
    narration: str
    amount: Decimal
    score: int
    days_apart: int
    reference_found: bool


class BookLineView(BaseModel):
    """A ledger line of the bank's account not yet matched (amount = debit - credit)."""

    journal_line_id: UUID
    entry_id: UUID
    entry_number: str | None
    entry_date: date
    narration: str
    reference: str
    amount: Decimal


class MatchInput(BaseModel):
    statement_line_id: UUID
    journal_line_ids: list[UUID] = Field(min_length=1, max_length=100)


class PostAndMatchInput(BaseModel):
    """Post a line with no ledger counterpart (bank charges, interest) and match it at once."""

    statement_line_id: UUID
    contra_account_code: str = Field(max_length=40)  # e.g. 5270 Bank charges, or an interest income account
    narration: str = Field(default="", max_length=500)


class ReportItemView(BaseModel):
    id: UUID
    on: date
    amount: Decimal
    text: str


class ReconciliationReportView(BaseModel):
    account_id: UUID
    as_of: date
    statement_balance: Decimal
    book_balance: Decimal
    opening_difference: Decimal
    outstanding_cheques: list[ReportItemView]
    deposits_in_transit: list[ReportItemView]
    unmatched_statement_lines: list[ReportItemView]
    adjusted_book_balance: Decimal
    difference: Decimal
