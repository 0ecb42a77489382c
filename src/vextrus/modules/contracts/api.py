"""What other modules may call (with `events`): reads of contracts and RA bills. Projects' EVM reads
`billed_to_date(project_id)` (Σ gross value of work of posted RA bills) beside its earned value; the
ledger holds the same figures (each posted bill's journal equals its figures to the poisha). Invoicing's
receivables aging reads `receivables(company_id, as_of)` (what each posted bill and retention release left
due from the client on the date), its VAT return and sales register `vat_supplies` / `vat_supply_bills`.
One write: `create_contract(ContractInput)`, a client contract on a project copying its BOQ (crm starts one
from an accepted quotation, declaring `contracts.contract.manage` in its `uses`).
The customer portal offers the contracts' clients for an invitation (`client_parties()`), reads a client's
own contracts (`client_contracts(party_id)`, then `get_contract`,
`get_bill`) and prints a bill (`bill_pdf`, the stored `ra_bill` document) on the client's behalf."""

from __future__ import annotations

from .schemas import (
           ContractInput,
           ContractItemView,
           ContractView,
           RaBillLineView,
           RaBillView,
           RaReceivableView,
           VatSupplyBillView,
           VatSupplyView,
)
from .service import (
           PrintedBill,
           bill_pdf,
           billed_to_date,
           client_contracts,
           client_parties,
           contract_bills,
           create_contract,
           get_bill,
           get_contract,
           receivables,
           vat_supplies,
           vat_supply_bills,
)

__all__ = ["PrintedBill", "bill_pdf", "client_contracts", "client_parties", "ContractInput", "create_contract", "RaBillLineView", "RaBillView", "RaReceivableView", "ContractItemView", "ContractView", "VatSupplyBillView",
           "VatSupplyView", "billed_to_date", "contract_bills", "get_bill", "get_contract", "receivables", "vat_supplies",
           "vat_supply_bills"]
