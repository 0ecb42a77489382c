"""What other modules may call (with `events`), the one place identifiers are validated.

References: a module whose document points at a party or item calls `register_reference`
in the same unit of work as the document (units of work nest, so both commit or neither),
and `release_reference` when the document is deleted. While a reference exists the party or
item can be archived but not deleted or deactivated. An explicit call was chosen over
listening to events because the guard must be exact at the moment of the delete: an event
handled later (at-least-once, possibly in another process) would leave a window in which a
just-referenced party could still be deleted. Both are commands needing
`master_data.reference.manage`, which a module holding references declares in its manifest's
`uses` and calls within `context.calling_as(MODULE)`: the user who may write the document then
needs no master-data right (an accountant posting a line for a party need not manage master data),
and the same user calling here directly is refused.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import delete, select

from vextrus.platform import clock, context
from vextrus.platform.errors import NotFound, ValidationFailed
from vextrus.platform.uow import UnitOfWork, command, query, unit_of_work

from . import service
from .domain import (  # noqa: F401  (re-exported: validate identifiers through master_data only)
    Address,
    Identifier,
    IdentifierKind,
    MasterDataError,
    load_geography,
    mobile_operator,
    normalise_mobile,
    validate_address,
    validate_bin,
    validate_identifier,
    validate_mobile,
    validate_nid,
    validate_postcode,
    validate_routing_number,
    validate_tin,
    validate_trade_licence,
)
from .domain.party import VendorStatus
from .schemas import ItemBrief, ItemView, PartyInput, PartySummary, PartyView, PriceView
from .service import items as item_service
from .tables import ItemRow, PartyIdentifierRow, PartyRow, ReferenceRow

KINDS = ("party", "item")
REFERENCE_MANAGE = "master_data.reference.manage"


def get_party(party_id: UUID) -> PartyView:
    return service.get_party(party_id)


def party_summary(party_id: UUID) -> PartySummary:
    """The party's own fields and roles (no contacts, addresses, banks or documents): a cheap lookup for
    modules that only name the party on their documents."""
    return service.get_party_summary(party_id)


def parties_summary(party_ids: Iterable[UUID]) -> dict[UUID, PartySummary]:
    """Many parties' summaries by id in one read (an id that is not a party of the tenant is absent): a list or
    a report that names many parties asks once instead of `party_summary` a row."""
    return service.party_summaries(list(party_ids))


def search_parties(q: str, role: str | None = None, limit: int = 20) -> list:
    """Parties matching a prefix of a name (English or Bangla), code or identifier, for pickers."""
    return service.search_parties(q, role=role, first=limit).items


def search_items(q: str, limit: int = 20) -> list:
    """Items matching a prefix of a name, code or HS code, for pickers."""
    return item_service.search_items(q, first=limit).items


def all_parties(q: str = "", role: str | None = None, page_size: int = 500) -> Iterator[Any]:
    """Every party matching (summaries), read a cursor page at a time: an export of the whole list, not
    a picker's first page."""
    after = None
    while True:
        page = service.search_parties(q, role=role, first=page_size, after=after)
        yield from page.items
        if not page.has_next_page:
            return
        after = page.end_cursor


def all_items(q: str = "", page_size: int = 500) -> Iterator[ItemView]:
    """Every item matching, a cursor page at a time (an export of the whole list)."""
    after = None
    while True:
        page = item_service.search_items(q, first=page_size, after=after)
        yield from page.items
        if not page.has_next_page:
            return
        after = page.end_cursor


@query("master_data.party.read")
def parties_by_contact(uow: UnitOfWork, mobile: str | None = None, email: str | None = None,
                       nid: str | None = None) -> list[PartySummary]:
    """Unmerged parties holding exactly this mobile (E.164, +8801…), e-mail (any case) or NID (digits), on
    the party or one of its contacts (the identifier index): a CRM lead's de-duplication. One query."""
    from sqlalchemy import func, or_
    from sqlalchemy.orm import raiseload, selectinload

    conds = []
    keys = [(k, v) for k, v in (("mobile", mobile), ("nid", nid)) if v]
    if keys:
        conds.append(PartyRow.id.in_(select(PartyIdentifierRow.party_id).where(
            or_(*[(PartyIdentifierRow.kind == k) & (PartyIdentifierRow.value == v) for k, v in keys]))))
    if email:
        conds.append(func.lower(PartyRow.email) == email.strip().lower())
    if not conds:
        return []
    rows = uow.session.execute(select(PartyRow).options(raiseload("*"), selectinload(PartyRow.roles)).where(
        PartyRow.tenant_id == context.require_tenant(), PartyRow.merged_into.is_(None), or_(*conds))
        .order_by(PartyRow.code).limit(20)).scalars()
    return [service.summary(r) for r in rows]


