"""What other modules may call (with `events`): reads of contracts and RA bills. Projects' EVM reads
`billed_to_date(project_id)` (Σ gross value of work of posted RA bills) beside its earned value; the
ledger holds the same figures (each posted bill's journal equals its figures to the poisha)."""

from __future__ import annotations

from .schemas import ContractItemView, ContractView, RaBillLineView, RaBillView
from .service import billed_to_date, contract_bills, get_bill, get_contract

__all__ = ["RaBillLineView", "RaBillView", "ContractItemView", "ContractView", "billed_to_date", "contract_bills",
           "get_bill", "get_contract"]
