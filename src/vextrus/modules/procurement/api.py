"""What other modules may call (with `events`): reads of purchase orders and goods receipts (e.g. a vendor
performance report, a project's committed cost); callers declare `procurement.purchase_order.view` /
`procurement.receipt.view` in their manifest's `uses=` and call within `context.calling_as(THEIR_MODULE)`."""

from __future__ import annotations

from .schemas import GrnView, OrderView
from .service import get_grn, get_order, list_grns

__all__ = ["GrnView", "OrderView", "get_grn", "get_order", "list_grns"]
