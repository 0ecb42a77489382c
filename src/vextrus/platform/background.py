"""Background work with progress: long work (a 100,000-row import) runs on the job queue as the
user who asked for it, and anyone allowed can watch it (docs/modules.md, "Background work with
progress").

    run = background.submit("master_data.import", "vextrus.modules.master_data.imports:run_job",
                            {"kind": "parties", "content": data}, view_permission="master_data.party.approve",
                            idempotency_key=key)          # -> RunView, status "queued"
    background.get_run(run.id)                            # status, phase, done/total, result or error

`submit` records a run (`platform.platform_background_run`, a tenant table under row-level
security) and queues one huey task carrying the run's id, tenant and the payload. The consumer
(threads inside `vextrus serve`, or `vextrus worker` on Redis) calls `execute`, which acts as the
submitter again: their context is rebuilt by the module declaring `acts_for` in its manifest
(auth), in the company they submitted from, so their permissions are checked anew when the work
starts (a user deactivated or stripped of the permission meanwhile gets a failed run, never a run
as the system). The work is `fn(payload, progress) -> result` named as "module:function";
`progress(phase, done, total)` writes in its own short transaction, at most every
`PROGRESS_INTERVAL` seconds (and on each new phase); on SQLite it writes nothing while the work
itself holds the write lock (the run's last figures are written when it ends). The result is
stored as JSON (a pydantic model is dumped); a `DomainError` ends the run `failed` with its code
and messages in English and Bangla, anything else with `background.failed` (the detail is logged).

A user reads their own runs; a run of someone else only with the run's `view_permission` (the
module's supervising permission) in the run's company; never another tenant's (row-level security
and the ORM filter).
"""

from __future__ import annotations

import hashlib
import importlib
import json
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any
from uuid import UUID

import structlog
from pydantic import BaseModel
from sqlalchemy import JSON, Index, Integer, String, UniqueConstraint, Uuid, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from vextrus.platform import clock, context, runtime
from vextrus.platform.db import TenantScoped, UtcDateTime, reads_only
from vextrus.platform.errors import Conflict, DomainError, NotFound, Unauthenticated
from vextrus.platform.ids import new_id
from vextrus.platform.tables import PlatformBase

log = structlog.get_logger("vextrus.background")
TASK_NAME = "background:run"
PROGRESS_INTERVAL = 0.5  # seconds between two progress writes of one run (a new phase always writes)
STATUSES = ("queued", "running", "done", "failed")
ProgressFn = Callable[[str, int, int], None]


class BackgroundRun(PlatformBase, TenantScoped):
    """A piece of work queued on a user's behalf, with its progress and outcome."""

    __tablename__ = "platform_background_run"
    id: Mapped[UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    company_id: Mapped[UUID | None] = mapped_column(Uuid)
    kind: Mapped[str] = mapped_column(String(80))
    work: Mapped[str] = mapped_column(String(200))  # "package.module:function"
    submitted_by: Mapped[UUID] = mapped_column(Uuid)
    actor: Mapped[str] = mapped_column(String(120))
    view_permission: Mapped[str] = mapped_column(String(120))  # who may read other users' runs
    idempotency_key: Mapped[str | None] = mapped_column(String(200))
    request_hash: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(12), default="queued")
    phase: Mapped[str | None] = mapped_column(String(40))
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    result: Mapped[Any] = mapped_column(JSON, nullable=True)
    error: Mapped[Any] = mapped_column(JSON, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=clock.now)
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    __table_args__ = (UniqueConstraint("tenant_id", "kind", "idempotency_key", name="uq_platform_background_run_key"),
                      Index("ix_platform_background_run_submitter", "tenant_id", "submitted_by", "created_at"))


class RunError(BaseModel):
    code: str
    message: str
    message_bn: str
    field: str | None = None


