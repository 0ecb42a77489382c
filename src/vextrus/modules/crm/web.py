"""Pages of crm (thin: the service decides everything): the pipeline board (/crm), leads (/crm/leads) and
the tender register (/crm/tenders), each with its form. Forms are plain `def` endpoints reading `FormBody`;
numbers, dates and ids go through platform.forms; a refusal re-renders the form with the message at its field."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from vextrus.platform import clock, context, forms, i18n
from vextrus.platform.errors import DomainError, ValidationFailed
from vextrus.platform.forms import model_from_form, refused
from vextrus.platform.request_bounds import FormBody
from vextrus.platform.ui import render

from . import domain, service
from .schemas import (
    CrmActivityInput,
    LeadInput,
    OpportunityInput,
    TenderInput,
    TenderProjectInput,
    TenderStatusInput,
)

router = APIRouter(prefix="/crm", include_in_schema=False)
SOURCES = ("walk_in", "phone", "facebook", "website", "referral", "fair", "other")
UNIT_TYPES = ("flat", "shop", "office", "parking", "land", "other")
LEAD_FIELDS = ("name", "mobile", "email", "nid", "source", "unit_type", "budget", "area_sft", "note")
TENDER_FIELDS = ("procuring_entity", "egp_reference", "title", "closing_at", "bid_security_amount",
                 "bid_security_form", "estimated_value")


def _read(model: Any, form: Any, only: tuple[str, ...]) -> Any:
    """model_from_form, a refusal naming its field as the form labels it ("Budget (BDT): 'abc' is not a
    number", "বাজেট (টাকা): 'abc' সংখ্যা নয়") rather than by its code, which a Bangla page must not show."""
    try:
        return model_from_form(model, form, only=only)
    except ValidationFailed as exc:
        field = exc.field or ""
        key = "crm.opportunity_title" if field == "title" else f"crm.{field}"
        labels = [i18n.translate(key, loc, ("vextrus.modules.crm",)) for loc in ("en", "bn")]
        if labels[0] != key:
            for attr, label in zip(("message", "message_bn"), labels, strict=True):
                text = getattr(exc, attr)
                setattr(exc, attr, f"{label}: {text.removeprefix(f'{field}: ')}")
        raise


def _key(form: Any) -> str | None:
    return str(form.get("idempotency_key") or "").strip() or None


@router.get("", response_class=HTMLResponse)
def board(request: Request) -> HTMLResponse:
    return render(request, "crm/board.html", form={}, error=None, error_field=None, field_errors={},
                  **_board_values())


@router.post("/opportunities")
def create_opportunity(request: Request, form: FormBody) -> Response:
    try:
        data = _read(OpportunityInput, form, ("title", "lead_id", "expected_value", "expected_close"))
        service.create_opportunity(data, idempotency_key=_key(form))
    except DomainError as exc:
        return refused(request, "crm/board.html", exc, form=form, **_board_values())
    return RedirectResponse("/crm", status_code=303)


def _board_values() -> dict[str, Any]:
    ctx = context.current()
    return {"board": service.pipeline_board(), "overdue": service.overdue_activities(limit=50),
            "leads": service.list_leads(first=200).items if ctx.can("crm.opportunity.manage") else [],
            "stages": domain.STAGES, "open_stages": domain.OPEN_STAGES, "kinds": domain.ACTIVITY_KINDS,
            "dhaka": clock.local_naive}  # times are stored in UTC and shown as Dhaka wall-clock time


@router.post("/opportunities/{opportunity_id}/stage")
def change_stage(request: Request, opportunity_id: UUID, form: FormBody) -> Response:
    try:
        version = forms.integer(form.get("expected_version"), "expected_version")
        service.change_stage(opportunity_id, str(form.get("stage") or ""), str(form.get("lost_reason") or "") or None,
                             version, idempotency_key=_key(form))
    except DomainError as exc:
        return refused(request, "crm/board.html", exc, form=form, **_board_values())
    return RedirectResponse("/crm", status_code=303)


@router.post("/opportunities/{opportunity_id}/activities")
def add_activity(request: Request, opportunity_id: UUID, form: FormBody) -> Response:
    try:
        service.add_activity(opportunity_id, model_from_form(CrmActivityInput, form), idempotency_key=_key(form))
    except DomainError as exc:
        return refused(request, "crm/board.html", exc, form=form, **_board_values())
    return RedirectResponse("/crm", status_code=303)


@router.post("/activities/{activity_id}/done")
def complete_activity(activity_id: UUID, form: FormBody) -> Response:
    service.complete_activity(activity_id, idempotency_key=_key(form))
    return RedirectResponse("/crm", status_code=303)


# ---- leads ---------------------------------------------------------------------------------------

def _lead_values() -> dict[str, Any]:
    return {"leads": service.list_leads(first=200).items, "sources": SOURCES, "unit_types": UNIT_TYPES}


@router.get("/leads", response_class=HTMLResponse)
def leads(request: Request) -> HTMLResponse:
    return render(request, "crm/leads.html", form={}, error=None, error_field=None, field_errors={},
                  duplicate=None, **_lead_values())


@router.post("/leads")
def create_lead(request: Request, form: FormBody) -> Response:
    try:
        data = _read(LeadInput, form, LEAD_FIELDS)
        if form.get("assign_to_me"):
            data.salesperson_id = context.current().user_id
        service.create_lead(data, bool(form.get("confirm_duplicate")), idempotency_key=_key(form))
    except DomainError as exc:
        duplicate = exc.code == "crm.duplicate_lead"
        return refused(request, "crm/leads.html", exc, form=form, status_code=409 if duplicate else 422,
                       duplicate=duplicate, **_lead_values())
    return RedirectResponse("/crm/leads", status_code=303)


@router.post("/leads/{lead_id}/convert")
def convert_lead(request: Request, lead_id: UUID, form: FormBody) -> Response:
    try:
        service.convert_lead(lead_id, idempotency_key=_key(form))
    except DomainError as exc:
        return refused(request, "crm/leads.html", exc, form={}, status_code=exc.status, duplicate=False,
                       **_lead_values())
    return RedirectResponse("/crm/leads", status_code=303)


# ---- tenders -------------------------------------------------------------------------------------

def _tender_values() -> dict[str, Any]:
    return {"tenders": service.list_tenders(first=200).items, "forms": domain.SECURITY_FORMS,
            "statuses": domain.TENDER_STATUSES, "dhaka": clock.local_naive}


@router.get("/tenders", response_class=HTMLResponse)
def tenders(request: Request) -> HTMLResponse:
    return render(request, "crm/tenders.html", form={}, error=None, error_field=None, field_errors={},
                  **_tender_values())


@router.post("/tenders")
def create_tender(request: Request, form: FormBody) -> Response:
    try:
        service.create_tender(_read(TenderInput, form, TENDER_FIELDS), idempotency_key=_key(form))
    except DomainError as exc:
        return refused(request, "crm/tenders.html", exc, form=form, **_tender_values())
    return RedirectResponse("/crm/tenders", status_code=303)


@router.post("/tenders/{tender_id}/status")
def change_tender_status(request: Request, tender_id: UUID, form: FormBody) -> Response:
    try:
        data = _read(TenderStatusInput, form, ("status", "bid_price", "winner_name", "winner_price",
                                                    "expected_version"))
        service.change_tender_status(tender_id, data, idempotency_key=_key(form))
    except DomainError as exc:
        return refused(request, "crm/tenders.html", exc, form={}, **_tender_values())
    return RedirectResponse("/crm/tenders", status_code=303)


@router.post("/tenders/{tender_id}/project")
def start_tender_project(request: Request, tender_id: UUID, form: FormBody) -> Response:
    """A won tender becomes a project; on success the project's page opens."""
    try:
        data = model_from_form(TenderProjectInput, form, only=("code", "start_date", "finish_date", "expected_version"))
        tender = service.start_project(tender_id, data, idempotency_key=_key(form))
    except DomainError as exc:
        return refused(request, "crm/tenders.html", exc, form={}, **_tender_values())
    return RedirectResponse(f"/projects/{tender.project_id}", status_code=303)
