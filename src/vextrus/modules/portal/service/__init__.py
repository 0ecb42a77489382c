"""Commands and queries of portal."""

from .accounts import invite, link, list_accounts, my_bookings, my_statement
from .contracts import bill_pdf, my_contract, my_contracts
from .documents import PrintedDocument, agreement_pdf, final_statement_pdf, receipt_pdf, statement_pdf

__all__ = ["PrintedDocument", "agreement_pdf", "bill_pdf", "final_statement_pdf", "invite", "link", "list_accounts", "my_bookings", "my_contract",
           "my_contracts", "my_statement", "receipt_pdf", "statement_pdf"]
