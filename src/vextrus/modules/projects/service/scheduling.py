"""Scheduling runs and baselines: the CPM (`domain.cpm.schedule`) on the network `repository` loads,
its results stored in bulk, network issues reported (never a crash), baselines saved with each
activity's budget and compared with the current schedule."""

from __future__ import annotations

import time as _time
from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import func, select, update

from vextrus.platform import clock, context
from vextrus.platform.errors import NotFound, ValidationFailed
from vextrus.platform.pagination import Page, paginate
from vextrus.platform.uow import UnitOfWork, command, query, unit_of_work

from .. import repository as repo
from ..domain import baseline as dbaseline
from ..domain.cpm import ActivityResult, ScheduleResult, schedule
from ..domain.network import NetworkLoopError, ScheduleError
from ..events import (
    BaselineSaved,
    ScheduleComputed,
    ScheduleUndone,
)
from ..schemas import (
    ActivityView,
    BaselineView,
    ComparisonView,
    Issue,
    ScheduleSummary,
    VarianceView,
)
from ..tables import (
    Activity,
    Baseline,
    BaselineActivity,
    Project,
    ScheduleRun,
)
from .activities import update_activity
from .costs import budgets_by_activity
from .lookups import (
    find_project,
    latest_baseline,
)


def issues_of(result: ScheduleResult) -> list[Issue]:
    out = [Issue(kind="open_start", activities=[c], message=f"{c} has no predecessor")
           for c in result.open_starts]
    out += [Issue(kind="open_finish", activities=[c], message=f"{c} has no successor")
            for c in result.open_finishes]
    out += [Issue(kind="out_of_sequence", activities=[p, s],
                  message=f"{s} progressed before its predecessor {p} allowed") for p, s in result.out_of_sequence]
    out += [Issue(kind="warning", activities=[], message=w) for w in result.warnings]
    neg = [c for c, r in result.activities.items() if r.total_float_hours is not None and r.total_float_hours < 0]
    if neg:
        out.append(Issue(kind="negative_float", activities=neg,
                         message=f"{len(neg)} activities have negative float (a constraint or the finish date "
                                 "cannot be met)"))
    return out


@command("projects.schedule.run", scope="projects.schedule_project")
def schedule_project(uow: UnitOfWork, project: UUID | str, data_date: datetime | None = None) -> ScheduleSummary:
    """Run the CPM from the data date and store every activity's dates and floats.

    A loop or an invalid network is reported as issues (nothing is overwritten), never a crash."""
    p = find_project(uow, project)
    clock.check_date(data_date, "data_date")
    loaded = repo.load_network(uow.session, p, clock.local_naive(data_date) if data_date else None)
    opts = loaded.options
    t0 = _time.perf_counter()
    try:
        result = schedule(loaded.network, opts)
    except NetworkLoopError as exc:
        issue = Issue(kind="loop", activities=exc.cycle, message=exc.message)
        return _record_run(uow, p, opts.data_date, None, [issue], t0)
    except ScheduleError as exc:
        return _record_run(uow, p, opts.data_date, None, [Issue(kind="invalid", activities=[], message=exc.message)],
                           t0)
    # what this run overwrites, so it can be undone (only the latest run keeps it)
    before = repo.computed_dates(uow.session, p.id)
    undo = (p.data_date, repo.saved_finish(before), before)
    repo.write_results(uow.session, loaded, result)
    p.data_date = opts.data_date
    uow.session.execute(update(ScheduleRun).where(ScheduleRun.project_id == p.id,
                                                  ScheduleRun.previous_dates.is_not(None))
                        .values(previous_dates=None))
    return _record_run(uow, p, opts.data_date, result, issues_of(result), t0, undo)


def _record_run(uow: UnitOfWork, p: Project, dd: datetime, result: ScheduleResult | None, issues: list[Issue],
                t0: float, undo: tuple[datetime | None, datetime | None, dict] | None = None) -> ScheduleSummary:
    millis = int((_time.perf_counter() - t0) * 1000)
    run = ScheduleRun(project_id=p.id, data_date=dd, project_finish=result.project_finish if result else None,
                      critical_count=len(result.critical_path) if result else 0,
                      issues=[i.model_dump() for i in issues], millis=millis,
                      previous_data_date=undo[0] if undo else None, previous_finish=undo[1] if undo else None,
                      previous_dates=undo[2] if undo else None, undone=False)
    uow.session.add(run)
    uow.session.flush()
    uow.emit(ScheduleComputed(project_id=str(p.id), code=p.code, data_date=dd.isoformat(),
                              project_finish=result.project_finish.isoformat() if result else None,
                              critical=run.critical_count, issues=len(issues)))
    return ScheduleSummary(project_id=p.id, scheduled=result is not None, data_date=dd,
                           project_start=result.project_start if result else None,
                           project_finish=result.project_finish if result else None,
                           critical_path=result.critical_path if result else [], issues=issues, millis=millis,
                           previous_finish=run.previous_finish, can_undo=run.previous_dates is not None)


