"""Tables of the workflow module (schema `workflow`)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, UniqueConstraint, Uuid, false
from sqlalchemy.orm import Mapped, mapped_column

from vextrus.platform.db import Amount, IdPk, TenantScoped, Timestamped, UtcDateTime, declarative_base
from vextrus.platform.versioning import Versioned

Base = declarative_base("workflow")


class Definition(IdPk, TenantScoped, Timestamped, Versioned, Base):
    """An approval workflow for one subject; `current_version` is the one new submissions follow."""

    __tablename__ = "workflow_definition"
    code: Mapped[str] = mapped_column(String(80))
    subject: Mapped[str] = mapped_column(String(80))
    name: Mapped[str] = mapped_column(String(200))
    name_bn: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    current_version: Mapped[int] = mapped_column(Integer)
    __table_args__ = (UniqueConstraint("tenant_id", "code"),)


class DefinitionVersion(IdPk, TenantScoped, Base):
    """One saved state of a definition, never changed: an instance follows the version it started with."""

    __tablename__ = "workflow_definition_version"
    definition_id: Mapped[UUID] = mapped_column(Uuid, ForeignKey(
        "workflow.workflow_definition.id", ondelete="CASCADE", name="fk_workflow_definition_version_definition"))
    number: Mapped[int] = mapped_column(Integer)
    mode: Mapped[str] = mapped_column(String(10))
    steps: Mapped[Any] = mapped_column(JSON)
    sod_rule_set: Mapped[str | None] = mapped_column(String(80))
    note: Mapped[str] = mapped_column(String(400), default="")
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    __table_args__ = (UniqueConstraint("definition_id", "number"),)


class Instance(IdPk, TenantScoped, Versioned, Base):
    """One document going through a definition's version."""

    __tablename__ = "workflow_instance"
    company_id: Mapped[UUID | None] = mapped_column(Uuid)
    definition_id: Mapped[UUID] = mapped_column(Uuid, ForeignKey("workflow.workflow_definition.id"))
    definition_code: Mapped[str] = mapped_column(String(80))
    definition_version: Mapped[int] = mapped_column(Integer)
    mode: Mapped[str] = mapped_column(String(10))
    subject: Mapped[str] = mapped_column(String(80))
    document_id: Mapped[UUID] = mapped_column(Uuid)
    document_label: Mapped[str] = mapped_column(String(200), default="")
    amount: Mapped[Decimal] = mapped_column(Amount(2))
    currency: Mapped[str] = mapped_column(String(3))
    data: Mapped[Any] = mapped_column(JSON)
    context: Mapped[Any] = mapped_column(JSON)
    sod_rule_set: Mapped[str | None] = mapped_column(String(80))
    submitter_id: Mapped[UUID | None] = mapped_column(Uuid)
    creator_id: Mapped[UUID | None] = mapped_column(Uuid)
    related_creators: Mapped[Any] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(12))
    submitted_at: Mapped[datetime] = mapped_column(UtcDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    __table_args__ = (Index("ix_workflow_instance_document", "tenant_id", "subject", "document_id"),)


class Task(IdPk, TenantScoped, Versioned, Base):
    """One step of an instance: who may decide it, how many approvals it needs, when it times out."""

    __tablename__ = "workflow_task"
    instance_id: Mapped[UUID] = mapped_column(Uuid, ForeignKey("workflow.workflow_instance.id", ondelete="CASCADE"))
    step_index: Mapped[int] = mapped_column(Integer)
    step_key: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    name_bn: Mapped[str] = mapped_column(String(200), default="")
    approver_kind: Mapped[str] = mapped_column(String(20))
    role: Mapped[str | None] = mapped_column(String(80))
    user_ids: Mapped[Any] = mapped_column(JSON)
    quorum: Mapped[str] = mapped_column(String(5))
    limit_permission: Mapped[str | None] = mapped_column(String(120))
    status: Mapped[str] = mapped_column(String(12))
    approvals: Mapped[int] = mapped_column(Integer, default=0)
    needed: Mapped[int] = mapped_column(Integer, default=1)
    timeout_hours: Mapped[int | None] = mapped_column(Integer)
    timeout_action: Mapped[str] = mapped_column(String(10))
    activated_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    due_at: Mapped[datetime | None] = mapped_column(UtcDateTime, index=True)
    reminders: Mapped[int] = mapped_column(Integer, default=0)
    # starts together with the step before it (workflow_0005; False for every step stored before)
    with_previous: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    __table_args__ = (UniqueConstraint("instance_id", "step_index"),)


class HistoryEntry(IdPk, TenantScoped, Base):
    """The instance's timeline: submitted, approved, rejected, comment, reminded, escalated, timed out.
    A vote carries `vote_key` (task + whose authority), unique: the same decision twice has one effect."""

    __tablename__ = "workflow_history"
    instance_id: Mapped[UUID] = mapped_column(Uuid, ForeignKey("workflow.workflow_instance.id", ondelete="CASCADE"),
                                              index=True)
    task_id: Mapped[UUID | None] = mapped_column(Uuid)
    step_key: Mapped[str | None] = mapped_column(String(40))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    kind: Mapped[str] = mapped_column(String(20))
    actor: Mapped[str] = mapped_column(String(120))
    actor_id: Mapped[UUID | None] = mapped_column(Uuid)
    on_behalf_of_id: Mapped[UUID | None] = mapped_column(Uuid)
    comment: Mapped[str] = mapped_column(String(1000), default="")
    vote_key: Mapped[str | None] = mapped_column(String(80))
    __table_args__ = (UniqueConstraint("tenant_id", "vote_key"),)


class Delegation(IdPk, TenantScoped, Base):
    """While `from_user` is away (from–to, Dhaka dates), `to_user` decides their steps "for" them.
    `roles`: the roles the delegator held in the company when delegating (auth's api gives no other
    user's roles); their amount limit is read live at each decision."""

    __tablename__ = "workflow_delegation"
    company_id: Mapped[UUID | None] = mapped_column(Uuid)
    from_user_id: Mapped[UUID] = mapped_column(Uuid, index=True)
    to_user_id: Mapped[UUID] = mapped_column(Uuid, index=True)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    roles: Mapped[Any] = mapped_column(JSON)
    note: Mapped[str] = mapped_column(String(400), default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
