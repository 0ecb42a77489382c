"""Commands and queries of contracts (one file per aggregate)."""

from .bills import certify_bill, contract_bills, discard_bill, draft_bill, get_bill, post_bill
from .contracts import (
    add_variation,
    billed_to_date,
    create_contract,
    get_contract,
    list_contracts,
    receive_advance,
    release_retention,
)

__all__ = ["add_variation", "billed_to_date", "certify_bill", "contract_bills", "create_contract", "discard_bill", "draft_bill",
           "get_bill", "get_contract", "list_contracts", "post_bill", "receive_advance", "release_retention"]
