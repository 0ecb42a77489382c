"""Tables of the configuration module (schema `configuration`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vextrus.platform.db import IdPk, TenantScoped, Timestamped, UtcDateTime, declarative_base
from vextrus.platform.versioning import Versioned

Base = declarative_base("configuration")


class SettingValue(IdPk, TenantScoped, Timestamped, Versioned, Base):
    """A tenant's value for a declared setting; absent means the declared default."""

    __tablename__ = "configuration_setting_value"
    key: Mapped[str] = mapped_column(String(120))
    value: Mapped[Any] = mapped_column(JSON)
    updated_by: Mapped[str] = mapped_column(String(120))
    __table_args__ = (UniqueConstraint("tenant_id", "key"),)


class FeatureFlag(IdPk, TenantScoped, Timestamped, Versioned, Base):
    __tablename__ = "configuration_feature_flag"
    key: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(String(400), default="")
    enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    rollout_percent: Mapped[int | None] = mapped_column(Integer)
    starts_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    ends_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    overrides: Mapped[list[FlagOverride]] = relationship(
        back_populates="flag", cascade="all, delete-orphan", lazy="selectin", order_by="FlagOverride.kind")
    __table_args__ = (UniqueConstraint("tenant_id", "key"),)


class FlagOverride(IdPk, TenantScoped, Base):
    """Force a flag on or off for one user or one role."""

    __tablename__ = "configuration_flag_override"
    flag_id: Mapped[UUID] = mapped_column(Uuid, ForeignKey("configuration.configuration_feature_flag.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10))
    subject: Mapped[str] = mapped_column(String(120))
    enabled: Mapped[bool] = mapped_column(Boolean)
    flag: Mapped[FeatureFlag] = relationship(back_populates="overrides")
    __table_args__ = (UniqueConstraint("flag_id", "kind", "subject"),)