def _latest_run(uow: UnitOfWork, project_id: UUID, scheduled_only: bool = False) -> ScheduleRun | None:
    """The latest run not undone (with `scheduled_only`, the latest that computed dates)."""
    stmt = select(ScheduleRun).where(ScheduleRun.project_id == project_id, ScheduleRun.undone.is_(False))
    if scheduled_only:
        stmt = stmt.where(ScheduleRun.project_finish.is_not(None))
    return uow.session.execute(stmt.order_by(ScheduleRun.created_at.desc(), ScheduleRun.id.desc()).limit(1)) \
        .scalar_one_or_none()


@command("projects.schedule.run", scope="projects.undo_last_schedule")
def undo_last_schedule(uow: UnitOfWork, project: UUID | str) -> ScheduleSummary | None:
    """Undo the last run that computed dates: every activity's dates, floats, critical flag and
    status, and the project's data date, are put back as they were before it (activities added
    since keep theirs). Its inputs (durations, progress, links) are not touched. One level: the run
    before it cannot be undone in turn. Returns the summary of the run now latest (None: none)."""
    p = find_project(uow, project)
    run = _latest_run(uow, p.id, scheduled_only=True)
    if run is None or run.previous_dates is None:
        raise ValidationFailed("schedule_nothing_to_undo", "There is no schedule run to undo",
                               "ফিরিয়ে নেওয়ার মতো কোনো সময়সূচি গণনা নেই", field="project")
    repo.restore_dates(uow.session, p.id, run.previous_dates)
    p.data_date = run.previous_data_date
    run.undone, run.previous_dates = True, None
    uow.session.flush()
    uow.emit(ScheduleUndone(project_id=str(p.id), code=p.code, run_id=str(run.id),
                            data_date=p.data_date.isoformat() if p.data_date else None,
                            project_finish=run.previous_finish.isoformat() if run.previous_finish else None))
    return last_schedule(p.id)


def progress_and_reschedule(project: UUID | str, code: str, expected_version: int | None = None,
                            **changes: Any) -> tuple[ActivityView, ScheduleSummary | None]:
    """Record an activity's progress (actual start, % complete, remaining duration, actual finish)
    and, when the user may run the schedule, reschedule in the same transaction, so the new finish
    is known at once (the summary's `previous_finish` → `project_finish`). A user who may only
    record progress gets the progress saved and None: the planner runs the schedule."""
    with unit_of_work():
        a = update_activity(project, code, expected_version, **changes)
        run = schedule_project(project) if context.current().can("projects.schedule.run") else None
    return a, run


@query("projects.activity.read")
def last_schedule(uow: UnitOfWork, project: UUID | str) -> ScheduleSummary | None:
    """The latest run's summary and its network issues (for the network errors page)."""
    p = find_project(uow, project)
    run = _latest_run(uow, p.id)
    if run is None:
        return None
    crit = [c for (c,) in uow.session.execute(select(Activity.code).where(
        Activity.project_id == p.id, Activity.critical.is_(True)).order_by(Activity.early_start))]
    return ScheduleSummary(project_id=p.id, scheduled=run.project_finish is not None, data_date=run.data_date,
                           project_finish=run.project_finish, critical_path=crit,
                           issues=[Issue(**i) for i in run.issues], millis=run.millis,
                           previous_finish=run.previous_finish, can_undo=run.previous_dates is not None)


# ---- baselines -------------------------------------------------------------------------------

@command("projects.baseline.create", scope="projects.save_baseline")
def save_baseline(uow: UnitOfWork, project: UUID | str, name: str) -> BaselineView:
    """Snapshot the current schedule (run the schedule first) with each activity's budget."""
    p = find_project(uow, project)
    acts = list(uow.session.execute(select(Activity).where(Activity.project_id == p.id)).scalars())
    if not acts or any(a.early_start is None for a in acts):
        raise ValidationFailed("baseline_unscheduled", "Schedule the project before saving a baseline",
                               "বেসলাইন সংরক্ষণের আগে প্রকল্পের সময়সূচি করুন", field="project")
    budgets = budgets_by_activity(uow.session, p.id)
    finish = max(a.early_finish for a in acts if a.early_finish)
    b = Baseline(project_id=p.id, name=name, data_date=p.data_date or acts[0].early_start, project_finish=finish)
    uow.session.add(b)
    uow.session.flush()
    repo.bulk_insert(uow.session, BaselineActivity, [
        {"id": repo.new_id(), "tenant_id": p.tenant_id, "baseline_id": b.id, "activity_code": a.code,
         "early_start": a.actual_start or a.early_start, "early_finish": a.early_finish, "late_start": a.late_start,
         "late_finish": a.late_finish, "total_float_hours": a.total_float_hours,
         "budget": budgets.get(a.id, Decimal(0))} for a in acts])
    uow.emit(BaselineSaved(project_id=str(p.id), baseline_id=str(b.id), baseline_name=name, activities=len(acts)))
    return BaselineView(id=b.id, name=b.name, data_date=b.data_date, project_finish=b.project_finish,
                        activities=len(acts), created_at=b.created_at)


