"""Tables of the projects module (schema `projects`).

Schedule moments (early/late dates, actuals, constraint dates) are naive local wall-clock
datetimes on the site's calendar (Asia/Dhaka), like P6 stores them; hours are floats (not money).
Money and quantities use exact `Amount` columns.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from vextrus.platform.db import Amount, IdPk, TenantScoped, Timestamped, UtcDateTime, declarative_base
from vextrus.platform.versioning import Versioned

Base = declarative_base("projects")
S = "projects"


def _fk(table: str) -> ForeignKey:
    return ForeignKey(f"{S}.{table}.id", ondelete="CASCADE")


class Project(IdPk, TenantScoped, Timestamped, Versioned, Base):
    __tablename__ = "project"
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    name_bn: Mapped[str] = mapped_column(String(200), default="", server_default="")  # empty: pages show `name`
    company_id: Mapped[UUID | None] = mapped_column(Uuid, index=True)  # organization's company (an id, no FK)
    client_party_id: Mapped[UUID | None] = mapped_column(Uuid)  # master_data party
    site_district_code: Mapped[str | None] = mapped_column(String(20))
    site_upazila_code: Mapped[str | None] = mapped_column(String(20))
    contract_value: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))
    currency: Mapped[str] = mapped_column(String(3), default="BDT")
    start_date: Mapped[date | None] = mapped_column(Date)
    finish_date: Mapped[date | None] = mapped_column(Date)  # contract finish (shown)
    must_finish_by: Mapped[datetime | None] = mapped_column(DateTime)  # imposed on the schedule when set
    status: Mapped[str] = mapped_column(String(20), default="planned")
    manager_user_id: Mapped[UUID | None] = mapped_column(Uuid)
    data_date: Mapped[datetime | None] = mapped_column(DateTime)
    default_calendar_id: Mapped[UUID | None] = mapped_column(Uuid)
    schedule_options: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    source: Mapped[str] = mapped_column(String(20), default="manual")  # manual | xer | mspdi | demo
    source_ref: Mapped[str | None] = mapped_column(String(80))  # P6 proj_id
    __table_args__ = (UniqueConstraint("tenant_id", "code"),)


class Wbs(IdPk, TenantScoped, Base):
    __tablename__ = "project_wbs"
    project_id: Mapped[UUID] = mapped_column(Uuid, _fk("project"), index=True)
    parent_id: Mapped[UUID | None] = mapped_column(Uuid, _fk("project_wbs"))
    code: Mapped[str] = mapped_column(String(80))
    name: Mapped[str] = mapped_column(String(200))
    seq: Mapped[int] = mapped_column(Integer, default=0)
    # P6 wbs_id: the identity of an imported WBS (short names repeat under different parents)
    source_ref: Mapped[str | None] = mapped_column(String(80))
    __table_args__ = (UniqueConstraint("project_id", "source_ref"),)


class Calendar(IdPk, TenantScoped, Base):
    """A work calendar; `project_id` None = a company calendar shared by projects."""

    __tablename__ = "project_calendar"
    project_id: Mapped[UUID | None] = mapped_column(Uuid, _fk("project"), index=True)
    code: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(200))
    work_week: Mapped[dict[str, str]] = mapped_column(JSON)  # "0".."6" (Mon..Sun) -> "08:00-12:00,..."
    use_public_holidays: Mapped[bool] = mapped_column(Boolean, default=True)
    use_monsoon: Mapped[bool] = mapped_column(Boolean, default=False)  # outdoor work


class CalendarException(IdPk, TenantScoped, Base):
    """A dated exception: empty `hours` = non-working, else that day's working hours."""

    __tablename__ = "project_calendar_exception"
    calendar_id: Mapped[UUID] = mapped_column(Uuid, _fk("project_calendar"), index=True)
    day: Mapped[date] = mapped_column(Date)
    hours: Mapped[str] = mapped_column(String(120), default="")
    kind: Mapped[str] = mapped_column(String(20), default="exception")
    name: Mapped[str] = mapped_column(String(200), default="")
    __table_args__ = (UniqueConstraint("calendar_id", "day"),)


