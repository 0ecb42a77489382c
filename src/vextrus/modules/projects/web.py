"""UI pages: project list (with XER upload and a new-project form), dashboard (names and details
forms), activity table with inline editing (htmx), Gantt chart (server-rendered SVG), network errors,
baseline comparison, EVM with the S-curve, BOQ editor, and the company calendars (work week,
exceptions, holidays incl. moving Eid, monsoon).

The client is a master_data party picked by name (a search box, through master_data's api) and the
site a district/upazila from master_data's geography; where master_data is not running here or the
user may not read parties, the client falls back to a raw party id field."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import quote
from uuid import UUID

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup
from starlette.datastructures import FormData

from vextrus.modules.master_data import api as master_data
from vextrus.platform import context, forms, runtime
from vextrus.platform.errors import Conflict, DomainError, NotFound, ValidationFailed
from vextrus.platform.i18n import format_number, to_ascii_digits
from vextrus.platform.ids import parse_id
from vextrus.platform.request_bounds import FormBody
from vextrus.platform.ui import code_label, error_text, from_module, locale_of, render

from . import MODULE, interchange, service, svg
from .domain.activity import days_to_hours
from .schemas import (
    ActivityRowForm,
    BaselineForm,
    BoqEditForm,
    BoqItemForm,
    CalendarExceptionForm,
    CalendarWeekForm,
    EvmQuery,
    HolidayForm,
    HolidayMoveForm,
    MonsoonForm,
    MustFinishByForm,
    PlannerActivityForm,
    PlannerProgressForm,
    PlannerRelationshipForm,
    PlannerScheduleForm,
    ProjectForm,
    ProjectNamesForm,
)
from .service import calendars, costs

router = APIRouter(prefix="/projects", include_in_schema=False)


# ---- the project form's lookups: client party (master_data api), site geography ----------------

def _party_search() -> bool:
    """Whether the client is picked by name (else a raw party id field)."""
    return from_module("master_data", lambda: master_data.search_parties("", limit=1)) is not None


def _party_label(party_id: UUID | None, locale: str) -> str | None:
    p = from_module("master_data", lambda: master_data.get_party(party_id)) if party_id else None
    return None if p is None else code_label(p.code, p.legal_name, p.legal_name_bn, locale)


def _place(place: Any, locale: str) -> str:  # noqa: ANN401
    return place.name_bn if locale == "bn" and place.name_bn else place.name


def _site_codes(district: str | None, upazila: str | None) -> tuple[str, str]:
    """Stored site codes as the selects' values: geography codes where the stored text names a place
    (older rows hold "BD-13" or "Bhatara"); the text itself otherwise, so a save keeps it."""
    g = master_data.load_geography()
    d, u = district or "", upazila or ""
    try:
        d = g.district(d).code if d else ""
    except DomainError:
        pass
    try:
        u = g.upazila(u, d or None).code if u else ""
    except DomainError:
        pass
    return d, u


def site_label(district: str | None, upazila: str | None, locale: str) -> str:
    """"Dhaka › Vatara" (in Bangla on Bangla pages); stored text that names no place as it is."""
    g = master_data.load_geography()
    d, u = _site_codes(district, upazila)
    parts = []
    for code, find in ((d, g.district), (u, lambda c: g.upazila(c, d or None))):
        if code:
            try:
                parts.append(_place(find(code), locale))
            except DomainError:
                parts.append(code)
    return " › ".join(parts)


def _districts(locale: str) -> list[tuple[str, str]]:
    return sorted(((d.code, _place(d, locale)) for d in master_data.load_geography().districts()),
                  key=lambda x: x[1])


def _upazilas(district: str, locale: str) -> list[tuple[str, str]]:
    try:
        rows = master_data.load_geography().upazilas(district) if district else []
    except DomainError:
        rows = []
    return sorted(((u.code, _place(u, locale)) for u in rows), key=lambda x: x[1])


def _form_lists(request: Request, k: dict[str, str]) -> dict[str, Any]:
    locale = locale_of(request)
    return {"districts": _districts(locale), "upazilas": _upazilas(k.get("site_district_code", ""), locale),
            "party_search": _party_search(), "statuses": service.STATUSES}


# ---- reading the project form -----------------------------------------------------------------

def _site(form: dict[str, str], current: tuple[str | None, str | None] = (None, None)) -> tuple[str | None, str | None]:
    """District and upazila codes from the selects, checked against master_data's geography (the
    upazila must lie in the district). Stored text that names no place, sent back unchanged, is kept."""
    g = master_data.load_geography()
    district, upazila = form.get("site_district_code", ""), form.get("site_upazila_code", "")
    shown = _site_codes(*current)
    d = u = None
    if district:
        try:
            d = g.district(district).code
        except DomainError as exc:
            if district != shown[0]:
                raise ValidationFailed("site_district", exc.message, exc.message_bn,
                                       field="site_district_code") from None
            d = district
    if upazila:
        if not d:
            raise ValidationFailed("site_upazila_without_district", "Choose the district first",
                                   "আগে জেলা নির্বাচন করুন", field="site_district_code")
        try:
            u = g.upazila(upazila, d).code
        except DomainError as exc:
            if (district, upazila) != shown:
                raise ValidationFailed("site_upazila", exc.message, exc.message_bn,
                                       field="site_upazila_code") from None
            u = upazila
    return d, u


def _client(form: dict[str, str]) -> UUID | None:
    """The picked client party: its id (set by the search box), checked through master_data."""
    raw, typed = form.get("client_party_id", ""), form.get("party_q", "")
    if not raw:
        if typed:
            raise ValidationFailed("client_not_picked", "Pick the client from the list",
                                   "তালিকা থেকে ক্লায়েন্ট বেছে নিন", field="client_party_id")
        return None
    try:
        pid = UUID(raw)
    except ValueError:
        raise ValidationFailed("client_invalid", "The client (party) id is not valid",
                               "ক্লায়েন্ট (পার্টি) আইডি সঠিক নয়", field="client_party_id") from None
    if "master_data" in runtime.current().registry.names:
        try:
            with context.calling_as(MODULE):  # projects declares master_data.party.read: checked for everyone
                master_data.get_party(pid)
        except NotFound:
            raise ValidationFailed("client_unknown", "There is no such client (party)",
                                   "এমন কোনো ক্লায়েন্ট (পার্টি) নেই", field="client_party_id") from None
    return pid


def _amount(text: str) -> str:
    """The typed contract value for the service (which parses it exactly): Bangla digits, spaces
    and a taka sign are fine, lakh/crore commas too ("1,25,00,000"); empty is zero."""
    return to_ascii_digits(text).replace(" ", "").replace("\u00a0", "").removeprefix("৳") or "0"


DETAILS = ("client_party_id", "site_district_code", "site_upazila_code", "contract_value", "start_date",
           "finish_date", "status")


def _project_form(form: dict[str, str], current: tuple[str | None, str | None] = (None, None)) -> ProjectForm:
    """The project form read into ProjectForm with platform.forms.model_from_form: the contract value (a taka
    sign and spaces dropped; empty is zero) and the dates by their types, the site checked against
    master_data's geography and the client through master_data first. A refusal names its field; its words
    leave the field's code out (the alert adds the field's label, the page marks the field)."""
    district, upazila = _site(form, current)
    client = _client(form)
    typed = {**form, "contract_value": _amount(form.get("contract_value", ""))}
    try:
        return forms.model_from_form(ProjectForm, typed, only=("code", "name", "name_bn", "contract_value",
                                                                "start_date", "finish_date", "status"),
                                     client_party_id=client, site_district_code=district, site_upazila_code=upazila)
    except ValidationFailed as exc:  # quoting the value as typed (not as cleaned for reading)
        cleaned, typed_value = f"'{typed.get(exc.field or '', '')}'", f"'{form.get(exc.field or '', '')}'"
        exc.message, exc.message_bn = (str(m or "").removeprefix(f"{exc.field}: ").replace(cleaned, typed_value)
                                       for m in (exc.message, exc.message_bn))
        raise


def _details(form: dict[str, str], current: tuple[str | None, str | None] = (None, None)) -> dict[str, Any]:
    """The editable fields besides the names, for service.create_project / update_project."""
    return _project_form(form, current).model_dump(include=set(DETAILS))


def _form(raw: FormData) -> dict[str, str]:
    return {k: str(v).strip() for k, v in raw.items() if k != "csrf_token"}


# ---- project list, new project, import --------------------------------------------------------

def _list_page(request: Request, report: Any = None, import_error: DomainError | None = None,  # noqa: ANN401
               form_error: DomainError | None = None, kept: dict[str, str] | None = None) -> HTMLResponse:
    k = kept or {"status": "planned"}
    return render(request, "projects/list.html", projects=service.list_projects(), report=report,
                  error=error_text(request, import_error) if import_error else None,
                  error_field=import_error.field if import_error else None,
                  form_error=error_text(request, form_error) if form_error else None,
                  bad=form_error.field if form_error else None, k=k, open_form=kept is not None,
                  **_form_lists(request, k),
                  status_code=200 if import_error is None and form_error is None else 422)


@router.get("", response_class=HTMLResponse)
def project_list(request: Request) -> HTMLResponse:
    return _list_page(request)


@router.post("", response_class=HTMLResponse)
def create(request: Request, raw: FormBody) -> Response:
    """A project by hand: refused input comes back (422) with the message, the field and all typed."""
    form = _form(raw)
    try:
        f = _project_form(form)
        p = service.create_project(f.code, f.name, name_bn=f.name_bn, **f.model_dump(include=set(DETAILS)))
    except DomainError as exc:
        return _list_page(request, form_error=exc, kept=form)
    return RedirectResponse(f"/projects/{quote(p.code, safe='')}", status_code=303)


@router.post("/import", response_class=HTMLResponse)
def upload(request: Request, file: UploadFile = File(...), code: str = Form("")) -> HTMLResponse:
    report, error = None, None
    try:
        report = interchange.import_file(file.file.read(), file.filename or "", code or None)
    except DomainError as exc:
        error = exc
    return _list_page(request, report=report, import_error=error)


@router.get("/lookups/upazilas", response_class=HTMLResponse)
def upazila_options(request: Request, site_district_code: str = "") -> HTMLResponse:
    """The upazila select's options, refilled (htmx) when the district changes."""
    return render(request, "projects/_upazila_options.html",
                  upazilas=_upazilas(site_district_code.strip(), locale_of(request)), selected="")


