"""Tables of interchange (schema `interchange`; every name starts with `interchange_`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import JSON, Index, Integer, LargeBinary, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from vextrus.platform.db import IdPk, TenantScoped, Timestamped, UtcDateTime, declarative_base

Base = declarative_base("interchange")


class MappingRow(IdPk, TenantScoped, Timestamped, Base):
    """A user's column mapping for a target ({file header: field}), reused for their next file.
    Written by the system when a mapping is used, not edited as a form: not versioned."""

    __tablename__ = "interchange_mapping"
    user_id: Mapped[UUID] = mapped_column(Uuid)
    target: Mapped[str] = mapped_column(String(80))
    columns: Mapped[dict[str, str]] = mapped_column(JSON)
    __table_args__ = (UniqueConstraint("tenant_id", "user_id", "target"),)


class ImportRunRow(IdPk, TenantScoped, Timestamped, Base):
    """One import: the upload (kept until it is committed), its mapping, the dry run's figures and
    problems, the commit's mode and outcome, the file of refused rows (in files) and the background
    run that did the work, if any. Status: uploaded → checked → committed | refused | failed."""

    __tablename__ = "interchange_import_run"
    company_id: Mapped[UUID | None] = mapped_column(Uuid)
    user_id: Mapped[UUID] = mapped_column(Uuid)
    actor: Mapped[str] = mapped_column(String(120))
    target: Mapped[str] = mapped_column(String(80))
    file_name: Mapped[str] = mapped_column(String(200))
    file_format: Mapped[str] = mapped_column(String(8))
    encoding: Mapped[str | None] = mapped_column(String(20))
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes | None] = mapped_column(LargeBinary)
    header: Mapped[list[str]] = mapped_column(JSON)
    mapping: Mapped[dict[str, str]] = mapped_column(JSON)
    lang: Mapped[str] = mapped_column(String(5))
    status: Mapped[str] = mapped_column(String(20))
    mode: Mapped[str | None] = mapped_column(String(20))
    rows_total: Mapped[int] = mapped_column(Integer, default=0)
    rows_valid: Mapped[int] = mapped_column(Integer, default=0)
    rows_refused: Mapped[int] = mapped_column(Integer, default=0)
    rows_written: Mapped[int] = mapped_column(Integer, default=0)
    problems: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    error: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    result_file_id: Mapped[UUID | None] = mapped_column(Uuid)
    result_format: Mapped[str | None] = mapped_column(String(8))
    job_id: Mapped[UUID | None] = mapped_column(Uuid)
    checked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    committed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    __table_args__ = (Index("ix_interchange_import_run_user", "tenant_id", "user_id", "created_at"),)
