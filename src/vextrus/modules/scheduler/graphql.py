"""GraphQL subgraph of the scheduler: jobs with their history; mutations to pause, resume and run now."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import strawberry

from vextrus.platform.graphql import Subgraph

from . import service


@strawberry.type(name="ScheduledJob")
class JobType:
    id: UUID | None
    name: str
    action: str
    description: str
    kind: str
    cron: str | None
    interval_seconds: int | None
    run_at: datetime | None
    schedule: str
    schedule_bn: str
    paused: bool
    system: bool
    next_run_at: datetime | None
    last_run_at: datetime | None
    last_status: str
    max_retries: int
    timeout_seconds: int
    version: int


@strawberry.type(name="JobRun")
class RunType:
    id: UUID
    job_name: str
    planned_at: datetime
    attempt: int
    trigger: str
    status: str
    started_at: datetime
    finished_at: datetime | None
    lag_ms: int
    duration_ms: int | None
    error: str
    retry_at: datetime | None
    actor: str


@strawberry.type
class SchedulerQuery:
    @strawberry.field
    def scheduled_jobs(self) -> list[JobType]:
        return [JobType(**j.model_dump()) for j in service.list_jobs()]

    @strawberry.field
    def job_runs(self, job: str | None = None, limit: int = 50) -> list[RunType]:
        return [RunType(**r.model_dump()) for r in service.history(job, limit)]


@strawberry.type
class SchedulerMutation:
    @strawberry.mutation
    def run_job_now(self, name: str, idempotency_key: str | None = None) -> RunType:
        return RunType(**service.run_now(name, idempotency_key=idempotency_key).model_dump())

    @strawberry.mutation
    def pause_job(self, paused: bool, job_id: UUID | None = None, name: str | None = None,
                  expected_version: int | None = None, idempotency_key: str | None = None) -> JobType:
        """A schedule by `jobId`, or a job a module declares by `name`."""
        if job_id is None:
            return JobType(**service.set_declared_paused(name or "", paused, expected_version,
                                                         idempotency_key=idempotency_key).model_dump())
        return JobType(**service.set_paused(job_id, paused, expected_version,
                                            idempotency_key=idempotency_key).model_dump())


SUBGRAPH = Subgraph(query=SchedulerQuery, mutation=SchedulerMutation, types=(JobType, RunType))
