"""A company's payroll settings: the journal's account mapping and the rates (defaults until changed)."""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID

from sqlalchemy import select

from vextrus.platform import context
from vextrus.platform.uow import UnitOfWork, command, query
from vextrus.platform.versioning import check_version

from .. import domain
from ..schemas import SettingsChange, SettingsView
from ..tables import SettingRow
from .employees import check_company


def load(uow: UnitOfWork, company_id: UUID) -> tuple[dict[str, str], SettingRow | None]:
    row = uow.session.scalar(select(SettingRow).where(SettingRow.company_id == company_id))
    return domain.settings(row.values if row else {}), row


def _view(company_id: UUID, cfg: dict[str, str], row: SettingRow | None) -> SettingsView:
    return SettingsView(company_id=company_id, version=row.version if row else 0,
                        **{k: (Decimal(v) if k in domain.run.RATE_SETTINGS else v) for k, v in cfg.items()})


@query("payroll.run.prepare")
def get_settings(uow: UnitOfWork, company_id: UUID) -> SettingsView:
    context.require_company(company_id, "company", company_id, field="company_id")
    cfg, row = load(uow, company_id)
    return _view(company_id, cfg, row)


@command("payroll.run.approve", scope="payroll.change_settings")
def change_settings(uow: UnitOfWork, company_id: UUID, data: SettingsChange,
                    expected_version: int | None = None) -> SettingsView:
    check_company(company_id)
    cfg, row = load(uow, company_id)
    if row is not None:
        check_version(row, expected_version, "payroll settings")
    new = domain.settings({**cfg, **data.model_dump(exclude_none=True)})
    if row is None:
        row = SettingRow(tenant_id=context.require_tenant(), company_id=company_id, values=new)
        uow.session.add(row)
    else:
        row.values = new
    uow.session.flush()
    return _view(company_id, new, row)
