"""A company with its book and fiscal year 2025-26, a customer and a vendor (master data)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal as D
from uuid import UUID

import pytest

from vextrus.modules.finance import service as finance
from vextrus.modules.invoicing.schemas import InvoiceInput, InvoiceLineInput
from vextrus.modules.master_data import service as master_data
from vextrus.modules.master_data.schemas import PartyInput
from vextrus.modules.organization import api as org


@dataclass
class Setup:
    company_id: UUID
    book: str
    customer_id: UUID
    vendor_id: UUID


@pytest.fixture
def co(db, admin) -> Setup:
    c = org.create_company(org.CompanyInput(code="PBL", name="Padma Builders Ltd."))
    finance.ensure_book("PBL", "Padma Builders Ltd.", c.id)
    finance.open_fiscal_year("PBL", "2025-26")
    cust = master_data.create_party(PartyInput(legal_name="Meghna Housing Ltd.", legal_name_bn="মেঘনা হাউজিং লিমিটেড",
                                               roles=["customer"]))
    vend = master_data.create_party(PartyInput(legal_name="BSRM Steels Ltd.", legal_name_bn="বিএসআরএম স্টিলস লিমিটেড",
                                               roles=["vendor"], vendor_categories=["supplier"]))
    return Setup(c.id, "PBL", cust.id, vend.id)


def _invoice(co: Setup, kind: str = "sales", lines: list[InvoiceLineInput] | None = None, on: date = date(2025, 8, 10),
            **kw) -> InvoiceInput:
    lines = lines or [InvoiceLineInput(description="RA work, slab casting level 3", quantity=D("1"),
                                unit_price=D("1000000.00"), vat_code="S004.00"),
                      InvoiceLineInput(description="Site supervision", quantity=D("2.5"), unit_price=D("20000.00"),
                                discount=D("1000.00"), vat_code="VAT15")]
    party = co.customer_id if kind == "sales" else co.vendor_id
    return InvoiceInput(**{**dict(company_id=co.company_id, kind=kind, party_id=party, invoice_date=on,
                                  lines=lines), **kw})


@pytest.fixture
def invoice():
    """Build an invoice input: `invoice(co, kind, lines, on, **fields)`."""
    return _invoice


@pytest.fixture
def client(db, admin):
    """The app signed in as the tenant's admin, with the CSRF cookie's token on every request (the pages' forms)."""
    from fastapi.testclient import TestClient

    from vextrus.app import create_app

    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as c:
        c.get("/invoicing")
        c.headers["X-CSRF-Token"] = c.cookies.get("vx_csrf") or ""
        yield c
