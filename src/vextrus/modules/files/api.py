"""What other modules may call: declare an object type, attach and list files, read them.

    from vextrus.modules.files import api as files
    files.register_object_type(files.ObjectType("hr.employee", "hr.employee.view", "hr.employee.update",
                                                "Employee", "কর্মচারী"))
    with context.calling_as(MODULE):          # MODULE declares uses=("files.file.create",)
        files.attach("hr.employee", emp_id, "nid.pdf", [pdf_bytes])
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from uuid import UUID

from . import object_types, service
from .object_types import ObjectType
from .schemas import DownloadLink, FileView, VersionView
from .storage import content_disposition

__all__ = ["IMAGES", "DownloadLink", "content_disposition", "FileView", "ObjectType", "VersionView", "attach", "download_link", "list_files",
           "read", "register_object_type", "store_immutable"]


def register_object_type(t: ObjectType) -> ObjectType:
    """Declare which of the owner's permissions guard seeing and attaching files to `t.code` objects."""
    return object_types.register(t)


IMAGES = ("image/jpeg", "image/png", "image/gif", "image/webp")  # photos a browser shows (sniffed, never named)


def attach(object_type: str, object_id: object, name: str | None, chunks: Iterable[bytes],
           note: str | None = None, idempotency_key: str | None = None,
           accept: Collection[str] | None = None) -> FileView:
    """Needs `files.file.create` and the owner's attach permission. `accept` (e.g. `IMAGES`): the sniffed content
    types taken; another is refused (`file_type_not_accepted`, field `file`) with nothing stored."""
    return service.attach(object_type, object_id, name, chunks, note, idempotency_key=idempotency_key, accept=accept)


def store_immutable(object_type: str, object_id: object, name: str, content: bytes,
                    note: str | None = None) -> FileView:
    """Store a generated document: one version, never replaced or deleted (`files.file.create`)."""
    return service.attach(object_type, object_id, name, [content], note, immutable=True)


def list_files(object_type: str, object_id: object) -> list[FileView]:
    return service.list_files(object_type, object_id)


def read(file_id: UUID, number: int | None = None) -> bytes:
    """The bytes of a version (the current one by default): `files.file.view` + the owner's view."""
    return service.open_version(file_id, number).read()


def download_link(file_id: UUID, number: int | None = None) -> DownloadLink:
    return service.download_link(file_id, number)
