"""REST: /api/v1/interchange/... (thin: the service decides everything).

    POST /import                     multipart: target, file, lang → 201 + Location /imports/{id}: the
                                     run with the proposed mapping (the path has an `import` segment
                                     so the upload limit, not the small body limit, applies)
    GET  /imports, /imports/{id}     the user's runs; one run with its problems
    PUT  /imports/{id}/mapping       {"columns": {header: field}} (saved for the user and target)
    POST /imports/{id}/check         the dry run: 200 with the run, or 202 + /api/v1/jobs/{id} for a large file
    POST /imports/{id}/commit        {"mode": "all_or_nothing"|"valid_only", "result_format": "csv"|"xlsx"}
    GET  /imports/{id}/result        the refused rows with an error column
    GET  /targets?kind=import|export the targets the user may use
    GET  /exports/{target}?format=csv|xlsx&lang=en|bn&q=...  a list with its page's filters
"""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from fastapi import APIRouter, Depends, File, Form, Request, Response, UploadFile
from fastapi.responses import JSONResponse

from vextrus.platform import csv_input
from vextrus.platform.http import idempotency_key
from vextrus.platform.jobs_http import accepted
from vextrus.platform.rest import created

from . import service
from .schemas import CommitInput, ImportRunPage, ImportRunView, MappingInput, TargetView

router = APIRouter()


def _answer(out: object) -> object:
    if isinstance(out, ImportRunView):
        return out
    return accepted(out)  # type: ignore[arg-type]


def _download(name: str, content: bytes, content_type: str) -> Response:
    return Response(content, media_type=content_type,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/targets", response_model=list[TargetView])
def list_targets(kind: Literal["import", "export"] = "import") -> list[TargetView]:
    return service.targets(kind)


@router.post("/import", response_model=ImportRunView, status_code=201)
def upload(request: Request, response: Response, target: str = Form(...), lang: str = Form("en"),
           file: UploadFile = File(...), key: str | None = Depends(idempotency_key)) -> ImportRunView:
    """Upload a CSV (UTF-8 ±BOM, UTF-16, Windows-1252) or XLSX file for `target`; at most
    `VEXTRUS_MAX_UPLOAD_BYTES` (a larger file is refused in words, `import_too_large`)."""
    content = file.file.read(csv_input.limits()[0] + 1)
    run = service.upload(target, file.filename or "upload", content, lang, idempotency_key=key)
    created(request, response, run.id)
    response.headers["Location"] = f"/api/v1/interchange/imports/{run.id}"
    return run


@router.get("/imports", response_model=ImportRunPage)
def list_runs(first: int = 50, after: str | None = None) -> ImportRunPage:
    return service.list_runs(first, after)


@router.get("/imports/{run_id}", response_model=ImportRunView)
def get_run(run_id: UUID) -> ImportRunView:
    return service.get_run(run_id)


@router.put("/imports/{run_id}/mapping", response_model=ImportRunView)
def set_mapping(run_id: UUID, body: MappingInput, key: str | None = Depends(idempotency_key)) -> ImportRunView:
    return service.set_mapping(run_id, body, idempotency_key=key)


@router.post("/imports/{run_id}/check", response_model=ImportRunView,
             responses={202: {"description": "queued as a background run: see Location"}})
def check(run_id: UUID, background: bool | None = None, key: str | None = Depends(idempotency_key)) \
        -> ImportRunView | JSONResponse:
    """The dry run (nothing written). A file of more than 1,000 rows (or `background=true`) is checked
    as a background run: 202 with `Location: /api/v1/jobs/{id}`, whose result is this run."""
    return _answer(service.check(run_id, background, idempotency_key=key))  # type: ignore[return-value]


@router.post("/imports/{run_id}/commit", response_model=ImportRunView,
             responses={202: {"description": "queued as a background run: see Location"}})
def commit(run_id: UUID, body: CommitInput, background: bool | None = None,
           key: str | None = Depends(idempotency_key)) -> ImportRunView | JSONResponse:
    return _answer(service.commit(run_id, body, background, idempotency_key=key))  # type: ignore[return-value]


@router.get("/imports/{run_id}/result")
def result(run_id: UUID) -> Response:
    name, content = service.result_file(run_id)
    kind = "xlsx" if name.endswith(".xlsx") else "csv"
    return _download(name, content, service.exports.CONTENT_TYPES[kind])


@router.get("/exports/{target}")
def export(request: Request, target: str, format: Literal["csv", "xlsx"] = "csv",  # noqa: A002
           lang: Literal["en", "bn"] = "en") -> Response:
    """Any registered list; the other query parameters are its page's filters (`q`, `role`, ...)."""
    filters = {k: v for k, v in request.query_params.items() if k not in ("format", "lang")}
    name, content, content_type = service.export(target, format, lang, filters)
    return _download(name, content, content_type)
