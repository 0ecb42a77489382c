"""The finance module's DTOs: what its service commands take and its queries return, the one
declaration the GraphQL types, REST schemas and page forms derive from (docs/modules.md)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from pydantic import BaseModel, Field

ZERO = Decimal(0)

# ---- books and accounts --------------------------------------------------------------------


class BookView(BaseModel):
    id: UUID
    code: str
    name: str
    company_id: UUID | None = None
    base_currency: str
    base_commodity: str
    fy_start_month: int

class AccountView(BaseModel):
    id: UUID
    code: str
    name: str
    name_bn: str = ""
    account_type: str
    subtype: str | None = None
    parent_code: str | None = None
    is_group: bool = False
    is_active: bool = True
    currency: str | None = None
    tags: list[str] = []
    version: int = 1

class AccountInput(BaseModel):
    code: str
    name: str
    account_type: str
    subtype: str | None = None
    name_bn: str = ""
    parent_code: str | None = None
    is_group: bool = False
    currency: str | None = None
    tags: list[str] = []

class AccountUpdate(BaseModel):
    """What may change on an account once it exists: its names (type, currency and parent decide
    where its balances report, so they stay as posted). `version` guards against overwriting an edit."""

    name: str
    name_bn: str = ""
    version: int | None = None


# ---- fiscal years and periods ---------------------------------------------------------------

class PeriodView(BaseModel):
    id: UUID
    fiscal_year: str
    number: int
    code: str
    start_date: date
    end_date: date
    state: str
    version: int

class FiscalYearView(BaseModel):
    id: UUID
    label: str
    start_date: date
    end_date: date
    closed: bool
    periods: list[PeriodView] = []


# ---- journal entries ------------------------------------------------------------------------

class LineIn(BaseModel):
    account_code: str
    debit: Decimal = ZERO
    credit: Decimal = ZERO
    currency: str | None = None  # default: the book's base currency
    rate: Decimal | None = None  # default: the rate of the entry date
    memo: str = ""
    cost_centre_id: UUID | None = None
    project_id: UUID | None = None
    activity_code: str | None = None  # the project's activity (needs project_id)
    department_id: UUID | None = None
    party_id: UUID | None = None

class EntryIn(BaseModel):
    journal_type: str = "general"
    entry_date: date
    lines: list[LineIn] = Field(default_factory=list)
    narration: str = ""
    reference: str = ""

class LineView(BaseModel):
    line_no: int
    account_code: str
    account_name: str
    commodity: str
    quantity: Decimal
    rate: Decimal
    debit: Decimal
    credit: Decimal
    base_debit: Decimal
    base_credit: Decimal
    memo: str = ""
    cost_centre_id: UUID | None = None
    project_id: UUID | None = None
    activity_code: str | None = None
    department_id: UUID | None = None
    party_id: UUID | None = None

class EntryView(BaseModel):
    id: UUID
    number: str | None
    journal_type: str
    entry_date: date
    status: str
    narration: str
    reference: str
    payee: str = ""
    source: str
    reverses_id: UUID | None = None
    reversed_by_id: UUID | None = None
    total: Decimal
    lines: list[LineView] = []
    version: int = 1

class BulkResult(BaseModel):
    count: int
    lines: int
    first_number: str | None = None
    last_number: str | None = None
    ids: list[UUID] = []


# ---- recurring entries ----------------------------------------------------------------------

class RecurringInput(BaseModel):
    name: str
    lines: list[LineIn]
    start_date: date
    end_date: date | None = None
    journal_type: str = "general"
    narration: str = ""
    interval_months: int = 1

class RecurringView(BaseModel):
    id: UUID
    name: str
    next_date: date
    end_date: date | None
    is_active: bool
    journal_type: str = "general"
    interval_months: int = 1
    total: Decimal = ZERO  # the debits of one generated entry


# ---- exchange rates -------------------------------------------------------------------------

class RateView(BaseModel):
    currency: str
    rate_date: date
    rate: Decimal
    source: str

class RateImport(BaseModel):
    count: int
    currencies: list[str]
    date_from: date | None
    date_to: date | None


# ---- reports ----------------------------------------------------------------------------------

class TBLine(BaseModel):
    account_code: str
    name: str
    account_type: str
    opening_debit: Decimal
    opening_credit: Decimal
    debit: Decimal
    credit: Decimal
    closing_debit: Decimal
    closing_credit: Decimal

class TBTotals(BaseModel):
    opening_debit: Decimal
    opening_credit: Decimal
    debit: Decimal
    credit: Decimal
    closing_debit: Decimal
    closing_credit: Decimal

class TrialBalanceView(BaseModel):
    date_from: date | None
    date_to: date
    lines: list[TBLine]
    totals: TBTotals
    is_balanced: bool

class LedgerLine(BaseModel):
    entry_id: UUID
    number: str | None
    entry_date: date
    narration: str
    memo: str
    commodity: str
    quantity: Decimal
    debit: Decimal
    credit: Decimal
    balance: Decimal

class GeneralLedgerView(BaseModel):
    account_code: str
    name: str
    opening: Decimal
    lines: list[LedgerLine]
    closing: Decimal  # the account's balance at the window's end, whether or not every line is listed
    truncated: bool = False  # more lines than `limit`: narrow the window to see the rest

class CommodityBalance(BaseModel):
    account: str
    account_type: str
    commodity: str
    amount: Decimal

class Difference(BaseModel):
    account: str
    period_id: UUID
    commodity: str
    dim_key: str
    projected: list[str]
    rebuilt: list[str]

class VerifyResult(BaseModel):
    book: str
    lines: int
    keys: int
    differences: list[Difference]
    unbalanced_entries: list[str] = []


# ---- plain-text journals -----------------------------------------------------------------------

class ImportResult(BaseModel):
    book: str
    entries: int
    lines: int
    accounts_created: int
    commodities: list[str]
    fiscal_years: list[str]
    warnings: list[str]
