"""REST: /api/v1/projects/... (projects, activities, logic, schedule, baselines, EVM, BOQ, costs, XER)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Depends, File, Request, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from vextrus.platform import background as background_runs
from vextrus.platform import context
from vextrus.platform.background import RunView
from vextrus.platform.http import idempotency_key
from vextrus.platform.jobs_http import accepted
from vextrus.platform.rest import CursorPage, VersionCheck, created, cursor_page

from . import interchange, service
from .service import activities as activity_service
from .service import calendars, costs, scheduling

router = APIRouter()


class ProjectIn(BaseModel):
    code: str
    name: str
    name_bn: str = ""
    client_party_id: UUID | None = None
    site_district_code: str | None = None
    site_upazila_code: str | None = None
    contract_value: Decimal = Decimal(0)
    currency: str = "BDT"
    start_date: date | None = None
    finish_date: date | None = None
    status: str = "planned"
    manager_user_id: UUID | None = None
    data_date: datetime | None = None


class Changes(VersionCheck):
    """PATCH: the fields to change at the top level (`{"expected_version": 3, "name": "..."}`). The older
    wrapper `{"expected_version": 3, "changes": {...}}` is read too, for one release."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    changes: dict[str, Any] | None = Field(default=None, deprecated=True,
                                           description="Older form: the fields inside this object")

    def fields(self) -> dict[str, Any]:
        return {**(self.model_extra or {}), **(self.__dict__.get("changes") or {})}


class ActivityIn(BaseModel):
    code: str
    name: str = ""
    duration_hours: float = 0
    type: str = "task"
    wbs_code: str | None = None
    calendar_code: str | None = None
    constraint_type: str | None = None
    constraint_date: datetime | None = None
    budget: Decimal = Decimal(0)


class RelationshipIn(BaseModel):
    predecessor: str
    successor: str
    type: str = "FS"
    lag_hours: float = 0


class ScheduleIn(BaseModel):
    data_date: datetime | None = None


class BaselineIn(BaseModel):
    name: str


class BoqIn(BaseModel):
    item_no: str
    description: str
    unit: str
    quantity: Decimal
    rate: Decimal
    wbs_code: str | None = None
    activity_code: str | None = None


class BoqPatch(VersionCheck):
    description: str | None = None
    unit: str | None = None
    quantity: Decimal | None = None
    rate: Decimal | None = None
    activity_code: str | None = None


class CostIn(BaseModel):
    amount: Decimal
    cost_date: date
    activity_code: str | None = None
    currency: str | None = None
    memo: str = ""
    reference: str | None = None


class HolidayIn(BaseModel):
    name: str
    name_bn: str = ""
    moving: bool = False


_PAGED = ("A cursor page (`first`, `after`) in creation order; without either, the whole list as an array "
          "(the old answer, kept for one release).")


@router.get("/projects", response_model=CursorPage[service.ProjectView] | list[service.ProjectView],
            description=_PAGED)
def list_projects(first: int | None = None, after: str | None = None) -> Any:
    if first is None and after is None:
        return service.list_projects()
    return cursor_page(service.page_projects(50 if first is None else first, after))


@router.post("/projects", response_model=service.ProjectView, status_code=201)
def create_project(body: ProjectIn, request: Request, response: Response,
                   key: str | None = Depends(idempotency_key)) -> service.ProjectView:
    data = body.model_dump()
    view = service.create_project(data.pop("code"), data.pop("name"), **data, idempotency_key=key)
    created(request, response, view.code)
    return view


@router.get("/projects/{project}", response_model=service.ProjectView)
def get_project(project: str) -> service.ProjectView:
    return service.get_project(project)


@router.patch("/projects/{project}", response_model=service.ProjectView)
def update_project(project: str, body: Changes, key: str | None = Depends(idempotency_key)) -> service.ProjectView:
    return service.update_project(project, body.expected_version, **body.fields(), idempotency_key=key)


@router.put("/projects/{project}/schedule-options", response_model=dict[str, Any])
def set_schedule_options(project: str, body: dict[str, Any],
                         key: str | None = Depends(idempotency_key)) -> dict[str, Any]:
    """P6-style options: retained_logic, lag_calendar, float_type, critical_by, critical_float_hours, ..."""
    return service.set_schedule_options(project, **body, idempotency_key=key)


@router.get("/projects/{project}/activities",
            response_model=CursorPage[service.ActivityView] | list[service.ActivityView], description=_PAGED)
def list_activities(project: str, first: int | None = None, after: str | None = None) -> Any:
    if first is None and after is None:
        return service.list_activities(project)
    return cursor_page(service.page_activities(project, 100 if first is None else first, after))


@router.post("/projects/{project}/activities", response_model=service.ActivityView, status_code=201)
def add_activity(request: Request, response: Response, project: str, body: ActivityIn,
                 key: str | None = Depends(idempotency_key)) -> service.ActivityView:
    view = service.add_activity(project, **body.model_dump(), idempotency_key=key)
    created(request, response, view.code)  # where its PATCH goes
    return view


