"""REST: /api/v1/files/... — uploads stream the raw request body (no multipart spooling to disk);
downloads stream from the store or redirect to a presigned S3 link.

Upload paths end in `/import` so the platform's body limit treats them as uploads
(`VEXTRUS_MAX_UPLOAD_BYTES`, platform/request_bounds.py); the files module enforces the same limit
itself while streaming."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from uuid import UUID

import anyio.from_thread
from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response, StreamingResponse
from starlette.concurrency import run_in_threadpool

from vextrus.platform.http import idempotency_key

from . import config, service
from .object_types import known
from .schemas import DownloadLink, FileView, PurgeReport
from .storage import content_disposition

router = APIRouter()

INLINE_SAFE = {"application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp"}


def body_chunks(request: Request) -> Iterator[bytes]:
    """The request body as a blocking iterator for a worker thread: each chunk is pulled from the
    event loop as the client sends it, so an upload is never held whole in memory or on disk."""
    stream: AsyncIterator[bytes] = request.stream().__aiter__()
    while True:
        try:
            chunk = anyio.from_thread.run(stream.__anext__)
        except StopAsyncIteration:
            return
        if chunk:
            yield chunk


@router.get("/object-types")
def object_types() -> list[dict[str, str]]:
    return [{"code": t.code, "view": t.view, "attach": t.attach, "label": t.label, "label_bn": t.label_bn}
            for t in known()]


@router.get("/objects/{object_type}/{object_id}", response_model=list[FileView])
def list_files(object_type: str, object_id: str, include_deleted: bool = False) -> list[FileView]:
    return service.list_files(object_type, object_id, include_deleted)


@router.post("/objects/{object_type}/{object_id}/import", response_model=FileView)
async def upload(request: Request, object_type: str, object_id: str, name: str | None = None,
                 note: str | None = None, key: str | None = Depends(idempotency_key)) -> FileView:
    """Attach a file: the raw body is the file (any Content-Type; the type is sniffed from the bytes),
    `?name=` its display name (UTF-8, e.g. Bangla), `Idempotency-Key` makes a retry safe."""
    return await run_in_threadpool(service.attach, object_type, object_id, name, body_chunks(request), note,
                                   idempotency_key=key)


@router.post("/{file_id}/versions/import", response_model=FileView)
async def upload_version(request: Request, file_id: UUID, name: str | None = None, note: str | None = None,
                         expected_version: int | None = None,
                         key: str | None = Depends(idempotency_key)) -> FileView:
    return await run_in_threadpool(service.add_version, file_id, name, body_chunks(request), note,
                                   expected_version, idempotency_key=key)


@router.get("/{file_id}", response_model=FileView)
def get_file(file_id: UUID) -> FileView:
    return service.get_file(file_id)


@router.delete("/{file_id}", response_model=FileView)
def delete_file(file_id: UUID, expected_version: int | None = None,
                key: str | None = Depends(idempotency_key)) -> FileView:
    return service.delete_file(file_id, expected_version, idempotency_key=key)


@router.post("/{file_id}/restore", response_model=FileView)
def restore_file(file_id: UUID, key: str | None = Depends(idempotency_key)) -> FileView:
    return service.restore_file(file_id, idempotency_key=key)


@router.get("/{file_id}/link", response_model=DownloadLink)
def link(file_id: UUID, version: int | None = None, seconds: int | None = None) -> DownloadLink:
    """A download link that expires (`VEXTRUS_FILES_LINK_SECONDS`, at most 7 days): presigned by S3, or
    signed by this application on local disk."""
    return service.download_link(file_id, version, seconds)


def stream(chunks: Iterator[bytes], name: str, content_type: str, inline: bool = False) -> StreamingResponse:
    shown_inline = inline and content_type in INLINE_SAFE
    disposition = content_disposition(name)
    if shown_inline:
        disposition = "inline" + disposition.removeprefix("attachment")
    return StreamingResponse(chunks, media_type=content_type if shown_inline or content_type in INLINE_SAFE
                             else "application/octet-stream",
                             headers={"Content-Disposition": disposition, "X-Content-Type-Options": "nosniff",
                                      "Content-Security-Policy": "sandbox; default-src 'none'"})


@router.get("/{file_id}/content")
def content(file_id: UUID, version: int | None = None, inline: bool = False) -> Response:
    """The file's bytes (the current version unless `?version=`): from S3 by a presigned redirect."""
    c = service.open_version(file_id, version)
    if config.store().kind == "s3" and not inline:
        return RedirectResponse(service.download_link(file_id, version).url, status_code=307)
    return stream(c.chunks(), c.version.name, c.version.content_type, inline)


@router.get("/{file_id}/thumbnail")
def thumbnail(file_id: UUID, version: int | None = None) -> Response:
    c = service.open_version(file_id, version)
    if not c.thumbnail_key:
        return Response(status_code=404)
    return StreamingResponse(config.store().read(c.thumbnail_key), media_type="image/png",
                             headers={"X-Content-Type-Options": "nosniff", "Cache-Control": "private, max-age=3600"})


@router.get("/links/{token}")
def by_link(token: str) -> Response:
    """A signed download link (local disk): no sign-in, valid until it expires."""
    target = service.resolve(token)
    return stream(config.store().read(target.storage_key), target.name, target.content_type)


@router.post("/purge", response_model=PurgeReport)
def purge() -> PurgeReport:
    return service.purge()
