"""A company's invoicing settings: its VAT withholding-entity status and its accounts by posting role (the
chart's defaults unless the company maps a role to another account)."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select
from sqlalchemy.orm import Session

from vextrus.platform import context
from vextrus.platform.errors import ValidationFailed
from vextrus.platform.i18n import translate
from vextrus.platform.uow import UnitOfWork, command, query
from vextrus.platform.versioning import check_version

from ..schemas import CompanySettingsInput, CompanySettingsView
from ..tables import AccountMapRow, SettingRow

ACCOUNTS = {
    "receivable": "1130",  # Trade receivables (the demo chart, finance/data/bd_construction_coa.json)
    "revenue": "4100",  # Contract revenue
    "output_vat": "2140",  # Output VAT
    "expense": "5110",  # Materials consumed
    "input_vat": "1150",  # Input VAT
    "payable": "2110",  # Trade payables
    "bank": "1120",  # Bank accounts
    "cash": "1110",  # Cash in hand
    "mfs": "1120",  # bKash/Nagad/Rocket wallets: the bank account until the company maps its own
    "vds_payable": "2142",  # VDS payable (deducted from vendors, due to the treasury)
    "ait_payable": "2150",  # AIT/TDS payable (suppliers and contractors)
    "vds_receivable": "1151",  # VDS receivable (deducted by customers, claimed against output VAT)
    "ait_receivable": "1152",  # Advance income tax (AIT deducted by clients)
    "supplier_advance": "1141",  # Advances to suppliers (an advance paid before the bill, service/advances.py)
    "customer_advance": "2131",  # Customer advances and booking money (received before the invoice)
}
"""The default account of each posting role (the Bangladesh construction chart finance creates every book
with); a company overrides any of them in its settings."""


def accounts_for(s: Session, company_id: UUID) -> dict[str, str]:
    """The company's account of each role: its own mapping over the defaults."""
    out = dict(ACCOUNTS)
    for role, code in s.execute(select(AccountMapRow.role, AccountMapRow.account_code)
                                .where(AccountMapRow.company_id == company_id)):
        out[role] = code
    return out


def withholding_entity(s: Session, company_id: UUID) -> bool:
    row = s.scalar(select(SettingRow).where(SettingRow.company_id == company_id))
    return bool(row and row.withholding_entity)


def _view(s: Session, company_id: UUID) -> CompanySettingsView:
    row = s.scalar(select(SettingRow).where(SettingRow.company_id == company_id))
    return CompanySettingsView(company_id=company_id, withholding_entity=bool(row and row.withholding_entity),
                               accounts=accounts_for(s, company_id), version=row.version if row else 0)


@query("invoicing.invoice.view")
def get_company_settings(uow: UnitOfWork, company_id: UUID) -> CompanySettingsView:
    context.require_company(company_id, "company", company_id, field="company_id")
    return _view(uow.session, company_id)


@command("invoicing.settings.manage", scope="invoicing.set_company_settings")
def set_company_settings(uow: UnitOfWork, company_id: UUID, data: CompanySettingsInput) -> CompanySettingsView:
    """Whether the company is a VAT withholding entity (VAT and SD Act 2012 s.2(21); SRO 240-Law/2021/
    163-Mushak names them: limited companies among them), and its accounts by role (only the roles named
    change; an account code the ledger does not have is refused when a document posts to it)."""
    from .invoices import check_company

    check_company(company_id)
    for role, code in data.accounts.items():
        if role not in ACCOUNTS:
            shown = role  # the role as typed: not one of ours, so it has no Bangla name
            raise ValidationFailed("invoicing.account_role_unknown", f"No posting role '{role}' (known: "
                                   f"{', '.join(ACCOUNTS)})", f"'{shown}' নামে কোনো পোস্টিং ভূমিকা নেই",
                                   field=f"accounts.{role}")
        if not code.strip() or len(code.strip()) > 20:
            role_bn = translate(f"invoicing.role_{role}", "bn", ("vextrus.modules.invoicing",))
            raise ValidationFailed("invoicing.account_code_missing", f"Give an account code for '{role}'",
                                   f"{role_bn} এর হিসাব কোড দিন", field=f"accounts.{role}")
    s = uow.session
    row = s.scalar(select(SettingRow).where(SettingRow.company_id == company_id))
    if row is None:
        row = SettingRow(tenant_id=context.require_tenant(), company_id=company_id, withholding_entity=False)
        s.add(row)
    else:
        check_version(row, data.expected_version, "invoicing settings")
    if data.withholding_entity is not None:
        row.withholding_entity = data.withholding_entity
    for role, code in data.accounts.items():
        m = s.scalar(select(AccountMapRow).where(AccountMapRow.company_id == company_id, AccountMapRow.role == role))
        if m is None:
            s.add(AccountMapRow(tenant_id=row.tenant_id, company_id=company_id, role=role, account_code=code.strip()))
        else:
            m.account_code = code.strip()
    s.flush()
    return _view(s, company_id)
