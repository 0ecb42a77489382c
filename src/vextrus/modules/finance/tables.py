"""Tables of the finance module (schema `finance`): books, chart, calendar, journal, balances.

Money in base currency is `Amount(2)` (poisha as integers, exact SUM on SQLite); transaction
quantities `Amount(6)`; rates and unit prices `Amount(10)`. Posted lines are append-only: code never
updates them and, on PostgreSQL, a trigger refuses it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from vextrus.platform.db import Amount, IdPk, TenantScoped, Timestamped, UtcDateTime, declarative_base
from vextrus.platform.versioning import Versioned

Base = declarative_base("finance")
S = "finance"

MONEY = Amount(2)
QTY = Amount(6)
RATE = Amount(10)


class Book(IdPk, TenantScoped, Timestamped, Base):
    """One company's ledger. `company_id` is the organization module's company (an id, no FK);
    `code` identifies books created from the CLI before a company exists."""

    __tablename__ = "finance_book"
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    company_id: Mapped[UUID | None] = mapped_column(Uuid)
    base_currency: Mapped[str] = mapped_column(String(3), default="BDT")
    base_commodity: Mapped[str] = mapped_column(String(64), default="BDT")  # "৳" in a plain-text book
    fy_start_month: Mapped[int] = mapped_column(Integer, default=7)
    __table_args__ = (UniqueConstraint("tenant_id", "code"),)


class Account(IdPk, TenantScoped, Timestamped, Versioned, Base):
    __tablename__ = "finance_account"
    book_id: Mapped[UUID] = mapped_column(Uuid, ForeignKey(f"{S}.finance_book.id"), index=True)
    code: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(200))
    name_bn: Mapped[str] = mapped_column(String(200), default="")
    account_type: Mapped[str] = mapped_column(String(20))
    subtype: Mapped[str | None] = mapped_column(String(40))
    parent_code: Mapped[str | None] = mapped_column(String(200))
    is_group: Mapped[bool] = mapped_column(Boolean, default=False)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    currency: Mapped[str | None] = mapped_column(String(64))
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    __table_args__ = (UniqueConstraint("book_id", "code"),)


class Currency(IdPk, TenantScoped, Base):
    """A currency or commodity a book uses (ISO codes, symbols like ৳ and $, stock tickers)."""

    __tablename__ = "finance_currency"
    book_id: Mapped[UUID] = mapped_column(Uuid, ForeignKey(f"{S}.finance_book.id"), index=True)
    code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(120), default="")
    decimals: Mapped[int] = mapped_column(Integer, default=2)
    __table_args__ = (UniqueConstraint("book_id", "code"),)


class ExchangeRate(IdPk, TenantScoped, Base):
    """Value of one unit of `currency` in the book's base currency on `rate_date`."""

    __tablename__ = "finance_exchange_rate"
    book_id: Mapped[UUID] = mapped_column(Uuid, ForeignKey(f"{S}.finance_book.id"), index=True)
    currency: Mapped[str] = mapped_column(String(64))
    rate_date: Mapped[date] = mapped_column(Date)
    rate: Mapped[Any] = mapped_column(RATE)
    source: Mapped[str] = mapped_column(String(40), default="entered")
    __table_args__ = (UniqueConstraint("book_id", "currency", "rate_date"),)


class FiscalYear(IdPk, TenantScoped, Base):
    __tablename__ = "finance_fiscal_year"
    book_id: Mapped[UUID] = mapped_column(Uuid, ForeignKey(f"{S}.finance_book.id"), index=True)
    label: Mapped[str] = mapped_column(String(20))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    closing_entry_id: Mapped[UUID | None] = mapped_column(Uuid)
    __table_args__ = (UniqueConstraint("book_id", "label"),)


