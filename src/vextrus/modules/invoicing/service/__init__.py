"""Commands and queries of invoicing (one file per aggregate)."""

from .invoices import (
    ACCOUNTS,
    aging,
    create_invoice,
    get_invoice,
    list_invoices,
    post_invoice,
    record_payment,
)

__all__ = ["ACCOUNTS", "aging", "create_invoice", "get_invoice", "list_invoices", "post_invoice", "record_payment"]
