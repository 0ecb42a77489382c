"""Commands and queries of portal."""

from .accounts import invite, link, list_accounts, my_bookings, my_statement
from .contracts import bill_pdf, my_contract, my_contracts
from .documents import PrintedDocument, receipt_pdf, statement_pdf

__all__ = ["PrintedDocument", "bill_pdf", "invite", "link", "list_accounts", "my_bookings", "my_contract",
           "my_contracts", "my_statement", "receipt_pdf", "statement_pdf"]