def create_customer(legal_name: str, *, legal_name_bn: str | None = None, mobile: str | None = None,
                    email: str | None = None, nid: str | None = None) -> PartyView:
    """A new individual customer (a CRM lead converted): `create_party`'s rules and duplicate refusal,
    needing `master_data.party.create` (a module declares it in `uses`)."""
    return service.create_party(PartyInput(legal_name=legal_name, legal_name_bn=legal_name_bn, party_type="individual",
                                           roles=["customer"], mobile=mobile, email=email, nid=nid))


def require_approved_vendor(party_id: UUID) -> PartyView:
    """The party, if documents may be issued to it as a vendor (approved, active); else a clear error."""
    p = service.get_party(party_id)
    if p.merged_into is not None:
        raise ValidationFailed("master_data.party_merged", f"{p.code} was merged; use the surviving party",
                               f"{p.code} একীভূত হয়েছে; টিকে থাকা পার্টি ব্যবহার করুন", field="party_id",
                               details={"merged_into": str(p.merged_into)})
    if "vendor" not in p.roles or p.vendor_status != "approved" or p.status != service.ACTIVE:
        state = p.vendor_status or "not a vendor"
        name = p.legal_name_bn or p.legal_name  # as typed in master data
        raise ValidationFailed(
            "master_data.vendor_not_approved",
            f"{p.code} {p.legal_name} is not an approved vendor ({state}{', ' + p.status if p.status != 'active' else ''})",
            f"{p.code} {name} অনুমোদিত বিক্রেতা নয়",
            field="party_id", details={"vendor_status": p.vendor_status, "status": p.status})
    return p


def check_payees(named: Iterable[tuple[str, UUID | None]]) -> None:
    """Refuse a new amount owed to a blacklisted vendor. `named`: (field, party id) of the lines that
    would make the company owe the party (finance: a credit to a payable account), the field for the
    error. Paying or settling what is already owed stays possible (those lines are not named here).
    One query for all lines; no permission needed (it answers only about ids the caller holds), so
    a clerk who may post need not read master data."""
    pairs = [(field, pid) for field, pid in named if pid is not None]
    if not pairs:
        return
    ids = list({pid for _f, pid in pairs})
    blocked: dict[UUID, object] = {}
    with unit_of_work() as uow:
        for i in range(0, len(ids), 1000):
            rows = uow.session.execute(
                select(PartyRow.id, PartyRow.code, PartyRow.legal_name, PartyRow.legal_name_bn, PartyRow.status_reason)
                .where(PartyRow.tenant_id == context.require_tenant(), PartyRow.id.in_(ids[i:i + 1000]),
                       PartyRow.vendor_status == VendorStatus.BLACKLISTED.value)).all()
            blocked.update({r.id: r for r in rows})
    for field, pid in pairs:
        r = blocked.get(pid)
        if r is not None:
            why, why_bn = (f" ({r.status_reason})", f" ({r.status_reason})") if r.status_reason else ("", "")
            name = r.legal_name_bn or r.legal_name  # as typed in master data
            raise ValidationFailed(
                "master_data.vendor_blacklisted",
                f"{r.code} {r.legal_name} is blacklisted{why}: no new amount may be owed to it "
                f"(paying what is already owed is still allowed)",
                f"{r.code} {name} কালো তালিকাভুক্ত{why_bn}: তার কাছে নতুন দেনা লেখা যাবে না "
                f"(আগের পাওনা পরিশোধ করা যাবে)",
                field=field, details={"party_id": str(pid), "vendor_status": VendorStatus.BLACKLISTED.value})


def party_creator(party_id: UUID) -> UUID | None:
    """The user who created the party (None: the system, an import, or a party older than master_data_0006),
    for segregation of duties: who created a vendor may not approve paying it (workflow's `related_creators`).
    No permission needed: it answers only about an id the caller holds, in the caller's tenant."""
    with unit_of_work() as uow:
        return uow.session.execute(select(PartyRow.created_by).where(
            PartyRow.tenant_id == context.require_tenant(), PartyRow.id == party_id)).scalar()


def get_item(item_id: UUID) -> ItemView:
    return item_service.get_item(item_id)


