"""The scheduler's own periodic work on huey: the tick, every minute, for each tenant."""

from __future__ import annotations

from vextrus.platform.jobs import Job


def tick() -> None:
    from .service import jobs

    jobs.tick()


def run_declared(job: Job, trigger: str) -> object:
    """Every declared job's turn for a tenant goes through here (manifest `job_runner`): paused ones are
    skipped, the rest recorded in the run history."""
    from .service import jobs

    return jobs.run_declared(job, trigger)


JOBS = [Job("scheduler.tick", tick, hour=None, minute=None,
            description="Start the scheduled jobs and retries that are due (every minute)")]
