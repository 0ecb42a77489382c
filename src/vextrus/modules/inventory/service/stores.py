"""Stores: a company's central warehouse and site stores. A site store may name the project it serves: a role
assigned for some projects reaches their stores only (and the stock and moves in them); a store of no project is
the whole company's (docs/auth.md, "Scoped roles")."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import Select, select

from vextrus.platform import context, runtime
from vextrus.platform.errors import Conflict, ValidationFailed
from vextrus.platform.uow import UnitOfWork, command, query
from vextrus.platform.versioning import check_version

from .. import domain
from ..events import StoreCreated
from ..repository import store_view
from ..schemas import StoreInput, StoreUpdateInput, StoreView
from ..tables import StoreRow

TRANSIT_KIND = "transit"  # the company's in-transit store (one, created on a first dispatch; service/transfers.py)


def check_company(company_id: UUID) -> None:
    """Only the active company's rows (organization's company; NotFound for another's)."""
    from vextrus.modules.organization import api as organization

    context.require_company(company_id, "company", company_id, field="company_id")
    if organization.get_company(company_id) is None:
        raise ValidationFailed("inventory.company_unknown", f"Company {company_id} does not exist",
                               "এমন কোনো কোম্পানি নেই", field="company_id")


@command("inventory.store.manage", scope="inventory.create_store")
def create_store(uow: UnitOfWork, data: StoreInput) -> StoreView:
    check_company(data.company_id)
    code = domain.store_code(data.code)
    _check_project(data.company_id, data.project_id)
    row = StoreRow(tenant_id=context.require_tenant(), company_id=data.company_id, code=code,
                   name=domain.name(data.name), name_bn=data.name_bn.strip(), kind=domain.store_kind(data.kind),
                   project_id=data.project_id)
    if uow.session.scalar(select(StoreRow.id).where(StoreRow.company_id == data.company_id,
                                                    StoreRow.code == code)) is not None:
        raise Conflict("inventory.store_exists", f"Store {code} already exists", f"গুদাম {code} আগে থেকেই আছে",
                       field="code")
    uow.session.add(row)
    uow.session.flush()
    uow.emit(StoreCreated(store_id=row.id, company_id=row.company_id, code=code))
    return store_view(row)


@command("inventory.store.manage", scope="inventory.update_store")
def update_store(uow: UnitOfWork, store_id: UUID, data: StoreUpdateInput) -> StoreView:
    """Rename a store (English and Bangla names) and/or deactivate or reactivate it; its code, kind and project stay.
    A store is deactivated only when it holds nothing (`inventory.store_has_stock`) and no transfer is on the road
    to or from it (`inventory.store_has_transit`); an inactive store is named by no new move, slip line, dispatch or
    level (`inventory.store_inactive`). A stale version 409; the in-transit store and a store out of reach are not
    found (404)."""
    row = load_store(uow, store_id)
    if row.kind == TRANSIT_KIND:
        raise domain.Missing("store", "গুদাম", store_id)
    context.require_scope_to_create(row.project_id, "project_id")
    check_version(row, data.expected_version, f"store {row.code}")
    if data.name is not None:
        row.name = domain.name(data.name)
    if data.name_bn is not None:
        row.name_bn = data.name_bn.strip()
    if data.active is False and row.active:
        _check_empty(uow, row)
    if data.active is not None:
        row.active = data.active
    uow.session.flush()
    return store_view(row)


def _check_empty(uow: UnitOfWork, row: StoreRow) -> None:
    from ..repository import positions_at
    from ..tables import TransferRow

    held = any(stores.get(row.id, (0, 0))[0] for _c, _q, _v, stores in
               positions_at(uow.session, row.company_id, None).values())
    if held:
        raise ValidationFailed("inventory.store_has_stock", f"Store {row.code} still holds stock: move or issue it first",
                               f"গুদাম {row.code} এ এখনও মজুদ আছে: আগে তা সরান বা প্রদান করুন", field="active")
    on_road = uow.session.scalar(select(TransferRow.id).where(
        TransferRow.company_id == row.company_id, TransferRow.status == "dispatched",
        (TransferRow.from_store_id == row.id) | (TransferRow.to_store_id == row.id)).limit(1))
    if on_road is not None:
        raise ValidationFailed("inventory.store_has_transit", f"A transfer to or from store {row.code} is on the road",
                               f"গুদাম {row.code} থেকে বা এতে একটি স্থানান্তর পথে আছে", field="active")


@query("inventory.stock.view")
def list_stores(uow: UnitOfWork, company_id: UUID) -> list[StoreView]:
    context.require_company(company_id, "company", company_id, field="company_id")
    rows = uow.session.scalars(in_reach(select(StoreRow).where(StoreRow.company_id == company_id))
                               .order_by(StoreRow.code))
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
                               "এই কোম্পানিতে এমন কোনো গুদাম নেই", field=field)
    context.require_company(row.company_id, "store", store_id)
    if company_id is not None and row.kind == TRANSIT_KIND:  # moved only by dispatching and receiving transfers
        raise ValidationFailed("inventory.transit_store", "Goods in transit move only by receiving their transfer",
                               "পরিবহনে থাকা মাল শুধু স্থানান্তর গ্রহণ করে সরানো যায়", field=field)
    if company_id is not None and not row.active:
        raise ValidationFailed("inventory.store_inactive", f"Store {row.code} is inactive",
                               f"গুদাম {row.code} নিষ্ক্রিয়", field=field)
    if company_id is not None:  # named in a move's input: another project's store is refused naming the field
        context.require_scope_to_create(row.project_id, field)
    elif not context.reaches(row.project_id):
        raise domain.Missing("store", "গুদাম", store_id)  # another project's store is not even said to exist
    return row


def _check_project(company_id: UUID, project_id: UUID | None) -> None:
    """A store's project is one of the company's, and one the user's role reaches (a role assigned for some
    projects creates no store of another project nor of the whole company: 403 naming `project_id`)."""
    if project_id is not None and "projects" in runtime.current().registry.names:
        from vextrus.modules.projects import api as projects

        if projects.project_companies([project_id]).get(project_id, "none") != company_id:
            raise ValidationFailed("inventory.project_unknown", "No such project in this company",
                                   "এই কোম্পানিতে এমন প্রকল্প নেই", field="project_id")
    context.require_scope_to_create(project_id, "project_id")


def in_reach(stmt: Select[Any]) -> Select[Any]:
    """`stmt` (over stores) limited to the stores of the projects the running command's permission reaches."""
    reach = context.scope_reach()
    return stmt if reach is None else stmt.where(StoreRow.project_id.in_(reach))


def reached_stores(uow: UnitOfWork, company_id: UUID) -> set[UUID] | None:
    """The company's stores the running command's permission reaches; None: all of them."""
    if context.scope_reach() is None:
        return None
    return set(uow.session.scalars(in_reach(select(StoreRow.id).where(StoreRow.company_id == company_id))))


@query("inventory.stock.view")
def stores_of_projects(uow: UnitOfWork, company_id: UUID, project_ids: frozenset[UUID]) -> list[UUID]:
    """The company's stores serving these projects (procurement limits its lists by them)."""
    context.require_company(company_id, "company", company_id, field="company_id")
    if not project_ids:
        return []
    return list(uow.session.scalars(select(StoreRow.id).where(StoreRow.company_id == company_id,
                                                              StoreRow.project_id.in_(project_ids))))
