"""Schedules, the tick and execution.

The tick (the `scheduler.tick` job, every minute on huey for each tenant) looks for schedules whose time
has come and failed runs whose retry is due. For each it inserts the run row — the claim, unique per (job,
planned time, attempt) — and moves the schedule on, in one transaction; a worker that loses the race gets
a unique-key violation and leaves the run to the winner, so a tick runs once however many workers tick.
The action then runs in a thread of its own, acting as the system for the tenant, for at most the job's
timeout; the run records its duration, its lag behind the planned time, and the error.

The jobs modules declare (huey runs them on their manifest's schedule) go the same way: each tenant's turn
is a run row, executed with the job's own timeout and retried with backoff (`Job.timeout_seconds`,
`max_retries`, `retry_base_seconds`) by the tick, like a schedule's failed run."""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

import structlog
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from vextrus.platform import clock, context, runtime
from vextrus.platform.errors import Conflict, ValidationFailed
from vextrus.platform.jobs import Job
from vextrus.platform.uow import UnitOfWork, command, query, unit_of_work
from vextrus.platform.versioning import StaleVersion, check_version

from ..domain import schedule as sched
from ..domain.errors import missing
from ..schemas import ActionView, JobInput, JobView, RunView
from ..tables import DeclaredJobState, JobRun, ScheduledJob

log = structlog.get_logger("vextrus.scheduler")
VIEW, MANAGE, RUN = "scheduler.job.view", "scheduler.job.manage", "scheduler.job.run"
TICK_JOB = "scheduler.tick"
PERIODIC_KEEP = timedelta(days=30)  # periodic runs of declared jobs are kept this long (every-minute jobs)


@dataclass(frozen=True)
class Action:
    name: str
    fn: Callable[[], Any]
    description: str = ""
    hour: int | None = None
    minute: int | None = None
    declared: bool = False  # a module's manifest job (huey also runs it on its own schedule)
    timeout_seconds: int = 600  # a declared job's own limits (a schedule has its own, on its row)
    max_retries: int = 0
    retry_base_seconds: int = 60


ACTIONS: dict[str, Action] = {}  # registered by code (tests, modules without a manifest job)


def register_action(name: str, fn: Callable[[], Any], description: str = "") -> None:
    ACTIONS[name] = Action(name, fn, description)


def _actions() -> dict[str, Action]:
    out: dict[str, Action] = {}
    jobs = getattr(runtime.current(), "jobs", None)
    for name, job in (jobs.jobs.items() if jobs is not None else ()):
        if name != TICK_JOB:
            out[name] = Action(name, job.fn, job.description, job.hour, job.minute, declared=True,
                               timeout_seconds=job.timeout_seconds, max_retries=job.max_retries,
                               retry_base_seconds=job.retry_base_seconds)
    return out | ACTIONS


def _action(name: str, field: str = "action") -> Action:
    found = _actions().get(name)
    if found is None:
        raise missing("job action", "কাজের ধরন", name, field)
    return found


class JobFailed(RuntimeError):
    """A declared job's turn that failed or timed out (raised again for the platform's log)."""


def _join(t: threading.Thread, seconds: float) -> bool:
    t.join(seconds)
    return not t.is_alive()


# How a run waits for its action's thread: True when it ended within `seconds`. Tests put in a wait that
# moves their frozen clock instead of sleeping (`set_waiter`).
_wait: Callable[[threading.Thread, float], bool] = _join
# Actions whose run timed out and whose thread still runs, per tenant: the next run of the same action in
# this process is refused (recorded failed, retried by its policy) rather than started beside it.
_stragglers: dict[tuple[UUID, str], threading.Thread] = {}


def set_waiter(fn: Callable[[threading.Thread, float], bool] | None) -> None:
    """Replace how runs wait for their action (None restores the real wait)."""
    global _wait
    _wait = fn or _join


def _worker() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"[:120]


def _schedule(job: ScheduledJob | JobInput) -> sched.Schedule:
    return sched.Schedule(job.kind, job.cron, job.interval_seconds, job.run_at)


