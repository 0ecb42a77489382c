"""Pages of sales (thin: the service decides everything): buildings and bookings, the unit availability grid
of a building, the booking form with its schedule preview, the customer statement with the receipt form,
and the collections due/overdue report."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from vextrus.platform import clock, context
from vextrus.platform.errors import DomainError, ValidationFailed
from vextrus.platform.forms import model_from_form
from vextrus.platform.ids import parse_id
from vextrus.platform.request_bounds import FormBody
from vextrus.platform.ui import error_text, from_module, locale_of, render

from . import service
from .schemas import BookingInput, MilestoneInput, ReceiptInput, RegistrationInput, ScheduleInput

router = APIRouter(prefix="/sales", include_in_schema=False)
SCHEDULE_FIELDS = ("booking_money", "down_payment", "down_payment_due", "monthly_count", "monthly_start")


def _today() -> date:
    return clock.today()


def _project_names(ids: set[UUID]) -> dict[UUID, Any]:
    """Projects by id, read with the user's own rights (a raw code shows when they may not read them)."""
    from vextrus.modules.projects import api as projects

    found = {}
    for pid in ids:
        p = from_module("projects", lambda pid=pid: projects.get_project(pid))
        if p is not None:
            found[pid] = p
    return found


def _parties(ids: set[UUID]) -> dict[UUID, Any]:
    """The buyers by id in one read of master data (not a query a booking); none when the user may not read them."""
    from vextrus.modules.master_data import api as master_data

    return from_module("master_data", lambda: master_data.parties_summary(ids)) or {}


@router.get("", response_class=HTMLResponse)
def index(request: Request) -> HTMLResponse:
    buildings = service.list_buildings(first=200).items
    ctx = context.current()
    bookings = service.list_bookings(first=100).items if ctx.can("sales.booking.read") else []
    return render(request, "sales/index.html", buildings=buildings, bookings=bookings,
                  projects=_project_names({b.project_id for b in buildings}),
                  parties=_parties({b.buyer_party_id for b in bookings}))


@router.get("/buildings/{building_id}", response_class=HTMLResponse)
def grid(request: Request, building_id: UUID) -> HTMLResponse:
    g = service.unit_grid(building_id)
    return render(request, "sales/grid.html", grid=g, project=_project_names({g.building.project_id}).get(
        g.building.project_id), statuses=("available", "held", "booked", "sold", "handed_over", "cancelled"))


def _booking_form(request: Request, unit_id: UUID, form: dict, preview: Any = None, error: str | None = None,
                  error_field: str | None = None, status_code: int = 200) -> HTMLResponse:
    from vextrus.modules.master_data import api as master_data
    from vextrus.modules.projects import api as projects

    unit = service.get_unit(unit_id)
    buyers = from_module("master_data", lambda: master_data.search_parties("", role="customer", limit=200)) or []
    activities = from_module("projects", lambda: projects.activities_of(unit.project_id)) or []
    return render(request, "sales/booking_form.html", status_code=status_code, unit=unit, buyers=buyers,
                  activities=activities, form=form, preview=preview, error=error, error_field=error_field)


@router.get("/bookings/new", response_class=HTMLResponse)
def new_booking(request: Request, unit: UUID) -> HTMLResponse:
    return _booking_form(request, unit, {"booking_date": _today().isoformat(), "monthly_count": "24"})


def _read_booking(form: Any) -> BookingInput:
    flat = {k: (form.get(k) or "").strip() for k in SCHEDULE_FIELDS}
    schedule = model_from_form(ScheduleInput, {k: v for k, v in flat.items() if v}, only=SCHEDULE_FIELDS)
    labels, labels_bn = form.getlist("ms_label"), form.getlist("ms_label_bn")
    codes, percents = form.getlist("ms_activity"), form.getlist("ms_percent")
    milestones = []
    for k, label in enumerate(labels):
        if not (label.strip() or (percents[k] if k < len(percents) else "").strip()):
            continue
        row = {"label": label.strip(), "label_bn": (labels_bn[k] if k < len(labels_bn) else "").strip(),
               "activity_code": (codes[k] if k < len(codes) else "").strip(),
               "percent": (percents[k] if k < len(percents) else "").strip()}
        try:
            milestones.append(model_from_form(MilestoneInput, {k2: v for k2, v in row.items() if v}))
        except ValidationFailed as exc:
            raise ValidationFailed(exc.code, exc.message, exc.message_bn,
                                   field=f"schedule.milestones[{k}].{exc.field}") from None
    schedule.milestones = milestones
    head = {k: (form.get(k) or "").strip() for k in ("unit_id", "buyer_party_id", "booking_date", "price")}
    booking = model_from_form(BookingInput, {k: v for k, v in head.items() if v},
                              only=("unit_id", "buyer_party_id", "booking_date", "price"))
    booking.schedule = schedule
    return booking


