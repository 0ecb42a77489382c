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
from vextrus.platform.ids import parse_id
from vextrus.platform.request_bounds import FormBody
from vextrus.platform.ui import render

from . import domain, service
from .schemas import (
    CrmActivityInput,
    LeadInput,
    OpportunityInput,
    QuotationInput,
    QuotationLineInput,
    QuotationProjectInput,
    QuotationUpdate,
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


# ---- quotations ----------------------------------------------------------------------------------

LINE_FIELDS = ("item_no", "description", "unit", "quantity", "rate")
BLANK_ROWS = 3


def _lines_from_form(form: Any) -> list[dict[str, str]]:
    """The typed rows (`item_no_0`, `description_0`, ... up to 500), blank rows dropped: row i of the answer
    is `lines[i]` in a refusal, and the form is shown again with exactly these rows."""
    rows = []
    for n in range(500):
        if f"description_{n}" not in form and f"quantity_{n}" not in form:
            break
        row = {f: str(form.get(f"{f}_{n}") or "").strip() for f in LINE_FIELDS}
        if any(row.values()):
            rows.append(row)
    return rows


def _line_inputs(rows: list[dict[str, str]]) -> list[QuotationLineInput]:
    out = []
    for i, r in enumerate(rows):
        no = str(i + 1)
        qty = forms.decimal(r["quantity"], f"lines[{i}].quantity", label=f"Line {no}: quantity",
                            label_bn=f"লাইন {i18n.to_bangla_digits(no)}: পরিমাণ", required=True)
        rate = forms.decimal(r["rate"], f"lines[{i}].rate", label=f"Line {no}: rate",
                             label_bn=f"লাইন {i18n.to_bangla_digits(no)}: দর", required=True)
        out.append(QuotationLineInput(item_no=r["item_no"][:40], description=r["description"][:500],
                                      unit=r["unit"][:20], quantity=qty, rate=rate))  # type: ignore[arg-type]
    return out


def _header_from_form(form: Any) -> dict[str, Any]:
    vat = forms.decimal(form.get("vat_rate"), "vat_rate", label="VAT rate (%)", label_bn="ভ্যাটের হার (%)")
    valid = forms.day(form.get("valid_until"), "valid_until", label="Valid until", label_bn="মেয়াদ")
    return {"title": str(form.get("title") or "")[:200], "vat_rate": vat, "valid_until": valid,
            "terms": str(form.get("terms") or "")[:4000]}


def _subject(opportunity_id: UUID | None, tender_id: UUID | None) -> dict[str, Any]:
    return {"subject": service.quotation_subject(opportunity_id, tender_id)}


def _list_values(opportunity_id: UUID | None, tender_id: UUID | None, rows: list[dict[str, str]] | None = None
                 ) -> dict[str, Any]:
    ctx = context.current()
    return {**_subject(opportunity_id, tender_id),
            "quotations": service.list_quotations(opportunity_id, tender_id),
            "customers": service.customer_choices() if ctx.can("crm.quotation.manage") else [],
            "rows": (rows or []) + [dict.fromkeys(LINE_FIELDS, "") for _ in range(BLANK_ROWS)],
            "projects": service.boq_projects() if ctx.can("crm.quotation.manage") else [],
            "units": service.price_list_units() if ctx.can("crm.quotation.manage") else []}


@router.get("/quotations", response_class=HTMLResponse)
def quotations(request: Request, opportunity_id: UUID | None = None, tender_id: UUID | None = None) -> Response:
    """The quotations of an opportunity or a tender (every version) and the form for a new one."""
    return render(request, "crm/quotations.html", form={}, error=None, error_field=None, field_errors={},
                  **_list_values(opportunity_id, tender_id))


@router.post("/quotations")
def create_quotation(request: Request, form: FormBody) -> Response:
    opp_id = parse_id(form.get("opportunity_id"), "opportunity_id") if form.get("opportunity_id") else None
    tender_id = parse_id(form.get("tender_id"), "tender_id") if form.get("tender_id") else None
    rows = _lines_from_form(form)
    try:
        party = str(form.get("party_id") or "").strip()
        boq = str(form.get("boq_project_id") or "").strip()
        plist = str(form.get("price_list_project_id") or "").strip()
        units = [parse_id(u, f"unit_ids[{i}]") for i, u in enumerate(form.getlist("unit_ids")) if str(u).strip()]
        price_date = forms.day(form.get("price_date"), "price_date", label="Price list of", label_bn="মূল্য তালিকার তারিখ")
        data = QuotationInput(opportunity_id=opp_id, tender_id=tender_id,
                              party_id=parse_id(party, "party_id") if party else None,
                              boq_project_id=parse_id(boq, "boq_project_id") if boq else None,
                              price_list_project_id=parse_id(plist, "price_list_project_id") if plist else None,
                              unit_ids=units, price_date=price_date,
                              lines=_line_inputs(rows), **_header_from_form(form))
        q = service.create_quotation(data, idempotency_key=_key(form))
    except DomainError as exc:
        return refused(request, "crm/quotations.html", exc, form=form, **_list_values(opp_id, tender_id, rows))
    return RedirectResponse(f"/crm/quotations/{q.id}", status_code=303)


def _detail_values(quotation_id: UUID, rows: list[dict[str, str]] | None = None) -> dict[str, Any]:
    q = service.get_quotation(quotation_id)
    bn = context.current().locale == "bn"
    shown = rows if rows is not None else [
        {f: i18n.to_bangla_digits(str(getattr(ln, f))) if bn and f in ("quantity", "rate") else str(getattr(ln, f))
         for f in LINE_FIELDS} for ln in q.lines]
    return {"q": q, **_subject(q.opportunity_id, q.tender_id), "history_of": ("crm.quotation", q.id),
            "versions": service.list_quotations(q.opportunity_id, q.tender_id),
            "rows": shown + ([dict.fromkeys(LINE_FIELDS, "") for _ in range(BLANK_ROWS)] if q.status == "draft" else [])}


@router.get("/quotations/{quotation_id}", response_class=HTMLResponse)
def quotation(request: Request, quotation_id: UUID) -> Response:
    return render(request, "crm/quotation.html", form={}, error=None, error_field=None, field_errors={},
                  **_detail_values(quotation_id))


@router.post("/quotations/{quotation_id}")
def update_quotation(request: Request, quotation_id: UUID, form: FormBody) -> Response:
    rows = _lines_from_form(form)
    try:
        version = forms.integer(form.get("expected_version"), "expected_version")
        data = QuotationUpdate(lines=_line_inputs(rows) or [], expected_version=version, **_header_from_form(form)) \
            if rows else None
        if data is None:
            raise ValidationFailed("crm.quotation_no_lines", "A quotation has at least one line",
                                   "দরপ্রস্তাবে অন্তত একটি লাইন থাকতে হবে", field="lines")
        service.update_quotation(quotation_id, data, idempotency_key=_key(form))
    except DomainError as exc:
        return refused(request, "crm/quotation.html", exc, form=form, **_detail_values(quotation_id, rows))
    return RedirectResponse(f"/crm/quotations/{quotation_id}", status_code=303)


PROJECT_FIELDS = ("code", "name", "start_date", "finish_date", "contract_code", "contract_date", "retention_pct",
                  "security_deposit_pct", "expected_version")


@router.post("/quotations/{quotation_id}/project")
def start_quotation_project(request: Request, quotation_id: UUID, form: FormBody) -> Response:
    """An accepted version starts the project and the client contract; the quotation's page then links to both."""
    try:
        data = _read(QuotationProjectInput, form, PROJECT_FIELDS)
        service.start_quotation_project(quotation_id, data, idempotency_key=_key(form))
    except DomainError as exc:
        if exc.status in (401, 403, 404) and exc.field is None:
            raise
        return refused(request, "crm/quotation.html", exc, form=form, status_code=exc.status,
                       **_detail_values(quotation_id))
    return RedirectResponse(f"/crm/quotations/{quotation_id}", status_code=303)


@router.post("/quotations/{quotation_id}/{action}")
def quotation_action(request: Request, quotation_id: UUID, action: str, form: FormBody) -> Response:
    """send, accept, reject or revise (revise opens the new version)."""
    commands = {"send": service.send_quotation, "accept": service.accept_quotation,
                "reject": service.reject_quotation, "revise": service.revise_quotation}
    if action not in commands:
        raise ValidationFailed("crm.quotation_action", f"'{action}' is not an action on a quotation",
                               "দরপ্রস্তাবে এই কাজটি করা যায় না", field="action")
    try:
        version = forms.integer(form.get("expected_version"), "expected_version")
        q = commands[action](quotation_id, version, idempotency_key=_key(form))
    except DomainError as exc:
        if exc.status in (401, 403, 404):
            raise
        return refused(request, "crm/quotation.html", exc, form={}, status_code=exc.status,
                       **_detail_values(quotation_id))
    return RedirectResponse(f"/crm/quotations/{q.id}", status_code=303)


@router.get("/quotations/{quotation_id}/quotation.pdf", response_model=None)
def quotation_pdf(request: Request, quotation_id: UUID, lang: str | None = None) -> Response:
    """The version's PDF in the page's language (or `lang`)."""
    from .rest import quotation_pdf as pdf

    if lang not in ("en", "bn"):
        lang = "bn" if context.current().locale == "bn" else "en"
    return pdf(quotation_id, lang)
