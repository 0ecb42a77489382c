"""The scheduler's own periodic work on huey: the tick, every minute, for each tenant."""

from __future__ import annotations

from vextrus.platform.jobs import Job


def tick() -> None:
    from .service import jobs

    jobs.tick()


JOBS = [Job("scheduler.tick", tick, hour=None, minute=None,
            description="Start the scheduled jobs and retries that are due (every minute)")]