def items_by_id(item_ids: Iterable[UUID]) -> dict[UUID, ItemBrief]:
    """Many items by id in one query (code, names, base unit, status; no conversions): a document of many
    lines reads its items once. An id that is not an item of the tenant is absent from the answer."""
    return item_service.items_brief(list(item_ids))


def convert_quantity(item_id: UUID, quantity: Decimal, from_unit: str, to_unit: str) -> Decimal:
    """`quantity` of the item in `to_unit` (exact where possible; bag → kg uses the item's conversion)."""
    return item_service.convert_quantity(item_id, quantity, from_unit, to_unit)


def price_on(item_id: UUID, on: object = None, price_list: str = "standard", unit: str | None = None) -> \
        PriceView | None:
    return item_service.price_on(item_id, on, price_list, unit)  # type: ignore[arg-type]


def _require_tenant() -> None:
    if context.current().tenant_id is None:
        raise ValidationFailed("tenant_missing", "References are kept per tenant", "রেফারেন্স টেন্যান্ট অনুযায়ী রাখা হয়")


def _kind(kind: str) -> str:
    if kind not in KINDS:
        raise ValidationFailed("master_data.reference_kind", "A reference is to a party or an item",
                               "রেফারেন্স পার্টি বা পণ্যের হতে হবে", field="kind")
    return kind


@command(REFERENCE_MANAGE, scope="master_data.register_reference")
def register_reference(uow: UnitOfWork, kind: str, target_id: UUID, by_module: str, document_id: str,
                       field: str = "") -> None:
    """Record that `by_module`'s document uses this party/item (idempotent). Refused when there is no
    such party/item in the tenant, or it was merged into another (use the survivor); `field` names
    the document's field in that error."""
    _require_tenant()
    _kind(kind)
    merged = PartyRow.merged_into if kind == "party" else None  # items are not merged
    table = PartyRow if kind == "party" else ItemRow
    row = uow.session.execute(select(table.id, *([merged] if merged is not None else []))
                              .where(table.id == target_id)).first()
    what, what_bn = ("party", "পার্টি") if kind == "party" else ("item", "পণ্য")
    if row is None:
        raise NotFound(what, str(target_id), field=field or f"{kind}_id")
    if merged is not None and row.merged_into is not None:
        raise ValidationFailed(f"master_data.{kind}_merged", f"This {what} was merged into another; use that one",
                               f"এই {what_bn} অন্যটির সাথে একীভূত হয়েছে; সেটি ব্যবহার করুন",
                               field=field or f"{kind}_id", details={"merged_into": str(row.merged_into)})
    exists = uow.session.execute(select(ReferenceRow.id).where(
        ReferenceRow.target_kind == kind, ReferenceRow.target_id == target_id,
        ReferenceRow.by_module == by_module, ReferenceRow.document_id == str(document_id))).first()
    if exists is None:
        uow.session.add(ReferenceRow(target_kind=kind, target_id=target_id, by_module=by_module,
                                     document_id=str(document_id), created_at=clock.now(),
                                     tenant_id=context.require_tenant()))
        uow.session.flush()


@command(REFERENCE_MANAGE, scope="master_data.release_reference")
def release_reference(uow: UnitOfWork, kind: str, target_id: UUID, by_module: str, document_id: str) -> None:
    _require_tenant()
    uow.session.execute(delete(ReferenceRow).where(
        ReferenceRow.tenant_id == context.require_tenant(), ReferenceRow.target_kind == _kind(kind),
        ReferenceRow.target_id == target_id, ReferenceRow.by_module == by_module,
        ReferenceRow.document_id == str(document_id)))


def import_rows(kind: str, rows: list[tuple[int, dict[str, str]]], dry_run: bool = True,
                progress: object = None) -> object:
    """For interchange (the one import mechanism): check, and unless `dry_run` write, `parties` or
    `items` rows already read and mapped — (row number, {column of `imports.PARTY_COLUMNS` /
    `ITEM_COLUMNS`: text}) — by the same rules and duplicate checks as the CSV import, all or nothing.
    Needs the user's own `master_data.party.import` / `master_data.item.import`. Returns the
    `imports.ImportReport` (errors by row number; `created` codes when written)."""
    from . import imports

    context.current().require(imports._permission(kind))
    report = imports.ImportReport(kind=kind, dry_run=dry_run, rows=len(rows), valid=0, errors=[], created=[])
    run = imports._import_parties if kind == "parties" else imports._import_items
    run(rows, {}, report, progress)  # type: ignore[arg-type]
    report.errors.sort(key=lambda e: e.row)
    report.valid = report.rows - len({e.row for e in report.errors})
    return report