PARTY_RESULTS = 10


@router.get("/lookups/parties", response_class=HTMLResponse)
def party_options(request: Request, party_q: str = "") -> HTMLResponse:
    """The parties matching what was typed in the client box (htmx), each a button that picks it."""
    q = party_q.strip()
    found = (from_module("master_data", lambda: master_data.search_parties(q, limit=PARTY_RESULTS)) if q else None) or []
    locale = locale_of(request)
    return render(request, "projects/_party_results.html", q=q,
                  parties=[(p.id, code_label(p.code, p.legal_name, p.legal_name_bn, locale)) for p in found])


@router.get("/lookups/party-pick", response_class=HTMLResponse)
def party_pick(request: Request, party_id: str = "") -> HTMLResponse:
    """The client box once a party is picked: the hidden id set, the box showing its name."""
    try:
        pid: UUID | None = UUID(party_id.strip())
    except ValueError:
        pid = None
    label = _party_label(pid, locale_of(request))
    return render(request, "projects/_party_picker.html", party_id=pid if label else None, label=label or "",
                  bad=None)


# ---- company calendars, holidays, monsoon (before /{project} so "calendars" is not a project code) ----

def _calendar_page(request: Request, year: int | None = None, error: DomainError | None = None,
                   failed: str | None = None, typed: dict[str, str] | None = None) -> HTMLResponse:
    """The calendars page; after a refusal (`failed` names the form) the message in the alert and next to its
    field on that form, what was typed kept (422). The words are the service's and the readers' as they
    were (a form's own field code stays in them, as the alert always showed it)."""
    year = year or datetime.now().year
    cals = service.list_calendars()
    text = error_text(request, error) if error else None
    field = error.field if error else None
    return render(request, "projects/calendars.html", calendars=cals, year=year,
                  exceptions={c.code: calendars.list_exceptions(c.code) for c in cals},
                  holidays=service.list_holidays(year), monsoon=calendars.list_monsoon(), days=list(range(7)),
                  error=text, error_field=field, field_errors={field: text} if field and text else {},
                  failed=failed, form=typed or {}, status_code=200 if error is None else 422)


