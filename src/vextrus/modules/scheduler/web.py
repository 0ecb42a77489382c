"""Pages: the jobs list (schedules and the jobs modules declare) with run-now, pause/resume and a form for
a new schedule; a job's execution history."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from vextrus.platform.clock import DHAKA
from vextrus.platform.errors import DomainError, ValidationFailed
from vextrus.platform.forms import model_from_form
from vextrus.platform.ui import error_text, render

from . import service
from .schemas import JobInput

router = APIRouter(prefix="/scheduler", include_in_schema=False)


def _page(request: Request, **values: object) -> HTMLResponse:
    return render(request, "scheduler/jobs.html", jobs=service.list_jobs(), actions=service.list_actions(),
                  runs=service.history(None, 20), **values)


@router.get("", response_class=HTMLResponse)
def jobs(request: Request) -> HTMLResponse:
    return _page(request)


@router.get("/jobs/{name}", response_class=HTMLResponse)
def job_history(request: Request, name: str) -> HTMLResponse:
    job = next((j for j in service.list_jobs() if j.name == name), None)
    return render(request, "scheduler/history.html", job=job, name=name, runs=service.history(name, 100))


@router.post("/run/{name}", response_class=HTMLResponse)
def run_now(request: Request, name: str) -> Response:
    try:
        service.run_now(name)
    except DomainError as exc:
        return _page(request, error=error_text(request, exc), status_code=exc.status)
    return RedirectResponse(f"/scheduler/jobs/{name}", status_code=303)


@router.post("/jobs/{job_id}/paused", response_class=HTMLResponse)
def set_paused(request: Request, job_id: UUID, paused: bool = Form(...), version: int = Form(0)) -> Response:
    try:
        service.set_paused(job_id, paused, version or None)
    except DomainError as exc:
        return _page(request, error=error_text(request, exc), status_code=exc.status)
    return RedirectResponse("/scheduler", status_code=303)


@router.post("/declared/{name}/paused", response_class=HTMLResponse)
def set_declared_paused(request: Request, name: str, paused: bool = Form(...), version: int = Form(0)) -> Response:
    try:
        service.set_declared_paused(name, paused, version or None)
    except DomainError as exc:
        return _page(request, error=error_text(request, exc), status_code=exc.status)
    return RedirectResponse("/scheduler", status_code=303)


@router.post("/jobs", response_class=HTMLResponse)
def create(request: Request, name: str = Form(""), action: str = Form(""), kind: str = Form("cron"),
           cron: str = Form(""), interval_seconds: int | None = Form(None), run_at: str = Form(""),
           max_retries: int = Form(0), timeout_seconds: int = Form(600)) -> Response:
    try:
        when = None
        if run_at:
            try:
                when = datetime.fromisoformat(run_at).replace(tzinfo=DHAKA)  # the form's time is Dhaka time
            except ValueError as exc:
                raise ValidationFailed("run_at_invalid", "run_at: a date and time is needed",
                                       "run_at: তারিখ ও সময় দিন", field="run_at") from exc
        # read as a form (a refused field, an empty name, is a ValidationFailed naming it, not a server error)
        service.create_job(model_from_form(JobInput, {
            "name": name, "action": action, "kind": kind, "cron": cron,
            "interval_seconds": "" if interval_seconds is None else str(interval_seconds),
            "max_retries": str(max_retries), "timeout_seconds": str(timeout_seconds)}, run_at=when))
    except DomainError as exc:
        return _page(request, error=error_text(request, exc), status_code=exc.status)
    return RedirectResponse("/scheduler", status_code=303)
