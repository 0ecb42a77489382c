"""Pages of inventory (thin: the service decides everything): stores and stock by store and item, an item's
ledger, the move form, and the stock slip (several lines posted at once)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from vextrus.platform import context, runtime
from vextrus.platform.errors import DomainError
from vextrus.platform.forms import model_from_form
from vextrus.platform.request_bounds import FormBody
from vextrus.platform.ui import error_text, render

from . import service
from .schemas import (
    InventorySettingsInput,
    MoveInput,
    MoveLineInput,
    MovesInput,
    StoreInput,
    StoreUpdateInput,
    TransferInput,
    TransferReceiveInput,
)

router = APIRouter(prefix="/inventory", include_in_schema=False)


def _company(company: UUID | None) -> UUID | None:
    from vextrus.modules.organization import api as organization

    if company is not None:
        return company
    active = context.current().company_id
    if active is not None:
        return active
    companies = sorted(organization.list_companies(), key=lambda c: c.code)
    return companies[0].id if companies else None


def _items() -> list:
    """The items to choose from, read with the user's own rights (none when they may not read them)."""
    from vextrus.modules.master_data import api as master_data

    try:
        return master_data.search_items("", limit=200)
    except DomainError:
        return []


def _projects() -> list:
    """Active projects to issue to, by code (none when the projects module is not running)."""
    if "projects" not in runtime.current().registry.names:
        return []
    from vextrus.modules.projects import api as projects

    from . import MODULE

    with context.calling_as(MODULE):
        return projects.list_projects()


def _index(request: Request, cid: UUID | None, as_of: date | None, status_code: int = 200, error: str | None = None,
           form: dict | None = None, transit_errors: dict | None = None) -> HTMLResponse:
    from uuid import uuid4

    from vextrus.platform import clock

    from .service.transfers import TRANSIT_CODE

    stores = service.list_stores(cid) if cid else []
    stock = service.stock_on_hand(cid, as_of) if cid else []
    return render(request, "inventory/index.html", status_code=status_code, company_id=cid,
                  stores=[s for s in stores if s.kind != "transit" and s.active], stock=stock, as_of=as_of,
                  items=_items() if cid else [], projects=_projects() if cid else [], error=error, form=form or {},
                  transit=service.list_transfers(cid, "dispatched") if cid else [], transit_code=TRANSIT_CODE,
                  transit_errors=transit_errors or {}, today=clock.today(), idempotency_key=str(uuid4()))


@router.get("", response_class=HTMLResponse)
def page(request: Request, company: UUID | None = None, as_of: date | None = None) -> HTMLResponse:
    return _index(request, _company(company), as_of)


@router.get("/items/{item_id}", response_class=HTMLResponse)
def ledger(request: Request, item_id: UUID, company: UUID | None = None) -> HTMLResponse:
    cid = _company(company)
    moves = service.item_ledger(cid, item_id) if cid else []
    stores = {s.id: s.code for s in service.list_stores(cid)} if cid else {}
    return render(request, "inventory/ledger.html", moves=moves, stores=stores, company_id=cid)


@router.post("/moves")
def post_move(request: Request, company_id: str = Form(""), kind: str = Form(""), item_id: str = Form(""),
              store_id: str = Form(""), to_store_id: str = Form(""), move_date: str = Form(""),
              quantity: str = Form(""), unit_cost: str = Form(""), project_id: str = Form(""),
              activity_code: str = Form(""), memo: str = Form("")) -> Response:
    form = {"kind": kind, "item_id": item_id, "store_id": store_id, "to_store_id": to_store_id,
            "move_date": move_date, "quantity": quantity, "unit_cost": unit_cost, "project_id": project_id,
            "activity_code": activity_code, "memo": memo}
    cid = _company(_uuid(company_id))
    filled = {k: v.strip() for k, v in form.items() if v.strip()}
    try:
        if kind == "transfer":  # the form's transfer is a dispatch: in transit until the destination receives it
            names = {"store_id": "from_store_id", "move_date": "dispatch_date"}
            service.dispatch_transfer(model_from_form(TransferInput, {
                **{names.get(k, k): v for k, v in filled.items() if k not in ("kind", "unit_cost")},
                "company_id": str(cid)}))
        else:
            service.post_move(model_from_form(MoveInput, {**filled, "company_id": str(cid)}))
    except DomainError as exc:
        if exc.status in (401, 403):
            raise
        text = _field_message(request, exc) if kind == "transfer" else error_text(request, exc)
        return _index(request, cid, None, 422 if exc.status < 500 else exc.status, text, form)
    return RedirectResponse(f"/inventory?company={cid}", status_code=303)


