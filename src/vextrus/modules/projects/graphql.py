"""The projects subgraph: federated `Project` and `Activity` entities, schedule and EVM."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

import strawberry

from vextrus.platform.graphql import Connection, Subgraph, dto_type, to_connection
from vextrus.platform.ids import parse_id

from . import service
from .service import costs

# Types derive from the service's DTOs (schemas.py); tests/platform/test_dto_parity.py holds them together.

@dto_type(service.Issue)
class ScheduleIssue:
    pass


@dto_type(service.ScheduleSummary)
class ScheduleRunResult:
    project_id: strawberry.ID


@dto_type(costs.SCurvePointView, name="EarnedValuePoint", description="One point of the S-curve (PV, EV, AC)")
class EarnedValuePoint:
    pass


@dto_type(costs.EvmView, description="Earned value at a status date",
          fields={"eac_bac_over_cpi": "EAC = BAC / CPI", "eac_ac_plus_remaining": "EAC = AC + (BAC − EV)",
                  "eac_ac_plus_remaining_over_cpi_spi": "EAC = AC + (BAC − EV) / (CPI × SPI)",
                  "eac_bottom_up": "EAC = AC + bottom-up ETC (the activities' estimates)",
                  "etc_bottom_up": "Bottom-up ETC: the activities' estimates to complete",
                  "vac_bottom_up": "VAC = BAC − EAC (bottom-up)",
                  "tcpi_bac": "TCPI to BAC = (BAC − EV) / (BAC − AC)",
                  "tcpi_eac": "TCPI to EAC = (BAC − EV) / (EAC − AC), EAC = BAC / CPI"})
class EarnedValue:
    project_id: strawberry.ID

    @strawberry.field(description="EAC = BAC / CPI (the same as eacBacOverCpi)")
    def eac(self) -> Decimal | None:
        return self.eac_bac_over_cpi

    @strawberry.field(description="TCPI to BAC = (BAC − EV) / (BAC − AC) (the same as tcpiBac)")
    def tcpi(self) -> Decimal | None:
        return self.tcpi_bac


@dto_type(service.ActivityView, keys=["id"], description="One schedule activity with its CPM dates")
class Activity:
    id: strawberry.ID
    project_id: strawberry.ID
    wbs_id: strawberry.ID | None
    calendar_id: strawberry.ID | None

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Activity:  # noqa: A002
        return cls.of(service.get_activity(UUID(str(id))))


@dto_type(service.team.TeamMemberView, name="ProjectTeamMember",
          description="A user on a project's team in a role (approvals by project role go to them)")
class ProjectTeamMember:
    id: strawberry.ID
    project_id: strawberry.ID
    user_id: strawberry.ID


@dto_type(service.team.TeamRoleView, name="ProjectTeamRole", description="A role on a project's team")
class ProjectTeamRole:
    pass


@dto_type(service.ProjectView, keys=["id"], description="A construction project",
          fields={"name_bn": "Bangla name; empty when the project has none"})
class Project:
    id: strawberry.ID
    client_party_id: strawberry.ID | None
    manager_user_id: strawberry.ID | None

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Project:  # noqa: A002
        return cls.of(service.get_project(UUID(str(id))))

    @strawberry.field
    def activities(self, first: int = 100, after: str | None = None,
                   critical_only: bool = False) -> Connection[Activity]:
        return to_connection(service.page_activities(UUID(str(self.id)), first, after, critical_only), Activity.of)

    @strawberry.field(description="Earned value at a status date (default: the data date)")
    def earned_value(self, status_date: datetime | None = None) -> EarnedValue:
        return EarnedValue.of(costs.evm(UUID(str(self.id)), status_date))

    @strawberry.field(description="The project's team: users and their roles")
    def team(self) -> list[ProjectTeamMember]:
        return [ProjectTeamMember.of(m) for m in service.list_members(UUID(str(self.id)))]

    @strawberry.field
    def network_issues(self) -> list[ScheduleIssue]:
        s = service.last_schedule(UUID(str(self.id)))
        return [ScheduleIssue.of(i) for i in (s.issues if s else [])]


@strawberry.type
class ProjectsQuery:
    @strawberry.field
    def projects(self, first: int = 50, after: str | None = None) -> Connection[Project]:
        return to_connection(service.page_projects(first, after), Project.of)

    @strawberry.field(description="The roles a project team member may hold")
    def project_team_roles(self) -> list[ProjectTeamRole]:
        return [ProjectTeamRole.of(r) for r in service.team_roles()]

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
    def update_relationship(self, project: str, relationship_id: strawberry.ID, type: str | None = None,
                            lag_hours: float | None = None, idempotency_key: str | None = None) -> bool:
        service.update_relationship(project, parse_id(relationship_id, "relationship_id"), type, lag_hours,
                                    idempotency_key=idempotency_key)
        return True

    @strawberry.mutation
    def undo_last_schedule(self, project: str, idempotency_key: str | None = None) -> ScheduleRunResult | None:
        run = service.undo_last_schedule(project, idempotency_key=idempotency_key)
        return ScheduleRunResult.of(run) if run else None

    @strawberry.mutation
    def schedule_project(self, project: str, data_date: datetime | None = None,
                         idempotency_key: str | None = None) -> ScheduleRunResult:
        return ScheduleRunResult.of(service.schedule_project(project, data_date, idempotency_key=idempotency_key))

    @strawberry.mutation(description="Put a user on a project's team in a role (projectTeamRoles)")
    def add_project_team_member(self, project: str, user_id: strawberry.ID, role: str,
                                idempotency_key: str | None = None) -> ProjectTeamMember:
        data = service.team.TeamMemberInput(user_id=parse_id(user_id, "user_id"), role=role)
        return ProjectTeamMember.of(service.add_member(project, data, idempotency_key=idempotency_key))

    @strawberry.mutation(description="Take a member off a project's team; returns the team as it is now")
    def remove_project_team_member(self, project: str, member_id: strawberry.ID,
                                   idempotency_key: str | None = None) -> list[ProjectTeamMember]:
        return [ProjectTeamMember.of(m) for m in service.remove_member(
            project, parse_id(member_id, "member_id"), idempotency_key=idempotency_key)]

    @strawberry.mutation
    def save_baseline(self, project: str, name: str, idempotency_key: str | None = None) -> strawberry.ID:
        return strawberry.ID(str(service.save_baseline(project, name, idempotency_key=idempotency_key).id))


SUBGRAPH = Subgraph(query=ProjectsQuery, mutation=ProjectsMutation, types=(Project, Activity))
