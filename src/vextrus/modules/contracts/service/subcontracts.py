"""Subcontracts (the purchase side of RA billing, issue 16): a contract whose counterparty is a subcontractor
(an approved, active vendor of master data, checked as procurement checks its vendors) on a project, with its
items at the subcontract rates (BOQ items of the project, or free items). Its bills are measured, certified,
posted, reversed and its retention released by the same commands as a client contract's (`bills.py`,
`contracts.py` branch on the contract's kind for the journal). Shape: load → guard → pure rule → store → emit."""

from __future__ import annotations

from uuid import UUID

from vextrus.platform import context
from vextrus.platform.errors import DomainError, ValidationFailed
from vextrus.platform.i18n import to_bangla_digits
from vextrus.platform.money import ZERO
from vextrus.platform.uow import UnitOfWork, command

from .. import domain
from ..events import ContractCreated
from ..repository import contract_view
from ..schemas import ContractView, SubcontractInput
from ..tables import ContractRow, ItemRow
from .contracts import check_tax_codes, checked_header, refuse_taken_code


def approved_vendor(party_id: UUID, field: str = "vendor_party_id"):  # noqa: ANN201
    """The subcontractor's master-data party if it is an approved, active vendor (master_data's
    `require_approved_vendor`, as procurement checks a vendor); refused on `field` otherwise."""
    from vextrus.modules.master_data import api as master_data

    from .. import MODULE

    with context.calling_as(MODULE):
        try:
            return master_data.require_approved_vendor(party_id)
        except DomainError as exc:
            if exc.status == 404:
                raise ValidationFailed("contracts.vendor_unknown", f"No party {party_id}: pick the subcontractor",
                                       "পার্টিটি নেই: উপ-ঠিকাদার বাছুন", field=field) from exc
            raise ValidationFailed(exc.code, exc.message, exc.message_bn, field=field, details=exc.details) from exc


@command("contracts.contract.manage", scope="contracts.create_subcontract")
def create_subcontract(uow: UnitOfWork, data: SubcontractInput) -> ContractView:
    """A subcontract on the project with an approved subcontractor: BOQ items at the subcontract rate (the BOQ's
    quantity unless a part is given) and free items. VAT is deducted at source on its bills only when the
    subcontractor is VAT-registered (a BIN in master data): otherwise the stored `vat_code` is empty."""
    code, title, boq = checked_header(data)
    by_code = {b.code: b for b in boq}
    its: list[domain.Item] = []
    for i, x in enumerate(data.items):
        no = x.item_no.strip()
        if x.free:
            its.append(domain.Item(no, x.description.strip(), x.unit.strip(), x.quantity if x.quantity is not None
                                   else ZERO, x.rate, "free"))
            continue
        b = by_code.get(no)
        if b is None:
            raise ValidationFailed("contracts.boq_item_unknown", f"BOQ item {no} is not in the project (tick "
                                   "'not in BOQ' for a free item)", f"বিওকিউ আইটেম {no} প্রকল্পে নেই (বিওকিউর বাইরের "
                                   "আইটেম হলে তা চিহ্নিত করুন)", field=f"items[{i}].item_no")
        if x.quantity is not None and x.quantity > b.quantity:
            raise ValidationFailed("contracts.over_boq", f"Item {no}: {x.quantity} is more than the BOQ's "
                                   f"{b.quantity}", f"আইটেম {no}: {to_bangla_digits(str(x.quantity))} বিওকিউর {to_bangla_digits(str(b.quantity))} এর বেশি",
                                   field=f"items[{i}].quantity", details={"boq_quantity": str(b.quantity)})
        its.append(domain.Item(no, x.description.strip() or b.description, b.unit,
                               x.quantity if x.quantity is not None else b.quantity, x.rate, "boq"))
    its = list(domain.check_items(its))
    value = domain.contract_value(its)
    terms = domain.check_terms(domain.Terms(data.retention_pct, data.advance_amount, data.advance_recovery_pct),
                               value)
    vendor = approved_vendor(data.vendor_party_id)
    vat_code = data.vat_code.strip() if (vendor.bin or "").strip() else ""
    check_tax_codes(vat_code or "S004.00", data.ait_section.strip(), data.contract_date)
    s = uow.session
    refuse_taken_code(s, data.company_id, code)
    tenant = context.require_tenant()
    row = ContractRow(tenant_id=tenant, company_id=data.company_id, project_id=data.project_id,
                      client_party_id=data.vendor_party_id, code=code, title=title, title_bn=data.title_bn.strip(),
                      contract_date=data.contract_date, currency="BDT", contract_value=value,
                      retention_pct=terms.retention_pct, advance_amount=terms.advance,
                      advance_recovery_pct=terms.advance_recovery_pct, security_deposit_pct=ZERO, vat_code=vat_code,
                      ait_section=data.ait_section.strip(), status="active", kind="subcontract")
    s.add(row)
    s.flush()
    s.add_all(ItemRow(tenant_id=tenant, contract_id=row.id, line_no=i + 1, item_no=it.item_no,
                      description=it.description, unit=it.unit, quantity=it.quantity, rate=it.rate,
                      amount=it.amount, kind=it.kind) for i, it in enumerate(its))
    s.flush()
    uow.emit(ContractCreated(contract_id=row.id, company_id=row.company_id, project_id=row.project_id,
                             code=code, contract_value=value, kind="subcontract"))
    return contract_view(s, row, (vendor.legal_name, vendor.legal_name_bn or ""))
