"""UI pages: party and item lists with live search, forms with inline validation (en/bn),
address dropdowns division → district → upazila, CSV import with a per-row report (htmx)."""

from __future__ import annotations

import re
import secrets
from typing import Any
from uuid import UUID

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from vextrus.platform import context, forms
from vextrus.platform.errors import DomainError, PermissionDenied
from vextrus.platform.ids import parse_id
from vextrus.platform.request_bounds import FormBody
from vextrus.platform.ui import error_text, locale_of, render

from . import domain, imports, service
from .domain.units import UNITS
from .schemas import AddressIn, BankAccountIn, ContactIn, DocumentIn, ItemInput, PartyInput, WalletIn
from .service import items as item_service

WALLET_PROVIDERS = tuple(p.value for p in domain.WalletProvider)
DOCUMENT_KINDS = tuple(k.value for k in domain.ComplianceDocumentKind)
router = APIRouter(prefix="/master_data", include_in_schema=False)
_VALIDATORS = {"tin": domain.validate_tin, "bin": domain.validate_bin, "nid": domain.validate_nid,
               "mobile": domain.validate_mobile}


def _geo(division: str | None, district: str | None, upazila: str | None = None) -> dict[str, Any]:
    g = domain.load_geography()
    return {"divisions": g.divisions(), "districts": g.districts(division) if division else [],
            "upazilas": g.upazilas(district) if district else [], "selected": district, "selected_upazila": upazila}


# ---- parties -------------------------------------------------------------------------------


@router.get("/parties", response_class=HTMLResponse)
def parties(request: Request, q: str = "") -> HTMLResponse:
    return render(request, "master_data/parties.html", page=service.search_parties(q, first=50), q=q)


@router.get("/parties/rows", response_class=HTMLResponse)
def party_rows(request: Request, q: str = "", after: str | None = None) -> HTMLResponse:
    return render(request, "master_data/_party_rows.html", page=service.search_parties(q, first=50, after=after), q=q)


@router.post("/parties/validate/{field}", response_class=HTMLResponse)
def validate_field(request: Request, field: str, form: FormBody) -> HTMLResponse:
    """Inline check of one field as the user leaves it; returns the message (or nothing)."""
    value = str(form.get(field, "")).strip()
    try:
        if field in _VALIDATORS and value:
            _VALIDATORS[field](value, field)
        elif field == "legal_name" and not value:
            raise domain.MasterDataError("master_data.legal_name_required", "Legal name is required",
                                         "আইনগত নাম আবশ্যক", field="legal_name")
    except DomainError as exc:
        return HTMLResponse(error_text(request, exc))
    return HTMLResponse("")


# Repeating rows are named `<group>-<row key>-<field>` (row keys are random, so removing a row in
# the browser never renumbers the others); a row whose required field is blank is ignored.
_ROW = re.compile(r"^(contacts|bank_accounts|wallets|documents)-([A-Za-z0-9]+)-([a-z_]+)$")
_ROW_REQUIRED = {"contacts": "name", "bank_accounts": "account_number", "wallets": "number", "documents": "number"}
_ROW_MODELS = {"contacts": ContactIn, "bank_accounts": BankAccountIn, "wallets": WalletIn, "documents": DocumentIn}


_ROW_LABELS = {  # each row field's label on the form (the column headers), for a refusal's words
    "contacts": {"name": "md.name", "designation": "md.designation", "mobile": "md.mobile", "email": "md.email",
                 "is_primary": "md.primary"},
    "bank_accounts": {"bank_name": "md.bank", "branch_name": "md.branch", "account_name": "md.account_name",
                      "account_number": "md.account_number", "routing_number": "md.routing", "is_default": "md.default"},
    "wallets": {"provider": "md.provider", "number": "md.mobile"},
    "documents": {"kind": "md.document", "number": "md.number", "issued_on": "md.issued_on",
                  "expires_on": "md.expires_on", "issuing_authority": "md.authority"},
}
_HEAD = ("legal_name_bn", "party_type", "tin", "bin", "nid", "mobile", "email")


