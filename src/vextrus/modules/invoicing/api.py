"""What other modules may call (with `events`): plain functions; callers declare the permissions
in their manifest's `uses=` and call within `context.calling_as(THEIR_MODULE)`."""

from __future__ import annotations

from .schemas import InvoiceAgingView, InvoiceView
from .service import aging, get_invoice

__all__ = ["InvoiceAgingView", "InvoiceView", "aging", "get_invoice"]
