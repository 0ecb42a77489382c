"""Tables of the notifications module (schema `notifications`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import JSON, Boolean, Index, Integer, LargeBinary, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from vextrus.platform.db import IdPk, TenantScoped, Timestamped, UtcDateTime, declarative_base
from vextrus.platform.versioning import Versioned

Base = declarative_base("notifications")


class Template(IdPk, TenantScoped, Timestamped, Versioned, Base):
    """A tenant's words for one event, channel and language (absent: the catalogue's default)."""

    __tablename__ = "notifications_template"
    event: Mapped[str] = mapped_column(String(120))
    channel: Mapped[str] = mapped_column(String(20))
    locale: Mapped[str] = mapped_column(String(5))
    subject: Mapped[str] = mapped_column(String(400), default="")
    body: Mapped[str] = mapped_column(Text)
    updated_by: Mapped[str] = mapped_column(String(120))
    __table_args__ = (UniqueConstraint("tenant_id", "event", "channel", "locale"),)


class Preference(IdPk, TenantScoped, Timestamped, Base):
    """How a user hears of an event on a channel: immediate, digest (email, daily) or off."""

    __tablename__ = "notifications_preference"
    user_id: Mapped[UUID] = mapped_column(Uuid)
    event: Mapped[str] = mapped_column(String(120))
    channel: Mapped[str] = mapped_column(String(20))
    mode: Mapped[str] = mapped_column(String(10))
    __table_args__ = (UniqueConstraint("tenant_id", "user_id", "event", "channel"),
                      Index("ix_notifications_preference_event", "tenant_id", "event"))


class Delivery(IdPk, TenantScoped, Base):
    """One message to one address on one channel: the notification outbox. Made in the same transaction
    as the handler's inbox row (so once per event); `key` is unique per tenant, so the same message is
    never queued twice; the status moves pending → sending → sent, or back to pending with a later
    `next_attempt_at` after a failure, or to dead after the last attempt. In-app messages are `sent` at
    once and carry `read_at`."""

    __tablename__ = "notifications_delivery"
    key: Mapped[str] = mapped_column(String(200))
    event_id: Mapped[UUID | None] = mapped_column(Uuid)
    event: Mapped[str] = mapped_column(String(120))
    channel: Mapped[str] = mapped_column(String(20))  # email | sms | in_app | webhook
    user_id: Mapped[UUID | None] = mapped_column(Uuid)
    address: Mapped[str] = mapped_column(String(500), default="")
    webhook_id: Mapped[UUID | None] = mapped_column(Uuid)
    locale: Mapped[str] = mapped_column(String(5), default="en")
    subject: Mapped[str] = mapped_column(String(400), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    link: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[str] = mapped_column(String(12))  # pending | sending | sent | dead | held | digested
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    claimed_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_error: Mapped[str] = mapped_column(String(1000), default="")
    provider: Mapped[str] = mapped_column(String(60), default="")
    parts: Mapped[int] = mapped_column(Integer, default=0)  # SMS parts
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    read_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # one file sent with an email (`api.send_email`: an RFQ's PDF to a vendor), kept with the message so a
    # retry after a crash sends the same bytes
    attachment_name: Mapped[str] = mapped_column(String(200), default="")
    attachment_type: Mapped[str] = mapped_column(String(100), default="")
    attachment: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    __table_args__ = (UniqueConstraint("tenant_id", "key"),
                      Index("ix_notifications_delivery_due", "tenant_id", "status", "next_attempt_at"),
                      Index("ix_notifications_delivery_user", "tenant_id", "user_id", "channel", "read_at"))


class Attempt(IdPk, TenantScoped, Base):
    """The delivery log: every try of every delivery, with its outcome."""

    __tablename__ = "notifications_attempt"
    delivery_id: Mapped[UUID] = mapped_column(Uuid, index=True)
    number: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    ok: Mapped[bool] = mapped_column(Boolean)
    provider: Mapped[str] = mapped_column(String(60), default="")
    error: Mapped[str] = mapped_column(String(1000), default="")


class Webhook(IdPk, TenantScoped, Timestamped, Versioned, Base):
    """An endpoint that receives events as signed JSON; switched off after `max_failures` failed tries
    in a row (an administrator switches it on again)."""

    __tablename__ = "notifications_webhook"
    __unversioned__ = ("failures",)
    name: Mapped[str] = mapped_column(String(120))
    url: Mapped[str] = mapped_column(String(500))
    secret: Mapped[str] = mapped_column(String(200))
    events: Mapped[Any] = mapped_column(JSON)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    max_failures: Mapped[int] = mapped_column(Integer, default=5)
    disabled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
