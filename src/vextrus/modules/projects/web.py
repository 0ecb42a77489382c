"""UI pages: project list (with XER upload), dashboard, activity table with inline editing (htmx),
Gantt chart (server-rendered SVG), network errors, EVM with the S-curve, BOQ editor."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse
from markupsafe import Markup

from vextrus.platform.errors import DomainError
from vextrus.platform.ui import locale_of, render

from . import costs, interchange, service, svg

router = APIRouter(prefix="/projects", include_in_schema=False)


def _msg(request: Request, exc: DomainError) -> str:
    return exc.message_bn if locale_of(request) == "bn" else exc.message


@router.get("", response_class=HTMLResponse)
def project_list(request: Request) -> HTMLResponse:
    return render(request, "projects/list.html", projects=service.list_projects(), report=None, error=None)


@router.post("/import", response_class=HTMLResponse)
def upload(request: Request, file: UploadFile = File(...), code: str = Form("")) -> HTMLResponse:
    report, error = None, None
    try:
        report = interchange.import_file(file.file.read(), file.filename or "", code or None)
    except DomainError as exc:
        error = exc
    return render(request, "projects/list.html", projects=service.list_projects(), report=report,
                  error=_msg(request, error) if error else None, error_field=error.field if error else None,
                  status_code=200 if error is None else 422)


@router.get("/{project}", response_class=HTMLResponse)
def dashboard(request: Request, project: str) -> HTMLResponse:
    p = service.get_project(project)
    return render(request, "projects/dashboard.html", p=p, run=service.last_schedule(project),
                  baselines=service.list_baselines(project), boq=costs.boq(project))


@router.post("/{project}/schedule")
def run_schedule(project: str) -> RedirectResponse:
    service.schedule_project(project)
    return RedirectResponse(f"/projects/{project}", status_code=303)


@router.post("/{project}/baselines")
def save_baseline(project: str, name: str = Form(...)) -> RedirectResponse:
    service.save_baseline(project, name)
    return RedirectResponse(f"/projects/{project}", status_code=303)


@router.get("/{project}/activities", response_class=HTMLResponse)
def activities(request: Request, project: str) -> HTMLResponse:
    return render(request, "projects/activities.html", p=service.get_project(project),
                  activities=service.list_activities(project))


def _num(v: str) -> float | None:
    return float(v) if v.strip() else None


@router.post("/{project}/activities/{code}", response_class=HTMLResponse)
def edit_activity(request: Request, project: str, code: str, version: int = Form(...), name: str = Form(...),
                  duration_hours: str = Form("0"), percent_complete: str = Form("0")) -> HTMLResponse:
    error = None
    try:
        a = service.update_activity(project, code, version, name=name, duration_hours=_num(duration_hours) or 0.0,
                                    percent_complete=_num(percent_complete) or 0.0)
    except (DomainError, ValueError) as exc:
        error = _msg(request, exc) if isinstance(exc, DomainError) else str(exc)
        a = next(x for x in service.list_activities(project) if x.code == code)
    return render(request, "projects/_activity_row.html", a=a, p=service.get_project(project), error=error,
                  status_code=200 if error is None else 422)


@router.get("/{project}/gantt", response_class=HTMLResponse)
def gantt(request: Request, project: str, zoom: str = "week") -> HTMLResponse:
    p = service.get_project(project)
    chart = svg.gantt(service.list_activities(project), service.list_relationships(project), zoom, p.data_date)
    return render(request, "projects/gantt.html", p=p, chart=Markup(chart), zoom=zoom, zooms=list(svg.ZOOM))


@router.get("/{project}/issues", response_class=HTMLResponse)
def issues(request: Request, project: str) -> HTMLResponse:
    return render(request, "projects/issues.html", p=service.get_project(project), run=service.last_schedule(project))


@router.get("/{project}/evm", response_class=HTMLResponse)
def evm(request: Request, project: str, status_date: str | None = None) -> HTMLResponse:
    sd = datetime.fromisoformat(status_date) if status_date else None
    m = costs.evm(project, sd)
    return render(request, "projects/evm.html", p=service.get_project(project), m=m,
                  chart=Markup(svg.s_curve(m.s_curve, m.status_date, m.currency)))


@router.get("/{project}/boq", response_class=HTMLResponse)
def boq(request: Request, project: str) -> HTMLResponse:
    return render(request, "projects/boq.html", p=service.get_project(project), boq=costs.boq(project), error=None)


@router.post("/{project}/boq", response_class=HTMLResponse)
def add_boq(request: Request, project: str, item_no: str = Form(...), description: str = Form(...),
            unit: str = Form(...), quantity: str = Form(...), rate: str = Form(...),
            activity_code: str = Form("")) -> HTMLResponse:
    error = None
    try:
        costs.add_boq_item(project, item_no, description, unit, quantity, rate, activity_code=activity_code or None)
    except DomainError as exc:
        error = _msg(request, exc)
    return render(request, "projects/boq.html", p=service.get_project(project), boq=costs.boq(project), error=error,
                  status_code=200 if error is None else 422)


@router.post("/{project}/boq/{item_no}", response_class=HTMLResponse)
def edit_boq(request: Request, project: str, item_no: str, version: int = Form(...), quantity: str = Form(...),
             rate: str = Form(...)) -> HTMLResponse:
    error = None
    try:
        costs.update_boq_item(project, item_no, version, quantity=quantity, rate=rate)
    except DomainError as exc:
        error = _msg(request, exc)
    return render(request, "projects/_boq_table.html", p=service.get_project(project), boq=costs.boq(project),
                  error=error, status_code=200 if error is None else 422)


__all__ = ["router", "Decimal"]