@router.post("/transfers/{transfer_id}/receive")
def receive_transfer(request: Request, transfer_id: UUID, form: FormBody) -> Response:
    """The in-transit list's Receive button: the transfer arrives at its destination on the date given."""
    cid = _company(_uuid(str(form.get("company_id", ""))))
    key = str(form.get("idempotency_key", "")).strip() or None
    values = {k: str(form.get(k, "")).strip() for k in ("receive_date", "expected_version")}
    try:
        service.receive_transfer(transfer_id, model_from_form(TransferReceiveInput,
                                                              {k: v for k, v in values.items() if v}),
                                 idempotency_key=key)
    except DomainError as exc:
        if exc.status in (401, 403):
            raise
        return _index(request, cid, None, exc.status if exc.status in (404, 409) else 422,
                      transit_errors={transfer_id: _field_message(request, exc)})
    return RedirectResponse(f"/inventory?company={cid}", status_code=303)


SLIP_FIELDS = ("kind", "item_id", "store_id", "to_store_id", "quantity", "unit_cost", "project_id", "activity_code",
               "memo")


def _slip_page(request: Request, cid: UUID | None, rows: int, status_code: int = 200, error: str | None = None,
               form: dict | None = None, lines: list[dict] | None = None, bad_row: int | None = None) -> HTMLResponse:
    lines = list(lines or [])
    lines += [{}] * max(0, rows - len(lines))
    return render(request, "inventory/slip.html", status_code=status_code, company_id=cid,
                  stores=service.list_stores(cid) if cid else [], items=_items() if cid else [],
                  projects=_projects() if cid else [], error=error, form=form or {}, lines=lines, bad_row=bad_row)


@router.get("/slip", response_class=HTMLResponse)
def slip_form(request: Request, company: UUID | None = None, rows: int = 8) -> HTMLResponse:
    """The stock slip: a date, a number and several lines (a day's issue slip, a stock count)."""
    return _slip_page(request, _company(company), min(max(rows, 1), 50))


@router.post("/slips")
def post_slip(request: Request, form: FormBody) -> Response:
    """Post the slip's filled lines (a line with no quantity is left out) in one unit of work; a refused line is
    named by its row on the form."""
    cid = _company(_uuid(str(form.get("company_id", ""))))
    head = {k: str(form.get(k, "")).strip() for k in ("move_date", "reference", "memo")}
    columns = {k: [str(v) for v in form.getlist(k)] for k in SLIP_FIELDS}
    width = max((len(v) for v in columns.values()), default=0)
    grid = [{k: (columns[k][r].strip() if r < len(columns[k]) else "") for k in SLIP_FIELDS} for r in range(width)]
    filled = [r for r, ln in enumerate(grid) if ln["quantity"]]
    try:
        lines = []
        for n, r in enumerate(filled):
            try:
                lines.append(model_from_form(MoveLineInput, {k: v for k, v in grid[r].items() if v}))
            except DomainError as exc:
                exc.field = f"lines[{n}].{exc.field}" if exc.field else f"lines[{n}]"
                raise
        service.post_moves(model_from_form(MovesInput, {**{k: v for k, v in head.items() if v}, "company_id": str(cid)},
                                           lines=lines))
    except DomainError as exc:
        return _slip_page(request, cid, len(grid), 422, error_text(request, exc), head, grid,
                          _row_of(exc.field, filled))
    return RedirectResponse(f"/inventory?company={cid}", status_code=303)


