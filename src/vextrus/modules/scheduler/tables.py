"""Tables of the scheduler module (schema `scheduler`)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import Boolean, Index, Integer, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from vextrus.platform.db import IdPk, TenantScoped, Timestamped, UtcDateTime, declarative_base
from vextrus.platform.versioning import Versioned

Base = declarative_base("scheduler")


class ScheduledJob(IdPk, TenantScoped, Timestamped, Versioned, Base):
    """A schedule a user made for an action (one of the jobs the modules declare). `next_run_at` and the
    last run are written by the scheduler itself (unversioned: a tick never makes an open edit stale)."""

    __tablename__ = "scheduler_job"
    __unversioned__ = ("next_run_at", "last_run_at", "last_status")
    name: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(String(400), default="")
    kind: Mapped[str] = mapped_column(String(10))  # cron | interval | once
    cron: Mapped[str | None] = mapped_column(String(120))
    interval_seconds: Mapped[int | None] = mapped_column(Integer)
    run_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    next_run_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    max_retries: Mapped[int] = mapped_column(Integer, default=0)
    retry_base_seconds: Mapped[int] = mapped_column(Integer, default=60)
    timeout_seconds: Mapped[int] = mapped_column(Integer, default=600)
    last_run_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_status: Mapped[str] = mapped_column(String(12), default="")
    created_by: Mapped[str] = mapped_column(String(120))
    __table_args__ = (UniqueConstraint("tenant_id", "name"),
                      Index("ix_scheduler_job_due", "tenant_id", "paused", "next_run_at"))


class JobRun(IdPk, TenantScoped, Base):
    """One execution, and the claim that makes it happen once: the key (job, planned time, attempt) is
    unique, so of several workers ticking at once exactly one inserts the row and runs the job."""

    __tablename__ = "scheduler_run"
    job_name: Mapped[str] = mapped_column(String(120))
    job_id: Mapped[UUID | None] = mapped_column(Uuid)  # None: a job a module declares (run now from the list)
    planned_at: Mapped[datetime] = mapped_column(UtcDateTime)
    attempt: Mapped[int] = mapped_column(Integer, default=1)
    trigger: Mapped[str] = mapped_column(String(10))  # schedule | retry | manual
    status: Mapped[str] = mapped_column(String(12))  # running | succeeded | failed | timed_out
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    lag_ms: Mapped[int] = mapped_column(Integer, default=0)  # started minus planned
    duration_ms: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str] = mapped_column(String(2000), default="")
    retry_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    worker: Mapped[str] = mapped_column(String(120), default="")
    actor: Mapped[str] = mapped_column(String(120), default="")
    __table_args__ = (UniqueConstraint("tenant_id", "job_name", "planned_at", "attempt"),
                      Index("ix_scheduler_run_job", "tenant_id", "job_name", "started_at"),
                      Index("ix_scheduler_run_retry", "tenant_id", "retry_at"))


class DeclaredJobState(IdPk, TenantScoped, Timestamped, Versioned, Base):
    """A tenant's switch for a job a module declares (it runs on its manifest's schedule): paused or not.
    No row: running."""

    __tablename__ = "scheduler_declared"
    name: Mapped[str] = mapped_column(String(120))
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    changed_by: Mapped[str] = mapped_column(String(120), default="")
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)
