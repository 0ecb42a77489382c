"""Events the projects module publishes (its public contract)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from uuid import UUID

from vextrus.platform.events import Event


class ProjectCreated(Event):
    name = "projects.project.created"
    project_id: UUID
    code: str
    project_name: str
    project_name_bn: str = ""  # additive: empty when the project has no Bangla name
    source: str = "manual"


class ProjectUpdated(Event):
    name = "projects.project.updated"
    project_id: UUID
    code: str
    changed: list[str]


class ProjectImported(Event):
    name = "projects.project.imported"
    project_id: UUID
    code: str
    format: str  # xer | mspdi
    activities: int
    relationships: int
    skipped: int


class ActivityChanged(Event):
    name = "projects.activity.changed"
    project_id: UUID
    activity_id: UUID
    code: str
    changed: list[str]


class ScheduleComputed(Event):
    name = "projects.schedule.computed"
    project_id: UUID
    code: str
    data_date: datetime  # the data date (P6 keeps its hour)
    project_finish: datetime | None
    critical: int
    issues: int


class ScheduleUndone(Event):
    """The last schedule run was undone: the activities' dates and the data date are as before it."""

    name = "projects.schedule.undone"
    project_id: UUID
    code: str
    run_id: UUID
    data_date: datetime | None  # the data date restored
    project_finish: datetime | None  # the finish restored


class BaselineSaved(Event):
    name = "projects.baseline.saved"
    project_id: UUID
    baseline_id: UUID
    baseline_name: str
    activities: int


class ActualCostRecorded(Event):
    name = "projects.cost.recorded"
    project_id: UUID
    activity_code: str | None
    amount: Decimal
    currency: str
    source: str


class BoqChanged(Event):
    name = "projects.boq.changed"
    project_id: UUID
    item_no: str
    amount: Decimal
