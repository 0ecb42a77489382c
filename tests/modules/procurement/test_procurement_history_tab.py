"""The purchase order page carries its History tab (audit's trail of `procurement.purchase_order`), in
English and Bangla, hidden from a user without `audit.record.view`."""

from __future__ import annotations

from conftest import DAY, approved, pick, quote
from history_tab_helpers import check_history_tab
from vextrus.modules.procurement import service
from vextrus.modules.procurement.schemas import RfqInput


def test_the_purchase_order_page_shows_its_history(db, admin, co):
    req = approved(co, {"CEM": "100"})
    rfq = service.create_rfq(RfqInput(requisition_id=req.id, vendor_ids=co.vendors[:2]))
    quote(co, rfq.id, 0, {"CEM": "520"})
    quote(co, rfq.id, 1, {"CEM": "515"})
    service.select_vendors(rfq.id, [pick(co, "CEM", 1, "two quotations: the site needs it this week")])
    [po] = service.create_orders(rfq.id, DAY)
    service.approve_order(po.id)
    check_history_tab(db, admin, f"/procurement/orders/{po.id}", "procurement.purchase_order", po.id,
                      ["procurement.purchase_order.changed"])