def _calendar_action(request: Request, year: int | None, action, failed: str | None = None,
                     typed: dict[str, str] | None = None, year_of: dict[str, int] | None = None) -> Response:
    """Run `action`; the page (or its refusal) at `year`, or at the year a form's date gave `year_of["year"]`."""
    try:
        action()
    except DomainError as exc:
        if failed and failed.startswith("week:") and (exc.field or "").startswith("work_week."):
            exc.field = "day" + exc.field.removeprefix("work_week.")  # the service's day, as the form names it
        return _calendar_page(request, (year_of or {}).get("year", year), exc, failed, typed)
    year = (year_of or {}).get("year", year)
    return RedirectResponse("/projects/calendars" + (f"?year={year}" if year else ""), status_code=303)


# a date on the calendars page is worded "Date" whichever form it is on (as before the forms were DTOs)
_DATES = {name: ("Date", "তারিখ") for name in ("day", "new_day", "start", "finish")}


@router.get("/calendars", response_class=HTMLResponse)
def calendar_page(request: Request, year: int | None = None) -> HTMLResponse:
    return _calendar_page(request, year)


@router.post("/calendars/week/{code}")
def save_week(request: Request, code: str, raw: FormBody) -> Response:
    """A company calendar's work week, read into CalendarWeekForm."""
    form = _form(raw)

    def act() -> None:
        f = forms.model_from_form(CalendarWeekForm, form, checkboxes=("use_public_holidays", "use_monsoon"))
        week = {str(d): getattr(f, f"day{d}") for d in range(7)}
        service.save_calendar(code, f.name or code, week, use_public_holidays=f.use_public_holidays,
                              use_monsoon=f.use_monsoon)

    return _calendar_action(request, None, act, f"week:{code}", form)