def _following(s: sched.Schedule, planned: datetime, now: datetime) -> datetime | None:
    """The planned time after `planned`, skipping times already past (a stopped server runs a missed
    schedule once, not once per missed minute)."""
    if s.kind == "once":
        return None
    if s.kind == "interval":
        step = timedelta(seconds=s.interval_seconds or sched.MIN_INTERVAL)
        missed = max(0, int((now - planned) / step))
        return planned + step * (missed + 1)
    return s.next_run(max(planned, now))


def _declared_schedule(a: Action) -> tuple[str, str, str]:
    hour = "*" if a.hour is None else str(a.hour)
    minute = "*" if a.minute is None else str(a.minute)
    expr = f"{minute} {hour} * * *"
    return expr, sched.describe("cron", expr, None, None), sched.describe("cron", expr, None, None, "bn")


def _view(j: ScheduledJob) -> JobView:
    return JobView(id=j.id, name=j.name, action=j.action, description=j.description, kind=j.kind, cron=j.cron,
                   interval_seconds=j.interval_seconds, run_at=j.run_at,
                   schedule=sched.describe(j.kind, j.cron, j.interval_seconds, j.run_at),
                   schedule_bn=sched.describe(j.kind, j.cron, j.interval_seconds, j.run_at, "bn"),
                   paused=j.paused, next_run_at=j.next_run_at, last_run_at=j.last_run_at, last_status=j.last_status,
                   max_retries=j.max_retries, timeout_seconds=j.timeout_seconds, version=j.version)


def run_view(r: JobRun) -> RunView:
    return RunView(id=r.id, job_name=r.job_name, planned_at=r.planned_at, attempt=r.attempt, trigger=r.trigger,
                   status=r.status, started_at=r.started_at, finished_at=r.finished_at, lag_ms=r.lag_ms,
                   duration_ms=r.duration_ms, error=r.error, retry_at=r.retry_at, actor=r.actor)


# ---- queries ------------------------------------------------------------------------------------


@query(VIEW)
def list_actions(uow: UnitOfWork) -> list[ActionView]:
    return [ActionView(name=a.name, description=a.description) for a in sorted(_actions().values(),
                                                                               key=lambda a: a.name)]


def _declared_states(uow: UnitOfWork) -> dict[str, DeclaredJobState]:
    return {d.name: d for d in uow.session.execute(select(DeclaredJobState)).scalars()}


def _last_runs(uow: UnitOfWork, names: list[str]) -> dict[str, JobRun]:
    """The newest run of each named job (one indexed look-up per job, not their whole history)."""
    if not names:
        return {}
    newest = (select(JobRun.job_name, func.max(JobRun.started_at).label("at"))
              .where(JobRun.job_name.in_(names)).group_by(JobRun.job_name).subquery())
    rows = uow.session.execute(select(JobRun).join(newest, (JobRun.job_name == newest.c.job_name)
                                                   & (JobRun.started_at == newest.c.at))).scalars()
    return {r.job_name: r for r in rows}


def _declared_view(a: Action, state: DeclaredJobState | None, r: JobRun | None) -> JobView:
    expr, en, bn = _declared_schedule(a)
    return JobView(name=a.name, action=a.name, description=a.description, kind="cron", cron=expr,
                   schedule=en, schedule_bn=bn, system=True, paused=bool(state and state.paused),
                   max_retries=a.max_retries, timeout_seconds=a.timeout_seconds,
                   version=state.version if state else 0,
                   last_run_at=r.started_at if r else None, last_status=r.status if r else "")


@query(VIEW)
def list_jobs(uow: UnitOfWork) -> list[JobView]:
    """The tenant's schedules, then the jobs modules declare (they run on their manifest's schedule)."""
    own = [_view(j) for j in uow.session.execute(select(ScheduledJob).order_by(ScheduledJob.name)).scalars()]
    declared = sorted((a for a in _actions().values() if a.declared), key=lambda a: a.name)
    last = _last_runs(uow, [a.name for a in declared])
    states = _declared_states(uow) if declared else {}
    return own + [_declared_view(a, states.get(a.name), last.get(a.name)) for a in declared]