def _typed_rows(form: Any) -> dict[str, list[dict[str, str]]]:
    """Each repeating group's rows as typed, in the form's order; a row whose required field is blank
    (an added row left empty) is left out."""
    groups: dict[str, dict[str, dict[str, str]]] = {g: {} for g in _ROW_MODELS}
    for key in form:
        m = _ROW.match(key)
        if m:
            group, row, name = m.groups()
            groups[group].setdefault(row, {})[name] = str(form.get(key) or "").strip()
    return {g: [r for r in rows.values() if r.get(_ROW_REQUIRED[g])] for g, rows in groups.items()}


def _row_label(group: str) -> Any:
    """(English, Bangla) words for a row field's refusal: "Compliance documents, Expires on"."""
    def label(_i: int, field: str) -> tuple[str, str]:
        key = _ROW_LABELS[group].get(field)
        return tuple(f"{_t(f'md.{group}', loc)}, {_t(key, loc) if key else field}"  # type: ignore[return-value]
                     for loc in ("en", "bn"))
    return label


def _t(key: str, locale: str) -> str:
    from vextrus.platform.i18n import translate

    return translate(key, locale, ("vextrus.modules.master_data",))


def _address_form(form: Any) -> list[AddressIn]:
    if not str(form.get("address_line1") or "").strip():
        return []
    typed = {"line1": form.get("address_line1"), **{k: form.get(k) for k in ("division", "district", "upazila",
                                                                              "postcode")}}
    return [forms.model_from_form(AddressIn, {k: v for k, v in typed.items() if v is not None})]


def _party_form(form: Any) -> PartyInput:
    """PartyInput read from the page with platform.forms: the head fields by their types, each repeating
    row into its DTO (a refusal names `documents[0].expires_on` …). The legal name goes in as typed, blank
    too, so the service refuses a missing one in its own words; none of the roles ticked is refused
    (domain: role_required), never a silent customer."""
    roles = [str(r) for r in form.getlist("roles")]
    typed = _typed_rows(form)
    rows = {g: forms.rows_from_form(model, typed[g], g, label=_row_label(g)) for g, model in _ROW_MODELS.items()}
    return forms.model_from_form(
        PartyInput, form, only=_HEAD, legal_name=str(form.get("legal_name") or ""), roles=roles,
        vendor_categories=[str(c) for c in form.getlist("vendor_categories")] if "vendor" in roles else [],
        addresses=_address_form(form), **rows)


def _kept(form: Any) -> dict[str, Any]:
    """What was typed, for the form shown again after a refusal (rows as typed, even one not valid)."""
    roles = [str(r) for r in form.getlist("roles")]
    return {"legal_name": str(form.get("legal_name") or ""), **{k: str(form.get(k) or "") for k in _HEAD},
            "roles": roles, "vendor_categories": [str(c) for c in form.getlist("vendor_categories")],
            "addresses": [{"line1": str(form.get("address_line1") or ""),
                           **{k: str(form.get(k) or "") or None for k in ("division", "district", "upazila",
                                                                          "postcode")}}],
            **_typed_rows(form)}


def _render_party(request: Request, party: Any, form: Any, status: int = 200, **extra: Any) -> HTMLResponse:
    """`form`: the PartyInput shown, or what was typed (`_kept`) when a save was refused."""
    a = (form["addresses"] if isinstance(form, dict) else form.addresses) or [{"line1": ""}]
    addr = a[0] if isinstance(a[0], AddressIn) else AddressIn.model_construct(**a[0])
    return render(request, "master_data/party_form.html", status_code=status, party=party, form=form, addr=addr,
                  errors=extra.pop("errors", {}), warnings=extra.pop("warnings", []), row_key=_row_key,
                  wallet_providers=WALLET_PROVIDERS, document_kinds=DOCUMENT_KINDS,
                  history_of=("master_data.party", party.id) if party else None,
                  **_geo(addr.division, addr.district, addr.upazila), **extra)


