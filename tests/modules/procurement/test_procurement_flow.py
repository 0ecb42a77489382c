"""The whole flow on both databases: requisition → RFQ and quotations → CS → POs (one per vendor) → approval
→ a partial GRN → a second GRN → a matched vendor bill drafted in invoicing; every receipt posted to
inventory and the ledger (Dr inventory / Cr inventory's receipt clearing account, 2115 goods received not
invoiced), and the posted bill clears 2115 and owes the vendor once (2110)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from sqlalchemy import func, select

from conftest import DAY, approved, pick, quote
from vextrus.modules.finance.api import account_balance
from vextrus.modules.inventory import service as inventory
from vextrus.modules.inventory.service import ACCOUNTS
from vextrus.modules.invoicing import service as invoicing
from vextrus.modules.procurement import service
from vextrus.modules.procurement.events import BillMatched, GoodsReceived
from vextrus.modules.procurement.schemas import BillInput, BillLineInput, GrnInput, GrnLineInput, RfqInput
from vextrus.platform.tables import OutboxEvent


def test_requisition_to_matched_bill(db, admin, co):
    # a site engineer asks for 500 bags of cement and 2,000 kg of rod for the ground-floor slab
    req = approved(co, {"CEM": "500", "ROD": "2000"})
    assert (req.status, req.number, [ln.unit for ln in req.lines]) == ("approved", "PR-00001", ["bag", "kg"])
    rfq = service.create_rfq(RfqInput(requisition_id=req.id, vendor_ids=co.vendors[:3]))
    quote(co, rfq.id, 0, {"CEM": "520", "ROD": "96.50"})
    quote(co, rfq.id, 1, {"CEM": "530", "ROD": "95.00"})
    cs = quote(co, rfq.id, 2, {"CEM": "515.50", "ROD": "97.25"})
    cem, rod = cs.rows
    order = [v.party_id for v in cs.rfq.vendors]
    low = {r.item_code: [order[j] for j, c in enumerate(r.cells) if c and c.lowest] for r in cs.rows}
    assert low == {"CEM": [co.vendors[2]], "ROD": [co.vendors[1]]}
    assert (cem.lowest_rate, cem.quotations, rod.lowest_rate) == (D("515.50"), 3, D("95.00"))
    # the CS's amount is rate × quantity: 500 × 515.50 = 257,750.00
    assert next(c.amount for c in cem.cells if c and c.lowest) == D("257750.00")
    cs = service.select_vendors(rfq.id, [pick(co, "CEM", 2), pick(co, "ROD", 1)])
    assert cs.rfq.status == "selected" and cs.rows[0].selected_party_id == co.vendors[2]

    pos = service.create_orders(rfq.id, DAY)
    assert len(pos) == 2 and {p.party_id for p in pos} == {co.vendors[1], co.vendors[2]}
    po = next(p for p in pos if p.party_id == co.vendors[1])  # the rod order: 2,000 kg × 95.00
    assert (po.status, po.total, po.store_id) == ("draft", D("190000.00"), co.site_id)
    po = service.approve_order(po.id)
    assert po.status == "approved"

    first = service.receive_goods(GrnInput(order_id=po.id, receipt_date=date(2025, 8, 12), challan_no="CH-1187",
                                           vehicle_no="DHAKA METRO-TA 11-2233",
                                           lines=[GrnLineInput(line_no=1, received=D("1200"), accepted=D("1150"),
                                                               rejected=D("50"))]))
    assert first.value == D("109250.00")  # 1,150 kg × 95.00
    assert service.get_order(po.id).status == "partially_received"
    second = service.receive_goods(GrnInput(order_id=po.id, receipt_date=date(2025, 8, 14), challan_no="CH-1201",
                                            lines=[GrnLineInput(line_no=1, received=D("850"), accepted=D("850"))]))
    po = service.get_order(po.id)
    assert (po.status, po.lines[0].accepted, second.value) == ("received", D("2000"), D("80750.00"))

    # inventory holds the accepted 2,000 kg at 95.00 in the site store, and the ledger agrees
    stock = inventory.stock_on_hand(co.company_id, date(2025, 8, 14), co.site_id, co.items["ROD"])
    assert [(s.quantity, s.value) for s in stock] == [(D("2000"), D("190000.00"))]
    assert account_balance(co.company_id, ACCOUNTS["inventory"], date(2025, 8, 14)) == D("190000.00")
    assert account_balance(co.company_id, ACCOUNTS["clearing"], date(2025, 8, 14)) == D("-190000.00")

    bill = service.match_bill(BillInput(order_id=po.id, reference="BSRM/INV/5531", bill_date=date(2025, 8, 16),
                                        lines=[BillLineInput(line_no=1, quantity=D("2000"), rate=D("95.00"))]))
    assert (bill.status, bill.reasons, bill.net) == ("matched", [], D("190000.00"))
    inv = invoicing.get_invoice(bill.invoice_id)
    assert (inv.kind, inv.status, inv.party_id, inv.net, inv.reference) == (
        "purchase", "draft", co.vendors[1], D("190000.00"), "BSRM/INV/5531")
    assert service.get_order(po.id).lines[0].billed == D("2000")
    posted = invoicing.post_invoice(inv.id)  # accounts posts the drafted bill (invoicing's own rules from here)
    assert (posted.status, posted.party_id, posted.net) == ("posted", co.vendors[1], D("190000.00"))
    assert posted.gross == posted.net + posted.vat and posted.entry_id is not None
    # GRNI cleared: Dr 2115 190,000 + Dr 1150 VAT / Cr 2110 the gross; inventory charged once, 5110 not at all
    assert ACCOUNTS["clearing"] == "2115"
    assert account_balance(co.company_id, "2115", date(2025, 8, 16)) == 0
    assert account_balance(co.company_id, "2110", date(2025, 8, 16)) == -posted.gross
    assert account_balance(co.company_id, "1160", date(2025, 8, 16)) == D("190000.00")
    assert account_balance(co.company_id, "5110", date(2025, 8, 16)) == 0
    with db.session_factory() as s:
        names = s.scalars(select(OutboxEvent.name).where(OutboxEvent.tenant_id == admin.tenant_id)).all()
        assert names.count(GoodsReceived.name) == 2 and names.count(BillMatched.name) == 1
        assert s.scalar(select(func.count()).select_from(OutboxEvent).where(
            OutboxEvent.tenant_id == admin.tenant_id, OutboxEvent.name == "invoicing.invoice.drafted")) == 1