def _load(uow: UnitOfWork, job_id: UUID) -> ScheduledJob:
    j = uow.session.get(ScheduledJob, job_id)
    if j is None:
        raise missing("scheduled job", "নির্ধারিত কাজ", job_id, "job_id")
    return j


@query(VIEW)
def get_job(uow: UnitOfWork, job_id: UUID) -> JobView:
    return _view(_load(uow, job_id))


@query(VIEW)
def history(uow: UnitOfWork, job_name: str | None = None, limit: int = 50) -> list[RunView]:
    q = select(JobRun).order_by(JobRun.started_at.desc(), JobRun.id.desc()).limit(min(max(limit, 1), 500))
    if job_name:
        q = q.where(JobRun.job_name == job_name)
    return [run_view(r) for r in uow.session.execute(q).scalars()]


# ---- commands -----------------------------------------------------------------------------------


def _check(data: JobInput) -> None:
    _action(data.action)
    if data.name in _actions():
        raise ValidationFailed("job_name_reserved", f"name: {data.name} is the name of a declared job",
                               f"name: {data.name} একটি ঘোষিত কাজের নাম", field="name")
    _schedule(data).check()


@command(MANAGE, scope="scheduler.create_job")
def create_job(uow: UnitOfWork, data: JobInput) -> JobView:
    _check(data)
    if uow.session.execute(select(ScheduledJob.id).where(ScheduledJob.name == data.name)).first():
        raise Conflict("job_name_taken", f"name: a job named {data.name} exists",
                       f"name: {data.name} নামে একটি কাজ আছে", field="name")
    s = _schedule(data)
    j = ScheduledJob(**data.model_dump(), paused=False, next_run_at=s.next_run(clock.now(), first=True),
                     last_status="", created_by=context.current().actor[:120])
    uow.session.add(j)
    uow.session.flush()
    return _view(j)


@command(MANAGE, scope="scheduler.update_job")
def update_job(uow: UnitOfWork, job_id: UUID, data: JobInput, expected_version: int | None = None) -> JobView:
    j = _load(uow, job_id)
    check_version(j, expected_version, f"job {j.name}")
    _check(data)
    for k, v in data.model_dump().items():
        setattr(j, k, v)
    j.next_run_at = None if j.paused else _schedule(j).next_run(clock.now(), first=True)
    uow.session.flush()
    return _view(j)


@command(MANAGE, scope="scheduler.set_paused")
def set_paused(uow: UnitOfWork, job_id: UUID, paused: bool, expected_version: int | None = None) -> JobView:
    """Pause (no new runs) or resume (from the next planned time after now: missed times are skipped)."""
    j = _load(uow, job_id)
    check_version(j, expected_version, f"job {j.name}")
    j.paused = paused
    if paused:
        j.next_run_at = None
    else:
        first = j.kind == "once" and j.last_run_at is None
        j.next_run_at = _schedule(j).next_run(clock.now(), first=first)
    uow.session.flush()
    return _view(j)


@command(MANAGE, scope="scheduler.set_declared_paused")
def set_declared_paused(uow: UnitOfWork, name: str, paused: bool,
                        expected_version: int | None = None) -> JobView:
    """Pause or resume a job a module declares, for this tenant: while paused its periodic runs are skipped
    (nothing is run or recorded); run now still runs it."""
    a = _actions().get(name)
    if a is None or not a.declared:
        raise missing("declared job", "ঘোষিত কাজ", name, "name")
    state = uow.session.execute(select(DeclaredJobState).where(DeclaredJobState.name == name)).scalar_one_or_none()
    if state is None:
        if expected_version not in (None, 0):
            raise StaleVersion(f"job {name}", expected_version, 0)
        state = DeclaredJobState(name=name, paused=paused, changed_by=context.current().actor[:120])
        uow.session.add(state)
    else:
        check_version(state, expected_version, f"job {name}")
        state.paused, state.changed_by = paused, context.current().actor[:120]
    uow.session.flush()
    return _declared_view(a, state, _last_runs(uow, [name]).get(name))