@router.get("/projects/{project}/activities/{code}", response_model=service.ActivityView)
def get_activity(project: str, code: str) -> service.ActivityView:
    return activity_service.activity_by_code(project, code)


@router.patch("/projects/{project}/activities/{code}", response_model=service.ActivityView)
def update_activity(project: str, code: str, body: Changes,
                    key: str | None = Depends(idempotency_key)) -> service.ActivityView:
    return service.update_activity(project, code, body.expected_version, **body.fields(), idempotency_key=key)


@router.get("/projects/{project}/relationships",
            response_model=CursorPage[service.RelationshipView] | list[service.RelationshipView], description=_PAGED)
def list_relationships(project: str, first: int | None = None, after: str | None = None) -> Any:
    if first is None and after is None:
        return service.list_relationships(project)
    return cursor_page(service.page_relationships(project, 100 if first is None else first, after))


@router.post("/projects/{project}/relationships", response_model=service.RelationshipView, status_code=201)
def add_relationship(request: Request, response: Response, project: str, body: RelationshipIn,
                     key: str | None = Depends(idempotency_key)) -> service.RelationshipView:
    view = service.add_relationship(project, **body.model_dump(), idempotency_key=key)
    created(request, response, view.id)
    return view


class RelationshipChange(BaseModel):
    type: str | None = None
    lag_hours: float | None = None


@router.get("/projects/{project}/relationships/{relationship_id}", response_model=service.RelationshipView)
def get_relationship(project: str, relationship_id: UUID) -> service.RelationshipView:
    return activity_service.get_relationship(project, relationship_id)


@router.patch("/projects/{project}/relationships/{relationship_id}", response_model=service.RelationshipView)
def update_relationship(project: str, relationship_id: UUID, body: RelationshipChange,
                        key: str | None = Depends(idempotency_key)) -> service.RelationshipView:
    return service.update_relationship(project, relationship_id, body.type, body.lag_hours, idempotency_key=key)


@router.post("/projects/{project}/schedule/undo", response_model=service.ScheduleSummary | None)
def undo_schedule(project: str, key: str | None = Depends(idempotency_key)) -> service.ScheduleSummary | None:
    """Undo the last run that computed dates; answers the summary of the run now latest (null: none)."""
    return service.undo_last_schedule(project, idempotency_key=key)


@router.post("/projects/{project}/schedule", response_model=service.ScheduleSummary)
def schedule(project: str, body: ScheduleIn, key: str | None = Depends(idempotency_key)) -> service.ScheduleSummary:
    return service.schedule_project(project, body.data_date, idempotency_key=key)


@router.get("/projects/{project}/issues", response_model=service.ScheduleSummary | None)
def issues(project: str) -> service.ScheduleSummary | None:
    return service.last_schedule(project)


@router.get("/projects/{project}/baselines",
            response_model=CursorPage[service.BaselineView] | list[service.BaselineView], description=_PAGED)
def baselines(project: str, first: int | None = None, after: str | None = None) -> Any:
    if first is None and after is None:
        return service.list_baselines(project)
    return cursor_page(scheduling.page_baselines(project, 50 if first is None else first, after))


@router.post("/projects/{project}/baselines", response_model=service.BaselineView, status_code=201)
def save_baseline(request: Request, response: Response, project: str, body: BaselineIn,
                  key: str | None = Depends(idempotency_key)) -> service.BaselineView:
    view = service.save_baseline(project, body.name, idempotency_key=key)
    # a baseline is read by comparing with it: Location is that comparison
    created(request, response, "", collection=f"{request.url.path.rstrip('/')}/compare",
            query={"baseline_id": view.id})
    return view


@router.get("/projects/{project}/baselines/compare", response_model=service.ComparisonView)
def compare(project: str, baseline_id: UUID | None = None) -> service.ComparisonView:
    return service.compare_baseline(project, baseline_id)


@router.get("/projects/{project}/evm", response_model=costs.EvmView)
def evm(project: str, status_date: datetime | None = None, baseline_id: UUID | None = None) -> costs.EvmView:
    return costs.evm(project, status_date, baseline_id)


@router.get("/projects/{project}/boq", response_model=costs.BoqView)
def boq(project: str) -> costs.BoqView:
    return costs.boq(project)


@router.post("/projects/{project}/boq", response_model=costs.BoqItemView, status_code=201)
def add_boq(request: Request, response: Response, project: str, body: BoqIn,
            key: str | None = Depends(idempotency_key)) -> costs.BoqItemView:
    view = costs.add_boq_item(project, **body.model_dump(), idempotency_key=key)
    created(request, response, view.item_no)  # where its PATCH goes
    return view