@router.post("/calendars/exceptions/{code}")
def add_exception(request: Request, code: str, raw: FormBody) -> Response:
    """A day's exception on a company calendar, read into CalendarExceptionForm."""
    form = _form(raw)

    def act() -> None:
        f = forms.model_from_form(CalendarExceptionForm, form, labels=_DATES)
        calendars.set_exception(code, f.day, f.hours, f.name)

    return _calendar_action(request, None, act, f"exception:{code}", form)


@router.post("/calendars/exceptions/{code}/{day}/delete")
def remove_exception(request: Request, code: str, day: str) -> Response:
    return _calendar_action(request, None, lambda: calendars.delete_exception(code, _day(day)))


@router.post("/calendars/holidays")
def add_holiday(request: Request, raw: FormBody) -> Response:
    """A public holiday, read into HolidayForm; the page goes back to the holiday's year."""
    form = _form(raw)

    at: dict[str, int] = {}

    def act() -> None:
        f = forms.model_from_form(HolidayForm, form, labels=_DATES, checkboxes=("moving",))
        at["year"] = f.day.year
        if not f.name:
            raise ValidationFailed("holiday_name", "The holiday needs a name", "ছুটির একটি নাম দিন", field="name")
        service.set_holiday(f.day, f.name, f.name_bn, f.moving)

    return _calendar_action(request, None, act, "holiday", form, at)


@router.post("/calendars/holidays/{day}/move")
def move_holiday(request: Request, day: str, raw: FormBody) -> Response:
    """A moving holiday's new day, read into HolidayMoveForm."""
    form = _form(raw)

    at: dict[str, int] = {}

    def act() -> None:
        f = forms.model_from_form(HolidayMoveForm, form, labels=_DATES)
        at["year"] = f.new_day.year
        calendars.move_holiday(_day(day), f.new_day)

    return _calendar_action(request, None, act, f"move:{day}", form, at)


@router.post("/calendars/holidays/{day}/delete")
def remove_holiday(request: Request, day: str) -> Response:
    d = _day(day)
    return _calendar_action(request, d.year, lambda: service.delete_holiday(d))


@router.post("/calendars/monsoon")
def save_monsoon(request: Request, raw: FormBody) -> Response:
    """A monsoon period (new, or the one `period_id` names), read into MonsoonForm."""
    form = _form(raw)

    def act() -> None:
        f = forms.model_from_form(MonsoonForm, form, labels=_DATES)
        calendars.save_monsoon(f.start, f.finish, f.hours, f.name or "Monsoon", f.period_id)

    return _calendar_action(request, None, act, f"monsoon:{form.get('period_id') or 'new'}", form)


def _day(text: str) -> date:
    return forms.day(text, "day", label="Date", label_bn="তারিখ", required=True)  # type: ignore[return-value]


def _detail_values(p: service.ProjectView, locale: str) -> dict[str, str]:
    """The details form's values for the project as saved."""
    district, upazila = _site_codes(p.site_district_code, p.site_upazila_code)
    return {"client_party_id": str(p.client_party_id or ""),
            "party_q": (_party_label(p.client_party_id, locale) or str(p.client_party_id)) if p.client_party_id else "",
            "site_district_code": district, "site_upazila_code": upazila,
            "contract_value": format_number(p.contract_value, 2, locale),
            "start_date": p.start_date.isoformat() if p.start_date else "",
            "finish_date": p.finish_date.isoformat() if p.finish_date else "", "status": p.status}


def _dashboard(request: Request, project: str, error: DomainError | None = None,
               kept: dict[str, str] | None = None, details: dict[str, str] | None = None,
               team_kept: dict[str, str] | None = None, failed: str | None = None,
               typed: dict[str, str] | None = None) -> HTMLResponse:
    """`kept`: the names form as typed, `details`: the details form as typed (after a refusal). `failed` names
    the names, must-finish-by or baseline form a refusal came from: that page goes through
    `forms.refused` (the message next to its field too, `typed` kept)."""
    p = service.get_project(project)
    locale = locale_of(request)
    k = details or _detail_values(p, locale)
    values = dict(p=p, run=service.last_schedule(project),
                  baselines=service.list_baselines(project), boq=costs.boq(project),
                  bad=error.field if error and details is not None else None, open_form=details is not None,
                  kept=kept or {"name": p.name, "name_bn": p.name_bn}, k=k,
                  site=site_label(p.site_district_code, p.site_upazila_code, locale),
                  client=_party_label(p.client_party_id, locale) or str(p.client_party_id or ""),
                  **_form_lists(request, k),
                  history_of=("projects.project", p.id), team=service.list_members(p.id),
                  team_roles=service.team_roles(), team_kept=team_kept or {}, failed=failed)
    if error is not None and failed is not None:
        return forms.refused(request, "projects/dashboard.html", error, form=typed or {}, **values)
    return render(request, "projects/dashboard.html", error=error_text(request, error) if error else None,
                  error_field=error.field if error else None, status_code=200 if error is None else 422, **values)


