"""The projects subgraph: federated `Project` and `Activity` entities, schedule and EVM."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

import strawberry

from vextrus.platform.graphql import Connection, Subgraph, to_connection

from . import service
from .service import costs


@strawberry.type
class ScheduleIssue:
    kind: str
    activities: list[str]
    message: str


@strawberry.type
class ScheduleRunResult:
    scheduled: bool
    data_date: datetime
    project_finish: datetime | None
    critical_path: list[str]
    issues: list[ScheduleIssue]

    @classmethod
    def of(cls, s: service.ScheduleSummary) -> ScheduleRunResult:
        return cls(scheduled=s.scheduled, data_date=s.data_date, project_finish=s.project_finish,
                   critical_path=s.critical_path,
                   issues=[ScheduleIssue(kind=i.kind, activities=i.activities, message=i.message) for i in s.issues])


@strawberry.type
class EarnedValue:
    currency: str
    status_date: datetime
    bac: Decimal
    pv: Decimal
    ev: Decimal
    ac: Decimal
    sv: Decimal
    cv: Decimal
    spi: Decimal | None
    cpi: Decimal | None
    eac: Decimal | None = strawberry.field(description="EAC = BAC / CPI")
    etc: Decimal | None
    vac: Decimal | None
    tcpi: Decimal | None


@strawberry.federation.type(keys=["id"], description="One schedule activity with its CPM dates")
class Activity:
    id: strawberry.ID
    project_id: strawberry.ID
    code: str
    name: str
    type: str
    duration_hours: float
    percent_complete: float
    early_start: datetime | None
    early_finish: datetime | None
    late_start: datetime | None
    late_finish: datetime | None
    total_float_hours: float | None
    free_float_hours: float | None
    critical: bool
    status: str
    version: int

    @classmethod
    def of(cls, a: service.ActivityView) -> Activity:
        return cls(id=strawberry.ID(str(a.id)), project_id=strawberry.ID(str(a.project_id)), code=a.code, name=a.name,
                   type=a.type, duration_hours=a.duration_hours, percent_complete=a.percent_complete,
                   early_start=a.early_start, early_finish=a.early_finish, late_start=a.late_start,
                   late_finish=a.late_finish, total_float_hours=a.total_float_hours,
                   free_float_hours=a.free_float_hours, critical=a.critical, status=a.status, version=a.version)

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Activity:  # noqa: A002
        return cls.of(service.get_activity(UUID(str(id))))


@strawberry.federation.type(keys=["id"], description="A construction project")
class Project:
    id: strawberry.ID
    code: str
    name: str
    name_bn: str = strawberry.field(description="Bangla name; empty when the project has none")
    client_party_id: strawberry.ID | None
    site_district_code: str | None
    site_upazila_code: str | None
    contract_value: Decimal
    currency: str
    start_date: date | None
    finish_date: date | None
    status: str
    data_date: datetime | None
    version: int

    @classmethod
    def of(cls, p: service.ProjectView) -> Project:
        return cls(id=strawberry.ID(str(p.id)), code=p.code, name=p.name, name_bn=p.name_bn,
                   client_party_id=strawberry.ID(str(p.client_party_id)) if p.client_party_id else None,
                   site_district_code=p.site_district_code, site_upazila_code=p.site_upazila_code,
                   contract_value=p.contract_value, currency=p.currency, start_date=p.start_date,
                   finish_date=p.finish_date, status=p.status, data_date=p.data_date, version=p.version)

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Project:  # noqa: A002
        return cls.of(service.get_project(UUID(str(id))))

    @strawberry.field
    def activities(self, first: int = 100, after: str | None = None,
                   critical_only: bool = False) -> Connection[Activity]:
        return to_connection(service.page_activities(UUID(str(self.id)), first, after, critical_only), Activity.of)

    @strawberry.field(description="Earned value at a status date (default: the data date)")
    def earned_value(self, status_date: datetime | None = None) -> EarnedValue:
        m = costs.evm(UUID(str(self.id)), status_date)
        return EarnedValue(currency=m.currency, status_date=m.status_date, bac=m.bac, pv=m.pv, ev=m.ev, ac=m.ac,
                           sv=m.sv, cv=m.cv, spi=m.spi, cpi=m.cpi, eac=m.eac_bac_over_cpi, etc=m.etc, vac=m.vac,
                           tcpi=m.tcpi_bac)

    @strawberry.field
    def network_issues(self) -> list[ScheduleIssue]:
        s = service.last_schedule(UUID(str(self.id)))
        return [ScheduleIssue(kind=i.kind, activities=i.activities, message=i.message) for i in (s.issues if s else [])]


@strawberry.type
class ProjectsQuery:
    @strawberry.field
    def projects(self, first: int = 50, after: str | None = None) -> Connection[Project]:
        return to_connection(service.page_projects(first, after), Project.of)

    @strawberry.field(description="A project by id or code")
    def project(self, ref: str) -> Project:
        return Project.of(service.get_project(ref))


@strawberry.input
class ActivityChange:
    name: str | None = None
    duration_hours: float | None = None
    percent_complete: float | None = None
    actual_start: datetime | None = None
    actual_finish: datetime | None = None
    remaining_hours: float | None = None


@strawberry.type
class ProjectsMutation:
    @strawberry.mutation
    def create_project(self, code: str, name: str, contract_value: Decimal = Decimal(0), currency: str = "BDT",
                       start_date: date | None = None, finish_date: date | None = None, name_bn: str = "",
                       idempotency_key: str | None = None) -> Project:
        return Project.of(service.create_project(code, name, name_bn=name_bn, contract_value=contract_value,
                                                 currency=currency, start_date=start_date, finish_date=finish_date,
                                                 idempotency_key=idempotency_key))

    @strawberry.mutation(description="Change a project (by code or id), like PATCH /api/v1/projects/projects/{project}: "
                                      "only the arguments given change (null clears an optional one); expectedVersion "
                                      "guards against overwriting someone else's change (stale_version)")
    def update_project(self, project: str, expected_version: int | None = None,
                       name: str | None = strawberry.UNSET, name_bn: str | None = strawberry.UNSET,
                       client_party_id: strawberry.ID | None = strawberry.UNSET,
                       site_district_code: str | None = strawberry.UNSET,
                       site_upazila_code: str | None = strawberry.UNSET,
                       contract_value: Decimal | None = strawberry.UNSET, currency: str | None = strawberry.UNSET,
                       start_date: date | None = strawberry.UNSET, finish_date: date | None = strawberry.UNSET,
                       status: str | None = strawberry.UNSET, must_finish_by: datetime | None = strawberry.UNSET,
                       idempotency_key: str | None = None) -> Project:
        given = {"name": name, "name_bn": name_bn, "client_party_id": client_party_id,
                 "site_district_code": site_district_code, "site_upazila_code": site_upazila_code,
                 "contract_value": contract_value, "currency": currency, "start_date": start_date,
                 "finish_date": finish_date, "status": status, "must_finish_by": must_finish_by}
        changes = {k: v for k, v in given.items() if v is not strawberry.UNSET}
        return Project.of(service.update_project(project, expected_version, **changes,
                                                 idempotency_key=idempotency_key))

    @strawberry.mutation
    def add_activity(self, project: str, code: str, name: str = "", duration_hours: float = 0, type: str = "task",
                     idempotency_key: str | None = None) -> Activity:
        return Activity.of(service.add_activity(project, code, name, duration_hours, type,
                                                idempotency_key=idempotency_key))

    @strawberry.mutation
    def update_activity(self, project: str, code: str, change: ActivityChange, expected_version: int | None = None,
                        idempotency_key: str | None = None) -> Activity:
        changes = {k: v for k, v in vars(change).items() if v is not None}
        return Activity.of(service.update_activity(project, code, expected_version, **changes,
                                                   idempotency_key=idempotency_key))

    @strawberry.mutation
    def add_relationship(self, project: str, predecessor: str, successor: str, type: str = "FS",
                         lag_hours: float = 0, idempotency_key: str | None = None) -> bool:
        service.add_relationship(project, predecessor, successor, type, lag_hours, idempotency_key=idempotency_key)
        return True

    @strawberry.mutation
    def schedule_project(self, project: str, data_date: datetime | None = None,
                         idempotency_key: str | None = None) -> ScheduleRunResult:
        return ScheduleRunResult.of(service.schedule_project(project, data_date, idempotency_key=idempotency_key))

    @strawberry.mutation
    def save_baseline(self, project: str, name: str, idempotency_key: str | None = None) -> strawberry.ID:
        return strawberry.ID(str(service.save_baseline(project, name, idempotency_key=idempotency_key).id))


SUBGRAPH = Subgraph(query=ProjectsQuery, mutation=ProjectsMutation, types=(Project, Activity))
