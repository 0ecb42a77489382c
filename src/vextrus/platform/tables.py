"""The platform's own tables: tenants, the event outbox and inbox, idempotency keys."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import JSON, Index, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from vextrus.platform import clock
from vextrus.platform.db import UtcDateTime, declarative_base
from vextrus.platform.ids import new_id

PlatformBase = declarative_base("platform")


class Tenant(PlatformBase):
    """A customer of Vextrus (a group of companies). Every business row carries its id."""

    __tablename__ = "tenant"
    id: Mapped[UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    name_bn: Mapped[str | None] = mapped_column(String(200))
    is_demo: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=clock.now)


class OutboxEvent(PlatformBase):
    """Events written in the same transaction as the change they describe."""

    __tablename__ = "outbox_event"
    id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    version: Mapped[int] = mapped_column(Integer)
    tenant_id: Mapped[UUID | None] = mapped_column(Uuid)
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime)
    actor: Mapped[str] = mapped_column(String(120))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    published_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    __table_args__ = (Index("ix_outbox_event_unpublished", "published_at", "id"),)


class InboxEntry(PlatformBase):
    """One row per (handler, event) handled: makes at-least-once delivery idempotent."""

    __tablename__ = "inbox_entry"
    handler: Mapped[str] = mapped_column(String(160), primary_key=True)
    event_id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    handled_at: Mapped[datetime] = mapped_column(UtcDateTime, default=clock.now)
    __table_args__ = (Index("ix_inbox_entry_event_id", "event_id"),)  # the relay asks by event (platform_0006)


class IdempotencyRecord(PlatformBase):
    """The first result of a mutation, returned again for a repeated idempotency key."""

    __tablename__ = "idempotency_record"
    tenant_id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    scope: Mapped[str] = mapped_column(String(120), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    request_hash: Mapped[str] = mapped_column(String(64))
    response: Mapped[Any] = mapped_column(JSON, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=clock.now)