class RunView(BaseModel):
    id: UUID
    kind: str
    status: str
    phase: str | None
    done: int
    total: int
    result: Any = None
    error: RunError | None = None
    submitted_by: UUID
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None

    @property
    def finished(self) -> bool:
        return self.status in ("done", "failed")

    @property
    def percent(self) -> int:
        if self.status == "done":
            return 100
        return min(99, self.done * 100 // self.total) if self.total else 0


def _view(row: BackgroundRun) -> RunView:
    return RunView(id=row.id, kind=row.kind, status=row.status, phase=row.phase, done=row.done, total=row.total,
                   result=row.result, error=RunError(**row.error) if row.error else None,
                   submitted_by=row.submitted_by, created_at=row.created_at, started_at=row.started_at,
                   finished_at=row.finished_at)


def _hash(kind: str, work: str, payload: dict[str, Any]) -> str:
    def default(v: Any) -> str:
        return hashlib.sha256(v).hexdigest() if isinstance(v, bytes) else str(v)

    return hashlib.sha256(json.dumps([kind, work, payload], default=default, sort_keys=True).encode()).hexdigest()


def _session() -> Session:
    return runtime.current().session_factory()


# ---- submitting and reading ------------------------------------------------------------------


def submit(kind: str, work: str, payload: dict[str, Any], *, view_permission: str,
           idempotency_key: str | None = None) -> RunView:
    """Record a run for the current user and queue it. The same `idempotency_key` (per tenant and
    kind) with the same request returns the first run; with another request it is a conflict."""
    from vextrus.platform.uow import check_idempotency_key

    ctx = context.current()
    if ctx.tenant_id is None or ctx.user_id is None or ctx.system:
        raise Unauthenticated("Background work runs as a signed-in user", "পটভূমির কাজ সাইন-ইন করা ব্যবহারকারী হিসেবে চলে")
    if ":" not in work:
        raise ValueError(f"background work must be named 'package.module:function', not {work!r}")
    if idempotency_key:
        check_idempotency_key(idempotency_key)
    digest = _hash(kind, work, payload)
    for _attempt in range(2):
        try:
            with _session() as s, s.begin():
                if idempotency_key:
                    hit = s.execute(select(BackgroundRun).where(
                        BackgroundRun.tenant_id == ctx.tenant_id, BackgroundRun.kind == kind,
                        BackgroundRun.idempotency_key == idempotency_key)).scalar_one_or_none()
                    if hit is not None:
                        if hit.request_hash != digest:
                            raise Conflict("idempotency_key_reused",
                                           "This idempotency key was already used for a different request",
                                           "এই আইডেমপোটেন্সি কী অন্য একটি অনুরোধে ব্যবহৃত হয়েছে",
                                           field="idempotency_key")
                        return _view(hit)
                row = BackgroundRun(id=new_id(), tenant_id=ctx.tenant_id, company_id=ctx.company_id, kind=kind,
                                    work=work, submitted_by=ctx.user_id, actor=ctx.recorded_actor[:120],
                                    view_permission=view_permission, idempotency_key=idempotency_key,
                                    request_hash=digest, status="queued", done=0, total=0, created_at=clock.now())
                s.add(row)
                s.flush()
                view = _view(row)
            break
        except IntegrityError:
            continue  # the same key submitted at the same moment: the next attempt reads that run
    else:
        raise Conflict("idempotency_race", "The same request is being processed; retry",
                       "একই অনুরোধ প্রক্রিয়াধীন; আবার চেষ্টা করুন")
    try:
        runtime.current().jobs.huey.enqueue(_task().s(str(view.id), str(ctx.tenant_id), payload, id=str(view.id)))
    except Exception as exc:  # the queue is unreachable: the run must not stay "queued" for ever
        log.exception("background run not queued", run=str(view.id))
        _finish(view.id, "failed", tenant_id=ctx.tenant_id, error=RunError(
            code="background.not_queued", message="The job queue is unavailable",
            message_bn="কাজের সারি এখন পাওয়া যাচ্ছে না"))
        raise Conflict("background.not_queued", "The job queue is unavailable; try again",
                       "কাজের সারি এখন পাওয়া যাচ্ছে না; আবার চেষ্টা করুন") from exc
    return view


def get_run(run_id: UUID) -> RunView:
    """The run, for its submitter or a holder of its `view_permission` acting in the run's company
    (tenant and company scoping); anyone else gets `NotFound` (they do not learn that it exists)."""
    ctx = context.current()
    if ctx.tenant_id is None:
        raise Unauthenticated()
    with _session() as s, s.begin():
        row = s.execute(select(BackgroundRun).where(BackgroundRun.id == run_id,
                                                    BackgroundRun.tenant_id == ctx.tenant_id)).scalar_one_or_none()
        scope = context.company_scope()
        if row is None or (row.submitted_by != ctx.user_id and (
                not ctx.can(row.view_permission) or (scope is not None and row.company_id != scope))):
            raise NotFound("Run", run_id)
        return _view(row)


def wait(run_id: UUID, timeout: float = 600) -> str:
    """Block until a consumer has run the run (its queue message is the run's id): its final status.
    For the CLI, benchmarks and tests; a page or client polls `get_run` instead."""
    return str(runtime.current().jobs.huey.result(str(run_id), blocking=True, timeout=timeout))


# ---- running ---------------------------------------------------------------------------------


_installed: dict[int, Any] = {}


def install(huey: Any) -> Any:
    """Register the task that runs submitted work on `huey` (done by `jobs.build` in every process,
    so the web server and `vextrus worker` know it)."""
    task = huey.task(name=TASK_NAME)(_run_task)
    _installed[id(huey)] = task
    return task


def _task() -> Any:
    huey = runtime.current().jobs.huey
    return _installed.get(id(huey)) or install(huey)


def _run_task(run_id: str, tenant_id: str, payload: dict[str, Any]) -> str:
    return execute(UUID(run_id), UUID(tenant_id), payload)


def _bookkeeping(tenant_id: UUID) -> context.RequestContext:
    """The run's own rows are written in its tenant by nobody in particular (no permissions)."""
    return context.RequestContext(tenant_id=tenant_id, actor="background")


def _acting_user(run: BackgroundRun) -> context.RequestContext:
    resolvers = [fn for _m, fn in runtime.current().registry.each("acts_for")]
    if not resolvers:
        raise Unauthenticated("No module can act for a user in this process",
                              "এই প্রসেসে কোনো মডিউল ব্যবহারকারীর হয়ে কাজ করতে পারে না")
    ctx: context.RequestContext = resolvers[0](run.submitted_by, run.tenant_id, company_id=run.company_id)
    return replace(ctx, request_id=f"run:{run.id}")


def execute(run_id: UUID, tenant_id: UUID, payload: dict[str, Any]) -> str:
    """Run a queued run once (a redelivered message finds it no longer queued) and return its status."""
    with context.acting_as(_bookkeeping(tenant_id)), _session() as s, s.begin():
        run = s.execute(select(BackgroundRun).where(BackgroundRun.id == run_id)).scalar_one_or_none()
        if run is None:
            return "missing"
        claimed = s.execute(update(BackgroundRun).where(BackgroundRun.id == run_id, BackgroundRun.status == "queued")
                            .values(status="running", started_at=clock.now())
                            .execution_options(synchronize_session=False)).rowcount
        if not claimed:
            return run.status
        s.expunge(run)
    try:
        with context.acting_as(_bookkeeping(tenant_id)):
            user = _acting_user(run)
    except DomainError as exc:
        _finish(run_id, "failed", error=_error_of(exc), tenant_id=tenant_id)
        return "failed"
    progress = Progress(run_id)
    with context.acting_as(user):
        try:
            module, _, name = run.work.partition(":")
            out = getattr(importlib.import_module(module), name)(payload, progress)
        except DomainError as exc:
            _finish(run_id, "failed", error=_error_of(exc), progress=progress, tenant_id=tenant_id)
            return "failed"
        except Exception:
            log.exception("background run failed", run=str(run_id), kind=run.kind)
            _finish(run_id, "failed", progress=progress, tenant_id=tenant_id, error=RunError(
                code="background.failed", message="The work failed unexpectedly; nothing was saved",
                message_bn="কাজটি অপ্রত্যাশিতভাবে ব্যর্থ হয়েছে; কিছু সংরক্ষিত হয়নি"))
            return "failed"
        result = out.model_dump(mode="json") if isinstance(out, BaseModel) else out
        _finish(run_id, "done", result=result, progress=progress, tenant_id=tenant_id)
    return "done"


def call(payload: dict[str, Any], progress: ProgressFn) -> Any:
    """Work with no progress of its own: the service function `payload["call"]` ("module:function",
    named by code, never by a request) with `payload["args"]` and `payload["kwargs"]`; progress says
    only started (0 of 1) and ended (1 of 1). For an existing synchronous command (the finance and
    projects imports) run in the background unchanged."""
    module, _, name = payload["call"].partition(":")
    fn = getattr(importlib.import_module(module), name)
    progress("running", 0, 1)
    out = fn(*payload.get("args", ()), **payload.get("kwargs", {}))
    progress("running", 1, 1)
    return out


def _error_of(exc: DomainError) -> RunError:
    return RunError(code=exc.code, message=exc.message, message_bn=exc.message_bn, field=exc.field)


def _finish(run_id: UUID, status: str, *, result: Any = None, error: RunError | None = None,
            progress: Progress | None = None, tenant_id: UUID) -> None:
    values: dict[str, Any] = {"status": status, "finished_at": clock.now(), "result": result,
                              "error": error.model_dump() if error else None}
    if progress is not None and progress.last is not None:
        phase, done, total = progress.last
        values.update(phase=phase, done=done, total=total)
    with context.acting_as(_bookkeeping(tenant_id)):
        _write(run_id, values)


def _write(run_id: UUID, values: dict[str, Any]) -> None:
    token = reads_only.set(False)  # a write, also when called from inside a read-only phase
    try:
        with _session() as s, s.begin():
            s.execute(update(BackgroundRun).where(BackgroundRun.id == run_id).values(**values)
                      .execution_options(synchronize_session=False))
    finally:
        reads_only.reset(token)


class Progress:
    """`progress(phase, done, total)` for a run: written in its own short transaction, at most every
    `PROGRESS_INTERVAL` seconds and whenever the phase changes. On SQLite nothing is written while
    this thread holds the write lock in a unit of work (the write would wait for that very lock);
    the last figures are kept and written when the run ends."""

    def __init__(self, run_id: UUID):
        self.run_id = run_id
        self.last: tuple[str, int, int] | None = None
        self._written: tuple[str, float] | None = None

    def __call__(self, phase: str, done: int, total: int) -> None:
        self.last = (phase, done, total)
        now = time.monotonic()
        if self._written is not None and self._written[0] == phase and now - self._written[1] < PROGRESS_INTERVAL:
            return
        if _holds_sqlite_write_lock():
            return
        self._written = (phase, now)
        _write(self.run_id, {"phase": phase, "done": done, "total": total})


def _holds_sqlite_write_lock() -> bool:
    from vextrus.platform.uow import _active

    return (_active.get() is not None and not reads_only.get()
            and runtime.current().engine.dialect.name == "sqlite")
