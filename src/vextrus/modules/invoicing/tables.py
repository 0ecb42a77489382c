"""Tables of invoicing (schema `invoicing`; every name starts with `invoicing_`)."""

from __future__ import annotations

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from vextrus.platform.db import IdPk, TenantScoped, Timestamped, declarative_base
from vextrus.platform.versioning import Versioned

Base = declarative_base("invoicing")


class NoteRow(IdPk, TenantScoped, Timestamped, Versioned, Base):
    """A note users write and edit (so it is versioned: `version` is checked on every UPDATE)."""

    __tablename__ = "invoicing_note"
    code: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    title_bn: Mapped[str] = mapped_column(String(200), default="")
    __table_args__ = (UniqueConstraint("tenant_id", "code"),)
