"""The audit module's DTOs: the source the REST answers, GraphQL types and page forms derive from."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, Field


class AuditRecordView(BaseModel):
    id: UUID
    seq: int
    event_id: UUID
    event_name: str
    occurred_at: datetime
    actor: str
    request_id: str | None
    client_address: str | None
    object_type: str
    object_id: str
    object_label: str
    action: str
    changes: dict[str, dict[str, Any]]
    before_known: bool
    hash: str
    prev_hash: str


class AuditSearch(BaseModel):
    """What a search asks for: every filter optional; dates are business days (Asia/Dhaka), `to` inclusive."""

    object_type: str | None = Field(default=None, max_length=120)
    object_id: str | None = Field(default=None, max_length=120)
    actor: str | None = Field(default=None, max_length=120)
    action: str | None = Field(default=None, max_length=60)
    date_from: date | None = None
    date_to: date | None = None
    text: str | None = Field(default=None, max_length=200)


class AuditPage(BaseModel):
    items: list[AuditRecordView]
    next_cursor: str | None
    total: int | None = None


class FindingView(BaseModel):
    seq: int
    record_id: str | None
    problem: str
    detail: str
    where: str


class VerifyReport(BaseModel):
    tenant_id: UUID
    tenant_code: str
    ok: bool
    checked: int
    live: int
    archived: int
    last_seq: int
    findings: list[FindingView]
    purged: int = 0  # records of purged archive files (past retention): linked over, not read


class RetentionPolicyView(BaseModel):
    pattern: str
    live_days: int
    retain_years: int
    default: bool = False


class RetentionPolicyInput(BaseModel):
    pattern: str = Field(max_length=120)
    live_days: int
    retain_years: int


class ArchiveView(BaseModel):
    id: UUID
    file_name: str
    records: int
    first_seq: int
    last_seq: int
    oldest_at: datetime
    newest_at: datetime
    created_at: datetime
    created_by: str
    purged_at: datetime | None = None  # the file was deleted: its records passed their retention


class PurgeReport(BaseModel):
    purged: int  # records whose archive files were deleted
    archives: list[ArchiveView]


class ArchiveReport(BaseModel):
    archived: int
    archive: ArchiveView | None