def _row_of(field: str | None, filled: list[int]) -> int | None:
    """The form's row (0-based) of a refused slip line (`lines[n].quantity`: the n-th filled row)."""
    import re

    m = re.match(r"lines\[(\d+)\]", field or "")
    return filled[int(m.group(1))] if m and int(m.group(1)) < len(filled) else None


def _uuid(raw: str) -> UUID | None:
    try:
        return UUID(raw) if raw else None
    except ValueError:
        return None


# ---- reorder levels and suggestions, the slow-moving report (issue 17) --------------------------------------

LEVEL_FIELDS = ("store_id", "item_id", "reorder_point", "reorder_quantity", "max_quantity", "expected_version")
FIELD_KEYS = {"store_id": "inventory.store", "item_id": "inventory.item", "reorder_point": "inventory.reorder_point",
              "reorder_quantity": "inventory.reorder_quantity", "max_quantity": "inventory.max_quantity",
              "days": "inventory.slow_days", "as_of": "inventory.as_of", "receive_date": "inventory.receive_date",
              "transfer_id": "inventory.transfer", "from_store_id": "inventory.store", "to_store_id": "inventory.to_store",
              "quantity": "inventory.quantity", "dispatch_date": "inventory.date"}


def _field_message(request: Request, exc: DomainError) -> str:
    """The refusal in the page's language, led by the field's label as the form shows it (not its code)."""
    from vextrus.platform import i18n
    from vextrus.platform.ui import locale_of

    loc = locale_of(request)
    text = error_text(request, exc)
    key = FIELD_KEYS.get((exc.field or "").split("[")[0])
    if key is None:
        return text
    label = i18n.translate(key, loc, ("vextrus.modules.inventory",))
    return f"{label}: {text.removeprefix(f'{exc.field}: ')}"


def _reorder_page(request: Request, cid: UUID | None, as_of: date | None, status_code: int = 200,
                  field_errors: dict | None = None, form: dict | None = None, error: str | None = None) -> HTMLResponse:
    from uuid import uuid4

    stores = service.list_stores(cid) if cid else []
    return render(request, "inventory/reorder.html", status_code=status_code, company_id=cid, stores=stores,
                  levels=service.list_reorder_levels(cid) if cid else [],
                  suggestions=service.reorder_suggestions(cid, None, as_of) if cid else [],
                  items=_items() if cid else [], as_of=as_of, field_errors=field_errors or {}, form=form or {},
                  error=error, idempotency_key=str(uuid4()), projects_of={s.id: s.project_id for s in stores})


@router.get("/reorder", response_class=HTMLResponse)
def reorder_page(request: Request, company: UUID | None = None, as_of: date | None = None) -> HTMLResponse:
    """Reorder levels by store and item (set / edit), and the suggested purchases as of a date (default today)
    with "Create draft requisition" per store (procurement's form)."""
    return _reorder_page(request, _company(company), as_of)


@router.post("/reorder-levels")
def set_reorder_level(request: Request, form: FormBody) -> Response:
    from .schemas import ReorderLevelInput

    cid = _company(_uuid(str(form.get("company_id", ""))))
    values = {k: str(form.get(k, "")).strip() for k in LEVEL_FIELDS}
    key = str(form.get("idempotency_key", "")).strip() or None
    try:
        service.set_reorder_level(model_from_form(ReorderLevelInput, {**{k: v for k, v in values.items() if v},
                                                                      "company_id": str(cid)}), idempotency_key=key)
    except DomainError as exc:
        if exc.status in (401, 403):
            raise
        return _reorder_page(request, cid, None, 422 if exc.status < 500 else exc.status,
                             {exc.field or "form": _field_message(request, exc)}, values)
    return RedirectResponse(f"/inventory/reorder?company={cid}", status_code=303)