@router.get("/{project}", response_class=HTMLResponse)
def dashboard(request: Request, project: str) -> HTMLResponse:
    return _dashboard(request, project)


@router.post("/{project}/names", response_class=HTMLResponse)
def rename(request: Request, project: str, raw: FormBody) -> Response:
    """The English and Bangla names (Bangla may be empty: pages then show the English one), read into
    ProjectNamesForm with platform.forms.model_from_form."""
    form = _form(raw)
    try:
        f = forms.model_from_form(ProjectNamesForm, form)
        if not f.name.strip():
            raise ValidationFailed("project_name", "The project needs an English name",
                                   "প্রকল্পের ইংরেজি নাম প্রয়োজন", field="name")
        service.update_project(project, f.version, name=f.name.strip(), name_bn=f.name_bn)
    except DomainError as exc:
        return _dashboard(request, project, exc, {"name": form.get("name", ""), "name_bn": form.get("name_bn", "")},
                          failed="names", typed=form)
    return RedirectResponse(f"/projects/{project}", status_code=303)


@router.post("/{project}/details", response_class=HTMLResponse)
def edit_details(request: Request, project: str, raw: FormBody) -> Response:
    """Client, site, contract value, dates and status (with the version the form was read at)."""
    form = _form(raw)
    p = service.get_project(project)
    try:
        if not form.get("version", "").isdigit():
            raise ValidationFailed("version_missing", "The form has no version; reload the page",
                                   "ফর্মে সংস্করণ নেই; পৃষ্ঠাটি আবার লোড করুন", field="version")
        service.update_project(project, int(form["version"]),
                               **_details(form, (p.site_district_code, p.site_upazila_code)))
    except DomainError as exc:
        return _dashboard(request, project, exc, details=form)
    return RedirectResponse(f"/projects/{quote(p.code, safe='')}", status_code=303)


@router.post("/{project}/team", response_class=HTMLResponse)
def add_team_member(request: Request, project: str, role: str = Form(""), email: str = Form("")) -> Response:
    """The team section: a user (by e-mail) added in a role."""
    p = service.get_project(project)
    try:
        user_id = service.team.user_for_email(email) if email.strip() else None
        if user_id is None:
            raise ValidationFailed("project_member_email", "No user has this e-mail",
                                   "এই ই-মেইলের কোনো ব্যবহারকারী নেই", field="email")
        service.add_member(p.id, service.team.TeamMemberInput(user_id=user_id, role=role))
    except DomainError as exc:
        return _dashboard(request, project, exc, team_kept={"role": role, "email": email})
    return RedirectResponse(f"/projects/{quote(p.code, safe='')}#team", status_code=303)


@router.post("/{project}/team/{member_id}/delete", response_class=HTMLResponse)
def remove_team_member(request: Request, project: str, member_id: UUID) -> Response:
    p = service.get_project(project)
    try:
        service.remove_member(p.id, member_id)
    except DomainError as exc:
        return _dashboard(request, project, exc)
    return RedirectResponse(f"/projects/{quote(p.code, safe='')}#team", status_code=303)


@router.post("/{project}/schedule")
def run_schedule(project: str) -> RedirectResponse:
    service.schedule_project(project)
    return RedirectResponse(f"/projects/{project}", status_code=303)


@router.post("/{project}/must-finish-by", response_class=HTMLResponse)
def must_finish_by(request: Request, project: str, raw: FormBody) -> Response:
    """Impose (or clear, when empty) the project's must-finish-by date on the next schedule run
    (MustFinishByForm; a refusal is shown on the dashboard next to the field, as typed)."""
    form = _form(raw)
    try:
        f = forms.model_from_form(MustFinishByForm, form)
        service.update_project(project, must_finish_by=f.must_finish_by)
    except (ValidationFailed, Conflict) as exc:
        return _dashboard(request, project, exc, failed="must_finish_by", typed=form)
    return RedirectResponse(f"/projects/{project}", status_code=303)