@command(MANAGE, scope="scheduler.delete_job")
def delete_job(uow: UnitOfWork, job_id: UUID) -> bool:
    uow.session.delete(_load(uow, job_id))
    return True


@command(RUN, scope="scheduler.run_now")
def _claim_manual(uow: UnitOfWork, name: str, worker: str) -> RunView:
    j = uow.session.execute(select(ScheduledJob).where(ScheduledJob.name == name)).scalar_one_or_none()
    if j is None:
        _action(name, "name")
    now = clock.now()
    r = JobRun(job_name=name, job_id=j.id if j else None, planned_at=now, attempt=1, trigger="manual",
               status="running", started_at=now, lag_ms=0, worker=worker, actor=context.current().actor[:120])
    uow.session.add(r)
    uow.session.flush()
    return run_view(r)


def run_now(name: str, *, idempotency_key: str | None = None) -> RunView:
    """Run a job (a schedule or a declared job) at once, as its schedule would, and wait for it (at most
    its timeout). A repeated idempotency key returns the first run without running again."""
    me = _worker()
    try:
        claimed = _claim_manual(name, me, idempotency_key=idempotency_key)
    except IntegrityError as exc:
        raise Conflict("run_already_started", f"{name} was started at this very moment",
                       f"{name} ঠিক এই মুহূর্তে শুরু হয়েছে", field="name") from exc
    with unit_of_work() as uow:
        r = uow.session.get(JobRun, claimed.id)
        if r is None or r.finished_at is not None or r.worker != me:  # a replayed key: the first call runs it
            return run_view(r) if r else claimed
    return _execute(claimed.id)


# ---- declared jobs run by huey ------------------------------------------------------------------


def _periodic_claim(name: str, trigger: str, worker: str) -> UUID | None:
    """In the tenant's system context: None when the job is paused (a periodic turn) or another worker has
    this minute's run; else the id of the run row just inserted. A manual turn is never refused: two at the
    same instant are told apart by their attempt number."""
    now = clock.now()
    planned = now.replace(second=0, microsecond=0) if trigger == "periodic" else now
    for attempt in range(1, 2 if trigger == "periodic" else 6):
        try:
            with unit_of_work() as uow:
                state = uow.session.execute(select(DeclaredJobState).where(DeclaredJobState.name == name)
                                            ).scalar_one_or_none()
                if trigger == "periodic" and state is not None and state.paused:
                    _note_skipped(uow, name, state, planned, now, worker)
                    return None
                r = JobRun(job_name=name, job_id=None, planned_at=planned, attempt=attempt, trigger=trigger,
                           status="running", started_at=now, lag_ms=int((now - planned).total_seconds() * 1000),
                           worker=worker, actor=context.current().actor[:120])
                uow.session.add(r)
                uow.session.flush()
                return r.id
        except IntegrityError:
            continue
    return None


def _note_skipped(uow: UnitOfWork, name: str, state: DeclaredJobState, planned: datetime, now: datetime,
                  worker: str) -> None:
    """The first turn a pause skips is recorded (status `skipped`), the later ones are not: the history
    shows that the job stopped running and since when, without a row a minute for an every-minute job."""
    since = state.updated_at or state.created_at
    already = uow.session.execute(select(JobRun.id).where(
        JobRun.job_name == name, JobRun.status == "skipped", JobRun.started_at >= since).limit(1)).first()
    if already is None:
        uow.session.add(JobRun(job_name=name, job_id=None, planned_at=planned, attempt=1, trigger="periodic",
                               status="skipped", started_at=now, finished_at=now, lag_ms=0, duration_ms=0,
                               error="", worker=worker, actor=state.changed_by[:120]))


