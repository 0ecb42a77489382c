"""DTOs of the scheduler service."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, Field


class JobInput(BaseModel):
    name: str = Field(..., min_length=1, max_length=120)
    action: str = Field(..., max_length=120)
    description: str = Field("", max_length=400)
    kind: str  # cron | interval | once
    cron: str | None = Field(None, max_length=120)
    interval_seconds: int | None = Field(None, ge=1, le=366 * 86400)
    run_at: datetime | None = None
    max_retries: int = Field(0, ge=0, le=10)
    retry_base_seconds: int = Field(60, ge=1, le=86400)
    timeout_seconds: int = Field(600, ge=1, le=6 * 3600)


class JobView(BaseModel):
    id: UUID | None = None  # None: declared by a module (runs from its manifest; run-now only)
    name: str
    action: str
    description: str = ""
    kind: str
    cron: str | None = None
    interval_seconds: int | None = None
    run_at: datetime | None = None
    schedule: str
    schedule_bn: str
    paused: bool = False
    system: bool = False
    next_run_at: datetime | None = None
    last_run_at: datetime | None = None
    last_status: str = ""
    max_retries: int = 0
    timeout_seconds: int = 0
    version: int = 0


class RunView(BaseModel):
    id: UUID
    job_name: str
    planned_at: datetime
    attempt: int
    trigger: str
    status: str
    started_at: datetime
    finished_at: datetime | None = None
    lag_ms: int = 0
    duration_ms: int | None = None
    error: str = ""
    retry_at: datetime | None = None
    actor: str = ""


class ActionView(BaseModel):
    name: str
    description: str
