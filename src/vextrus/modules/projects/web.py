"""UI pages: project list (with XER upload), dashboard, activity table with inline editing (htmx),
Gantt chart (server-rendered SVG), network errors, baseline comparison, EVM with the S-curve, BOQ
editor, and the company calendars (work week, exceptions, holidays incl. moving Eid, monsoon)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from vextrus.platform.errors import DomainError, ValidationFailed
from vextrus.platform.ui import locale_of, render

from . import calendars, costs, interchange, service, svg

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


# ---- company calendars, holidays, monsoon (before /{project} so "calendars" is not a project code) ----

def _calendar_page(request: Request, year: int | None = None, error: str | None = None,
                   error_field: str | None = None) -> HTMLResponse:
    year = year or datetime.now().year
    cals = service.list_calendars()
    return render(request, "projects/calendars.html", calendars=cals, year=year,
                  exceptions={c.code: calendars.list_exceptions(c.code) for c in cals},
                  holidays=service.list_holidays(year), monsoon=calendars.list_monsoon(), days=list(range(7)),
                  error=error, error_field=error_field, status_code=200 if error is None else 422)


def _calendar_action(request: Request, year: int | None, action) -> Response:
    try:
        action()
    except DomainError as exc:
        return _calendar_page(request, year, _msg(request, exc), exc.field)
    return RedirectResponse("/projects/calendars" + (f"?year={year}" if year else ""), status_code=303)


@router.get("/calendars", response_class=HTMLResponse)
def calendar_page(request: Request, year: int | None = None) -> HTMLResponse:
    return _calendar_page(request, year)


@router.post("/calendars/week/{code}")
async def save_week(request: Request, code: str) -> Response:
    form = await request.form()
    week = {str(d): str(form.get(f"day{d}", "")).strip() for d in range(7)}
    return _calendar_action(request, None, lambda: service.save_calendar(
        code, str(form.get("name") or code), week, use_public_holidays=bool(form.get("use_public_holidays")),
        use_monsoon=bool(form.get("use_monsoon"))))


@router.post("/calendars/exceptions/{code}")
def add_exception(request: Request, code: str, day: str = Form(...), hours: str = Form(""),
                  name: str = Form("")) -> Response:
    return _calendar_action(request, None, lambda: calendars.set_exception(code, _day(day), hours, name))


@router.post("/calendars/exceptions/{code}/{day}/delete")
def remove_exception(request: Request, code: str, day: str) -> Response:
    return _calendar_action(request, None, lambda: calendars.delete_exception(code, _day(day)))


@router.post("/calendars/holidays")
def add_holiday(request: Request, day: str = Form(...), name: str = Form(...), name_bn: str = Form(""),
                moving: str = Form("")) -> Response:
    d = _day(day)
    return _calendar_action(request, d.year, lambda: service.set_holiday(d, name, name_bn, bool(moving)))


@router.post("/calendars/holidays/{day}/move")
def move_holiday(request: Request, day: str, new_day: str = Form(...)) -> Response:
    d = _day(new_day)
    return _calendar_action(request, d.year, lambda: calendars.move_holiday(_day(day), d))


@router.post("/calendars/holidays/{day}/delete")
def remove_holiday(request: Request, day: str) -> Response:
    d = _day(day)
    return _calendar_action(request, d.year, lambda: service.delete_holiday(d))


@router.post("/calendars/monsoon")
def save_monsoon(request: Request, start: str = Form(...), finish: str = Form(...), hours: str = Form(""),
                 name: str = Form("Monsoon"), period_id: str = Form("")) -> Response:
    return _calendar_action(request, None, lambda: calendars.save_monsoon(
        _day(start), _day(finish), hours, name or "Monsoon", UUID(period_id) if period_id else None))


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationFailed("date_invalid", f"not a date: {text!r}", "তারিখ সঠিক নয়", field="day") from None


def _dashboard(request: Request, project: str, error: DomainError | None = None,
               kept: dict[str, str] | None = None) -> HTMLResponse:
    p = service.get_project(project)
    return render(request, "projects/dashboard.html", p=p, run=service.last_schedule(project),
                  baselines=service.list_baselines(project), boq=costs.boq(project),
                  error=_msg(request, error) if error else None, error_field=error.field if error else None,
                  kept=kept or {"name": p.name, "name_bn": p.name_bn}, status_code=200 if error is None else 422)


@router.get("/{project}", response_class=HTMLResponse)
def dashboard(request: Request, project: str) -> HTMLResponse:
    return _dashboard(request, project)


@router.post("/{project}/names", response_class=HTMLResponse)
def rename(request: Request, project: str, version: int = Form(...), name: str = Form(""),
           name_bn: str = Form("")) -> Response:
    """The English and Bangla names (Bangla may be empty: pages then show the English one)."""
    try:
        if not name.strip():
            raise ValidationFailed("project_name", "The project needs an English name",
                                   "প্রকল্পের ইংরেজি নাম প্রয়োজন", field="name")
        service.update_project(project, version, name=name.strip(), name_bn=name_bn)
    except DomainError as exc:
        return _dashboard(request, project, exc, {"name": name, "name_bn": name_bn})
    return RedirectResponse(f"/projects/{project}", status_code=303)


@router.post("/{project}/schedule")
def run_schedule(project: str) -> RedirectResponse:
    service.schedule_project(project)
    return RedirectResponse(f"/projects/{project}", status_code=303)


@router.post("/{project}/must-finish-by")
def must_finish_by(project: str, must_finish_by: str = Form("")) -> RedirectResponse:
    """Impose (or clear, when empty) the project's must-finish-by date on the next schedule run."""
    service.update_project(project, must_finish_by=must_finish_by)
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


@router.get("/{project}/compare", response_class=HTMLResponse)
def compare(request: Request, project: str, baseline_id: str | None = None) -> HTMLResponse:
    """Baseline vs current: start/finish variance and float change, slips first."""
    p = service.get_project(project)
    baselines = service.list_baselines(project)
    cmp = service.compare_baseline(project, UUID(baseline_id) if baseline_id else None) if baselines else None
    rows = sorted(cmp.variances, key=lambda v: (-v.finish_variance_hours, v.code)) if cmp else []
    return render(request, "projects/compare.html", p=p, baselines=baselines, cmp=cmp, rows=rows)


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