def run_declared(job: Job, trigger: str) -> Any:
    """The platform's runner of declared jobs (manifest `job_runner`): one tenant's turn, recorded as a run
    (trigger `periodic` for huey's schedule, `manual` for the CLI and huey's run-now task) and executed like
    a schedule's run: in a thread of its own for at most the job's `timeout_seconds`, a failure or timeout
    given a retry (`max_retries`, backoff from `retry_base_seconds`) that the tick starts, unless the retry
    would fall at or after the job's next turn. A paused job's periodic turns are skipped; the first one
    after the pause is recorded `skipped`, the others only logged (an every-minute job would fill the
    history). The scheduler's own tick is neither recorded nor pausable. A failed or timed-out turn raises `JobFailed` for the platform's log."""
    if job.name == TICK_JOB:
        return job.fn()
    run_id = _periodic_claim(job.name, trigger, _worker())
    if run_id is None:
        if trigger != "periodic":
            return job.fn()  # five runs at one instant (a frozen test clock): run it, unrecorded
        log.info("declared job skipped", job=job.name, reason="paused or already run this minute")
        return None
    run = _execute(run_id)
    with unit_of_work() as uow:
        uow.session.execute(delete(JobRun).where(JobRun.job_name == job.name, JobRun.job_id.is_(None),
                                                 JobRun.trigger.in_(("periodic", "retry")),
                                                 JobRun.started_at < clock.now() - PERIODIC_KEEP))
    if run.status != "succeeded":
        raise JobFailed(f"{job.name} {run.status}: {run.error}")
    return None


# ---- the tick -----------------------------------------------------------------------------------


def _claim_schedule(job_id: UUID, now: datetime, worker: str) -> UUID | None:
    try:
        with unit_of_work() as uow:
            j = uow.session.get(ScheduledJob, job_id)
            if j is None or j.paused or j.next_run_at is None or j.next_run_at > now:
                return None
            planned = j.next_run_at
            r = JobRun(job_name=j.name, job_id=j.id, planned_at=planned, attempt=1, trigger="schedule",
                       status="running", started_at=now, lag_ms=int((now - planned).total_seconds() * 1000),
                       worker=worker, actor=f"job:{j.name}")
            uow.session.add(r)
            uow.session.flush()  # the claim: a second worker's insert of the same key fails here
            j.next_run_at = _following(_schedule(j), planned, now)
            return r.id
    except IntegrityError:
        return None


def _claim_retry(run_id: UUID, now: datetime, worker: str) -> UUID | None:
    try:
        with unit_of_work() as uow:
            old = uow.session.get(JobRun, run_id)
            if old is None or old.retry_at is None or old.retry_at > now:
                return None
            if _paused(uow, old):  # a job paused since its run failed: its retry is dropped
                old.retry_at = None
                return None
            r = JobRun(job_name=old.job_name, job_id=old.job_id, planned_at=old.planned_at, attempt=old.attempt + 1,
                       trigger="retry", status="running", started_at=now,
                       lag_ms=int((now - old.retry_at).total_seconds() * 1000), worker=worker, actor=old.actor)
            uow.session.add(r)
            uow.session.flush()
            old.retry_at = None
            return r.id
    except IntegrityError:
        return None


def _paused(uow: UnitOfWork, r: JobRun) -> bool:
    if r.job_id is not None:
        j = uow.session.get(ScheduledJob, r.job_id)
        return j is None or j.paused
    state = uow.session.execute(select(DeclaredJobState).where(DeclaredJobState.name == r.job_name)
                                ).scalar_one_or_none()
    return state is not None and state.paused


def _retry_at(action: Action | None, j: ScheduledJob | None, attempt: int, now: datetime) -> datetime | None:
    """When a failed or timed-out attempt is tried again: None when its retries are used up, or, for a
    declared job, when the retry would come at or after its next turn (that turn is the retry)."""
    if j is not None:
        return now + sched.retry_delay(attempt, j.retry_base_seconds) if attempt <= j.max_retries else None
    if action is None or attempt > action.max_retries:
        return None
    at = now + sched.retry_delay(attempt, action.retry_base_seconds)
    if action.declared:
        turn = sched.Schedule("cron", _declared_schedule(action)[0]).next_run(now)
        if turn is not None and at >= turn:
            return None
    return at


