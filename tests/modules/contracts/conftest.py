"""A company with its book and fiscal year 2025-26, a client (master data) and a project with a three-item BOQ."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal as D
from uuid import UUID

import pytest

from vextrus.modules.contracts.schemas import ContractInput
from vextrus.modules.finance import service as finance
from vextrus.modules.master_data import service as master_data
from vextrus.modules.master_data.schemas import PartyInput
from vextrus.modules.organization import api as org

BOQ = [("1.01", "Earthwork in excavation for foundation", "m3", "1000", "450.00"),
       ("2.01", "Reinforced cement concrete in foundation", "m3", "200", "12500.00"),
       ("3.01", "Brickwork 250 mm in cement mortar", "m3", "300", "8000.00")]


@dataclass
class Setup:
    company_id: UUID
    book: str
    client_id: UUID
    project_id: UUID


@pytest.fixture
def co(db, admin) -> Setup:
    from vextrus.modules.projects import service as projects

    c = org.create_company(org.CompanyInput(code="PBL", name="Padma Builders Ltd."))
    finance.ensure_book("PBL", "Padma Builders Ltd.", c.id)
    finance.open_fiscal_year("PBL", "2025-26")
    client = master_data.create_party(PartyInput(legal_name="Meghna Housing Ltd.",
                                                 legal_name_bn="মেঘনা হাউজিং লিমিটেড", roles=["customer"]))
    p = projects.create_project("MGH-TWR", "Meghna Tower", company_id=c.id)
    for no, desc, unit, q, rate in BOQ:
        projects.add_boq_item(p.id, no, desc, unit, q, rate)
    return Setup(c.id, "PBL", client.id, p.id)


def _contract_input(co: Setup, **kw) -> ContractInput:
    """The worked example's contract: retention 5 %, security deposit 2.5 %, advance 535,000 (10 % of the
    contract value) recovered at 20 % of each bill, VAT S004.00, AIT §89."""
    base = dict(company_id=co.company_id, project_id=co.project_id, client_party_id=co.client_id, code="MGH/C-01",
                title="Meghna Tower substructure", contract_date=date(2025, 7, 15), retention_pct=D("5"),
                advance_amount=D("535000.00"), advance_recovery_pct=D("20"), security_deposit_pct=D("2.5"))
    return ContractInput(**{**base, **kw})


@pytest.fixture
def contract_input():
    """Build the worked example's contract input: `contract_input(co, **fields)`."""
    return _contract_input