@router.post("/{project}/baselines", response_class=HTMLResponse)
def save_baseline(request: Request, project: str, raw: FormBody) -> Response:
    """A baseline of the current schedule, named (BaselineForm); a refusal is shown next to the name."""
    form = _form(raw)
    try:
        f = forms.model_from_form(BaselineForm, form)
        if not f.name:
            raise ValidationFailed("baseline_name", "The baseline needs a name", "বেসলাইনের একটি নাম দিন",
                                   field="name")
        service.save_baseline(project, f.name)
    except (ValidationFailed, Conflict) as exc:
        return _dashboard(request, project, exc, failed="baseline", typed=form)
    return RedirectResponse(f"/projects/{project}", status_code=303)


@router.get("/{project}/activities", response_class=HTMLResponse)
def activities(request: Request, project: str) -> HTMLResponse:
    return render(request, "projects/activities.html", p=service.get_project(project),
                  activities=service.list_activities(project))


@router.post("/{project}/activities/{code}", response_class=HTMLResponse)
def edit_activity(request: Request, project: str, code: str, form: FormBody) -> HTMLResponse:
    """The row read with platform.forms.model_from_form into ActivityRowForm; a refusal re-renders the row
    with forms.refused: the message next to its field, in the page's language, what was typed kept."""
    try:
        row = forms.model_from_form(ActivityRowForm, form, only=("version", "duration_hours", "percent_complete"),
                                    name=str(form.get("name") or "").strip())
        a = service.update_activity(project, code, row.version, name=row.name, duration_hours=row.duration_hours,
                                    percent_complete=row.percent_complete)
    except DomainError as exc:
        a = next(x for x in service.list_activities(project) if x.code == code)
        return forms.refused(request, "projects/_activity_row.html", exc, form=form, a=a,
                             p=service.get_project(project))
    return render(request, "projects/_activity_row.html", a=a, p=service.get_project(project), error=None)


# ---- the planner: activities, relationships, data date, progress, undo (thin: forms -> service) ----

# a service error's field, as the planner's form names it (days where the service keeps hours)
_PLANNER_FIELDS = {"duration_hours": "duration_days", "lag_hours": "lag_days", "remaining_hours": "remaining_days",
                   "calendar": "calendar_code"}
ACTIVITY_TYPES = ("task", "start_milestone", "finish_milestone")


def _planner_page(request: Request, project: str, failed: str | None = None, error: DomainError | None = None,
                  kept: dict[str, str] | None = None) -> HTMLResponse:
    """The planner; after a refusal (`failed` names the form) the message in the page's language on
    that form, its field marked and what was typed kept (422)."""
    p = service.get_project(project)
    cals = service.planner_calendars(project)
    by_id = {c.id: c for c in cals}
    default = cals[0] if cals else None
    acts = service.list_activities(project)
    hpd = {}
    for a in acts:
        cal = by_id.get(a.calendar_id) or default
        hpd[a.code] = cal.hours_per_day if cal else 8.0
    bad = _PLANNER_FIELDS.get(error.field, error.field) if error and error.field else None
    page = {"p": p, "run": service.last_schedule(project), "acts": acts, "rels": service.list_relationships(project),
            "cals": cals, "cal_by_id": by_id, "hpd": hpd, "lag_hpd": default.hours_per_day if default else 8.0,
            "types": ACTIVITY_TYPES, "rel_types": ("FS", "SS", "FF", "SF"), "failed": failed, "bad": bad,
            "kept": kept or {}}
    if error is None:
        return render(request, "projects/planner.html", error=None, **page)
    if bad:  # the field as the form names it (days where the service keeps hours)
        error.field = bad
    return forms.refused(request, "projects/planner.html", error, form=kept or {},
                         status_code=404 if isinstance(error, NotFound) and failed is None else 422, **page)


def _planner_action(request: Request, project: str, failed: str, form: dict[str, str], action) -> Response:
    try:
        action()
    except DomainError as exc:
        return _planner_page(request, project, failed, exc, form)
    return RedirectResponse(f"/projects/{quote(project, safe='')}/planner#{failed.split(':')[0]}", status_code=303)


def _hours_per_day(project: str, calendar_code: str) -> float:
    cals = service.planner_calendars(project)
    chosen = next((c for c in cals if c.code == calendar_code), None) if calendar_code else None
    return (chosen or (cals[0] if cals else None)).hours_per_day if (chosen or cals) else 8.0


@router.get("/{project}/planner", response_class=HTMLResponse)
def planner(request: Request, project: str) -> HTMLResponse:
    return _planner_page(request, project)


@router.post("/{project}/planner/activities", response_class=HTMLResponse)
def planner_add_activity(request: Request, project: str, raw: FormBody) -> Response:
    form = _form(raw)

    def act() -> None:
        f = forms.model_from_form(PlannerActivityForm, form)
        hours = days_to_hours(f.duration_days, _hours_per_day(project, f.calendar_code))
        service.add_activity(project, f.code, f.name, hours, type=f.type, calendar_code=f.calendar_code or None)
    return _planner_action(request, project, "add-activity", form, act)