class Period(IdPk, TenantScoped, Versioned, Base):
    __tablename__ = "finance_period"
    book_id: Mapped[UUID] = mapped_column(Uuid, ForeignKey(f"{S}.finance_book.id"), index=True)
    fiscal_year_id: Mapped[UUID] = mapped_column(Uuid, ForeignKey(f"{S}.finance_fiscal_year.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(10), default="open")
    __table_args__ = (UniqueConstraint("fiscal_year_id", "number"), Index("ix_finance_period_dates", "book_id",
                                                                           "start_date"))


class Sequence(TenantScoped, Base):
    """Gapless document numbers: one row per book × journal type × fiscal year, locked while used."""

    __tablename__ = "finance_sequence"
    book_id: Mapped[UUID] = mapped_column(Uuid, ForeignKey(f"{S}.finance_book.id"), primary_key=True)
    journal_type: Mapped[str] = mapped_column(String(20), primary_key=True)
    fiscal_year_id: Mapped[UUID] = mapped_column(Uuid, ForeignKey(f"{S}.finance_fiscal_year.id"), primary_key=True)
    last_value: Mapped[int] = mapped_column(Integer, default=0)


class JournalEntry(IdPk, TenantScoped, Timestamped, Versioned, Base):
    """Entries and lines carry no tenant_id index: every query goes by book (whose tenant is known), so
    the RLS policy's tenant comparison is a filter on rows already found — an index here only slows posting."""

    __tablename__ = "finance_journal_entry"
    tenant_id: Mapped[UUID] = mapped_column(Uuid, nullable=False)
    book_id: Mapped[UUID] = mapped_column(Uuid, ForeignKey(f"{S}.finance_book.id"))
    number: Mapped[str | None] = mapped_column(String(40))
    journal_type: Mapped[str] = mapped_column(String(20))
    entry_date: Mapped[date] = mapped_column(Date)
    period_id: Mapped[UUID] = mapped_column(Uuid, ForeignKey(f"{S}.finance_period.id"))
    status: Mapped[str] = mapped_column(String(10), default="draft")  # draft | posted | reversed
    narration: Mapped[str] = mapped_column(String(2000), default="")
    reference: Mapped[str] = mapped_column(String(200), default="")
    payee: Mapped[str] = mapped_column(String(200), default="")
    mark: Mapped[str] = mapped_column(String(2), default="")  # plain-text status mark (* or !)
    code: Mapped[str] = mapped_column(String(60), default="")  # plain-text transaction code
    source: Mapped[str] = mapped_column(String(20), default="manual")
    reverses_id: Mapped[UUID | None] = mapped_column(Uuid)
    reversed_by_id: Mapped[UUID | None] = mapped_column(Uuid)
    auto_reverse_on: Mapped[date | None] = mapped_column(Date)
    posted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    posted_by: Mapped[str | None] = mapped_column(String(120))
    __table_args__ = (UniqueConstraint("book_id", "number"),
                      Index("ix_finance_journal_entry_book_date", "book_id", "entry_date"))


class JournalLine(IdPk, TenantScoped, Base):
    __tablename__ = "finance_journal_line"
    tenant_id: Mapped[UUID] = mapped_column(Uuid, nullable=False)
    entry_id: Mapped[UUID] = mapped_column(Uuid, ForeignKey(f"{S}.finance_journal_entry.id"), index=True)
    book_id: Mapped[UUID] = mapped_column(Uuid)
    line_no: Mapped[int] = mapped_column(Integer)
    account_id: Mapped[UUID] = mapped_column(Uuid, ForeignKey(f"{S}.finance_account.id"))
    entry_date: Mapped[date] = mapped_column(Date)
    period_id: Mapped[UUID] = mapped_column(Uuid)
    posted: Mapped[bool] = mapped_column(Boolean, default=False)
    commodity: Mapped[str] = mapped_column(String(64))
    quantity: Mapped[Any] = mapped_column(QTY)  # signed, debit positive, transaction commodity
    rate: Mapped[Any] = mapped_column(RATE)
    price_commodity: Mapped[str | None] = mapped_column(String(64))  # `@` unit price as written
    price: Mapped[Any | None] = mapped_column(RATE)
    cost_commodity: Mapped[str | None] = mapped_column(String(64))  # lot held at cost: total cost
    cost_quantity: Mapped[Any | None] = mapped_column(QTY)
    base_debit: Mapped[Any] = mapped_column(MONEY)
    base_credit: Mapped[Any] = mapped_column(MONEY)
    memo: Mapped[str] = mapped_column(String(1000), default="")
    cost_centre_id: Mapped[UUID | None] = mapped_column(Uuid)
    project_id: Mapped[UUID | None] = mapped_column(Uuid)
    # the project's activity (P6 activity code) a cost belongs to; read by projects, not a balance key
    activity_code: Mapped[str | None] = mapped_column(String(80))
    department_id: Mapped[UUID | None] = mapped_column(Uuid)
    party_id: Mapped[UUID | None] = mapped_column(Uuid)
    __table_args__ = (Index("ix_finance_journal_line_account_date", "account_id", "entry_date"),
                      Index("ix_finance_journal_line_period_date", "period_id", "entry_date"))


class Balance(TenantScoped, Base):
    """Projection: posted totals per account × period × commodity × dimension set.

    `commodity` is the value commodity (a lot's cost commodity, else the posting's); `dim_key` joins
    the four dimension ids ('' when none) so the key is unique without NULL comparisons."""

    __tablename__ = "finance_balance"
    book_id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    account_id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    period_id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    commodity: Mapped[str] = mapped_column(String(64), primary_key=True)
    dim_key: Mapped[str] = mapped_column(String(160), primary_key=True)
    cost_centre_id: Mapped[UUID | None] = mapped_column(Uuid)
    project_id: Mapped[UUID | None] = mapped_column(Uuid)
    department_id: Mapped[UUID | None] = mapped_column(Uuid)
    party_id: Mapped[UUID | None] = mapped_column(Uuid)
    base_debit: Mapped[Any] = mapped_column(MONEY, default=0)
    base_credit: Mapped[Any] = mapped_column(MONEY, default=0)
    quantity: Mapped[Any] = mapped_column(QTY, default=0)
    line_count: Mapped[int] = mapped_column(Integer, default=0)
    __table_args__ = (Index("ix_finance_balance_period", "book_id", "period_id"),)


class RecurringTemplate(IdPk, TenantScoped, Timestamped, Base):
    """A monthly entry (rent, depreciation) generated by `generate_recurring(as_of)`."""

    __tablename__ = "finance_recurring"
    book_id: Mapped[UUID] = mapped_column(Uuid, ForeignKey(f"{S}.finance_book.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    journal_type: Mapped[str] = mapped_column(String(20), default="general")
    narration: Mapped[str] = mapped_column(String(2000), default="")
    lines: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    day_of_month: Mapped[int] = mapped_column(Integer, default=1)
    interval_months: Mapped[int] = mapped_column(Integer, default=1)
    next_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