def _party_refused(request: Request, party: Any, form: Any, exc: DomainError) -> HTMLResponse:
    """The form again, as typed, with the message above it and next to its field: a head field by its name,
    a row's field under its row (`contacts[1].email`), a group's (`bank_accounts.routing_number`) under
    the group. 422, nothing saved."""
    text = error_text(request, exc)
    field = exc.field or ""
    errors = {field: text, field.split(".")[0]: text} if field else {}
    return _render_party(request, party, _kept(form), 422, error=text, errors=errors, error_field=field)


def _row_key() -> str:
    return secrets.token_hex(4)


_ROW_TEMPLATES = {"contacts": "_contact_row.html", "bank_accounts": "_bank_row.html", "wallets": "_wallet_row.html",
                  "documents": "_document_row.html"}


@router.get("/parties/row/{group}", response_class=HTMLResponse)
def party_row(request: Request, group: str) -> HTMLResponse:
    """One empty row of a repeating group, appended by htmx ("add contact" …)."""
    if group not in _ROW_TEMPLATES:
        return HTMLResponse("", status_code=404)
    return render(request, f"master_data/{_ROW_TEMPLATES[group]}", k=_row_key(), r=None,
                  wallet_providers=WALLET_PROVIDERS, document_kinds=DOCUMENT_KINDS)


@router.get("/parties/row-removed", response_class=HTMLResponse)
def party_row_removed() -> HTMLResponse:
    """The "remove" buttons swap their row with this nothing (hx-swap=delete), no script needed."""
    return HTMLResponse("")


@router.post("/parties/duplicates", response_class=HTMLResponse)
def party_duplicates(request: Request, form: FormBody, party_id: UUID | None = None) -> HTMLResponse:
    """Live duplicate check while the form is filled in: the parties that saving would warn about."""
    try:
        data = _party_form(form)
    except (DomainError, ValueError):
        return HTMLResponse("")
    if not data.roles:  # no role ticked yet: still a party to compare (saving will ask for a role)
        data = data.model_copy(update={"roles": ["customer"]})
    return render(request, "master_data/_duplicates.html", warnings=service.possible_duplicates(data, party_id))


@router.get("/parties/new", response_class=HTMLResponse)
def new_party(request: Request, role: str = "") -> HTMLResponse:
    """No role ticked unless asked (`?role=vendor`): a new vendor is not also a customer by default."""
    context.current().require("master_data.party.create")  # an empty form is still staff's (a customer: 403)
    roles = [role] if role in ("customer", "vendor") else []
    return _render_party(request, None, PartyInput(legal_name="", roles=roles))


@router.post("/parties/new", response_class=HTMLResponse)
def create_party(request: Request, form: FormBody) -> Response:
    try:
        data = _party_form(form)
        v = service.create_party(data)
    except DomainError as exc:
        return _party_refused(request, None, form, exc)
    if v.warnings:
        return _render_party(request, v, data, 201, saved=True, warnings=v.warnings)
    return RedirectResponse(f"/master_data/parties/{v.id}?saved=1", status_code=303)


@router.get("/parties/{party_id}", response_class=HTMLResponse)
def edit_party(request: Request, party_id: UUID, saved: int = 0) -> HTMLResponse:
    v = service.get_party(party_id)
    return _render_party(request, v, PartyInput(**v.model_dump(include=set(PartyInput.model_fields))), saved=saved)


@router.post("/parties/{party_id}", response_class=HTMLResponse)
def save_party(request: Request, party_id: UUID, form: FormBody) -> Response:
    current = service.get_party(party_id)
    # fields the short form does not show are kept as they are
    keep = current.model_dump(include={"credit_limit", "payment_terms_days", "retention_percent", "code",
                                       "trade_licence", "trade_licence_authority"})
    try:
        data = PartyInput(**{**_party_form(form).model_dump(), **keep})
        v = service.update_party(party_id, data, (forms.integer(form.get("version"), "version") or 0))
    except DomainError as exc:
        return _party_refused(request, current, form, exc)
    if v.warnings:
        return _render_party(request, v, data, 200, saved=True, warnings=v.warnings)
    return RedirectResponse(f"/master_data/parties/{party_id}?saved=1", status_code=303)


