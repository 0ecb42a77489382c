"""Demo rows of contracts: the demo company's client contract for the lifts, generator and fire safety package
of its building (PADMA-RES, BOQ items 6.01–6.04), with its mobilisation advance, two RA bills certified and
posted and a third drafted (January–March 2026: finance's demo closes the periods up to December 2025).

Kept small on purpose: finance's demo already bills the building's main works month by month (its IPC
entries); this package adds a few lakh of revenue so the demo's margin stays a contractor's margin."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from vextrus.platform import context, runtime

from . import service
from .schemas import ContractAdvanceInput, ContractInput, RaBillInput, RaMeasureInput

PROJECT = "PADMA-RES"
CODE = "PBL/PR-EM-01"
ITEMS = ["6.01", "6.02", "6.03", "6.04"]
BILLS = [  # (date, measures (item, cumulative quantity or percent), post?)
    (date(2026, 1, 31), [("6.04", None, "30")], True),
    (date(2026, 2, 28), [("6.03", None, "50"), ("6.04", None, "60")], True),
    (date(2026, 3, 31), [("6.01", "1", None), ("6.04", None, "80")], False),
]


def load(tenant_id: UUID) -> None:
    names = runtime.current().registry.names
    if not {"organization", "projects", "finance", "master_data"} <= set(names):
        return
    from vextrus.modules.master_data import api as master_data
    from vextrus.modules.organization import api as organization
    from vextrus.modules.projects import api as projects

    with context.acting_as(context.system_context(tenant_id, actor="demo")):
        project = projects.project_by_code(PROJECT)
        demo_company = organization.demo_company()
        clients = master_data.search_parties("Meghdoot", role="customer", limit=1)
        if project is None or demo_company is None or not clients:
            return
        company = demo_company.id
        if projects.project_companies([project.id]).get(project.id) != company:
            return
        c = service.create_contract(ContractInput(
            company_id=company, project_id=project.id, client_party_id=clients[0].id, code=CODE,
            title="Padma Residency: lifts, substation, generator and fire safety",
            title_bn="পদ্মা রেসিডেন্সি: লিফট, সাবস্টেশন, জেনারেটর ও অগ্নি নিরাপত্তা", contract_date=date(2026, 1, 5),
            retention_pct=Decimal("10"), advance_amount=Decimal("1840000.00"), advance_recovery_pct=Decimal("20"),
            security_deposit_pct=Decimal("0"), item_nos=ITEMS))
        service.receive_advance(c.id, ContractAdvanceInput(received_on=date(2026, 1, 10), amount=Decimal("1840000.00")))
        for on, measures, post in BILLS:
            b = service.draft_bill(c.id, RaBillInput(bill_date=on, measures=[
                RaMeasureInput(item_no=no, cumulative_quantity=Decimal(q) if q else None,
                             percent_complete=Decimal(p) if p else None) for no, q, p in measures]))
            if post:
                service.post_bill(service.certify_bill(b.id).id)