@router.post("/bookings")
def create_booking(request: Request, form: FormBody) -> Response:
    values = {k: form.get(k) for k in form}
    values["milestones"] = list(zip(form.getlist("ms_label"), form.getlist("ms_label_bn"), form.getlist("ms_activity"),
                                    form.getlist("ms_percent"), strict=False))
    unit_id = parse_id(form.get("unit_id"), "unit_id")
    preview = None
    try:
        data = _read_booking(form)
        if form.get("action") == "preview":
            preview = service.preview_schedule(data)
            return _booking_form(request, unit_id, values, preview=preview)
        booking = service.create_booking(data, idempotency_key=str(form.get("idempotency_key") or "") or None)
    except DomainError as exc:
        return _booking_form(request, unit_id, values, error=error_text(request, exc), error_field=exc.field,
                             status_code=422)
    return RedirectResponse(f"/sales/bookings/{booking.id}", status_code=303)


def _statement(request: Request, booking_id: UUID, as_of: date | None, status_code: int = 200,
               error: str | None = None, form: dict | None = None) -> HTMLResponse:
    st = service.customer_statement(booking_id, as_of or _today())
    b = st.booking
    return render(request, "sales/statement.html", status_code=status_code, st=st,
                  buyer=_parties({b.buyer_party_id}).get(b.buyer_party_id),
                  project=_project_names({b.project_id}).get(b.project_id), error=error, form=form or {},
                  history_of=("sales.booking", b.id))


@router.get("/bookings/{booking_id}", response_class=HTMLResponse)
def statement(request: Request, booking_id: UUID, as_of: date | None = None) -> HTMLResponse:
    return _statement(request, booking_id, as_of)


def _lang(request: Request, lang: str | None) -> str:
    """`lang` when en or bn, else the page's language."""
    return lang if lang in ("en", "bn") else locale_of(request)


@router.get("/bookings/{booking_id}/agreement.pdf", response_model=None)
def agreement_pdf(request: Request, booking_id: UUID, lang: str | None = None) -> Response:
    """The sale agreement as a PDF in the page's language (or `lang`)."""
    from .rest import pdf_response

    return pdf_response(service.agreement_pdf(booking_id, _lang(request, lang)))


@router.get("/bookings/{booking_id}/final-statement.pdf", response_model=None)
def final_statement_pdf(request: Request, booking_id: UUID, lang: str | None = None) -> Response:
    """The final statement (handover or cancellation) as a PDF in the page's language (or `lang`)."""
    from .rest import pdf_response

    return pdf_response(service.final_statement_pdf(booking_id, _lang(request, lang)))


@router.post("/bookings/{booking_id}/receipts")
def post_receipt(request: Request, booking_id: UUID, form: FormBody) -> Response:
    values = {k: str(form.get(k) or "").strip() for k in ("receipt_date", "amount", "method", "reference")}
    try:
        service.post_receipt(booking_id, model_from_form(ReceiptInput, {k: v for k, v in values.items() if v}),
                             idempotency_key=str(form.get("idempotency_key") or "") or None)
    except DomainError as exc:
        return _statement(request, booking_id, None, 422, error_text(request, exc), values)
    return RedirectResponse(f"/sales/bookings/{booking_id}", status_code=303)


@router.post("/bookings/{booking_id}/registration")
def register_booking(request: Request, booking_id: UUID, form: FormBody) -> Response:
    values = {k: str(form.get(k) or "").strip() for k in ("registration_date", "deed_number", "registry_office",
                                                        "expected_version")}
    try:
        service.register_booking(booking_id, model_from_form(RegistrationInput, {k: v for k, v in values.items() if v}),
                                 idempotency_key=str(form.get("idempotency_key") or "") or None)
    except DomainError as exc:
        return _statement(request, booking_id, None, 422, error_text(request, exc), values)
    return RedirectResponse(f"/sales/bookings/{booking_id}", status_code=303)


@router.get("/by-project", response_class=HTMLResponse)
def by_project(request: Request) -> HTMLResponse:
    report = service.sales_by_project()
    return render(request, "sales/by_project.html", report=report,
                  projects=_project_names({r.project_id for r in report.projects}),
                  statuses=("available", "held", "booked", "sold", "handed_over", "cancelled"))


@router.get("/by-project.csv", response_model=None)
def by_project_csv(request: Request, lang: str | None = None) -> Response:
    """Sales by project as a CSV file, headings in the page's language (or `lang`)."""
    from .rest import sales_by_project_csv

    return sales_by_project_csv(_lang(request, lang))


@router.get("/collections", response_class=HTMLResponse)
def collections(request: Request, as_of: date | None = None, project: UUID | None = None) -> HTMLResponse:
    report = service.collections_report(as_of or _today(), project)
    return render(request, "sales/collections.html", report=report)
