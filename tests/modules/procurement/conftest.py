"""A company with its book and fiscal year 2025-26, a central and a site store, three items (cement, MS rod,
sand) and four approved vendors; helpers that walk a requisition to a selection."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal as D
from uuid import UUID

import pytest

from vextrus.modules.finance import service as finance
from vextrus.modules.inventory import service as inventory
from vextrus.modules.inventory.schemas import StoreInput
from vextrus.modules.master_data import service as master_data
from vextrus.modules.master_data.schemas import ItemInput, PartyInput
from vextrus.modules.master_data.service import items as item_service
from vextrus.modules.organization import api as org
from vextrus.modules.procurement import service
from vextrus.modules.procurement.schemas import (
    QuotationInput,
    QuotationLineInput,
    RequisitionInput,
    RequisitionLineInput,
    RfqInput,
    SelectionInput,
)

DAY = date(2025, 8, 10)


@dataclass
class Setup:
    company_id: UUID
    book: str
    central_id: UUID
    site_id: UUID
    items: dict[str, UUID]
    vendors: list[UUID]


@pytest.fixture
def co(db, admin) -> Setup:
    c = org.create_company(org.CompanyInput(code="PBL", name="Padma Builders Ltd."))
    finance.ensure_book("PBL", "Padma Builders Ltd.", c.id)
    finance.open_fiscal_year("PBL", "2025-26")
    cw = inventory.create_store(StoreInput(company_id=c.id, code="CW", name="Central warehouse", kind="central"))
    site = inventory.create_store(StoreInput(company_id=c.id, code="SITE-1", name="Site store Purbachal",
                                             name_bn="সাইট গুদাম পূর্বাচল", kind="site"))
    items = {}
    for code, name, name_bn, unit in (("CEM", "Portland composite cement", "সিমেন্ট", "bag"),
                                      ("ROD", "MS deformed bar 500W", "রড", "kg"),
                                      ("SAND", "Sylhet sand", "সিলেট বালু", "cft")):
        items[code] = item_service.create_item(ItemInput(code=code, name=name, name_bn=name_bn, base_unit=unit)).id
    vendors = []
    for name, name_bn in (("Akij Cement Co. Ltd.", "আকিজ সিমেন্ট"), ("BSRM Steels Ltd.", "বিএসআরএম স্টিলস"),
                          ("Crown Cement PLC", "ক্রাউন সিমেন্ট"), ("Delta Traders", "ডেল্টা ট্রেডার্স")):
        p = master_data.create_party(PartyInput(legal_name=name, legal_name_bn=name_bn, roles=["vendor"],
                                                vendor_categories=["supplier"]))
        master_data.change_vendor_status(p.id, "approved")
        vendors.append(p.id)
    return Setup(c.id, "PBL", cw.id, site.id, items, vendors)


def requisition(co: Setup, lines: dict[str, str], on: date = DAY, **kw) -> RequisitionInput:
    return RequisitionInput(company_id=co.company_id, store_id=co.site_id, requested_on=on, **{
        "lines": [RequisitionLineInput(item_id=co.items[code], quantity=D(q), needed_by=date(2025, 8, 20))
                  for code, q in lines.items()], **kw})


def approved(co: Setup, lines: dict[str, str]):
    r = service.create_requisition(requisition(co, lines))
    service.submit_requisition(r.id)
    return service.approve_requisition(r.id)


def quote(co: Setup, rfq_id: UUID, vendor: int, rates: dict[str, str], days: int = 7):
    return service.enter_quotation(rfq_id, QuotationInput(party_id=co.vendors[vendor], lines=[
        QuotationLineInput(item_id=co.items[code], rate=D(r), delivery_days=days) for code, r in rates.items()]))


def sourced(co: Setup, lines: dict[str, str], quotes: dict[int, dict[str, str]], pick: dict[str, tuple[int, str]]):
    """A requisition approved, an RFQ to the quoting vendors, their quotations, the selection (item → (vendor,
    reason)); answers the RFQ's id."""
    req = approved(co, lines)
    rfq = service.create_rfq(RfqInput(requisition_id=req.id, vendor_ids=[co.vendors[v] for v in quotes]))
    for v, rates in quotes.items():
        quote(co, rfq.id, v, rates)
    service.select_vendors(rfq.id, [SelectionInput(item_id=co.items[code], party_id=co.vendors[v], reason=why)
                                    for code, (v, why) in pick.items()])
    return rfq.id


def pick(co: Setup, code: str, vendor: int, reason: str = "") -> SelectionInput:
    return SelectionInput(item_id=co.items[code], party_id=co.vendors[vendor], reason=reason)
