"""REST: /api/v1/scheduler/... (thin: every rule is in the service)."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Depends
from pydantic import BaseModel

from vextrus.platform.http import idempotency_key

from . import service
from .schemas import ActionView, JobInput, JobView, RunView

router = APIRouter()


class JobUpdate(JobInput):
    expected_version: int | None = None


class Paused(BaseModel):
    paused: bool
    expected_version: int | None = None


@router.get("/actions", response_model=list[ActionView])
def actions() -> list[ActionView]:
    """What a schedule may run: the jobs the modules declare."""
    return service.list_actions()


@router.get("/jobs", response_model=list[JobView])
def jobs() -> list[JobView]:
    """The tenant's schedules, then the jobs modules declare (`system: true`)."""
    return service.list_jobs()


@router.post("/jobs", response_model=JobView, status_code=201)
def create_job(body: JobInput, key: str | None = Depends(idempotency_key)) -> JobView:
    return service.create_job(body, idempotency_key=key)


@router.get("/jobs/{job_id}", response_model=JobView)
def get_job(job_id: UUID) -> JobView:
    return service.get_job(job_id)


@router.put("/jobs/{job_id}", response_model=JobView)
def update_job(job_id: UUID, body: JobUpdate, key: str | None = Depends(idempotency_key)) -> JobView:
    data = JobInput(**body.model_dump(exclude={"expected_version"}))
    return service.update_job(job_id, data, body.expected_version, idempotency_key=key)


@router.put("/jobs/{job_id}/paused", response_model=JobView)
def set_paused(job_id: UUID, body: Paused, key: str | None = Depends(idempotency_key)) -> JobView:
    return service.set_paused(job_id, body.paused, body.expected_version, idempotency_key=key)


@router.put("/declared/{name}/paused", response_model=JobView)
def set_declared_paused(name: str, body: Paused, key: str | None = Depends(idempotency_key)) -> JobView:
    """Pause or resume a job a module declares (`system: true`; its periodic runs are skipped while paused)."""
    return service.set_declared_paused(name, body.paused, body.expected_version, idempotency_key=key)


@router.delete("/jobs/{job_id}")
def delete_job(job_id: UUID, key: str | None = Depends(idempotency_key)) -> dict[str, bool]:
    return {"deleted": service.delete_job(job_id, idempotency_key=key)}


@router.post("/run/{name}", response_model=RunView)
def run_now(name: str, key: str | None = Depends(idempotency_key)) -> RunView:
    """Run a schedule or a declared job now and answer with its run (it waits for the job, at most its
    timeout)."""
    return service.run_now(name, idempotency_key=key)


@router.get("/runs", response_model=list[RunView])
def runs(job: str | None = None, limit: int = 50) -> list[RunView]:
    """The execution history, newest first (of one job with `job=`)."""
    return service.history(job, limit)
