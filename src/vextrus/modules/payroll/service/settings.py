"""A company's payroll settings: the journal's account mapping and the rates (defaults until changed)."""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID

from sqlalchemy import select

from vextrus.platform import context
from vextrus.platform.errors import NotFound
from vextrus.platform.uow import UnitOfWork, command, query
from vextrus.platform.versioning import check_version

from .. import domain
from ..domain.settings_accounts import ChartAccount, check_accounts
from ..schemas import SettingsAccount, SettingsChange, SettingsView
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


def chart(company_id: UUID) -> dict[str, ChartAccount] | None:
    """The company's chart of accounts through finance.api (payroll `uses` finance.account.view), or None when
    the company has no book yet (nothing to check against; posting needs the book anyway)."""
    from vextrus.modules.finance import api as finance

    from .. import MODULE

    try:
        with context.calling_as(MODULE):
            accounts = finance.list_accounts(company_id)
    except NotFound:
        return None
    return {a.code: ChartAccount(a.account_type, a.is_group, a.is_active) for a in accounts}


@query("payroll.run.prepare")
def account_choices(uow: UnitOfWork, company_id: UUID) -> list[SettingsAccount]:
    """The company's active posting accounts (not groups), by code, read through finance.api as payroll on the
    user's behalf: what the settings page offers for each account setting (empty when it has no book yet)."""
    from vextrus.modules.finance import api as finance

    from .. import MODULE

    context.require_company(company_id, "company", company_id, field="company_id")
    try:
        with context.calling_as(MODULE):
            accounts = finance.list_accounts(company_id)
    except NotFound:
        return []
    return sorted((SettingsAccount(code=a.code, name=a.name, name_bn=a.name_bn, account_type=a.account_type)
                   for a in accounts if a.is_active and not a.is_group), key=lambda a: a.code)


@command("payroll.run.approve", scope="payroll.change_settings")
def change_settings(uow: UnitOfWork, company_id: UUID, data: SettingsChange,
                    expected_version: int | None = None) -> SettingsView:
    check_company(company_id)
    cfg, row = load(uow, company_id)
    if row is not None:
        check_version(row, expected_version, "payroll settings")
    new = domain.settings({**cfg, **data.model_dump(exclude_none=True)})
    accounts = chart(company_id)
    if accounts is not None:  # every account setting names an active posting account of the right type
        check_accounts(new, accounts)
    if row is None:
        row = SettingRow(tenant_id=context.require_tenant(), company_id=company_id, values=new)
        uow.session.add(row)
    else:
        row.values = new
    uow.session.flush()
    return _view(company_id, new, row)
