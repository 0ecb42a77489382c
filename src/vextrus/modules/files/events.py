"""Events the files module publishes (its public contract)."""

from __future__ import annotations

from uuid import UUID

from vextrus.platform.events import Event


class FileAttached(Event):
    """A file was attached to an object (its first version)."""

    name = "files.file.attached"
    file_id: UUID
    object_type: str
    object_id: UUID
    file_name: str
    sha256: str
    size: int
    content_type: str
    scan_status: str


class FileVersionAdded(Event):
    name = "files.file.version_added"
    file_id: UUID
    object_type: str
    object_id: UUID
    number: int
    sha256: str
    size: int


class FileDeleted(Event):
    """Soft delete: restorable until the retention period ends."""

    name = "files.file.deleted"
    file_id: UUID
    object_type: str
    object_id: UUID


class FileRestored(Event):
    name = "files.file.restored"
    file_id: UUID
    object_type: str
    object_id: UUID


class FilePurged(Event):
    name = "files.file.purged"
    file_id: UUID
    object_type: str
    object_id: UUID
