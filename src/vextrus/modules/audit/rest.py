"""REST: /api/v1/audit/... (thin: the service decides everything)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from vextrus.platform.http import idempotency_key

from . import service
from .schemas import (
    ArchiveReport,
    ArchiveView,
    AuditPage,
    AuditRecordView,
    AuditSearch,
    RetentionPolicyInput,
    RetentionPolicyView,
    VerifyReport,
)

router = APIRouter()


def criteria(object_type: str | None = Query(None, max_length=120), object_id: str | None = Query(None, max_length=120),
             actor: str | None = Query(None, max_length=120), action: str | None = Query(None, max_length=60),
             date_from: date | None = None, date_to: date | None = None,
             q: str | None = Query(None, max_length=200, description="Free text (English or Bangla words)")
             ) -> AuditSearch:
    return AuditSearch(object_type=object_type, object_id=object_id, actor=actor, action=action,
                       date_from=date_from, date_to=date_to, text=q)


@router.get("/records", response_model=AuditPage)
def search(c: AuditSearch = Depends(criteria), after: str | None = None,
           limit: int = Query(50, ge=1, le=200)) -> AuditPage:
    """Records newest first; filters combine; `q` uses the database's full-text search; `after` is
    the previous page's `next_cursor`."""
    return service.search(c, after=after, limit=limit)


@router.get("/records/export")
def export(c: AuditSearch = Depends(criteria), format: str = Query("csv", pattern="^(csv|xlsx)$")) -> Response:
    """The whole search as CSV or XLSX (needs audit.record.export)."""
    content, media, name = service.export(c, format)
    return Response(content, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/records/{record_id}", response_model=AuditRecordView)
def get_record(record_id: UUID) -> AuditRecordView:
    return service.get_record(record_id)


@router.get("/history", response_model=AuditPage)
def history(object_type: str = Query(max_length=120), object_id: str = Query(max_length=120),
            after: str | None = None, limit: int = Query(100, ge=1, le=200)) -> AuditPage:
    """One object's history, newest first."""
    return service.history(object_type, object_id, after=after, limit=limit)


@router.get("/verify", response_model=VerifyReport)
def verify() -> VerifyReport:
    """Check this tenant's chain (archives and live records); each finding names the record."""
    return service.verify()


@router.get("/retention-policies", response_model=list[RetentionPolicyView])
def policies() -> list[RetentionPolicyView]:
    return service.retention_policies()


@router.put("/retention-policies", response_model=RetentionPolicyView)
def set_policy(body: RetentionPolicyInput, key: str | None = Depends(idempotency_key)) -> RetentionPolicyView:
    return service.set_retention_policy(body, idempotency_key=key)


@router.get("/archives", response_model=list[ArchiveView])
def archives() -> list[ArchiveView]:
    return service.archives()


@router.post("/archives", response_model=ArchiveReport)
def archive_now(key: str | None = Depends(idempotency_key)) -> ArchiveReport:
    """Archive every record past its retention policy's live period now (the nightly job does the same)."""
    return service.archive_now(idempotency_key=key)