@router.post("/{project}/planner/activities/{code}", response_class=HTMLResponse)
def planner_edit_activity(request: Request, project: str, code: str, raw: FormBody) -> Response:
    form = _form(raw)

    def act() -> None:
        f = forms.model_from_form(PlannerActivityForm, form)
        hours = days_to_hours(f.duration_days, _hours_per_day(project, f.calendar_code))
        service.update_activity(project, code, f.version, name=f.name, duration_hours=hours, type=f.type,
                                calendar_code=f.calendar_code)
    return _planner_action(request, project, f"edit-activity:{code}", form, act)


@router.post("/{project}/planner/activities/{code}/delete", response_class=HTMLResponse)
def planner_delete_activity(request: Request, project: str, code: str, raw: FormBody) -> Response:
    return _planner_action(request, project, f"edit-activity:{code}", _form(raw),
                           lambda: service.delete_activity(project, code))


def _rel_check(form: dict[str, str]) -> None:
    for name, en, bn in (("predecessor", "Choose the predecessor", "পূর্বসূরি বেছে নিন"),
                         ("successor", "Choose the successor", "উত্তরসূরি বেছে নিন")):
        if not form.get(name):
            raise ValidationFailed("field_required", en, bn, field=name)


@router.post("/{project}/planner/relationships", response_class=HTMLResponse)
def planner_add_relationship(request: Request, project: str, raw: FormBody) -> Response:
    form = _form(raw)

    def act() -> None:
        _rel_check(form)
        f = forms.model_from_form(PlannerRelationshipForm, form)
        lag = days_to_hours(f.lag_days, _hours_per_day(project, "")) if f.lag_days is not None else 0.0
        service.add_relationship(project, f.predecessor, f.successor, f.type or "FS", lag)
    return _planner_action(request, project, "add-relationship", form, act)


@router.post("/{project}/planner/relationships/{relationship_id}", response_class=HTMLResponse)
def planner_edit_relationship(request: Request, project: str, relationship_id: str, raw: FormBody) -> Response:
    form = _form(raw)

    def act() -> None:
        f = forms.model_from_form(PlannerRelationshipForm, form)
        lag = days_to_hours(f.lag_days, _hours_per_day(project, "")) if f.lag_days is not None else 0.0
        service.update_relationship(project, parse_id(relationship_id, "relationship_id"), type=f.type or None,
                                    lag_hours=lag)
    return _planner_action(request, project, f"edit-relationship:{relationship_id}", form, act)


@router.post("/{project}/planner/relationships/{relationship_id}/delete", response_class=HTMLResponse)
def planner_delete_relationship(request: Request, project: str, relationship_id: str, raw: FormBody) -> Response:
    form = _form(raw)

    def act() -> None:
        _rel_check(form)
        service.delete_relationship(project, form["predecessor"], form["successor"], form.get("type") or None)
    return _planner_action(request, project, f"edit-relationship:{relationship_id}", form, act)


@router.post("/{project}/planner/schedule", response_class=HTMLResponse)
def planner_schedule(request: Request, project: str, raw: FormBody) -> Response:
    """Set the data date (empty: keep it) and run the schedule from it."""
    form = _form(raw)

    def act() -> None:
        service.schedule_project(project, forms.model_from_form(PlannerScheduleForm, form).data_date)
    return _planner_action(request, project, "schedule", form, act)


@router.post("/{project}/planner/undo", response_class=HTMLResponse)
def planner_undo(request: Request, project: str, raw: FormBody) -> Response:
    return _planner_action(request, project, "schedule", _form(raw), lambda: service.undo_last_schedule(project))


@router.post("/{project}/planner/progress", response_class=HTMLResponse)
def planner_progress(request: Request, project: str, raw: FormBody) -> Response:
    """Actual start, % complete, remaining duration (days), actual finish, cost to complete; saved and,
    for a user who may run the schedule, rescheduled in the same transaction."""
    form = _form(raw)

    def act() -> None:
        if not form.get("activity"):
            raise ValidationFailed("field_required", "Choose the activity", "কার্যক্রম বেছে নিন", field="activity")
        f = forms.model_from_form(PlannerProgressForm, form)
        code = f.activity
        changes: dict[str, Any] = {k: v for k, v in f.model_dump(include={"actual_start", "actual_finish",
                                                                          "percent_complete", "remaining_cost"}).items()
                                   if v is not None}  # blank: as it was
        act_view = next((a for a in service.list_activities(project) if a.code == code), None)
        if act_view is None:
            raise NotFound("activity", code, field="activity")
        cal = next((c for c in service.planner_calendars(project) if c.id == act_view.calendar_id), None)
        if f.remaining_days is not None:
            changes["remaining_hours"] = days_to_hours(f.remaining_days,
                                                       cal.hours_per_day if cal else _hours_per_day(project, ""))
        service.progress_and_reschedule(project, code, None, **changes)
    return _planner_action(request, project, "progress", form, act)


