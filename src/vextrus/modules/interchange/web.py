"""Pages of interchange (thin: the service decides everything): upload → mapping → dry-run table of
errors → commit with a mode → progress (background) → result; exports of any registered list."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from vextrus.platform import background, csv_input
from vextrus.platform.errors import DomainError, PermissionDenied
from vextrus.platform.request_bounds import FormBody
from vextrus.platform.ui import error_text, locale_of, render

from . import service
from .schemas import CommitInput, ImportRunView, MappingInput

router = APIRouter(prefix="/interchange", include_in_schema=False)


def _home(request: Request, status_code: int = 200, error: str | None = None) -> HTMLResponse:
    imports, exports = service.targets("import"), service.targets("export")
    if not imports and not exports:  # nothing this user may move in or out: the page is not theirs
        raise PermissionDenied("interchange.import.run")
    runs = service.list_runs(first=20).items if imports else []
    return render(request, "interchange/index.html", status_code=status_code, targets=imports,
                  exports=exports, runs=runs, error=error)


@router.get("", response_class=HTMLResponse)
def page(request: Request) -> HTMLResponse:
    return _home(request)


@router.post("/import")
def upload(request: Request, target: str = Form(""), file: UploadFile = File(...)) -> Response:
    """Keep the file and go to its mapping screen."""
    try:
        content = file.file.read(csv_input.limits()[0] + 1)
        run = service.upload(target, file.filename or "upload", content, locale_of(request))
    except DomainError as exc:
        return _home(request, 422, error_text(request, exc))
    return RedirectResponse(f"/interchange/imports/{run.id}", status_code=303)


def _run_page(request: Request, run: ImportRunView, status_code: int = 200, error: str | None = None,
              job: background.RunView | None = None) -> HTMLResponse:
    if job is None and run.job_id is not None and run.status in ("checking", "committing"):
        job = background.get_run(run.job_id)
    return render(request, "interchange/run.html", status_code=status_code, run=run, error=error, job=job)


@router.get("/imports/{run_id}", response_class=HTMLResponse)
def run_page(request: Request, run_id: UUID) -> HTMLResponse:
    return _run_page(request, service.get_run(run_id))


@router.get("/imports/{run_id}/progress", response_class=HTMLResponse)
def progress(request: Request, run_id: UUID) -> Response:
    """The progress fragment polled by htmx; once the background run has ended, the page reloads."""
    run = service.get_run(run_id)
    job = background.get_run(run.job_id) if run.job_id else None
    if job is None or job.finished or run.status not in ("checking", "committing"):
        return Response(status_code=200, headers={"HX-Redirect": f"/interchange/imports/{run_id}"})
    return render(request, "interchange/_progress.html", run=run, job=job)


@router.post("/imports/{run_id}/check")
def check(request: Request, run_id: UUID, form: FormBody) -> Response:
    """Save the mapping chosen on the screen, then run the dry run (a large file in the background)."""
    run = service.get_run(run_id)
    columns = {h: str(form.get(f"col_{i}") or "") for i, h in enumerate(run.header) if h}
    try:
        service.set_mapping(run_id, MappingInput(columns=columns))
        service.check(run_id)
    except DomainError as exc:
        return _run_page(request, service.get_run(run_id), 422, error_text(request, exc))
    return RedirectResponse(f"/interchange/imports/{run_id}", status_code=303)


@router.post("/imports/{run_id}/commit")
def commit(request: Request, run_id: UUID, mode: str = Form("all_or_nothing"),
           result_format: str = Form("csv")) -> Response:
    try:
        data = CommitInput(mode=mode if mode == "valid_only" else "all_or_nothing",
                           result_format="xlsx" if result_format == "xlsx" else "csv")
        service.commit(run_id, data)
    except DomainError as exc:
        return _run_page(request, service.get_run(run_id), 422, error_text(request, exc))
    return RedirectResponse(f"/interchange/imports/{run_id}", status_code=303)


@router.get("/imports/{run_id}/result")
def result(run_id: UUID) -> Response:
    name, content = service.result_file(run_id)
    kind = "xlsx" if name.endswith(".xlsx") else "csv"
    return Response(content, media_type=service.exports.CONTENT_TYPES[kind],
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/export")
def export(request: Request, target: str = "", format: str = "csv") -> Response:  # noqa: A002
    """A registered list as CSV or XLSX, headers in the page's language, with its filters (`q`, ...)."""
    filters = {k: v for k, v in request.query_params.items() if k not in ("target", "format", "lang")}
    try:
        name, content, content_type = service.export(target, format, locale_of(request), filters)
    except DomainError as exc:
        return _home(request, 422, error_text(request, exc))
    return Response(content, media_type=content_type, headers={"Content-Disposition": f'attachment; filename="{name}"'})
