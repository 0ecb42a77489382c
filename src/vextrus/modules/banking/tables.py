"""Tables of banking (schema `banking`; every name starts with `banking_`). No foreign keys to other modules:
the company, the ledger account (by code) and journal lines are stored as ids/codes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from sqlalchemy import Date, ForeignKey, Index, Integer, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from vextrus.platform.db import Amount, IdPk, TenantScoped, Timestamped, declarative_base
from vextrus.platform.versioning import Versioned

Base = declarative_base("banking")
S = "banking"


class BankAccountRow(IdPk, TenantScoped, Timestamped, Versioned, Base):
    """A company's account at a bank, tied to one postable ledger account (e.g. 1120 Cash at bank)."""

    __tablename__ = "banking_account"
    company_id: Mapped[UUID] = mapped_column(Uuid)
    bank_name: Mapped[str] = mapped_column(String(200))
    branch: Mapped[str] = mapped_column(String(200), default="")
    account_number: Mapped[str] = mapped_column(String(40))
    currency: Mapped[str] = mapped_column(String(3), default="BDT")
    ledger_account_code: Mapped[str] = mapped_column(String(40))
    __table_args__ = (UniqueConstraint("tenant_id", "company_id", "account_number"),)


class StatementRow(IdPk, TenantScoped, Timestamped, Base):
    """One imported statement; `content_key` makes importing the same statement twice a no-op."""

    __tablename__ = "banking_statement"
    company_id: Mapped[UUID] = mapped_column(Uuid)
    account_id: Mapped[UUID] = mapped_column(Uuid, ForeignKey(f"{S}.banking_account.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    fmt: Mapped[str] = mapped_column(String(10))
    filename: Mapped[str] = mapped_column(String(200), default="")
    statement_ref: Mapped[str] = mapped_column(String(100), default="")
    date_from: Mapped[date] = mapped_column(Date)
    date_to: Mapped[date] = mapped_column(Date)
    opening: Mapped[Decimal] = mapped_column(Amount(2))
    closing: Mapped[Decimal] = mapped_column(Amount(2))
    line_count: Mapped[int] = mapped_column(Integer)
    content_key: Mapped[str] = mapped_column(String(40))
    __table_args__ = (UniqueConstraint("account_id", "content_key"), UniqueConstraint("account_id", "seq"))


class StatementLineRow(IdPk, TenantScoped, Versioned, Base):
    """A statement line; `amount` is positive for a deposit, negative for a withdrawal."""

    __tablename__ = "banking_statement_line"
    account_id: Mapped[UUID] = mapped_column(Uuid)
    statement_id: Mapped[UUID] = mapped_column(Uuid, ForeignKey(f"{S}.banking_statement.id"), index=True)
    line_no: Mapped[int] = mapped_column(Integer)
    line_date: Mapped[date] = mapped_column(Date)
    description: Mapped[str] = mapped_column(String(500), default="")
    reference: Mapped[str] = mapped_column(String(100), default="")
    amount: Mapped[Decimal] = mapped_column(Amount(2))
    balance: Mapped[Decimal | None] = mapped_column(Amount(2), nullable=True)
    fingerprint: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(10), default="unmatched")  # unmatched | matched
    __table_args__ = (UniqueConstraint("account_id", "fingerprint"),
                      Index("ix_banking_statement_line_account_status", "account_id", "status"))


class MatchRow(IdPk, TenantScoped, Timestamped, Base):
    """One statement line cleared against one journal line of finance (a line may take several)."""

    __tablename__ = "banking_match"
    account_id: Mapped[UUID] = mapped_column(Uuid, index=True)
    statement_line_id: Mapped[UUID] = mapped_column(Uuid, ForeignKey(f"{S}.banking_statement_line.id"),
                                                    index=True)
    journal_line_id: Mapped[UUID] = mapped_column(Uuid)
    entry_id: Mapped[UUID] = mapped_column(Uuid)
    amount: Mapped[Decimal] = mapped_column(Amount(2))
    matched_by: Mapped[str] = mapped_column(String(120), default="")
    __table_args__ = (UniqueConstraint("tenant_id", "journal_line_id"),)
