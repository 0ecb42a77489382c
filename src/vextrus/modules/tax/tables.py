"""Tables of tax (schema `tax`; every name starts with `tax_`)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Date, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from vextrus.platform.db import Amount, IdPk, TenantScoped, Timestamped, declarative_base

Base = declarative_base("tax")


class VatRateRow(IdPk, TenantScoped, Timestamped, Base):
    """A VAT rate a tenant added (a new Finance Act, a code Vextrus does not ship). Never edited: a later
    rate is a new row from its own date; for a code and day, the tenant's row wins over the shipped one."""

    __tablename__ = "tax_vat_rate"
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    name_bn: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    rate: Mapped[Decimal] = mapped_column(Amount(6))
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date, nullable=True)
    source: Mapped[str] = mapped_column(String(500))
    confidence: Mapped[str] = mapped_column(String(10), default="high")
    __table_args__ = (UniqueConstraint("tenant_id", "code", "valid_from"),)
