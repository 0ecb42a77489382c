"""Pure rules of procurement: no I/O, no SQLAlchemy, FastAPI or Strawberry.

requisitions: the requisition's lines and its states; sourcing: the comparative statement (CS) and the
selection rule; orders: purchase orders, their revisions and receipts (GRN quantities); matching: the
3-way match of a vendor bill against the order and what was received; performance: vendor performance
over a period (on time, rejections, price variance, quotes, a score)."""

from __future__ import annotations

from .errors import Missing, bad
from .matching import BillLine, Clearing, Mismatch, clear_grni, match_bill
from .orders import (
    GrnLine,
    OrderLine,
    check_grn,
    check_order_lines,
    order_status_after_receipt,
    order_total,
    order_transition,
)
from .performance import (
    WEIGHTS,
    BilledLine,
    Delivery,
    PlacedOrder,
    QuotedItem,
    VendorPerformance,
    Weights,
    due_date,
    vendor_performance,
)
from .requisitions import ReqLine, check_requisition_lines, requisition_transition
from .sourcing import CsItem, Quote, check_quote, check_selection, comparative

__all__ = [
    "BillLine", "Clearing", "CsItem", "GrnLine", "Mismatch", "Missing", "OrderLine", "Quote", "ReqLine", "bad",
    "check_grn", "check_order_lines", "clear_grni", "check_quote", "check_requisition_lines", "check_selection", "comparative",
    "match_bill", "order_status_after_receipt",
    "WEIGHTS", "BilledLine", "Delivery", "PlacedOrder", "QuotedItem", "VendorPerformance", "Weights", "due_date",
    "vendor_performance", "order_total", "order_transition", "requisition_transition",
]

