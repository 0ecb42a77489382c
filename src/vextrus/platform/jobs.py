"""Background and scheduled work on huey: one mechanism for everything that runs later.

Modules declare periodic jobs in their manifest (`jobs="pkg.jobs:JOBS"`, a list of `Job`). A job
runs once per tenant, acting as the system for that tenant, at a time of day in Asia/Dhaka.
Embedded, the queue is a SQLite file in the data dir and `vextrus serve` runs the consumer in
threads; scaled out (`VEXTRUS_JOBS_URL=redis://...`), `vextrus worker` runs it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import structlog
from huey import Huey, RedisHuey, SqliteHuey, crontab
from huey.consumer import Consumer
from sqlalchemy import select

from vextrus.platform import context, runtime
from vextrus.platform.tables import Tenant

log = structlog.get_logger("vextrus.jobs")
DHAKA_UTC_OFFSET_HOURS = 6  # Asia/Dhaka has no daylight saving


@dataclass(frozen=True)
class Job:
    """`fn()` runs in a system context for each tenant. `hour`/`minute` are Dhaka time;
    `hour=None` means every hour, `minute=None` every minute (for frequent housekeeping).
    With the scheduler module's runner, one tenant's turn is stopped waiting for after `timeout_seconds`
    (recorded timed out) and a failed or timed-out turn is tried again `max_retries` times, after
    `retry_base_seconds`, twice that, … (never at or after the job's next turn, which is its retry)."""

    name: str
    fn: Callable[[], Any]
    hour: int | None = 2
    minute: int | None = 0
    description: str = ""
    timeout_seconds: int = 600
    max_retries: int = 2
    retry_base_seconds: int = 60

    def crontab(self) -> Any:
        hour = "*" if self.hour is None else str((self.hour - DHAKA_UTC_OFFSET_HOURS) % 24)
        return crontab(minute="*" if self.minute is None else str(self.minute), hour=hour)


def make_huey(url: str, data_dir: Any, name: str = "vextrus") -> Huey:
    if url.startswith("redis://"):
        return RedisHuey(name, url=url, utc=True)
    data_dir.mkdir(parents=True, exist_ok=True)
    return SqliteHuey(name, filename=str(data_dir / "jobs.db"), utc=True)


# `runner(job, trigger)` runs one tenant's turn of a declared job (inside that tenant's system context)
# in place of `job.fn()`; a module installs it through its manifest (`job_runner=`) to record, or skip
# (paused), the runs. `trigger` is "periodic" (huey's schedule) or "manual" (run now, the CLI).
JobRunner = Callable[[Job, str], Any]


def run_for_every_tenant(job: Job, trigger: str = "manual") -> int:
    """Run a job for each tenant; one tenant's failure is logged and does not stop the others."""
    rt = runtime.current()
    with context.acting_as(context.system_context()), rt.session_factory() as s:
        tenants = list(s.execute(select(Tenant.id)).scalars())
    jobs = getattr(rt, "jobs", None)
    runner: JobRunner | None = getattr(jobs, "runner", None) if jobs is not None and job.name in jobs.jobs else None
    done = 0
    for tid in tenants:
        with context.acting_as(context.system_context(tid, actor=f"job:{job.name}")):
            try:
                if runner is not None:
                    runner(job, trigger)
                else:
                    job.fn()
                done += 1
            except Exception:
                log.exception("job failed", job=job.name, tenant=str(tid))
    return done


class Jobs:
    """The job registry of this process, bound to one huey instance."""

    def __init__(self, huey: Huey):
        self.huey = huey
        self.jobs: dict[str, Job] = {}
        self.runner: JobRunner | None = None
        self._tasks: dict[str, Any] = {}
        self._periodic: dict[str, Any] = {}
        self._consumer: Consumer | None = None

    def register(self, job: Job) -> None:
        if job.name in self.jobs:
            raise ValueError(f"job {job.name} registered twice")
        self.jobs[job.name] = job
        self._periodic[job.name] = self.huey.periodic_task(job.crontab(), name=f"periodic:{job.name}")(
            lambda j=job: run_for_every_tenant(j, "periodic"))
        self._tasks[job.name] = self.huey.task(name=f"now:{job.name}")(lambda j=job: run_for_every_tenant(j))

    def enqueue(self, name: str) -> Any:
        """Queue a job to run as soon as a consumer is free; returns huey's result handle."""
        return self._tasks[name]()

    def run_now(self, name: str) -> int:
        return run_for_every_tenant(self.jobs[name])

    def run_periodic(self, name: str) -> int:
        """What huey's periodic task for `name` does when its time comes (tests call it directly)."""
        return self._periodic[name].call_local()

    def start_consumer(self, workers: int = 2, periodic: bool = True) -> None:
        """Run the consumer (workers, and the periodic scheduler unless `periodic=False`: with
        several workers on one Redis queue only one may schedule) in background threads."""
        if self._consumer is not None:
            return
        self._consumer = _ThreadedConsumer(self.huey, workers=workers, worker_type="thread", periodic=periodic,
                                           check_worker_health=False)
        self._consumer.start()

    def stop_consumer(self) -> None:
        if self._consumer is not None:
            self._consumer.stop(graceful=True)
            self._consumer = None


class _ThreadedConsumer(Consumer):
    """huey's consumer without its signal handlers, so it can live beside the web server."""

    def _set_signal_handlers(self) -> None:
        return None


_lock = threading.Lock()


def build(registry: Any, url: str, data_dir: Any) -> Jobs:
    with _lock:
        jobs = Jobs(make_huey(url, data_dir))
        from vextrus.platform import background

        background.install(jobs.huey)  # runs submitted work (imports with progress) in every consumer
        for _m, declared in registry.each("jobs"):
            for job in declared:
                jobs.register(job)
        for _m, runner in registry.each("job_runner"):
            jobs.runner = runner  # at most one module declares it (the scheduler)
        return jobs
