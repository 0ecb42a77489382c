"""The projects module's DTOs (pydantic): what its commands take and its queries return, so idempotent
commands can replay them and GraphQL types, REST schemas and pages derive from one declaration."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from pydantic import BaseModel, Field

# ---- projects, WBS, activities, logic --------------------------------------------------------

class ProjectView(BaseModel):
    id: UUID
    code: str
    name: str
    name_bn: str = ""  # empty when the project has no Bangla name
    client_party_id: UUID | None = None
    site_district_code: str | None = None
    site_upazila_code: str | None = None
    contract_value: Decimal
    currency: str
    start_date: date | None = None
    finish_date: date | None = None
    must_finish_by: datetime | None = None
    status: str
    manager_user_id: UUID | None = None
    data_date: datetime | None = None
    source: str
    version: int
    activity_count: int = 0


class ActivityView(BaseModel):
    id: UUID
    project_id: UUID
    code: str
    name: str
    type: str
    wbs_id: UUID | None = None
    calendar_id: UUID | None = None
    duration_hours: float
    constraint_type: str | None = None
    constraint_date: datetime | None = None
    actual_start: datetime | None = None
    actual_finish: datetime | None = None
    remaining_hours: float | None = None
    percent_complete: float
    expected_finish: datetime | None = None
    remaining_cost: Decimal | None = None  # the planner's estimate to complete (None: the remaining budget)
    early_start: datetime | None = None
    early_finish: datetime | None = None
    late_start: datetime | None = None
    late_finish: datetime | None = None
    total_float_hours: float | None = None
    free_float_hours: float | None = None
    critical: bool
    status: str
    version: int


class RelationshipView(BaseModel):
    id: UUID
    predecessor: str
    successor: str
    type: str
    lag_hours: float


class PlannerCalendar(BaseModel):
    """A calendar on the planner page: what a day of its activities' durations is in hours."""

    id: UUID
    code: str
    name: str
    hours_per_day: float
    default: bool = False


class WbsView(BaseModel):
    id: UUID
    code: str
    name: str
    parent_id: UUID | None = None


# ---- scheduling and baselines ----------------------------------------------------------------

class Issue(BaseModel):
    """A network error or warning, by activity code (loops, open ends, out-of-sequence progress)."""

    kind: str
    activities: list[str]
    message: str


class ScheduleSummary(BaseModel):
    project_id: UUID
    scheduled: bool
    data_date: datetime
    project_start: datetime | None = None
    project_finish: datetime | None = None
    critical_path: list[str] = []
    issues: list[Issue] = []
    millis: int = 0
    previous_finish: datetime | None = None  # the project's finish before this run (None: none was computed)
    can_undo: bool = False  # this run is the latest and kept what it overwrote


class BaselineView(BaseModel):
    id: UUID
    name: str
    data_date: datetime
    project_finish: datetime | None = None
    activities: int
    created_at: datetime


class VarianceView(BaseModel):
    code: str
    baseline_start: datetime | None = None
    baseline_finish: datetime | None = None
    start: datetime | None = None
    finish: datetime | None = None
    start_variance_hours: float
    finish_variance_hours: float
    float_change_hours: float | None = None


class ComparisonView(BaseModel):
    baseline_id: UUID
    baseline_name: str
    finish_slip_hours: float
    variances: list[VarianceView]
    added: list[str]
    removed: list[str]


# ---- calendars -------------------------------------------------------------------------------

class HolidayView(BaseModel):
    id: UUID
    day: date
    name: str
    name_bn: str
    moving: bool


class CalendarView(BaseModel):
    id: UUID
    code: str
    name: str
    work_week: dict[str, str]
    use_public_holidays: bool
    use_monsoon: bool
    project_id: UUID | None = None


class ExceptionView(BaseModel):
    id: UUID
    day: date
    hours: str  # empty = non-working
    name: str


class MonsoonView(BaseModel):
    id: UUID
    start: date
    finish: date
    hours: str
    name: str


# ---- BOQ, costs and earned value -------------------------------------------------------------

class BoqItemView(BaseModel):
    id: UUID
    item_no: str
    description: str
    unit: str
    quantity: Decimal
    rate: Decimal
    amount: Decimal
    wbs_code: str | None = None
    activity_code: str | None = None
    item_id: UUID | None = None
    version: int


class BoqGroup(BaseModel):
    wbs_code: str | None
    wbs_name: str
    amount: Decimal
    items: list[BoqItemView]


class BoqView(BaseModel):
    project_id: UUID
    currency: str
    groups: list[BoqGroup]
    total: Decimal


class ActualCostView(BaseModel):
    id: UUID
    activity_code: str | None
    cost_date: date
    amount: Decimal
    currency: str
    source: str
    source_ref: str | None = None


class SCurvePointView(BaseModel):
    at: datetime
    pv: Decimal
    ev: Decimal | None = None
    ac: Decimal | None = None


class EvmView(BaseModel):
    project_id: UUID
    currency: str
    status_date: datetime
    baseline_name: str | None
    bac: Decimal
    pv: Decimal
    ev: Decimal
    ac: Decimal
    sv: Decimal
    cv: Decimal
    spi: Decimal | None = None
    cpi: Decimal | None = None
    eac_ac_plus_remaining: Decimal
    eac_bac_over_cpi: Decimal | None = None
    eac_ac_plus_remaining_over_cpi_spi: Decimal | None = None
    etc: Decimal | None = None
    vac: Decimal | None = None
    tcpi_bac: Decimal | None = None
    tcpi_eac: Decimal | None = None
    etc_bottom_up: Decimal = Decimal(0)  # sum of the activities' estimates to complete
    eac_bottom_up: Decimal = Decimal(0)  # AC + bottom-up ETC
    vac_bottom_up: Decimal = Decimal(0)  # BAC - EAC(bottom-up)
    s_curve: list[SCurvePointView]