class Holiday(IdPk, TenantScoped, Base):
    """A public holiday of the company (seeded for Bangladesh, editable)."""

    __tablename__ = "project_holiday"
    day: Mapped[date] = mapped_column(Date)
    name: Mapped[str] = mapped_column(String(200))
    name_bn: Mapped[str] = mapped_column(String(200), default="")
    moving: Mapped[bool] = mapped_column(Boolean, default=False)  # moon-dependent: confirm yearly
    __table_args__ = (UniqueConstraint("tenant_id", "day"),)


class MonsoonPeriod(IdPk, TenantScoped, Base):
    """Rainy season: outdoor calendars work `hours` (empty = not at all) on these days."""

    __tablename__ = "project_monsoon_period"
    start: Mapped[date] = mapped_column(Date)
    finish: Mapped[date] = mapped_column(Date)
    hours: Mapped[str] = mapped_column(String(120), default="08:00-12:00")
    name: Mapped[str] = mapped_column(String(200), default="Monsoon")


class Activity(IdPk, TenantScoped, Versioned, Base):
    __tablename__ = "project_activity"
    project_id: Mapped[UUID] = mapped_column(Uuid, _fk("project"), index=True)
    wbs_id: Mapped[UUID | None] = mapped_column(Uuid, ForeignKey(f"{S}.project_wbs.id", ondelete="SET NULL"))
    calendar_id: Mapped[UUID | None] = mapped_column(Uuid, ForeignKey(f"{S}.project_calendar.id",
                                                                       ondelete="SET NULL"))
    code: Mapped[str] = mapped_column(String(80))
    name: Mapped[str] = mapped_column(String(300), default="")
    type: Mapped[str] = mapped_column(String(20), default="task")
    seq: Mapped[int] = mapped_column(Integer, default=0)
    duration_hours: Mapped[float] = mapped_column(Float, default=0.0)
    # constraints
    constraint_type: Mapped[str | None] = mapped_column(String(30))
    constraint_date: Mapped[datetime | None] = mapped_column(DateTime)
    constraint2_type: Mapped[str | None] = mapped_column(String(30))
    constraint2_date: Mapped[datetime | None] = mapped_column(DateTime)
    # progress
    actual_start: Mapped[datetime | None] = mapped_column(DateTime)
    actual_finish: Mapped[datetime | None] = mapped_column(DateTime)
    remaining_hours: Mapped[float | None] = mapped_column(Float)
    percent_complete: Mapped[float] = mapped_column(Float, default=0.0)
    expected_finish: Mapped[datetime | None] = mapped_column(DateTime)  # P6 expect_end_date
    external_early_start: Mapped[datetime | None] = mapped_column(DateTime)  # P6, from links to other projects
    external_late_finish: Mapped[datetime | None] = mapped_column(DateTime)
    budget: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))  # cost loading beyond BOQ
    remaining_cost: Mapped[Decimal | None] = mapped_column(Amount(2))  # estimate to complete; None: remaining budget
    # latest schedule result
    early_start: Mapped[datetime | None] = mapped_column(DateTime)
    early_finish: Mapped[datetime | None] = mapped_column(DateTime)
    late_start: Mapped[datetime | None] = mapped_column(DateTime)
    late_finish: Mapped[datetime | None] = mapped_column(DateTime)
    total_float_hours: Mapped[float | None] = mapped_column(Float)
    free_float_hours: Mapped[float | None] = mapped_column(Float)
    critical: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(20), default="not_started")
    source_ref: Mapped[str | None] = mapped_column(String(80))  # P6 task_id / MSP UID
    __table_args__ = (UniqueConstraint("project_id", "code"),)


