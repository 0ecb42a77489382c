"""Tables of the rules module (schema `rules`): rule sets and their immutable versions."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from vextrus.platform.db import IdPk, TenantScoped, Timestamped, UtcDateTime, declarative_base
from vextrus.platform.versioning import Versioned

Base = declarative_base("rules")


class RuleSet(IdPk, TenantScoped, Timestamped, Versioned, Base):
    """A named set of rules for one subject; `current_version` points at the version that runs."""

    __tablename__ = "rules_rule_set"
    code: Mapped[str] = mapped_column(String(80))
    subject: Mapped[str] = mapped_column(String(80))
    name: Mapped[str] = mapped_column(String(200))
    name_bn: Mapped[str] = mapped_column(String(200), default="")
    mode: Mapped[str] = mapped_column(String(10))
    current_version: Mapped[int] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    __table_args__ = (UniqueConstraint("tenant_id", "code"),)


class RuleSetVersion(IdPk, TenantScoped, Base):
    """One saved state of a rule set, never changed: evaluations name the number that ran."""

    __tablename__ = "rules_rule_set_version"
    rule_set_id: Mapped[UUID] = mapped_column(Uuid, ForeignKey("rules.rules_rule_set.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    mode: Mapped[str] = mapped_column(String(10))
    rules: Mapped[Any] = mapped_column(JSON)
    note: Mapped[str] = mapped_column(String(400), default="")
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    __table_args__ = (UniqueConstraint("rule_set_id", "number"),)