@router.post("/parties/{party_id}/vendor-status", response_class=HTMLResponse)
def vendor_status(request: Request, party_id: UUID, form: FormBody) -> Response:
    try:
        service.change_vendor_status(party_id, str(form.get("to") or ""), str(form.get("reason") or "") or None,
                                     (forms.integer(form.get("version"), "version") or 0) or None)
    except DomainError as exc:
        current = service.get_party(party_id)
        return _render_party(request, current, PartyInput(**current.model_dump(include=set(PartyInput.model_fields))),
                             422, error=error_text(request, exc))
    return RedirectResponse(f"/master_data/parties/{party_id}?saved=1", status_code=303)


@router.get("/parties/{party_id}/merge", response_class=HTMLResponse)
def merge_page(request: Request, party_id: UUID, other: str = "") -> HTMLResponse:
    """Pick the duplicate (by code), see the merge plan and its conflicts, then confirm."""
    plan, error = None, None
    if other.strip():
        found = service.find_party_by_code(other)
        if found is None:
            error = ("No party with code " if locale_of(request) != "bn" else "এই কোডের কোনো পার্টি নেই: ") + other
        else:
            plan = service.preview_merge(party_id, found.id)
    return render(request, "master_data/party_merge.html", party=service.get_party(party_id), other=other, plan=plan,
                  error=error)


@router.post("/parties/{party_id}/merge", response_class=HTMLResponse)
def merge_submit(request: Request, party_id: UUID, form: FormBody) -> Response:
    other = str(form.get("duplicate_id") or "")
    try:
        service.merge_parties(party_id, parse_id(other, "duplicate_id"),
                              confirm_conflicts=bool(form.get("confirm_conflicts")))
    except (DomainError, ValueError) as exc:
        found = None
        try:
            found = service.get_party(UUID(other))
        except (DomainError, ValueError):
            pass
        return render(request, "master_data/party_merge.html", status_code=422, party=service.get_party(party_id),
                      other=found.code if found else "", error=error_text(request, exc) if isinstance(exc, DomainError)
                      else str(exc), plan=service.preview_merge(party_id, found.id) if found else None)
    return RedirectResponse(f"/master_data/parties/{party_id}?saved=1", status_code=303)


@router.get("/geo/districts", response_class=HTMLResponse)
def geo_districts(request: Request, division: str = "") -> HTMLResponse:
    return render(request, "master_data/_district_options.html", **_geo(division or None, None))


@router.get("/geo/upazilas", response_class=HTMLResponse)
def geo_upazilas(request: Request, district: str = "") -> HTMLResponse:
    return render(request, "master_data/_upazila_options.html", **_geo(None, district or None))


# ---- items ---------------------------------------------------------------------------------


@router.get("/items", response_class=HTMLResponse)
def items(request: Request, q: str = "") -> HTMLResponse:
    return render(request, "master_data/items.html", page=item_service.search_items(q, first=50), q=q)


@router.get("/items/rows", response_class=HTMLResponse)
def item_rows(request: Request, q: str = "", after: str | None = None) -> HTMLResponse:
    return render(request, "master_data/_item_rows.html", page=item_service.search_items(q, first=50, after=after),
                  q=q)


def _render_item(request: Request, item: Any, form: Any, status: int = 200, **extra: Any) -> HTMLResponse:
    return render(request, "master_data/item_form.html", status_code=status, item=item, form=form,
                  kinds=[k.value for k in domain.ItemKind], units=list(UNITS.values()), **extra)