def tick(worker: str | None = None) -> list[RunView]:
    """Start every due schedule and retry of the current tenant (system work; the `scheduler.tick` job).
    Returns the runs this worker claimed and ran."""
    context.current().require(RUN)
    now = clock.now()
    worker = worker or _worker()
    with unit_of_work() as uow:
        due = list(uow.session.execute(select(ScheduledJob.id).where(
            ScheduledJob.paused.is_(False), ScheduledJob.next_run_at.is_not(None), ScheduledJob.next_run_at <= now)
            .order_by(ScheduledJob.next_run_at)).scalars())
        retries = list(uow.session.execute(select(JobRun.id).where(
            JobRun.retry_at.is_not(None), JobRun.retry_at <= now).order_by(JobRun.retry_at)).scalars())
    out = []  # claim one, run it, then the next: other workers take the rest meanwhile, and `started_at` is real
    for claim, key in [*((_claim_schedule, j) for j in due), *((_claim_retry, r) for r in retries)]:
        rid = claim(key, clock.now(), worker)
        if rid is not None:
            out.append(_execute(rid))
    return out


def _execute(run_id: UUID) -> RunView:
    """Run a claimed run's action in a thread of its own, acting as the system for the tenant, wait for it at
    most its timeout, and record the outcome (times from the platform clock) and, when it failed or timed
    out and has retries left, when it is tried again."""
    tid = context.require_tenant()
    with unit_of_work() as uow:
        r = uow.session.get(JobRun, run_id)
        j = uow.session.get(ScheduledJob, r.job_id) if r.job_id else None
        action_name = j.action if j else r.job_name
        attempt, actor = r.attempt, r.actor
    action = _actions().get(action_name)
    timeout = j.timeout_seconds if j else action.timeout_seconds if action else sched.MAX_TIMEOUT
    outcome: dict[str, Any] = {}
    started = clock.now()
    key = (tid, action_name)
    earlier = _stragglers.get(key)
    if action is None:
        outcome["error"] = f"action {action_name} is not available in this process"
        finished = True
    elif earlier is not None and earlier.is_alive():
        outcome["error"] = "the run that timed out earlier is still running; not started beside it"
        finished = True
    else:
        _stragglers.pop(key, None)
        ctx = context.system_context(tid, actor=f"job:{action_name}" if actor.startswith("job:")
                                     else f"{actor} via scheduler")

        def target() -> None:
            try:
                with context.acting_as(ctx):
                    action.fn()
            except Exception as exc:  # recorded on the run; the worker goes on
                outcome["error"] = f"{type(exc).__name__}: {exc}"[:2000]
                log.warning("scheduled job failed", job=action_name, error=outcome["error"])

        t = threading.Thread(target=target, name=f"job-{action_name}", daemon=True)
        t.start()
        finished = _wait(t, timeout)  # a job past its timeout is left to end on its own; its run says timed_out
        if not finished:
            _stragglers[key] = t
    now = clock.now()
    with unit_of_work() as uow:
        r = uow.session.get(JobRun, run_id)
        r.finished_at, r.duration_ms = now, max(0, int((now - started).total_seconds() * 1000))
        if not finished:
            r.status, r.error = "timed_out", f"still running after {timeout} s"
            log.warning("scheduled job timed out", job=action_name, timeout=timeout)
        elif "error" in outcome:
            r.status, r.error = "failed", outcome["error"]
        else:
            r.status = "succeeded"
        if r.status != "succeeded" and r.trigger != "manual":
            r.retry_at = _retry_at(action, j, attempt, now)
        j = uow.session.get(ScheduledJob, r.job_id) if r.job_id else None
        if j is not None:
            j.last_run_at, j.last_status = r.started_at, r.status
        uow.session.flush()
        return run_view(r)