@router.post("/reorder-levels/{level_id}/remove")
def remove_reorder_level(request: Request, level_id: UUID, form: FormBody) -> Response:
    cid = _company(_uuid(str(form.get("company_id", ""))))
    raw = str(form.get("version", "")).strip()
    try:
        service.remove_reorder_level(level_id, int(raw) if raw.isdigit() else None)
    except DomainError as exc:
        if exc.status in (401, 403):
            raise
        return _reorder_page(request, cid, None, exc.status if exc.status in (404, 409) else 422,
                             {"form": _field_message(request, exc)})
    return RedirectResponse(f"/inventory/reorder?company={cid}", status_code=303)


@router.get("/slow-moving", response_class=HTMLResponse)
def slow_moving_page(request: Request, company: UUID | None = None, as_of: date | None = None,
                     days: int = 90) -> HTMLResponse:
    """Items with no issue in N days (default 90) per store: last issue, last movement, quantity and value on
    hand as of a date; CSV and XLSX downloads."""
    cid = _company(company)
    report, errors, status = None, {}, 200
    if cid:
        try:
            report = service.slow_moving(cid, as_of, days)
        except DomainError as exc:
            if exc.status in (401, 403):
                raise
            errors, status = {exc.field or "form": _field_message(request, exc)}, 422
    return render(request, "inventory/slow_moving.html", status_code=status, company_id=cid, report=report,
                  days=days, as_of=as_of or (report.as_of if report else None), field_errors=errors)


# ---- the stores page (issue 17: a new company makes its central warehouse and site stores here) -----------------

STORE_FIELDS = ("code", "name", "name_bn", "kind", "project_id")
STORE_LABELS = {"code": "inventory.code", "name": "inventory.name", "name_bn": "inventory.name_bn",
                "kind": "inventory.kind", "project_id": "inventory.project", "active": "inventory.status"}


def _store_message(request: Request, exc: DomainError) -> str:
    """A store form's refusal in the page's language, led by the field's label."""
    from vextrus.platform import i18n
    from vextrus.platform.ui import locale_of

    text = error_text(request, exc)
    key = STORE_LABELS.get(exc.field or "")
    if key is None:
        return text
    label = i18n.translate(key, locale_of(request), ("vextrus.modules.inventory",))
    return f"{label}: {text.removeprefix(f'{exc.field}: ')}"


def _stores_page(request: Request, cid: UUID | None, status_code: int = 200, field_errors: dict | None = None,
                 form: dict | None = None, rename_errors: dict | None = None) -> HTMLResponse:
    from decimal import Decimal
    from uuid import uuid4

    stores = [s for s in service.list_stores(cid) if s.kind != "transit"] if cid else []
    values: dict[UUID, Decimal] = {}
    for line in service.stock_on_hand(cid) if cid else []:  # as of today: the latest checkpoints, one statement
        values[line.store_id] = values.get(line.store_id, Decimal(0)) + line.value
    projects = _projects() if cid else []
    costing = service.get_settings(cid) if cid else None
    return render(request, "inventory/stores.html", status_code=status_code, company_id=cid, stores=stores,
                  costing=costing,
                  values=values, projects=[p for p in projects if getattr(p, "company_id", cid) in (cid, None)],
                  projects_by_id={p.id: p for p in projects}, field_errors=field_errors or {}, form=form or {},
                  rename_errors=rename_errors or {}, idempotency_key=str(uuid4()))


@router.get("/stores", response_class=HTMLResponse)
def stores_page(request: Request, company: UUID | None = None) -> HTMLResponse:
    """The company's stores (code, name, kind, project, stock value today) and, with `inventory.store.manage`,
    the form to create one and rename one."""
    return _stores_page(request, _company(company))