@query("projects.baseline.read")
def list_baselines(uow: UnitOfWork, project: UUID | str) -> list[BaselineView]:
    p = find_project(uow, project)
    rows = list(uow.session.execute(select(Baseline).where(Baseline.project_id == p.id)
                                    .order_by(Baseline.created_at, Baseline.id)).scalars())
    counts = repo.baseline_sizes(uow.session, [b.id for b in rows])
    return [BaselineView(id=b.id, name=b.name, data_date=b.data_date, project_finish=b.project_finish,
                         activities=counts.get(b.id, 0), created_at=b.created_at) for b in rows]


@query("projects.baseline.read", scope="projects.page_baselines")
def page_baselines(uow: UnitOfWork, project: UUID | str, first: int = 50,
                   after: str | None = None) -> Page[BaselineView]:
    """One cursor page of the project's baselines, by id (the order they were saved); the page's activity
    counts in one query."""
    p = find_project(uow, project)
    page = paginate(uow.session, select(Baseline).where(Baseline.project_id == p.id), Baseline.id, first=first,
                    after=after, convert=UUID)
    counts = repo.baseline_sizes(uow.session, [b.id for b in page.items])
    return Page([BaselineView(id=b.id, name=b.name, data_date=b.data_date, project_finish=b.project_finish,
                              activities=counts.get(b.id, 0), created_at=b.created_at) for b in page.items],
                page.end_cursor, page.has_next_page)


def _as_result(dd: datetime, rows: list[tuple[str, datetime | None, datetime | None, float | None]]) -> ScheduleResult:
    acts = {c: ActivityResult(c, s, f, s, f, tf, None, False, 0.0, "") for c, s, f, tf in rows if s and f}
    finish = max((r.early_finish for r in acts.values()), default=dd)
    start = min((r.early_start for r in acts.values()), default=dd)
    return ScheduleResult(dd, start, finish, acts, [], [], [], [])


@query("projects.baseline.read")
def compare_baseline(uow: UnitOfWork, project: UUID | str, baseline_id: UUID | None = None) -> ComparisonView:
    """Start/finish variance (working hours on each activity's calendar) and float change."""
    p = find_project(uow, project)
    b = latest_baseline(uow, p.id, baseline_id)
    if b is None:
        raise NotFound("baseline", baseline_id or p.code, field="baseline_id")
    base_rows = uow.session.execute(select(BaselineActivity.activity_code, BaselineActivity.early_start,
                                           BaselineActivity.early_finish, BaselineActivity.total_float_hours)
                                    .where(BaselineActivity.baseline_id == b.id)).all()
    loaded = repo.load_network(uow.session, p)
    # a started activity is compared by its actual start (P6's "Start"), not its remaining early start
    cur_rows = uow.session.execute(select(Activity.code, func.coalesce(Activity.actual_start, Activity.early_start),
                                          Activity.early_finish, Activity.total_float_hours)
                                   .where(Activity.project_id == p.id)).all()
    base, cur = _as_result(b.data_date, list(base_rows)), _as_result(loaded.options.data_date, list(cur_rows))
    cmp = dbaseline.compare(base, cur, loaded.network)
    bmap = {r[0]: r for r in base_rows}
    cmap = {r[0]: r for r in cur_rows}
    return ComparisonView(
        baseline_id=b.id, baseline_name=b.name, finish_slip_hours=cmp.finish_slip_hours, added=cmp.added,
        removed=cmp.removed,
        variances=[VarianceView(code=v.code, baseline_start=bmap[v.code][1], baseline_finish=bmap[v.code][2],
                                start=cmap[v.code][1], finish=cmap[v.code][2],
                                start_variance_hours=v.start_variance_hours,
                                finish_variance_hours=v.finish_variance_hours,
                                float_change_hours=v.float_change_hours) for v in cmp.variances])