# ---- XER / MSPDI interchange -----------------------------------------------------------------

class Skipped(BaseModel):
    """Something read differently or left out, by table and line, in English and Bangla."""

    table: str
    line: int | None = None
    reason: str
    reason_bn: str = ""


class ImportReport(BaseModel):
    format: str
    projects: list[str]
    project_ids: list[UUID]
    activities: int = 0
    relationships: int = 0
    calendars: int = 0
    wbs: int = 0
    resources: int = 0
    assignments: int = 0
    activity_codes: int = 0
    skipped: list[Skipped] = []


# ---- what the pages' forms carry (read with platform.forms.model_from_form) ------------------

class ActivityRowForm(BaseModel):
    """One row of the activity table, edited inline: what its form posts."""
    version: int
    name: str = ""
    duration_hours: float = 0.0
    percent_complete: float = 0.0


class PlannerActivityForm(BaseModel):
    """The planner's add/edit activity form (duration in days of the activity's calendar)."""
    code: str = ""
    name: str = ""
    duration_days: float
    type: str = "task"
    calendar_code: str = ""
    version: int | None = None


class PlannerRelationshipForm(BaseModel):
    """The planner's relationship form (lag in days of the project's default calendar)."""
    predecessor: str = ""
    successor: str = ""
    type: str = ""
    lag_days: float | None = None


class PlannerScheduleForm(BaseModel):
    """The planner's data date (blank: keep it) to schedule from."""
    data_date: datetime | None = None


class PlannerProgressForm(BaseModel):
    """The planner's progress form; a blank field leaves that measure as it was."""
    activity: str = ""
    actual_start: datetime | None = None
    actual_finish: datetime | None = None
    percent_complete: float | None = None
    remaining_days: float | None = None
    remaining_cost: Decimal | None = None


class ProjectForm(BaseModel):
    """The list page's new-project form and the dashboard's details form: what they post. The contract value
    and the dates are read by their types (Bangla digits, lakh commas); the client and the site are checked
    by the page (master_data's parties and geography), the rest by the service in its own words."""
    code: str = ""
    name: str = ""
    name_bn: str = ""
    client_party_id: UUID | None = None
    site_district_code: str | None = None
    site_upazila_code: str | None = None
    contract_value: Decimal = Decimal(0)
    start_date: date | None = None
    finish_date: date | None = None
    status: str = ""


class EvmQuery(BaseModel):
    """The EVM page's status date (blank: the project's own)."""
    status_date: datetime | None = None


# ---- the project's team (issue 13) -------------------------------------------------------------


class TeamRoleView(BaseModel):
    code: str
    name: str
    name_bn: str


class TeamMemberInput(BaseModel):
    user_id: UUID
    role: str  # one of `domain.team.TEAM_ROLES`: project_manager, site_engineer, quantity_surveyor, ...


class TeamMemberView(BaseModel):
    id: UUID
    project_id: UUID
    user_id: UUID
    role: str
    role_name: str
    role_name_bn: str
    added_by: str = ""
    added_at: datetime
    user_name: str = ""  # auth's name and e-mail of the user, when auth runs alongside
    user_email: str = ""


# ---- the other page forms, read with platform.forms.model_from_form (issue 21, item 8) ----------------


class ProjectNamesForm(BaseModel):
    """The dashboard's names form: the English and Bangla names, at the version the page was read at."""
    version: int
    name: str = ""
    name_bn: str = ""


class MustFinishByForm(BaseModel):
    """The dashboard's must-finish-by date and time (blank: no longer imposed)."""
    must_finish_by: datetime | None = None


class BaselineForm(BaseModel):
    """The dashboard's save-a-baseline form."""
    name: str = Field("", max_length=200)


class BoqItemForm(BaseModel):
    """The BOQ page's new line; quantity and rate by their types (Bangla digits, lakh commas)."""
    item_no: str = Field("", max_length=40)
    description: str = Field("", max_length=400)
    unit: str = Field("", max_length=20)
    quantity: Decimal
    rate: Decimal
    activity_code: str | None = None


class BoqEditForm(BaseModel):
    """A BOQ line's inline quantity × rate, at the version the table was read at."""
    version: int
    quantity: Decimal
    rate: Decimal


class CalendarWeekForm(BaseModel):
    """A company calendar's work week: each day's hours as typed (`08:00-12:00,13:00-17:00`; blank: off),
    checked by the service."""
    name: str = Field("", max_length=200)
    day0: str = ""
    day1: str = ""
    day2: str = ""
    day3: str = ""
    day4: str = ""
    day5: str = ""
    day6: str = ""
    use_public_holidays: bool = False
    use_monsoon: bool = False


class CalendarExceptionForm(BaseModel):
    """A day's exception on a company calendar (hours blank: a day off)."""
    day: date
    hours: str = ""
    name: str = Field("", max_length=200)


class HolidayForm(BaseModel):
    """A public holiday added on the calendars page."""
    day: date
    name: str = Field("", max_length=200)
    name_bn: str = Field("", max_length=200)
    moving: bool = False


class HolidayMoveForm(BaseModel):
    """A moving holiday's new day (Eid after the moon sighting)."""
    new_day: date


class MonsoonForm(BaseModel):
    """A monsoon period: its dates and working hours (blank: off); `period_id` when editing one."""
    start: date
    finish: date
    hours: str = ""
    name: str = Field("", max_length=200)
    period_id: UUID | None = None
