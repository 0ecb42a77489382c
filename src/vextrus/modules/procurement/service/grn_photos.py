"""Photos on a goods receipt note (issue 17: "photos as files"): the store keeper photographs the truck, the
challan and the material as it arrives. The photos are files (the files module stores, hashes, sniffs, scans and
thumbnails them) attached to the GRN as the object type `procurement.grn`:

- attaching needs the GRN's record permission (`procurement.receipt.create`), seeing them its view permission
  (`procurement.receipt.view`), both checked BEFORE the GRN is read; the GRN is then loaded as any read of it
  (another company's, or another project's for a scoped role, is 404);
- only photos: the content type is sniffed by files from the bytes (JPEG, PNG, GIF, WebP; `files.api.IMAGES`);
  anything else is refused as `procurement.grn_photo_not_image` (field `file`, English and Bangla) with nothing
  stored; the size limit is files' (`file_too_large`);
- procurement calls files as itself for the user (`uses` `files.file.create`, `files.file.view`).

The files module's own endpoints (thumbnail, content) reach the photos through `photo_access` with the same rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from vextrus.modules.files.api import FileView
from vextrus.platform import context
from vextrus.platform.errors import DomainError, ValidationFailed

from .receipts import get_grn

FILES_TYPE = "procurement.grn"
VIEW, RECORD = "procurement.receipt.view", "procurement.receipt.create"


def photo_access(grn_id: UUID, need: str) -> bool:
    """Who reaches a GRN's photos (files asks per GRN; False answers 404): its viewers see them, those who may
    record receipts attach them; the GRN must be one this user may read (company, project scope)."""
    ctx = context.current()
    if not ctx.can(RECORD if need == "attach" else VIEW):
        return False
    try:
        get_grn(grn_id)
    except DomainError:
        return False
    return True


def _register() -> None:
    from vextrus.modules.files import api as files

    files.register_object_type(files.ObjectType(FILES_TYPE, VIEW, RECORD, "Goods receipt note", "মাল গ্রহণ নোট",
                                                access=photo_access))


_register()


def attach_photo(grn_id: UUID, name: str | None, chunks: Iterable[bytes], idempotency_key: str | None = None) -> FileView:
    """One photo onto the GRN (a FileView). Refused before anything is read without `procurement.receipt.create`."""
    from vextrus.modules.files import api as files

    from .. import MODULE

    ctx = context.current()
    ctx.require(RECORD)
    ctx.require(VIEW)
    get_grn(grn_id)  # 404 for another company's (or project's) GRN, before a byte is received
    try:
        with context.calling_as(MODULE):
            return files.attach(FILES_TYPE, grn_id, name, chunks, idempotency_key=idempotency_key,
                                accept=files.IMAGES)
    except ValidationFailed as exc:
        if exc.code != "file_type_not_accepted":
            raise
        raise ValidationFailed(
            "procurement.grn_photo_not_image",
            f"Only photos (JPEG, PNG, GIF or WebP) can be attached to a goods receipt note; this file is "
            f"{(exc.details or {}).get('content_type', '?')}",
            "মাল গ্রহণ নোটে শুধু ছবি সংযুক্ত করা যায়; এই ফাইলটি ছবি নয়", field="file",
            details=exc.details) from exc


def list_photos(grn_id: UUID) -> list[FileView]:
    """The GRN's photos (FileViews, oldest first). Refused before anything is read without `procurement.receipt.view`."""
    from vextrus.modules.files import api as files

    from .. import MODULE

    context.current().require(VIEW)
    get_grn(grn_id)
    with context.calling_as(MODULE):
        return files.list_files(FILES_TYPE, grn_id)
