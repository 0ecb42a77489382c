"""Stores: a company's central warehouse and site stores."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select

from vextrus.platform import context
from vextrus.platform.errors import Conflict, ValidationFailed
from vextrus.platform.uow import UnitOfWork, command, query

from .. import domain
from ..events import StoreCreated
from ..repository import store_view
from ..schemas import StoreInput, StoreView
from ..tables import StoreRow


def check_company(company_id: UUID) -> None:
    """Only the active company's rows (organization's company; NotFound for another's)."""
    from vextrus.modules.organization import api as organization

    context.require_company(company_id, "company", company_id, field="company_id")
    if organization.get_company(company_id) is None:
        raise ValidationFailed("inventory.company_unknown", f"Company {company_id} does not exist",
                               f"কোম্পানি {company_id} নেই", field="company_id")


@command("inventory.store.manage", scope="inventory.create_store")
def create_store(uow: UnitOfWork, data: StoreInput) -> StoreView:
    check_company(data.company_id)
    code = domain.store_code(data.code)
    row = StoreRow(tenant_id=context.require_tenant(), company_id=data.company_id, code=code,
                   name=domain.name(data.name), name_bn=data.name_bn.strip(), kind=domain.store_kind(data.kind))
    if uow.session.scalar(select(StoreRow.id).where(StoreRow.company_id == data.company_id,
                                                    StoreRow.code == code)) is not None:
        raise Conflict("inventory.store_exists", f"Store {code} already exists", f"গুদাম {code} আগে থেকেই আছে",
                       field="code")
    uow.session.add(row)
    uow.session.flush()
    uow.emit(StoreCreated(store_id=row.id, company_id=row.company_id, code=code))
    return store_view(row)


@query("inventory.stock.view")
def list_stores(uow: UnitOfWork, company_id: UUID) -> list[StoreView]:
    context.require_company(company_id, "company", company_id, field="company_id")
    rows = uow.session.scalars(select(StoreRow).where(StoreRow.company_id == company_id).order_by(StoreRow.code))
    return [store_view(r) for r in rows]


@query("inventory.stock.view")
def get_store(uow: UnitOfWork, store_id: UUID) -> StoreView:
    return store_view(load_store(uow, store_id))


def load_store(uow: UnitOfWork, store_id: UUID, company_id: UUID | None = None, field: str = "store_id") -> StoreRow:
    row = uow.session.get(StoreRow, store_id)
    if row is None and company_id is None:
        raise domain.Missing("store", "গুদাম", store_id)
    if row is None or (company_id is not None and row.company_id != company_id):
        raise ValidationFailed("inventory.store_unknown", f"Store {store_id} does not exist in this company",
                               f"এই কোম্পানিতে গুদাম {store_id} নেই", field=field)
    context.require_company(row.company_id, "store", store_id)
    return row