class Relationship(IdPk, TenantScoped, Base):
    __tablename__ = "project_relationship"
    project_id: Mapped[UUID] = mapped_column(Uuid, _fk("project"), index=True)
    predecessor_id: Mapped[UUID] = mapped_column(Uuid, _fk("project_activity"))
    successor_id: Mapped[UUID] = mapped_column(Uuid, _fk("project_activity"), index=True)
    type: Mapped[str] = mapped_column(String(2), default="FS")
    lag_hours: Mapped[float] = mapped_column(Float, default=0.0)
    # P6 allows an FS and an FF link between the same two activities
    __table_args__ = (UniqueConstraint("predecessor_id", "successor_id", "type"),)


class ProgressUpdate(IdPk, TenantScoped, Base):
    """Progress recorded at a status date (history for EV over time)."""

    __tablename__ = "project_progress"
    activity_id: Mapped[UUID] = mapped_column(Uuid, _fk("project_activity"), index=True)
    status_date: Mapped[date] = mapped_column(Date)
    percent_complete: Mapped[float] = mapped_column(Float)
    __table_args__ = (UniqueConstraint("activity_id", "status_date"),)


class Resource(IdPk, TenantScoped, Base):
    __tablename__ = "project_resource"
    project_id: Mapped[UUID] = mapped_column(Uuid, _fk("project"), index=True)
    code: Mapped[str] = mapped_column(String(80))
    name: Mapped[str] = mapped_column(String(200), default="")
    kind: Mapped[str] = mapped_column(String(20), default="labor")
    unit: Mapped[str] = mapped_column(String(20), default="h")
    rate: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))
    source_ref: Mapped[str | None] = mapped_column(String(80))
    __table_args__ = (UniqueConstraint("project_id", "code"),)


class Assignment(IdPk, TenantScoped, Base):
    __tablename__ = "project_assignment"
    activity_id: Mapped[UUID] = mapped_column(Uuid, _fk("project_activity"), index=True)
    resource_id: Mapped[UUID] = mapped_column(Uuid, _fk("project_resource"))
    budget_qty: Mapped[Decimal] = mapped_column(Amount(4), default=Decimal(0))
    actual_qty: Mapped[Decimal] = mapped_column(Amount(4), default=Decimal(0))
    budget_cost: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))


class ActivityCode(IdPk, TenantScoped, Base):
    """An activity code value (P6 ACTVTYPE/ACTVCODE) attached to an activity."""

    __tablename__ = "project_activity_code"
    activity_id: Mapped[UUID] = mapped_column(Uuid, _fk("project_activity"), index=True)
    code_type: Mapped[str] = mapped_column(String(80))
    value: Mapped[str] = mapped_column(String(120))
    __table_args__ = (UniqueConstraint("activity_id", "code_type"),)


class BoqItem(IdPk, TenantScoped, Versioned, Base):
    """A bill-of-quantities line; amount = quantity x rate (rounded to poisha)."""

    __tablename__ = "project_boq_item"
    project_id: Mapped[UUID] = mapped_column(Uuid, _fk("project"), index=True)
    wbs_id: Mapped[UUID | None] = mapped_column(Uuid, ForeignKey(f"{S}.project_wbs.id", ondelete="SET NULL"))
    activity_id: Mapped[UUID | None] = mapped_column(Uuid, ForeignKey(f"{S}.project_activity.id",
                                                                       ondelete="SET NULL"))
    item_no: Mapped[str] = mapped_column(String(40))
    item_id: Mapped[UUID | None] = mapped_column(Uuid)  # master_data item
    description: Mapped[str] = mapped_column(String(400))
    unit: Mapped[str] = mapped_column(String(20))
    quantity: Mapped[Decimal] = mapped_column(Amount(4))
    rate: Mapped[Decimal] = mapped_column(Amount(2))
    amount: Mapped[Decimal] = mapped_column(Amount(2))
    __table_args__ = (UniqueConstraint("project_id", "item_no"),)