@router.get("/{project}/gantt", response_class=HTMLResponse)
def gantt(request: Request, project: str, zoom: str = "week") -> HTMLResponse:
    p = service.get_project(project)
    acts = service.list_activities(project)
    if not any(a.early_start and a.early_finish for a in acts):  # nothing to draw: say why, in the page's language
        return render(request, "projects/gantt.html", p=p, chart=None, empty="no_activities" if not acts else
                      "not_scheduled", zoom=zoom, zooms=list(svg.ZOOM))
    chart = svg.gantt(acts, service.list_relationships(project), zoom, p.data_date, locale=locale_of(request))
    return render(request, "projects/gantt.html", p=p, chart=Markup(chart), empty=None, zoom=zoom,
                  zooms=list(svg.ZOOM))


@router.get("/{project}/compare", response_class=HTMLResponse)
def compare(request: Request, project: str, baseline_id: str | None = None) -> HTMLResponse:
    """Baseline vs current: start/finish variance and float change, slips first."""
    p = service.get_project(project)
    baselines = service.list_baselines(project)
    cmp = service.compare_baseline(project, parse_id(baseline_id, "baseline_id") if baseline_id else None) \
        if baselines else None
    rows = sorted(cmp.variances, key=lambda v: (-v.finish_variance_hours, v.code)) if cmp else []
    return render(request, "projects/compare.html", p=p, baselines=baselines, cmp=cmp, rows=rows)


@router.get("/{project}/issues", response_class=HTMLResponse)
def issues(request: Request, project: str) -> HTMLResponse:
    return render(request, "projects/issues.html", p=service.get_project(project), run=service.last_schedule(project))


@router.get("/{project}/evm", response_class=HTMLResponse)
def evm(request: Request, project: str, status_date: str | None = None) -> HTMLResponse:
    """A status date that is not a date shows the project's own status date and says why."""
    try:
        sd, refusal = forms.model_from_form(EvmQuery, {"status_date": status_date or ""}).status_date, None
    except DomainError as exc:
        sd, refusal = None, exc
    m = costs.evm(project, sd)
    page = {"p": service.get_project(project), "m": m,
            "chart": Markup(svg.s_curve(m.s_curve, m.status_date, m.currency, locale=locale_of(request)))}
    if refusal is not None:  # platform.forms.refused: the message by the field, in the page's language
        return forms.refused(request, "projects/evm.html", refusal, form={"status_date": status_date}, **page)
    return render(request, "projects/evm.html", error=None, **page)


@router.get("/{project}/boq", response_class=HTMLResponse)
def boq(request: Request, project: str) -> HTMLResponse:
    return render(request, "projects/boq.html", p=service.get_project(project), boq=costs.boq(project), error=None)


@router.post("/{project}/boq", response_class=HTMLResponse)
def add_boq(request: Request, project: str, raw: FormBody) -> HTMLResponse:
    """A new BOQ line read into BoqItemForm; a refusal shows the message next to its field, as typed (422)."""
    form = _form(raw)
    try:
        f = forms.model_from_form(BoqItemForm, form)
        costs.add_boq_item(project, f.item_no, f.description, f.unit, f.quantity, f.rate,
                           activity_code=f.activity_code or None)
    except DomainError as exc:
        return forms.refused(request, "projects/boq.html", exc, form=form, failed="add",
                             p=service.get_project(project), boq=costs.boq(project))
    return render(request, "projects/boq.html", p=service.get_project(project), boq=costs.boq(project), error=None)


@router.post("/{project}/boq/{item_no}", response_class=HTMLResponse)
def edit_boq(request: Request, project: str, item_no: str, raw: FormBody) -> HTMLResponse:
    """A line's quantity × rate (htmx) read into BoqEditForm; a refusal keeps the row as typed, the message
    next to its field (422)."""
    form = _form(raw)
    try:
        f = forms.model_from_form(BoqEditForm, form)
        costs.update_boq_item(project, item_no, f.version, quantity=f.quantity, rate=f.rate)
    except DomainError as exc:
        return forms.refused(request, "projects/_boq_table.html", exc, form=form, failed=f"edit:{item_no}",
                             p=service.get_project(project), boq=costs.boq(project))
    return render(request, "projects/_boq_table.html", p=service.get_project(project), boq=costs.boq(project),
                  error=None)


__all__ = ["router", "Decimal"]
