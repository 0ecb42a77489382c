"""UI: the attachments panel any object page can load with htmx
(`<div hx-get="/files/panel/finance.journal_entry/{id}" hx-trigger="load"></div>`), and a page of one
object's files. Uploads are sent by the panel's small script as the raw body (streamed, never a form)."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from vextrus.platform import context
from vextrus.platform.errors import DomainError
from vextrus.platform.ids import parse_id
from vextrus.platform.ui import error_text, render

from . import object_types, service

router = APIRouter(prefix="/files", include_in_schema=False)


def _panel(request: Request, object_type: str, object_id: str, error: str | None = None,
           status_code: int = 200) -> HTMLResponse:
    t = object_types.get(object_type)
    files = service.list_files(object_type, object_id, include_deleted=True)
    ctx = context.current()
    owner = ctx.can(t.attach) if t.access is None else (ctx.system or t.access(parse_id(object_id, "object_id"),
                                                                                 "attach"))
    return render(request, "files/_panel.html", otype=t, object_type=object_type, object_id=object_id,
                  files=[f for f in files if f.deleted_at is None], deleted=[f for f in files if f.deleted_at],
                  can_attach=ctx.can("files.file.create") and owner,
                  can_delete=ctx.can("files.file.delete") and owner,
                  error=error, status_code=status_code)


@router.get("/panel/{object_type}/{object_id}", response_class=HTMLResponse)
def panel(request: Request, object_type: str, object_id: str) -> HTMLResponse:
    return _panel(request, object_type, object_id)


@router.get("/objects/{object_type}/{object_id}", response_class=HTMLResponse)
def object_page(request: Request, object_type: str, object_id: str) -> HTMLResponse:
    t = object_types.get(object_type)
    service.list_files(object_type, object_id)  # the permission check, before the page shell renders
    return render(request, "files/object.html", otype=t, object_type=object_type, object_id=object_id)


@router.post("/{file_id}/delete", response_class=HTMLResponse)
def delete(request: Request, file_id: UUID) -> HTMLResponse:
    f = service.get_file(file_id)
    try:
        service.delete_file(file_id)
    except DomainError as exc:
        return _panel(request, f.object_type, f.object_id, error_text(request, exc), 422)
    return _panel(request, f.object_type, f.object_id)


@router.post("/{file_id}/restore", response_class=HTMLResponse)
def restore(request: Request, file_id: UUID) -> HTMLResponse:
    f = service.restore_file(file_id)
    return _panel(request, f.object_type, f.object_id)


@router.post("/objects/{object_type}/{object_id}/import", response_class=HTMLResponse)
async def upload(request: Request, object_type: str, object_id: str, name: str | None = None) -> HTMLResponse:
    """The panel's upload: the raw body (sent by fetch with the CSRF header), answered with the panel."""
    from starlette.concurrency import run_in_threadpool

    from .rest import body_chunks

    error = None
    try:
        await run_in_threadpool(service.attach, object_type, object_id, name, body_chunks(request))
    except DomainError as exc:
        error = error_text(request, exc)
    return await run_in_threadpool(_panel, request, object_type, object_id, error, 200 if error is None else 422)


@router.get("/{file_id}/download")
def download(file_id: UUID, version: int | None = None, inline: bool = False):  # noqa: ANN201
    """From the page: the bytes (local disk) or a redirect to a presigned S3 link."""
    from .rest import content

    return content(file_id, version, inline)
