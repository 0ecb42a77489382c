"""What the aggregates share: the company check, document numbers, items and vendors from master data."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from sqlalchemy import func, select

from vextrus.platform import context, sequences
from vextrus.platform.errors import DomainError, ValidationFailed
from vextrus.platform.uow import UnitOfWork

from .. import domain


def check_company(company_id: UUID) -> None:
    """Only the active company's documents (organization's company; NotFound for another's)."""
    from vextrus.modules.organization import api as organization

    context.require_company(company_id, "company", company_id, field="company_id")
    if organization.get_company(company_id) is None:
        raise ValidationFailed("procurement.company_unknown", f"Company {company_id} does not exist",
                               "কোম্পানিটি নেই", field="company_id")


def next_number(uow: UnitOfWork, table: type, company_id: UUID, prefix: str) -> str:
    """The company's next number of a document kind (PR-00001) from its sequence row
    (`platform.sequences`, kind `procurement.<table>`), taken in the creating transaction: concurrent
    creators take turns for consecutive numbers, and a refused creation gives its number back. A series
    used for the first time starts after the company's existing documents (numbered 1..count before)."""
    def existing() -> int:
        return uow.session.scalar(select(func.count()).select_from(table).where(table.company_id == company_id)) or 0

    kind = f"procurement.{table.__tablename__.removeprefix('procurement_')}"
    n = sequences.next_document_number(uow.session, company_id, kind, start_after=existing)
    return f"{prefix}-{n:05d}"


@dataclass(frozen=True)
class Item:
    id: UUID
    code: str
    name: str
    unit: str


def item(item_id: UUID, field: str) -> Item:
    from vextrus.modules.master_data import api as master_data

    from .. import MODULE

    with context.calling_as(MODULE):
        try:
            it = master_data.get_item(item_id)
        except DomainError as exc:
            if exc.status != 404:
                raise
            raise domain.bad("item_unknown", f"Item {item_id} does not exist", "পণ্যটি নেই",
                             field=field) from exc
    return Item(it.id, it.code, it.name, it.base_unit)


def vendor(party_id: UUID, field: str) -> tuple[str, str]:
    """An approved, active vendor's (name, Bangla name); refused with the field otherwise."""
    from vextrus.modules.master_data import api as master_data

    from .. import MODULE

    with context.calling_as(MODULE):
        try:
            p = master_data.require_approved_vendor(party_id)
        except DomainError as exc:
            if exc.status == 404:
                raise domain.bad("vendor_unknown", f"No party {party_id}", "পার্টিটি নেই", field=field) from exc
            raise ValidationFailed(exc.code, exc.message, exc.message_bn, field=field, details=exc.details) from exc
    return p.legal_name, p.legal_name_bn or ""


def check_store(store_id: UUID, company_id: UUID, field: str = "store_id"):  # noqa: ANN201 (inventory's StoreView)
    """The company's store (read as procurement: any of the company's); answers it."""
    from vextrus.modules.inventory import api as inventory

    from .. import MODULE

    with context.calling_as(MODULE):
        try:
            s = inventory.get_store(store_id)
        except DomainError as exc:
            if exc.status != 404:
                raise
            s = None
    if s is None or s.company_id != company_id:
        raise domain.bad("store_unknown", f"Store {store_id} is not one of the company's", "গুদামটি এই কোম্পানির নয়", field=field)
    return s
