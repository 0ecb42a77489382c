"""Inventory's demo (issue 17: a new user's inventory pages are not empty), loaded by its hook into a demo company
(organization's demo code, master data's seed item codes, the building PADMA-RES) on both databases: a central and
a site store, stock in both, two transfers received and one in transit, issues to the building's activities, at
least one reorder suggestion, the valuation equal to the ledger's 1160 (and 5110 tagged with the project equal to
what was issued); loading again adds nothing. The full demo (every module) is timed in docs/inventory.md."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal as D

from vextrus.modules.finance import service as finance
from vextrus.modules.finance.api import account_balance
from vextrus.modules.finance.service import reporting
from vextrus.modules.finance.service.reporting import Dims
from vextrus.modules.inventory import demo, service
from vextrus.modules.master_data.schemas import ItemInput
from vextrus.modules.master_data.service import items as item_service
from vextrus.modules.organization import api as org
from vextrus.modules.organization.demo import DEMO_COMPANY_CODE
from vextrus.modules.projects import service as projects
from vextrus.platform import clock

UNITS = {"CEM-OPC-50": "bag", "ROD-60G-10": "kg", "BRICK-1ST": "piece", "SAND-SYLHET": "cft"}


def _demo_company():
    c = org.create_company(org.CompanyInput(code=DEMO_COMPANY_CODE, name="Padma Builders Ltd.",
                                            name_bn="পদ্মা বিল্ডার্স লিমিটেড"))
    finance.ensure_book(DEMO_COMPANY_CODE, "Padma Builders Ltd.", c.id)
    today = clock.today()
    for on in (today - timedelta(days=60), today):  # the demo's moves fall in the 40 days before today
        finance.open_fiscal_year(DEMO_COMPANY_CODE, on)
    p = projects.create_project(demo.PROJECT, "Padma Residency", name_bn="পদ্মা রেসিডেন্সি", company_id=c.id)
    items = {code: item_service.create_item(ItemInput(code=code, name=code.title(), name_bn="পণ্য", base_unit=unit)).id
             for code, unit in UNITS.items()}
    return c, p, items


def test_the_demo_has_stores_stock_transfers_and_a_suggestion_and_its_valuation_is_the_ledgers(db, admin, tenant_id):
    c, p, items = _demo_company()
    demo.load(tenant_id)
    stores = {s.code: s for s in service.list_stores(c.id) if s.kind != "transit"}
    assert sorted(stores) == ["CW-TEJGAON", "SITE-PADMA"]
    assert (stores["CW-TEJGAON"].kind, stores["SITE-PADMA"].kind, stores["SITE-PADMA"].project_id) == (
        "central", "site", p.id)
    assert all(s.name_bn for s in stores.values())
    code_of = {v: k for k, v in items.items()}
    stock = {(ln.store_code, code_of[ln.item_id]): ln.quantity for ln in service.stock_on_hand(c.id) if ln.quantity}
    opening = {code: D(q) for code, (_s, q, _c) in demo.OPENING.items()}
    issued = {code: D(q) for code, (q, _a) in demo.ISSUES.items()}
    # every item's quantity is its opening receipt less what was issued to the building (transfers move it only)
    for code in UNITS:
        assert sum(q for (_s, i), q in stock.items() if i == code) == opening[code] - issued[code], code
    assert stock[("SITE-PADMA", "CEM-OPC-50")] == D(400) - issued["CEM-OPC-50"]
    assert stock[("CW-TEJGAON", "CEM-OPC-50")] == D(1000) - D(400) - D(200)
    assert stock[("~IN-TRANSIT", "CEM-OPC-50")] == D(200)
    transfers = service.list_transfers(c.id)
    assert [(t.number, t.status) for t in transfers] == [("TR-00001", "received"), ("TR-00002", "received"),
                                                        ("TR-00003", "dispatched")]
    suggestions = service.reorder_suggestions(c.id)
    assert {(s.store_code, s.item_code) for s in suggestions} == {("SITE-PADMA", "CEM-OPC-50"),
                                                                  ("SITE-PADMA", "BRICK-1ST")}
    assert all(s.on_hand + s.suggested_quantity >= s.reorder_point for s in suggestions)
    # the valuation (counting the goods on the road) is the ledger's inventory account, today
    today = clock.today()
    value = service.valuation(c.id, today).total
    received = sum(D(q) * D(cost) for (_s, q, cost) in demo.OPENING.values())
    assert value == account_balance(c.id, "1160", today) > 0
    assert account_balance(c.id, "2115", today) == -received  # GRNI: received, not yet billed
    tb = reporting.trial_balance(DEMO_COMPANY_CODE, None, today, Dims(project_id=p.id))
    cost = sum((ln.closing_debit - ln.closing_credit for ln in tb.lines if ln.account_code == "5110"), D(0))
    assert cost == received - value  # what left the stores went to the building
    # a second load (a restart with the demo already there) adds nothing
    demo.load(tenant_id)
    assert len(service.list_stores(c.id)) == 3 and len(service.list_transfers(c.id)) == 3
    assert service.valuation(c.id, today).total == value
