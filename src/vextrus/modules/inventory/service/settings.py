"""A company's inventory settings (as invoicing keeps its own per company: one row a company, versioned): its
costing method, `moving_average` (the default: no row) or `fifo` (docs/inventory.md, "Costing method: FIFO").

The method is chosen while the company has no stock move: afterwards a change is refused
(`inventory.costing_method_locked`), because changing it with stock on hand needs a revaluation of every item
(the layers from the average, or the average from the layers) with its journal, which is not done."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select

from vextrus.platform import context
from vextrus.platform.errors import ValidationFailed
from vextrus.platform.uow import UnitOfWork, command, query
from vextrus.platform.versioning import check_version, touch

from ..events import CostingMethodSet
from ..repository import METHODS, costing_method
from ..schemas import InventorySettingsInput, InventorySettingsView
from ..tables import MoveRow, SettingRow
from .stores import check_company

METHOD_BN = {"moving_average": "চলমান গড়", "fifo": "আগে আসা আগে যাওয়া"}
METHOD_EN = {"moving_average": "moving average", "fifo": "FIFO (first in, first out)"}  # as the stores page names them


def _view(uow: UnitOfWork, company_id: UUID) -> InventorySettingsView:
    row = uow.session.scalar(select(SettingRow).where(SettingRow.company_id == company_id))
    return InventorySettingsView(
        company_id=company_id,
        costing_method=costing_method(uow.session, company_id),
        version=row.version if row else 0,
        locked=_has_moves(uow, company_id),
    )


def _has_moves(uow: UnitOfWork, company_id: UUID) -> bool:
    return uow.session.scalar(select(MoveRow.id).where(MoveRow.company_id == company_id).limit(1)) is not None


@query("inventory.stock.view")
def get_settings(uow: UnitOfWork, company_id: UUID) -> InventorySettingsView:
    context.require_company(company_id, "company", company_id, field="company_id")
    return _view(uow, company_id)


@command("inventory.store.manage", scope="inventory.set_settings")
def set_settings(uow: UnitOfWork, data: InventorySettingsInput) -> InventorySettingsView:
    """Choose the company's costing method: load (company, its settings row) → guard (a known method; none of the
    company's moves yet unless the method stays the same; the version) → store → emit → view."""
    check_company(data.company_id)
    s = uow.session
    if data.costing_method not in METHODS:
        raise ValidationFailed(
            "inventory.costing_method_invalid",
            "The costing method is moving_average or fifo",
            "মূল্যায়ন পদ্ধতি হবে চলমান গড় অথবা আগে আসা আগে যাওয়া",
            field="costing_method",
            details={"allowed": list(METHODS)},
        )
    row = s.scalar(select(SettingRow).where(SettingRow.company_id == data.company_id))
    if row is not None:
        check_version(row, data.expected_version, "inventory settings")
    now = costing_method(s, data.company_id)
    if data.costing_method != now and _has_moves(uow, data.company_id):
        raise ValidationFailed(
            "inventory.costing_method_locked",
            f"The costing method stays {METHOD_EN[now]}: the company already has stock moves (changing it with stock on hand "
            "needs a revaluation, which is not done)",
            f"মূল্যায়ন পদ্ধতি {METHOD_BN[now]} থাকবে: কোম্পানির মজুদ চলাচল আছে (মজুদ থাকা অবস্থায় পদ্ধতি বদলাতে "
            "পুনর্মূল্যায়ন লাগে, যা করা হয়নি)",
            field="costing_method",
            details={"costing_method": now},
        )
    if row is None:
        row = SettingRow(
            tenant_id=context.require_tenant(), company_id=data.company_id, costing_method=data.costing_method
        )
        s.add(row)
    else:
        row.costing_method = data.costing_method
        touch(row)
    s.flush()
    uow.emit(CostingMethodSet(company_id=data.company_id, costing_method=data.costing_method))
    return _view(uow, data.company_id)