class ScheduleRun(IdPk, TenantScoped, Timestamped, Base):
    """One CPM run: its data date, finish and the network errors it found."""

    __tablename__ = "project_schedule_run"
    project_id: Mapped[UUID] = mapped_column(Uuid, _fk("project"), index=True)
    data_date: Mapped[datetime] = mapped_column(DateTime)
    project_finish: Mapped[datetime | None] = mapped_column(DateTime)
    critical_count: Mapped[int] = mapped_column(Integer, default=0)
    issues: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    millis: Mapped[int] = mapped_column(Integer, default=0)
    # what the run overwrote, so the last run can be undone (only the latest run keeps previous_dates)
    previous_data_date: Mapped[datetime | None] = mapped_column(DateTime)
    previous_finish: Mapped[datetime | None] = mapped_column(DateTime)
    previous_dates: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    undone: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class Baseline(IdPk, TenantScoped, Timestamped, Base):
    __tablename__ = "project_baseline"
    project_id: Mapped[UUID] = mapped_column(Uuid, _fk("project"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    data_date: Mapped[datetime] = mapped_column(DateTime)
    project_finish: Mapped[datetime | None] = mapped_column(DateTime)


class BaselineActivity(IdPk, TenantScoped, Base):
    __tablename__ = "project_baseline_activity"
    baseline_id: Mapped[UUID] = mapped_column(Uuid, _fk("project_baseline"), index=True)
    activity_code: Mapped[str] = mapped_column(String(80))
    early_start: Mapped[datetime] = mapped_column(DateTime)
    early_finish: Mapped[datetime] = mapped_column(DateTime)
    late_start: Mapped[datetime | None] = mapped_column(DateTime)
    late_finish: Mapped[datetime | None] = mapped_column(DateTime)
    total_float_hours: Mapped[float | None] = mapped_column(Float)
    budget: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))


class ActualCost(IdPk, TenantScoped, Timestamped, Base):
    """Cost incurred on an activity (by API, or from a finance posting: `source_ref` dedupes)."""

    __tablename__ = "project_actual_cost"
    project_id: Mapped[UUID] = mapped_column(Uuid, _fk("project"), index=True)
    activity_id: Mapped[UUID | None] = mapped_column(Uuid, ForeignKey(f"{S}.project_activity.id",
                                                                       ondelete="SET NULL"), index=True)
    cost_date: Mapped[date] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(Amount(2))
    currency: Mapped[str] = mapped_column(String(3), default="BDT")
    source: Mapped[str] = mapped_column(String(20), default="api")
    source_ref: Mapped[str | None] = mapped_column(String(120))
    memo: Mapped[str] = mapped_column(Text, default="")
    __table_args__ = (UniqueConstraint("tenant_id", "source", "source_ref"),)


TENANT_TABLES = (
    "project", "project_wbs", "project_calendar", "project_calendar_exception", "project_holiday",
    "project_monsoon_period", "project_activity", "project_relationship", "project_progress",
    "project_resource", "project_assignment", "project_activity_code", "project_boq_item",
    "project_schedule_run", "project_baseline", "project_baseline_activity", "project_actual_cost",
)


class TeamMember(IdPk, TenantScoped, Base):
    """Someone (auth's user id) on a project's team in one role (`domain.team.TEAM_ROLES`); a user may hold
    several roles on a project, each once."""

    __tablename__ = "project_member"
    project_id: Mapped[UUID] = mapped_column(Uuid, _fk("project"), index=True)
    user_id: Mapped[UUID] = mapped_column(Uuid)
    role: Mapped[str] = mapped_column(String(40))
    added_by: Mapped[str] = mapped_column(String(120), default="")
    added_at: Mapped[datetime] = mapped_column(UtcDateTime)
    __table_args__ = (UniqueConstraint("project_id", "user_id", "role"),)
