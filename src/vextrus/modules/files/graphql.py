"""The files subgraph: an object's attachments and their versions (uploads go through REST)."""

from __future__ import annotations

from datetime import datetime

import strawberry

from vextrus.platform.graphql import Subgraph
from vextrus.platform.ids import parse_id

from . import service
from .schemas import FileView, VersionView


@strawberry.type
class AttachmentVersion:
    number: int
    name: str
    size: int
    content_type: str
    sha256: str
    scan_status: str = strawberry.field(description="clean, infected, not_scanned (no scanner configured) or error")
    has_thumbnail: bool
    uploaded_by: str
    uploaded_at: datetime

    @classmethod
    def of(cls, v: VersionView) -> AttachmentVersion:
        return cls(number=v.number, name=v.name, size=v.size, content_type=v.content_type, sha256=v.sha256,
                   scan_status=v.scan_status, has_thumbnail=v.has_thumbnail, uploaded_by=v.uploaded_by,
                   uploaded_at=v.uploaded_at)


@strawberry.federation.type(keys=["id"])
class Attachment:
    id: strawberry.ID
    object_type: str
    object_id: strawberry.ID
    name: str
    current_number: int
    immutable: bool
    deleted_at: datetime | None
    created_by: str
    created_at: datetime
    version: int
    versions: list[AttachmentVersion]

    @strawberry.field(description="Where to download the current version (through the REST API)")
    def download_path(self) -> str:
        return f"/api/v1/files/{self.id}/content"

    @classmethod
    def of(cls, f: FileView) -> Attachment:
        return cls(id=strawberry.ID(str(f.id)), object_type=f.object_type, object_id=strawberry.ID(str(f.object_id)), name=f.name,
                   current_number=f.current_number, immutable=f.immutable, deleted_at=f.deleted_at,
                   created_by=f.created_by, created_at=f.created_at, version=f.version,
                   versions=[AttachmentVersion.of(v) for v in f.versions])

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Attachment:  # noqa: A002
        return cls.of(service.get_file(parse_id(id)))


@strawberry.type
class FilesQuery:
    @strawberry.field(description="Files attached to an object (e.g. objectType: \"finance.journal_entry\")")
    def attachments(self, object_type: str, object_id: strawberry.ID, include_deleted: bool = False) -> list[Attachment]:
        return [Attachment.of(f) for f in service.list_files(object_type, object_id, include_deleted)]

    @strawberry.field
    def attachment(self, id: strawberry.ID) -> Attachment:  # noqa: A002
        return Attachment.of(service.get_file(parse_id(id)))


@strawberry.type
class FilesMutation:
    @strawberry.mutation(description="Soft delete: restorable until the retention period ends")
    def delete_attachment(self, id: strawberry.ID, expected_version: int | None = None,  # noqa: A002
                          idempotency_key: str | None = None) -> Attachment:
        return Attachment.of(service.delete_file(parse_id(id), expected_version, idempotency_key=idempotency_key))

    @strawberry.mutation
    def restore_attachment(self, id: strawberry.ID, idempotency_key: str | None = None) -> Attachment:  # noqa: A002
        return Attachment.of(service.restore_file(parse_id(id), idempotency_key=idempotency_key))


SUBGRAPH = Subgraph(query=FilesQuery, mutation=FilesMutation, types=(Attachment,))