@router.post("/stores")
def create_store(request: Request, form: FormBody) -> Response:
    cid = _company(_uuid(str(form.get("company_id", ""))))
    values = {k: str(form.get(k, "")).strip() for k in STORE_FIELDS}
    key = str(form.get("idempotency_key", "")).strip() or None
    try:
        service.create_store(model_from_form(StoreInput, {**{k: v for k, v in values.items()
                                                             if v or k in ("code", "name")},
                                                          "company_id": str(cid)}), idempotency_key=key)
    except DomainError as exc:
        if exc.status in (401, 403) and exc.field != "project_id":
            raise
        field = exc.field if exc.field in STORE_FIELDS else "form"
        return _stores_page(request, cid, exc.status if exc.status in (403, 409) else 422,
                            {field: _store_message(request, exc)}, values)
    return RedirectResponse(f"/inventory/stores?company={cid}", status_code=303)


@router.post("/settings")
def set_costing_method(request: Request, form: FormBody) -> Response:
    """The stores page's costing method form (moving average or FIFO, while the company has no stock move)."""
    cid = _company(_uuid(str(form.get("company_id", ""))))
    values = {k: str(form.get(k, "")).strip() for k in ("costing_method", "expected_version")}
    key = str(form.get("idempotency_key", "")).strip() or None
    try:
        service.set_settings(model_from_form(InventorySettingsInput, {**{k: v for k, v in values.items() if v},
                                                                      "company_id": str(cid)}), idempotency_key=key)
    except DomainError as exc:
        if exc.status in (401, 403):
            raise
        return _stores_page(request, cid, exc.status if exc.status == 409 else 422,
                            {"costing_method": _store_message(request, exc)})
    return RedirectResponse(f"/inventory/stores?company={cid}", status_code=303)


@router.post("/stores/{store_id}/rename")
def rename_store(request: Request, store_id: UUID, form: FormBody) -> Response:
    cid = _company(_uuid(str(form.get("company_id", ""))))
    values = {k: str(form.get(k, "")).strip() for k in ("name", "name_bn", "expected_version")}
    key = str(form.get("idempotency_key", "")).strip() or None
    try:
        data = model_from_form(StoreUpdateInput, {k: v for k, v in values.items() if v})
        # the rename form always names the store: a blank name is refused by the service, not read as "unchanged"
        service.update_store(store_id, data.model_copy(update={"name": values["name"], "name_bn": values["name_bn"]}),
                             idempotency_key=key)
    except DomainError as exc:
        if exc.status in (401, 403):
            raise
        return _stores_page(request, cid, exc.status if exc.status in (404, 409) else 422,
                            rename_errors={store_id: _store_message(request, exc)})
    return RedirectResponse(f"/inventory/stores?company={cid}", status_code=303)


@router.post("/stores/{store_id}/active")
def set_store_active(request: Request, store_id: UUID, form: FormBody) -> Response:
    """The row's Deactivate / Reactivate button (an inactive store takes no new move; it must be empty first)."""
    cid = _company(_uuid(str(form.get("company_id", ""))))
    values = {k: str(form.get(k, "")).strip() for k in ("active", "expected_version")}
    try:
        service.update_store(store_id, model_from_form(StoreUpdateInput, {k: v for k, v in values.items() if v}))
    except DomainError as exc:
        if exc.status in (401, 403):
            raise
        return _stores_page(request, cid, exc.status if exc.status in (404, 409) else 422,
                            rename_errors={store_id: _store_message(request, exc)})
    return RedirectResponse(f"/inventory/stores?company={cid}", status_code=303)


# ---- material estimates and consumption vs estimate (issue 17) ------------------------------------------------

# the units an estimate is typed in, by their Bangla names (master_data's unit table; its api gives no names)
UNITS_BN = {"bag": "ব্যাগ", "kg": "কেজি", "ton": "টন", "cft": "ঘনফুট", "cum": "ঘনমিটার", "piece": "পিস", "m": "মিটার",
            "rft": "রানিং ফুট", "sqm": "বর্গমিটার", "sft": "বর্গফুট"}
ESTIMATE_FIELDS = ("project_id", "activity_code", "item_id", "quantity", "unit", "note")
ESTIMATE_LABELS = {"project_id": "inventory.project", "activity_code": "inventory.activity", "item_id": "inventory.item",
                   "quantity": "inventory.quantity", "unit": "inventory.unit", "note": "inventory.memo",
                   "tolerance": "inventory.tolerance", "as_of": "inventory.as_of"}