@router.get("/projects/{project}/boq/{item_no}", response_model=costs.BoqItemView)
def get_boq(project: str, item_no: str) -> costs.BoqItemView:
    return costs.get_boq_item(project, item_no)


@router.patch("/projects/{project}/boq/{item_no}", response_model=costs.BoqItemView)
def update_boq(project: str, item_no: str, body: BoqPatch,
               key: str | None = Depends(idempotency_key)) -> costs.BoqItemView:
    return costs.update_boq_item(project, item_no, **body.model_dump(), idempotency_key=key)


@router.get("/projects/{project}/costs",
            response_model=CursorPage[costs.ActualCostView] | list[costs.ActualCostView], description=_PAGED)
def list_costs(project: str, first: int | None = None, after: str | None = None) -> Any:
    if first is None and after is None:
        return costs.list_costs(project)
    return cursor_page(costs.page_costs(project, 100 if first is None else first, after))


@router.get("/projects/{project}/costs/{cost_id}", response_model=costs.ActualCostView)
def get_cost(project: str, cost_id: UUID) -> costs.ActualCostView:
    return costs.get_cost(project, cost_id)


@router.post("/projects/{project}/costs", response_model=costs.ActualCostView, status_code=201)
def record_cost(request: Request, response: Response, project: str, body: CostIn,
                key: str | None = Depends(idempotency_key)) -> costs.ActualCostView:
    view = costs.record_actual_cost(project, **body.model_dump(), idempotency_key=key)
    created(request, response, view.id)
    return view


@router.post("/import", response_model=interchange.ImportReport,
             responses={202: {"model": RunView, "description": "Queued as a background run (background=true)"}})
def import_file(file: UploadFile = File(...), code: str | None = None, background: bool = False,
                key: str | None = Depends(idempotency_key)) -> Any:
    """Upload a P6 .xer or MSPDI .xml; all or nothing. With `background=true` the import is a
    background run: 202 with `Location: /api/v1/jobs/{id}`, whose `result` is this answer."""
    if background:
        context.current().require("projects.project.import")
        return accepted(background_runs.submit(
            "projects.import", "vextrus.platform.background:call",
            {"call": f"{interchange.__name__}:import_file", "args": [file.file.read(), file.filename or "", code]},
            view_permission="projects.project.import", idempotency_key=key))
    return interchange.import_file(file.file.read(), file.filename or "", code, idempotency_key=key)


@router.get("/projects/{project}/export.xer")
def export_xer(project: str) -> Response:
    data = interchange.export_xer(project)
    return Response(data, media_type="application/octet-stream",
                    headers={"Content-Disposition": f'attachment; filename="{project}.xer"'})


@router.get("/holidays", response_model=CursorPage[service.HolidayView] | list[service.HolidayView],
            description=_PAGED.replace("in creation order", "by day"))
def holidays(year: int | None = None, first: int | None = None, after: str | None = None) -> Any:
    if first is None and after is None:
        return service.list_holidays(year)
    return cursor_page(calendars.page_holidays(year, 100 if first is None else first, after))


@router.put("/holidays/{day}", response_model=service.HolidayView)
def set_holiday(day: date, body: HolidayIn, key: str | None = Depends(idempotency_key)) -> service.HolidayView:
    return service.set_holiday(day, body.name, body.name_bn, body.moving, idempotency_key=key)


# ---- the project's team (issue 13) ------------------------------------------------------------------------


@router.get("/team-roles", response_model=list[service.team.TeamRoleView])
def team_roles() -> list[service.team.TeamRoleView]:
    """The roles a team member may hold (code, English and Bangla names)."""
    return service.team_roles()


@router.get("/projects/{project}/team", response_model=list[service.team.TeamMemberView])
def team(project: str) -> list[service.team.TeamMemberView]:
    return service.list_members(project)


@router.get("/projects/{project}/team/{member_id}", response_model=service.team.TeamMemberView)
def team_member(project: str, member_id: UUID) -> service.team.TeamMemberView:
    return service.get_member(project, member_id)


@router.post("/projects/{project}/team", response_model=service.team.TeamMemberView, status_code=201)
def add_team_member(request: Request, response: Response, project: str, body: service.team.TeamMemberInput,
                    key: str | None = Depends(idempotency_key)) -> service.team.TeamMemberView:
    """Put a user on the project's team in a role (`project_manager`, `site_engineer`, ...: GET /team-roles)."""
    view = service.add_member(project, body, idempotency_key=key)
    created(request, response, view.id)
    return view


@router.delete("/projects/{project}/team/{member_id}", response_model=list[service.team.TeamMemberView])
def remove_team_member(project: str, member_id: UUID,
                       key: str | None = Depends(idempotency_key)) -> list[service.team.TeamMemberView]:
    """Take a member off the team; answers the team as it is now."""
    return service.remove_member(project, member_id, idempotency_key=key)
