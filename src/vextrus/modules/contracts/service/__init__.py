"""Commands and queries of contracts (one file per aggregate)."""

from .bills import (
    certify_bill,
    contract_bills,
    discard_bill,
    draft_bill,
    finance_reversed,
    get_bill,
    post_bill,
    record_receipt,
    reverse_bill,
    reverse_receipt,
)
from .clients import client_contracts, client_parties
from .contracts import (
    add_variation,
    billed_to_date,
    create_contract,
    get_contract,
    list_contracts,
    receivables,
    receive_advance,
    release_retention,
    vat_supplies,
    vat_supply_bills,
)
from .payments import get_payment, pay_subcontractor, reverse_subcontract_payment, subcontract_payments
from .ra_bill import PrintedBill, bill_pdf, bill_print_data
from .subcontracts import create_subcontract

__all__ = ["PrintedBill", "add_variation", "bill_pdf", "bill_print_data", "billed_to_date", "client_contracts", "client_parties", "certify_bill",
           "contract_bills", "create_contract", "create_subcontract", "discard_bill",
           "draft_bill", "finance_reversed", "get_bill", "get_payment", "pay_subcontractor",
           "reverse_subcontract_payment", "subcontract_payments", "get_contract", "list_contracts", "post_bill", "receivables", "receive_advance",
           "record_receipt", "reverse_bill", "reverse_receipt",
           "release_retention", "vat_supplies", "vat_supply_bills"]
