"""Projects commands and queries, one file per aggregate:

- `projects`: projects and their WBS;
- `activities`: activities and their logic (relationships), progress;
- `scheduling`: CPM runs and baselines;
- `calendars`: company calendars, holidays, exceptions, monsoon;
- `costs`: BOQ, actual costs, earned value;
- `lookups`: loading a project (company-scoped), an activity, a calendar, a baseline.

Each command is one unit of work with its permission (`@command`), each query `@query`; DTOs are in
`schemas.py`, value rules in `domain/`, the ORM <-> domain mapping in `repository.py`, XER/MSPDI
files in `interchange.py`. Every name is re-exported here: `from vextrus.modules.projects import
service; service.create_project(...)` works as it did.
"""

from ..domain.activity import ACTIVITY_FIELDS, PROGRESS_FIELDS
from ..domain.project import CONTRACT_VALUE_LIMIT, STATUSES
from ..schemas import (
    ActivityView,
    ActualCostView,
    BaselineView,
    BoqGroup,
    BoqItemView,
    BoqView,
    CalendarView,
    ComparisonView,
    EvmView,
    ExceptionView,
    HolidayView,
    Issue,
    MonsoonView,
    PlannerCalendar,
    ProjectView,
    RelationshipView,
    ScheduleSummary,
    SCurvePointView,
    VarianceView,
    WbsView,
)
from . import activities, calendars, costs, lookups, projects, scheduling, team
from .activities import (
    activity_view,
    add_activity,
    add_relationship,
    delete_activity,
    delete_relationship,
    get_activity,
    list_activities,
    list_relationships,
    page_activities,
    page_relationships,
    planner_calendars,
    update_activity,
    update_relationship,
)
from .calendars import (
    SITE_WEEK,
    delete_exception,
    delete_holiday,
    ensure_company_calendars,
    list_calendars,
    list_exceptions,
    list_holidays,
    list_monsoon,
    move_holiday,
    save_calendar,
    save_monsoon,
    set_exception,
    set_holiday,
)
from .costs import (
    add_boq_item,
    add_boq_items,
    boq,
    budgets_by_activity,
    delete_boq_item,
    evm,
    list_costs,
    page_costs,
    record_actual_cost,
    record_cost,
    update_boq_item,
)
from .lookups import (
    company_projects,
    find_activity,
    find_calendar,
    find_project,
    latest_baseline,
    project_company,
)
from .projects import (
    add_wbs,
    create_project,
    get_project,
    list_projects,
    list_wbs,
    page_projects,
    set_schedule_options,
    update_project,
)
from .scheduling import (
    compare_baseline,
    issues_of,
    last_schedule,
    list_baselines,
    progress_and_reschedule,
    save_baseline,
    schedule_project,
    undo_last_schedule,
)
from .team import add_member, get_member, list_members, members_with_role, remove_member, team_roles

__all__ = [
    "team", "add_member", "get_member", "list_members", "members_with_role", "remove_member", "team_roles",
    "ACTIVITY_FIELDS", "CONTRACT_VALUE_LIMIT", "PROGRESS_FIELDS", "SITE_WEEK", "STATUSES",
    "ActivityView", "ActualCostView", "BaselineView", "BoqGroup", "BoqItemView", "BoqView", "CalendarView",
    "ComparisonView", "EvmView", "ExceptionView", "HolidayView", "Issue", "MonsoonView", "PlannerCalendar", "ProjectView",
    "RelationshipView", "SCurvePointView", "ScheduleSummary", "VarianceView", "WbsView",
    "activities", "activity_view", "add_activity", "add_boq_item", "add_boq_items", "add_relationship", "add_wbs", "boq",
    "budgets_by_activity", "calendars", "company_projects", "compare_baseline", "costs", "create_project",
    "delete_activity", "delete_boq_item", "delete_exception", "delete_holiday", "delete_relationship",
    "ensure_company_calendars", "evm", "find_activity", "find_calendar", "find_project", "get_activity",
    "get_project", "issues_of", "last_schedule", "latest_baseline", "list_activities", "list_baselines",
    "list_calendars", "list_costs", "list_exceptions", "list_holidays", "list_monsoon", "list_projects",
    "list_relationships", "list_wbs", "lookups", "move_holiday", "page_activities", "page_costs", "page_projects", "page_relationships", "planner_calendars", "progress_and_reschedule",
    "project_company", "projects", "record_actual_cost", "record_cost", "save_baseline", "save_calendar",
    "save_monsoon", "schedule_project", "scheduling", "set_exception", "set_holiday", "set_schedule_options",
    "undo_last_schedule", "update_activity", "update_boq_item", "update_project", "update_relationship",
]
