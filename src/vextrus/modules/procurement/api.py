"""What other modules may call (with `events`): reads of purchase orders and goods receipts (e.g. a vendor
performance report, a project's committed cost); callers declare `procurement.purchase_order.view` /
`procurement.receipt.view` in their manifest's `uses=` and call within `context.calling_as(THEIR_MODULE)`.
`on_order` (inventory's reorder suggestions; `procurement.purchase_order.view` and `procurement.requisition.view`):
per store and item, approved requisitions not yet ordered and open orders' undelivered quantity."""

from __future__ import annotations

from .schemas import GrnView, OnOrderLine, OrderView
from .service import get_grn, get_order, list_grns, on_order

__all__ = ["GrnView", "OnOrderLine", "OrderView", "get_grn", "get_order", "list_grns", "on_order"]