@router.get("/items/new", response_class=HTMLResponse)
def new_item(request: Request) -> HTMLResponse:
    context.current().require("master_data.item.create")
    return _render_item(request, None, {"kind": "material", "base_unit": "piece"})


def _item_form(form: Any, keep: dict[str, Any] | None = None) -> ItemInput:
    """ItemInput read from the page by its types (platform.forms: Bangla digits, lakh commas); the names,
    code and unit go in as typed, blank too, so the service refuses a missing one in its own words."""
    typed = {k: str(form.get(k) or "").strip() for k in ("code", "name", "name_bn", "base_unit")}
    return forms.model_from_form(ItemInput, form, only=("kind", "hs_code", "standard_cost"),
                                 **{**(keep or {}), **typed})


def _item_refused(request: Request, item: Any, form: Any, exc: DomainError) -> HTMLResponse:
    """The form again with the message next to its field and what was typed kept (platform.forms.refused)."""
    return forms.refused(request, "master_data/item_form.html", exc, form=form, item=item,
                         kinds=[k.value for k in domain.ItemKind], units=list(UNITS.values()))


@router.post("/items/new", response_class=HTMLResponse)
def create_item(request: Request, form: FormBody) -> Response:
    try:
        v = item_service.create_item(_item_form(form))
    except DomainError as exc:
        return _item_refused(request, None, form, exc)
    return RedirectResponse(f"/master_data/items/{v.id}?saved=1", status_code=303)


@router.get("/items/{item_id}", response_class=HTMLResponse)
def edit_item(request: Request, item_id: UUID, saved: int = 0) -> HTMLResponse:
    v = item_service.get_item(item_id)
    return _render_item(request, v, v.model_dump(), saved=saved)


@router.post("/items/{item_id}", response_class=HTMLResponse)
def save_item(request: Request, item_id: UUID, form: FormBody) -> Response:
    current = item_service.get_item(item_id)
    try:
        keep = current.model_dump(include={"conversions", "specification", "vat_category", "withholding_category"})
        item_service.update_item(item_id, _item_form(form, keep), (forms.integer(form.get("version"), "version") or 0))
    except DomainError as exc:
        return _item_refused(request, current, form, exc)
    return RedirectResponse(f"/master_data/items/{item_id}?saved=1", status_code=303)


# ---- import --------------------------------------------------------------------------------


@router.get("/import", response_class=HTMLResponse)
def import_page(request: Request) -> HTMLResponse:
    ctx = context.current()
    if not (ctx.can("master_data.party.import") or ctx.can("master_data.item.import")):
        raise PermissionDenied("master_data.party.import")
    return render(request, "master_data/import.html", report=None)


@router.post("/import", response_class=HTMLResponse)
def import_upload(request: Request, kind: str = Form("parties"), dry_run: str = Form(""), background: str = Form(""),
                  file: UploadFile = File(...)) -> Response:
    """A small file is imported at once; a large one (or with "in the background" ticked) becomes a
    background run, and the browser goes to its page, which polls its progress (htmx) until the report."""
    try:
        content = file.file.read()
        if imports.runs_inline(content, True if background else None):
            report = imports.run_import(kind, content, dry_run=bool(dry_run))
        else:
            run = imports.submit_import(kind, content, dry_run=bool(dry_run))
            return RedirectResponse(f"/master_data/import/runs/{run.id}", status_code=303)
    except DomainError as exc:
        return render(request, "master_data/import.html", status_code=422, report=None, error=error_text(request, exc))
    return render(request, "master_data/import.html", report=report)


@router.get("/import/runs/{run_id}", response_class=HTMLResponse)
def import_run(request: Request, run_id: UUID) -> HTMLResponse:
    """A background import: its progress bar (polled by htmx while it runs), then its report or error."""
    run, report = imports.import_run(run_id)
    if request.headers.get("HX-Request"):
        return render(request, "master_data/_import_run.html", run=run, report=report)
    return render(request, "master_data/import.html", run=run, report=report)
