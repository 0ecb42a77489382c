"""Tables of the audit module (schema `audit`): the records (a hash chain per tenant), the chain
heads, retention policies and the archive files' manifest.

The free-text index is the database's own: on PostgreSQL a GIN index over
`to_tsvector('simple', search_text)`; on SQLite the FTS5 table `audit_record_fts` (made by the
migration, written beside each record)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import JSON, BigInteger, Boolean, Index, Integer, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from vextrus.platform.db import IdPk, TenantScoped, UtcDateTime, declarative_base

Base = declarative_base("audit")


class AuditRecord(IdPk, TenantScoped, Base):
    """One event as the audit trail keeps it; never updated. `hash` covers every other column but
    `search_text` (derived), and `prev_hash` links it to the tenant's record `seq - 1`."""

    __tablename__ = "audit_record"
    seq: Mapped[int] = mapped_column(BigInteger)
    company_id: Mapped[UUID | None] = mapped_column(Uuid)  # the company whose object it is; None: the tenant's
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    event_id: Mapped[UUID] = mapped_column(Uuid)
    event_name: Mapped[str] = mapped_column(String(120))
    event_version: Mapped[int] = mapped_column(Integer)
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)
    actor: Mapped[str] = mapped_column(String(120))
    request_id: Mapped[str | None] = mapped_column(String(120))
    client_address: Mapped[str | None] = mapped_column(String(120))
    object_type: Mapped[str] = mapped_column(String(120))
    object_id: Mapped[str] = mapped_column(String(120))
    object_label: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(60))
    changes: Mapped[dict[str, Any]] = mapped_column(JSON)
    before_known: Mapped[bool] = mapped_column(Boolean)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    search_text: Mapped[str] = mapped_column(Text)
    __table_args__ = (
        UniqueConstraint("tenant_id", "seq"),
        UniqueConstraint("tenant_id", "event_id"),
        Index("ix_audit_record_object", "tenant_id", "object_type", "object_id", "seq"),
        Index("ix_audit_record_occurred", "tenant_id", "occurred_at"),
        Index("ix_audit_record_actor", "tenant_id", "actor"),
        Index("ix_audit_record_company", "tenant_id", "company_id", "seq"),
        Index("ix_audit_record_object_id", "tenant_id", "object_id"),
    )


class AuditChainHead(Base):
    """The newest record of a tenant's chain: locked (FOR UPDATE) while a record is appended, so
    records are appended one at a time per tenant even with several relay workers; also the
    anchor that shows the newest records were deleted."""

    __tablename__ = "audit_chain_head"
    tenant_id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    last_seq: Mapped[int] = mapped_column(BigInteger)
    last_hash: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class AuditRetentionPolicy(IdPk, TenantScoped, Base):
    __tablename__ = "audit_retention_policy"
    pattern: Mapped[str] = mapped_column(String(120))
    live_days: Mapped[int] = mapped_column(Integer)
    retain_years: Mapped[int] = mapped_column(Integer)
    updated_by: Mapped[str] = mapped_column(String(120))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    __table_args__ = (UniqueConstraint("tenant_id", "pattern"),)


class AuditArchive(IdPk, TenantScoped, Base):
    """One archive file (gzip JSON lines) of records moved out of the live table; `sha256` of the
    file, so a changed or missing file is reported by `audit verify`."""

    __tablename__ = "audit_archive"
    file_name: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64))
    records: Mapped[int] = mapped_column(Integer)
    first_seq: Mapped[int] = mapped_column(BigInteger)
    last_seq: Mapped[int] = mapped_column(BigInteger)
    oldest_at: Mapped[datetime] = mapped_column(UtcDateTime)
    newest_at: Mapped[datetime] = mapped_column(UtcDateTime)
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # Set when the file was deleted after every record in it passed its policy's `retain_years`. Each run
    # of consecutive sequence numbers in the file keeps its ends ([first seq, last seq, the first's
    # `prev_hash`, the last's `hash`]), so `verify` links the records around the gap.
    purged_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    purged_runs: Mapped[list[Any] | None] = mapped_column(JSON)
