"""REST: /api/v1/master_data/... (errors are `{code, message, message_bn, field, details}`)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Depends, File, Request, Response, UploadFile
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel

from vextrus.platform.background import RunView
from vextrus.platform.http import idempotency_key
from vextrus.platform.jobs_http import accepted
from vextrus.platform.pagination import page_list
from vextrus.platform.rest import VersionCheck, created, cursor_page, merged, patch_of, version_field

from . import domain, imports, service
from .imports import ImportReport
from .schemas import ItemInput, ItemView, MergeResult, PartyInput, PartySummary, PartyView, PriceView
from .service import items as item_service

router = APIRouter()


class PageOut(BaseModel):
    items: list[Any]
    end_cursor: str | None
    has_next_page: bool


class PartyPage(PageOut):
    items: list[PartySummary]


class ItemPage(PageOut):
    items: list[ItemView]


class VersionedParty(PartyInput, VersionCheck):
    expected_version: int = version_field(required=True)


class VersionedItem(ItemInput, VersionCheck):
    expected_version: int = version_field(required=True)


PartyPatch = patch_of(PartyInput, "PartyPatch", version_required=True)
ItemPatch = patch_of(ItemInput, "ItemPatch", version_required=True)


class VendorStatusIn(VersionCheck):
    to: str
    reason: str | None = None


class MergeIn(BaseModel):
    survivor_id: UUID
    duplicate_id: UUID
    confirm_conflicts: bool = False


class PriceIn(BaseModel):
    price: Decimal
    valid_from: date
    unit: str | None = None
    valid_to: date | None = None
    price_list: str = "standard"
    currency: str = "BDT"


class ConvertOut(BaseModel):
    quantity: Decimal
    unit: str


class IdentifierOut(BaseModel):
    kind: str
    value: str
    display: str
    flags: list[str]


# ---- parties -------------------------------------------------------------------------------


@router.get("/parties", response_model=PartyPage)
def list_parties(q: str = "", role: str | None = None, vendor_status: str | None = None,
                 include_archived: bool = False, first: int = 50, after: str | None = None) -> PartyPage:
    page = service.search_parties(q, role=role, vendor_status=vendor_status, include_archived=include_archived,
                                  first=first, after=after)
    return PartyPage(items=page.items, end_cursor=page.end_cursor, has_next_page=page.has_next_page)


@router.post("/parties", response_model=PartyView, status_code=201)
def create_party(body: PartyInput, request: Request, response: Response,
                 key: str | None = Depends(idempotency_key)) -> PartyView:
    view = service.create_party(body, idempotency_key=key)
    created(request, response, view.id)
    return view


@router.get("/parties/{party_id}", response_model=PartyView)
def get_party(party_id: UUID) -> PartyView:
    return service.get_party(party_id)


@router.patch("/parties/{party_id}", response_model=PartyView)
def patch_party(party_id: UUID, body: PartyPatch,  # type: ignore[valid-type]
                key: str | None = Depends(idempotency_key)) -> PartyView:
    """Change the fields sent (a list such as `contacts` is replaced whole); the others keep their values."""
    data = merged(service.get_party(party_id), body, PartyInput)
    return service.update_party(party_id, data, body.expected_version, idempotency_key=key)  # type: ignore[attr-defined]


@router.put("/parties/{party_id}", response_model=PartyView, deprecated=True)
def update_party(party_id: UUID, body: VersionedParty, key: str | None = Depends(idempotency_key)) -> PartyView:
    data = PartyInput(**body.model_dump(exclude={"expected_version"}))
    return service.update_party(party_id, data, body.expected_version, idempotency_key=key)


@router.post("/parties/{party_id}/vendor-status", response_model=PartyView)
def vendor_status(party_id: UUID, body: VendorStatusIn, key: str | None = Depends(idempotency_key)) -> PartyView:
    return service.change_vendor_status(party_id, body.to, body.reason, body.expected_version, idempotency_key=key)


@router.post("/parties/{party_id}/archive", response_model=PartyView)
def archive_party(party_id: UUID) -> PartyView:
    return service.archive_party(party_id)


@router.post("/parties/{party_id}/deactivate", response_model=PartyView)
def deactivate_party(party_id: UUID) -> PartyView:
    return service.deactivate_party(party_id)


@router.post("/parties/{party_id}/activate", response_model=PartyView)
def activate_party(party_id: UUID) -> PartyView:
    return service.activate_party(party_id)


@router.delete("/parties/{party_id}", status_code=204)
def delete_party(party_id: UUID) -> None:
    service.delete_party(party_id)


@router.post("/parties/merge", response_model=MergeResult)
def merge(body: MergeIn, key: str | None = Depends(idempotency_key)) -> MergeResult:
    return service.merge_parties(body.survivor_id, body.duplicate_id, body.confirm_conflicts, idempotency_key=key)


# ---- items ---------------------------------------------------------------------------------


@router.get("/items", response_model=ItemPage)
def list_items(q: str = "", kind: str | None = None, include_archived: bool = False, first: int = 50,
               after: str | None = None) -> ItemPage:
    page = item_service.search_items(q, kind=kind, include_archived=include_archived, first=first, after=after)
    return ItemPage(items=page.items, end_cursor=page.end_cursor, has_next_page=page.has_next_page)


@router.post("/items", response_model=ItemView, status_code=201)
def create_item(body: ItemInput, request: Request, response: Response,
                key: str | None = Depends(idempotency_key)) -> ItemView:
    view = item_service.create_item(body, idempotency_key=key)
    created(request, response, view.id)
    return view


@router.get("/items/{item_id}", response_model=ItemView)
def get_item(item_id: UUID) -> ItemView:
    return item_service.get_item(item_id)


@router.patch("/items/{item_id}", response_model=ItemView)
def patch_item(item_id: UUID, body: ItemPatch,  # type: ignore[valid-type]
               key: str | None = Depends(idempotency_key)) -> ItemView:
    """Change the fields sent (`conversions` is replaced whole); the others keep their values."""
    data = merged(item_service.get_item(item_id), body, ItemInput)
    return item_service.update_item(item_id, data, body.expected_version, idempotency_key=key)  # type: ignore[attr-defined]


@router.put("/items/{item_id}", response_model=ItemView, deprecated=True)
def update_item(item_id: UUID, body: VersionedItem, key: str | None = Depends(idempotency_key)) -> ItemView:
    data = ItemInput(**body.model_dump(exclude={"expected_version"}))
    return item_service.update_item(item_id, data, body.expected_version, idempotency_key=key)


@router.post("/items/{item_id}/archive", response_model=ItemView)
def archive_item(item_id: UUID) -> ItemView:
    return item_service.archive_item(item_id)


@router.post("/items/{item_id}/deactivate", response_model=ItemView)
def deactivate_item(item_id: UUID) -> ItemView:
    return item_service.deactivate_item(item_id)


@router.delete("/items/{item_id}", status_code=204)
def delete_item(item_id: UUID) -> None:
    item_service.delete_item(item_id)


@router.post("/items/{item_id}/prices", response_model=PriceView, status_code=201)
def set_price(request: Request, response: Response, item_id: UUID, body: PriceIn,
              key: str | None = Depends(idempotency_key)) -> PriceView:
    view = item_service.set_price(item_id, body.price, body.valid_from, body.unit, body.valid_to, body.price_list,
                                  body.currency, idempotency_key=key)
    # a price has no id of its own: Location is the read of this price list and unit on its first day
    created(request, response, "", collection=f"{request.url.path.rstrip('/').removesuffix('/prices')}/price",
            query={"on": view.valid_from, "price_list": view.price_list, "unit": view.unit})
    return view


@router.get("/items/{item_id}/price", response_model=PriceView | None)
def price_on(item_id: UUID, on: date | None = None, price_list: str = "standard", unit: str | None = None) -> \
        PriceView | None:
    return item_service.price_on(item_id, on, price_list, unit)


@router.get("/items/{item_id}/convert", response_model=ConvertOut)
def convert(item_id: UUID, quantity: Decimal, from_unit: str, to_unit: str) -> ConvertOut:
    return ConvertOut(quantity=item_service.convert_quantity(item_id, quantity, from_unit, to_unit), unit=to_unit)


# ---- import, identifiers, geography --------------------------------------------------------


@router.post("/import/{kind}", response_model=ImportReport,
             responses={202: {"model": RunView, "description": "Queued as a background run (a large file)"}})
def import_csv(kind: str, file: UploadFile = File(...), dry_run: bool = True, background: bool | None = None,
               key: str | None = Depends(idempotency_key)) -> Any:
    """Upload a CSV of `parties` or `items`; `dry_run=true` (default) checks without writing.

    A file of at most 1,000 lines is answered at once (200, the report); a larger one, or any file
    with `background=true`, becomes a background run: 202 with the run and `Location:
    /api/v1/jobs/{id}`, where its progress and then the same report are read. `background=false`
    keeps the synchronous answer for any size (the request waits for the whole import)."""
    content = file.file.read()
    if imports.runs_inline(content, background):
        return imports.run_import(kind, content, dry_run=dry_run)
    run = imports.submit_import(kind, content, dry_run=dry_run, idempotency_key=key)
    return accepted(run)


@router.get("/import/{kind}/template.csv", response_class=PlainTextResponse)
def import_template(kind: str) -> str:
    return imports.template(kind)


@router.get("/identifiers/{kind}/validate", response_model=IdentifierOut)
def validate_identifier(kind: str, value: str) -> IdentifierOut:
    """Validate and normalise an e-TIN, BIN, NID, mobile, routing number or postcode."""
    ident = domain.validate_identifier(kind, value)
    return IdentifierOut(kind=ident.kind.value, value=ident.value, display=ident.display, flags=sorted(ident.flags))


_GEO_PAGED = ("With `first`/`after`: a cursor page `{items, end_cursor, has_next_page}` by code; without either, "
              "the whole list as an array by name (the old answer, kept for one release).")


def _geo(rows: list[dict[str, Any]], first: int | None, after: str | None) -> Any:
    if first is None and after is None:
        return rows
    return cursor_page(page_list(rows, lambda r: r["code"], first=100 if first is None else first, after=after))


@router.get("/geography/divisions", description=_GEO_PAGED)
def divisions(first: int | None = None, after: str | None = None) -> Any:
    return _geo([{"code": d.code, "name": d.name, "name_bn": d.name_bn} for d in domain.load_geography().divisions()],
                first, after)


@router.get("/geography/districts", description=_GEO_PAGED)
def districts(division: str | None = None, first: int | None = None, after: str | None = None) -> Any:
    return _geo([{"code": d.code, "division": d.division_code, "name": d.name, "name_bn": d.name_bn}
                 for d in domain.load_geography().districts(division)], first, after)


@router.get("/geography/upazilas", description=_GEO_PAGED)
def upazilas(district: str | None = None, kind: str | None = None, first: int | None = None,
             after: str | None = None) -> Any:
    """Upazilas and thanas; `kind`: upazila | metro_thana | thana (police stations outside them)."""
    return _geo([{"code": u.code, "district": u.district_code, "name": u.name, "name_bn": u.name_bn, "kind": u.kind,
                  "aliases": list(u.aliases)}
                 for u in domain.load_geography().upazilas(district, kind)], first, after)
