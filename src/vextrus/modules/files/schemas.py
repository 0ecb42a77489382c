"""The files module's DTOs: what the service returns and the adapters (REST, GraphQL, pages) show."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel


class VersionView(BaseModel):
    id: UUID
    number: int
    name: str
    size: int
    content_type: str
    sha256: str
    scan_status: str  # clean | infected | not_scanned | error
    scan_detail: str | None = None
    has_thumbnail: bool = False
    note: str | None = None
    uploaded_by: str
    uploaded_at: datetime


class FileView(BaseModel):
    id: UUID
    object_type: str
    object_id: UUID
    name: str
    current_number: int
    immutable: bool
    deleted_at: datetime | None = None
    deleted_by: str | None = None
    created_by: str
    created_at: datetime
    version: int
    versions: list[VersionView]
    deduplicated: bool = False  # this upload's bytes were already stored (nothing new was written)

    @property
    def current(self) -> VersionView:
        return next(v for v in self.versions if v.number == self.current_number)


class DownloadLink(BaseModel):
    url: str
    expires_at: datetime
    direct: bool  # True: straight from the S3 store (presigned); False: through this application


class PurgeReport(BaseModel):
    files: int
    blobs: int
    staging: int