def _labelled(request: Request, exc: DomainError) -> str:
    from vextrus.platform import i18n
    from vextrus.platform.ui import locale_of

    text = error_text(request, exc)
    key = ESTIMATE_LABELS.get((exc.field or "").split("[")[0])
    if key is None:
        return text
    label = i18n.translate(key, locale_of(request), ("vextrus.modules.inventory",))
    return f"{label}: {text.removeprefix(f'{exc.field}: ')}"


def _consumption_page(request: Request, cid: UUID | None, project: UUID | None, as_of: date | None,
                      tolerance: str | None, status_code: int = 200, field_errors: dict | None = None,
                      form: dict | None = None) -> HTMLResponse:
    from decimal import Decimal, InvalidOperation
    from urllib.parse import urlencode
    from uuid import uuid4

    from vextrus.platform.i18n import to_ascii_digits

    errors = dict(field_errors or {})
    report = None
    if cid:
        raw = (tolerance or "").strip()
        try:
            tol = Decimal(to_ascii_digits(raw)) if raw else None
        except InvalidOperation:
            tol = Decimal("NaN")
        try:
            report = service.consumption(cid, project, as_of, tol)
        except DomainError as exc:
            if exc.status in (401, 403):
                raise
            errors[exc.field or "form"], status_code = _labelled(request, exc), 422 if exc.status < 500 else exc.status
    projects = _projects() if cid else []
    can_write = context.current().can("inventory.move.post")
    query = urlencode({k: v for k, v in (("company_id", cid), ("project_id", project or ""),
                                          ("as_of", report.as_of if report else ""),
                                          ("tolerance", report.tolerance if report else "")) if v})
    return render(request, "inventory/consumption.html", status_code=status_code, company_id=cid, report=report,
                  project_id=project, as_of=as_of or (report.as_of if report else None),
                  tolerance_text=(tolerance or (f"{report.tolerance.normalize():f}" if report else "")),
                  projects=projects, project_codes={p.id: p.code for p in projects},
                  estimates=service.list_material_estimates(cid, project) if cid else [],
                  items=_items() if cid and can_write else [], can_write=can_write, units_bn=UNITS_BN,
                  field_errors=errors, form=form or {}, idempotency_key=str(uuid4()), query=query)


@router.get("/consumption", response_class=HTMLResponse)
def consumption_page(request: Request, company: UUID | None = None, project: str | None = None,
                     as_of: date | None = None, tolerance: str | None = None) -> HTMLResponse:
    """Consumption vs estimate per project, activity and item as of a date (wastage above the tolerance marked),
    CSV and XLSX; the material estimates and the form to set one."""
    return _consumption_page(request, _company(company), _uuid(project or ""), as_of, tolerance)


@router.post("/material-estimates")
def set_material_estimate(request: Request, form: FormBody) -> Response:
    from vextrus.platform.i18n import to_ascii_digits

    from .schemas import MaterialEstimateInput

    cid = _company(_uuid(str(form.get("company_id", ""))))
    values = {k: str(form.get(k, "")).strip() for k in ESTIMATE_FIELDS}
    if values["quantity"]:
        values["quantity"] = to_ascii_digits(values["quantity"]).replace(",", "")
    key = str(form.get("idempotency_key", "")).strip() or None
    try:
        service.set_material_estimate(model_from_form(MaterialEstimateInput, {
            **{k: v for k, v in values.items() if v}, "company_id": str(cid)}), idempotency_key=key)
    except DomainError as exc:
        if exc.status in (401, 403):
            raise
        return _consumption_page(request, cid, None, None, None, 422 if exc.status < 500 else exc.status,
                                 {exc.field or "form": _labelled(request, exc)}, values)
    return RedirectResponse(f"/inventory/consumption?company={cid}", status_code=303)
