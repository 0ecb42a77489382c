"""Commands and queries of invoicing (one file per aggregate)."""

from .advances import (
    advance_open_invoices,
    allocate_advance,
    get_advance,
    list_advances,
    record_advance,
    refund_advance,
    reverse_advance,
    reverse_advance_allocation,
)
from .bulk_post import post_invoices
from .invoices import (
    aging,
    allocate_payment,
    cancel_draft,
    create_invoice,
    get_invoice,
    list_certificates,
    list_invoices,
    post_invoice,
    record_payment,
    update_draft,
)
from .notes import get_note, issue_note
from .payment_drafts import (
    cancel_payment_draft,
    create_payment_draft,
    get_payment_draft,
    list_payment_drafts,
    post_payment_draft,
    update_payment_draft,
)
from .settings import ACCOUNTS, get_company_settings, set_company_settings
from .statement_mail import email_statement
from .statements import party_statement, statement_pdf
from .vat_return import vat_return

__all__ = ["ACCOUNTS", "advance_open_invoices", "allocate_advance", "get_advance", "list_advances", "record_advance",
           "refund_advance", "reverse_advance", "reverse_advance_allocation", "aging", "allocate_payment", "cancel_draft", "create_invoice", "get_company_settings", "get_invoice", "get_note", "issue_note",
           "list_certificates", "list_invoices", "post_invoice", "post_invoices", "record_payment", "set_company_settings", "update_draft",
           "vat_return", "cancel_payment_draft", "create_payment_draft", "get_payment_draft", "list_payment_drafts",
           "post_payment_draft", "update_payment_draft", "party_statement", "statement_pdf", "email_statement"]
