"""Tables of portal (schema `portal`; every name starts with `portal_`)."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from vextrus.platform.db import IdPk, TenantScoped, Timestamped, declarative_base

Base = declarative_base("portal")


class AccountRow(IdPk, TenantScoped, Timestamped, Base):
    """A user who signs in as a customer party: what they may see is that party's own documents."""

    __tablename__ = "portal_account"
    user_id: Mapped[UUID] = mapped_column(Uuid)
    party_id: Mapped[UUID] = mapped_column(Uuid)
    company_id: Mapped[UUID] = mapped_column(Uuid)
    email: Mapped[str] = mapped_column(String(254))
    invited_by: Mapped[str] = mapped_column(String(120))
    __table_args__ = (UniqueConstraint("tenant_id", "user_id"),)
