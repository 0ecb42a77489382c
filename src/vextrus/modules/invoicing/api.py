"""What other modules may call (with `events`): plain functions; callers declare the permissions
in their manifest's `uses=` (`invoicing.invoice.manage`, `invoicing.invoice.post`) and call within
`context.calling_as(THEIR_MODULE)`. Procurement drafts vendor bills and contracts bill clients here."""

from __future__ import annotations

from .schemas import (
    InvoiceAgingView,
    InvoiceInput,
    InvoiceLineInput,
    InvoicesPostInput,
    InvoicesPostView,
    InvoiceView,
)
from .service import aging, create_invoice, get_invoice, post_invoice, post_invoices

__all__ = [
    "InvoiceAgingView", "InvoiceInput", "InvoiceLineInput", "InvoiceView", "InvoicesPostInput", "InvoicesPostView",
    "aging", "create_invoice", "get_invoice", "post_invoice", "post_invoices",
]
