"""Attachments: receive (stream → hash → sniff → scan → store), record, list, read, delete, restore, purge.

The bytes are received *before* the unit of work (a long upload never holds the database's write
lock); the command that records them is short. If recording fails, the bytes this upload stored are
removed again, so a failed or refused upload leaves nothing behind (a killed process leaves only a
staging entry, removed by the nightly purge).
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

import structlog
from sqlalchemy import or_, select

from vextrus.platform import clock, context
from vextrus.platform.errors import Conflict, NotFound
from vextrus.platform.ids import parse_id
from vextrus.platform.uow import UnitOfWork, command, query, unit_of_work
from vextrus.platform.versioning import check_version, touch

from .. import config, object_types
from ..domain import (
    SNIFF_BYTES,
    FileMissing,
    Infected,
    Sniffed,
    display_name,
    not_accepted,
    purge_due,
    sniff,
    too_large,
)
from ..events import FileAttached, FileDeleted, FilePurged, FileRestored, FileVersionAdded
from ..schemas import FileView, PurgeReport, VersionView
from ..tables import Blob, File, FileVersion

log = structlog.get_logger("vextrus.files")

VIEW, CREATE, DELETE, MANAGE = "files.file.view", "files.file.create", "files.file.delete", "files.file.manage"
THUMB_SIZE = (256, 256)


@dataclass
class Received:
    sha256: str
    size: int
    sniffed: Sniffed
    key: str
    new: bool  # this upload wrote the bytes (False: the store already held them)
    scan_status: str
    scan_detail: str | None
    thumbnail_key: str | None = None

    def __str__(self) -> str:  # what an idempotent retry is compared by: the same bytes, however stored
        return f"sha256:{self.sha256}"


def receive(chunks: Iterable[bytes], thumbnail: bool = True, accept: Collection[str] | None = None) -> Received:
    """Stream the upload into the store: hashed, sniffed, size-limited and scanned as it arrives.
    Nothing is visible under a content key until all of it was received and accepted. `accept`: the sniffed
    content types the caller takes (e.g. photos only); another is refused as soon as it is known."""
    tenant = context.current().require_tenant()
    limit = config.max_bytes()
    store, scan = config.store(), config.scanner().begin()
    staged = store.stage()
    digest = hashlib.sha256()
    head = b""
    sniffed: Sniffed | None = None
    try:
        for chunk in chunks:
            if not chunk:
                continue
            if staged.size + len(chunk) > limit:
                raise too_large(staged.size + len(chunk), limit)
            if sniffed is None:
                head += chunk[: SNIFF_BYTES - len(head)]
                if len(head) >= SNIFF_BYTES:
                    sniffed = _accepted(sniff(head), accept)  # a program is refused before the rest arrives
            digest.update(chunk)
            staged.write(chunk)
            scan.feed(chunk)
        sniffed = sniffed or _accepted(sniff(head), accept)
        result = scan.result()
        if result.status == "infected":
            raise Infected(result.detail or "?")
        sha = digest.hexdigest()
        key = f"{tenant}/{sha[:2]}/{sha}"
        new = staged.commit(key)
    except BaseException:
        staged.abort()
        scan.close()
        raise
    got = Received(sha, staged.size, sniffed, key, new, result.status, result.detail)
    if new and thumbnail and config.files_settings().thumbnails:
        if sniffed.is_image:
            got.thumbnail_key = _thumbnail(key, limit)
        elif sniffed.content_type == "application/pdf":
            got.thumbnail_key = _pdf_thumbnail(key)
    return got


def _accepted(sniffed: Sniffed, accept: Collection[str] | None) -> Sniffed:
    if accept is not None and sniffed.content_type not in accept:
        raise not_accepted(sniffed, accept)
    return sniffed


def _thumbnail(key: str, limit: int) -> str | None:
    """A 256-pixel PNG of an image (Pillow), or None when Pillow is missing or the image is unreadable."""
    try:
        from PIL import Image
    except ImportError:
        return None
    store = config.store()
    try:
        data = b"".join(store.read(key))
        Image.MAX_IMAGE_PIXELS = 50_000_000  # a decompression bomb is refused, not expanded
        with Image.open(io.BytesIO(data)) as im:
            im.thumbnail(THUMB_SIZE)
            out = io.BytesIO()
            im.convert("RGBA" if im.mode in ("RGBA", "LA", "P") else "RGB").save(out, "PNG")
        thumb = key + ".thumb.png"
        store.put(thumb, out.getvalue())
        return thumb
    except Exception as exc:  # an image Pillow cannot read is still a file; it just has no thumbnail
        log.info("no thumbnail", key=key, reason=str(exc)[:200])
        return None


PDF_THUMB_SECONDS = 20


def _pdf_thumbnail(key: str) -> str | None:
    """The first page as a 256-pixel PNG, by poppler's `pdftocairo` when installed (stdin to stdout, no
    file on disk, at most 20 s); else none. A PDF poppler cannot read is still a file without one."""
    import shutil
    import subprocess

    tool = shutil.which("pdftocairo")
    if tool is None:
        return None
    store = config.store()
    try:
        out = subprocess.run([tool, "-f", "1", "-l", "1", "-scale-to", str(THUMB_SIZE[0]), "-png", "-singlefile",
                              "-", "-"], input=b"".join(store.read(key)), capture_output=True,
                             timeout=PDF_THUMB_SECONDS, check=True).stdout
    except (subprocess.SubprocessError, OSError) as exc:
        log.info("no pdf thumbnail", key=key, reason=str(exc)[:200])
        return None
    if not out.startswith(b"\x89PNG"):
        return None
    thumb = key + ".thumb.png"
    store.put(thumb, out)
    return thumb


def forget(received: Received) -> None:
    """Remove what an upload stored when recording it failed (unless a row names those bytes)."""
    if not received.new:
        return
    with unit_of_work() as uow:
        kept = uow.session.scalar(select(Blob.id).where(Blob.sha256 == received.sha256))
    if kept is None:
        store = config.store()
        store.delete(received.key)
        if received.thumbnail_key:
            store.delete(received.thumbnail_key)


def _check(object_type: str, need_owner: str, need_files: str, object_id: UUID | None = None,
           file_id: UUID | None = None) -> object_types.ObjectType:
    """files' own permission, then the owner's: its per-object `access` when it gives one (refused: 404, the file or
    object does not exist for this user), else its permission."""
    t = object_types.get(object_type)
    ctx = context.current()
    ctx.require(need_files)
    if t.access is None or object_id is None:
        ctx.require(getattr(t, need_owner))
    elif not ctx.system and not t.access(object_id, need_owner):
        if file_id is not None:
            raise FileMissing(file_id)
        err = NotFound(t.label or t.code, object_id, field="object_id")
        if t.label_bn:  # the owner's object named as its module names it in Bangla (OBJECT_BN lists the platform's)
            key = object_id  # as NotFound shows it
            err.message_bn = f"{t.label_bn} '{key}' পাওয়া যায়নি"
        raise err
    return t


def _object_id(value: object) -> UUID:
    return parse_id(value, "object_id")  # ids across modules are UUIDs (ARCHITECTURE §2)


# ---- commands ---------------------------------------------------------------------------------


def attach(object_type: str, object_id: object, name: str | None, chunks: Iterable[bytes],
           note: str | None = None, immutable: bool = False, idempotency_key: str | None = None,
           accept: Collection[str] | None = None) -> FileView:
    """Attach a file to an object: needs `files.file.create` and the owner's attach permission. `accept`: the
    sniffed content types taken (another: `file_type_not_accepted`, nothing stored)."""
    object_types.get(object_type)  # an unknown type is named before a malformed id
    oid = _object_id(object_id)
    t = _check(object_type, "attach", CREATE, oid)
    got = receive(chunks, thumbnail=not immutable, accept=accept)  # generated documents: no poppler run inside their command
    try:
        return _record_attach(t.code, oid, name, got, note, immutable, idempotency_key=idempotency_key)
    except BaseException:
        forget(got)
        raise


def add_version(file_id: UUID, name: str | None, chunks: Iterable[bytes], note: str | None = None,
                expected_version: int | None = None, idempotency_key: str | None = None) -> FileView:
    with unit_of_work() as uow:
        f = _load(uow, file_id)
        _check(f.object_type, "attach", CREATE, f.object_id, f.id)
        if f.immutable:
            raise _immutable(f)
    got = receive(chunks)
    try:
        return _record_version(file_id, name, got, note, expected_version, idempotency_key=idempotency_key)
    except BaseException:
        forget(got)
        raise


def _blob_for(uow: UnitOfWork, got: Received) -> Blob:
    blob = uow.session.scalar(select(Blob).where(Blob.sha256 == got.sha256))
    if blob is None:
        blob = Blob(tenant_id=context.require_tenant(), sha256=got.sha256, size=got.size,
                    content_type=got.sniffed.content_type, storage_key=got.key, scan_status=got.scan_status,
                    scan_detail=(got.scan_detail or "")[:200] or None, thumbnail_key=got.thumbnail_key)
        uow.session.add(blob)
        uow.session.flush()
    return blob


@command(CREATE, scope="files.attach")
def _record_attach(uow: UnitOfWork, object_type: str, object_id: UUID, name: str | None, got: Received,
                   note: str | None, immutable: bool) -> FileView:
    ctx = context.current()
    blob = _blob_for(uow, got)
    shown = display_name(name, got.sniffed)
    f = File(tenant_id=ctx.require_tenant(), company_id=ctx.company_id, object_type=object_type,
             object_id=object_id, name=shown, current_number=1, immutable=immutable, created_by=ctx.actor[:120])
    f.versions.append(FileVersion(tenant_id=f.tenant_id, number=1, blob=blob, name=shown,
                                  note=(note or None) and note[:400], uploaded_by=ctx.actor[:120]))
    uow.session.add(f)
    uow.session.flush()
    uow.emit(FileAttached(file_id=f.id, object_type=object_type, object_id=object_id, file_name=shown,
                          sha256=blob.sha256, size=blob.size, content_type=blob.content_type,
                          scan_status=blob.scan_status))
    return view(f, deduplicated=not got.new)


@command(CREATE, scope="files.add_version")
def _record_version(uow: UnitOfWork, file_id: UUID, name: str | None, got: Received, note: str | None,
                    expected_version: int | None) -> FileView:
    ctx = context.current()
    f = _load(uow, file_id)
    _check(f.object_type, "attach", CREATE, f.object_id, f.id)
    check_version(f, expected_version, f"file {f.name}")
    if f.immutable:
        raise _immutable(f)
    if f.deleted_at is not None:
        raise Conflict("file_deleted", "Restore the file before adding a version",
                       "নতুন সংস্করণ যোগ করার আগে ফাইলটি ফিরিয়ে আনুন", field="file_id")
    blob = _blob_for(uow, got)
    number = f.current_number + 1
    shown = display_name(name, got.sniffed) if name else f.name
    f.versions.append(FileVersion(tenant_id=f.tenant_id, number=number, blob=blob, name=shown,
                                  note=(note or None) and note[:400], uploaded_by=ctx.actor[:120]))
    f.current_number = number
    f.name = shown
    touch(f)
    uow.session.flush()
    uow.emit(FileVersionAdded(file_id=f.id, object_type=f.object_type, object_id=f.object_id, number=number,
                              sha256=blob.sha256, size=blob.size))
    return view(f, deduplicated=not got.new)


@command(DELETE, scope="files.delete")
def delete_file(uow: UnitOfWork, file_id: UUID, expected_version: int | None = None) -> FileView:
    """Soft delete: the file disappears from its object and is purged after the retention period."""
    f = _load(uow, file_id)
    _check(f.object_type, "attach", DELETE, f.object_id, f.id)
    check_version(f, expected_version, f"file {f.name}")
    if f.immutable:
        raise _immutable(f)
    if f.deleted_at is None:
        f.deleted_at, f.deleted_by = clock.now(), context.current().actor[:120]
        uow.session.flush()
        uow.emit(FileDeleted(file_id=f.id, object_type=f.object_type, object_id=f.object_id))
    return view(f)


@command(DELETE, scope="files.restore")
def restore_file(uow: UnitOfWork, file_id: UUID) -> FileView:
    f = _load(uow, file_id, deleted=True)
    _check(f.object_type, "attach", DELETE, f.object_id, f.id)
    if f.deleted_at is not None:
        f.deleted_at, f.deleted_by = None, None
        uow.session.flush()
        uow.emit(FileRestored(file_id=f.id, object_type=f.object_type, object_id=f.object_id))
    return view(f)


@command(MANAGE, scope="files.purge")
def _purge_rows(uow: UnitOfWork, now: datetime, retention: timedelta) -> tuple[list[str], int, int]:
    s = uow.session
    files = [f for f in s.scalars(select(File).where(File.deleted_at.is_not(None)))
             if purge_due(f.deleted_at, retention, now)]
    for f in files:
        uow.emit(FilePurged(file_id=f.id, object_type=f.object_type, object_id=f.object_id))
        s.delete(f)
    s.flush()
    used = select(FileVersion.blob_id)
    orphans = list(s.scalars(select(Blob).where(Blob.id.not_in(used))))
    keys = [k for b in orphans for k in (b.storage_key, b.thumbnail_key) if k]
    for b in orphans:
        s.delete(b)
    return keys, len(files), len(orphans)


def purge(now: datetime | None = None) -> PurgeReport:
    """Remove files deleted longer ago than the retention period, contents nothing uses any more, and
    staging left by killed uploads (older than a day). The rows go first; the bytes after the commit.
    Contents in the store that no row names and that are older than a day (written by a transaction that
    then rolled back, e.g. a document whose command failed after storing its PDF) go too."""
    settings = config.files_settings()
    now = now or clock.now()
    keys, n_files, n_blobs = _purge_rows(now, timedelta(days=settings.retention_days))
    store = config.store()
    for k in keys:
        store.delete(k)
    known = _known_keys()
    stray = [k for k, at in store.stored(f"{context.require_tenant()}/")
             if k not in known and now - at >= timedelta(days=1)]
    for k in stray:
        store.delete(k)
    staging = store.clean_staging(timedelta(days=1))
    return PurgeReport(files=n_files, blobs=n_blobs + len(stray), staging=staging)


@query(MANAGE, scope="files.known_keys")
def _known_keys(uow: UnitOfWork) -> set[str]:
    rows = uow.session.execute(select(Blob.storage_key, Blob.thumbnail_key))
    return {k for pair in rows for k in pair if k}


# ---- queries ----------------------------------------------------------------------------------


@query(VIEW, scope="files.list")
def list_files(uow: UnitOfWork, object_type: str, object_id: object, include_deleted: bool = False) -> list[FileView]:
    object_types.get(object_type)  # an unknown type is named before a malformed id
    oid = _object_id(object_id)
    _check(object_type, "view", VIEW, oid)
    stmt = select(File).where(File.object_type == object_type, File.object_id == oid)
    if not include_deleted:
        stmt = stmt.where(File.deleted_at.is_(None))
    company = context.current().company_id
    if company is not None:
        stmt = stmt.where(or_(File.company_id == company, File.company_id.is_(None)))
    return [view(f) for f in uow.session.scalars(stmt.order_by(File.created_at, File.id))]


@query(VIEW, scope="files.get")
def get_file(uow: UnitOfWork, file_id: UUID, deleted: bool = True) -> FileView:
    f = _load(uow, file_id, deleted=deleted)
    _check(f.object_type, "view", VIEW, f.object_id, f.id)
    return view(f)


@dataclass
class Content:
    file: FileView
    version: VersionView
    storage_key: str
    thumbnail_key: str | None

    def chunks(self) -> Iterator[bytes]:
        return config.store().read(self.storage_key)

    def read(self) -> bytes:
        return b"".join(self.chunks())


@query(VIEW, scope="files.open")
def open_version(uow: UnitOfWork, file_id: UUID, number: int | None = None) -> Content:
    f = _load(uow, file_id)
    _check(f.object_type, "view", VIEW, f.object_id, f.id)
    wanted = number or f.current_number
    v = next((v for v in f.versions if v.number == wanted), None)
    if v is None:
        raise FileMissing(f.name, wanted, field="version")
    return Content(view(f), _version_view(v), v.blob.storage_key, v.blob.thumbnail_key)


# ---- helpers ----------------------------------------------------------------------------------


def _load(uow: UnitOfWork, file_id: UUID, deleted: bool = False) -> File:
    f = uow.session.get(File, file_id)
    company = context.current().company_id
    if f is None or (f.deleted_at is not None and not deleted) or (
            company is not None and f.company_id not in (None, company)):
        raise FileMissing(file_id)
    return f


def _immutable(f: File) -> Conflict:
    return Conflict("file_immutable", f"'{f.name}' is a generated document and cannot be changed or deleted",
                    f"'{f.name}' একটি তৈরি করা দলিল; পরিবর্তন বা মুছে ফেলা যায় না", field="file_id")


def _version_view(v: FileVersion) -> VersionView:
    b = v.blob
    return VersionView(id=v.id, number=v.number, name=v.name, size=b.size, content_type=b.content_type,
                       sha256=b.sha256, scan_status=b.scan_status, scan_detail=b.scan_detail,
                       has_thumbnail=b.thumbnail_key is not None, note=v.note, uploaded_by=v.uploaded_by,
                       uploaded_at=v.uploaded_at)


def view(f: File, deduplicated: bool = False) -> FileView:
    return FileView(id=f.id, object_type=f.object_type, object_id=f.object_id, name=f.name,
                    current_number=f.current_number, immutable=f.immutable, deleted_at=f.deleted_at,
                    deleted_by=f.deleted_by, created_by=f.created_by, created_at=f.created_at, version=f.version,
                    versions=[_version_view(v) for v in f.versions], deduplicated=deduplicated)
