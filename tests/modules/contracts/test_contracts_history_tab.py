"""The contract and RA bill pages carry their History tabs (audit's trail of `contracts.contract` and
`contracts.bill`), in English and Bangla, hidden from a user without `audit.record.view`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from history_tab_helpers import check_history_tab
from vextrus.modules.contracts import service
from vextrus.modules.contracts.schemas import RaBillInput, RaMeasureInput


def test_the_contract_and_ra_bill_pages_show_their_history(db, admin, co, contract_input):
    c = service.create_contract(contract_input(co, advance_amount=D(0), retention_pct=D(10),
                                               security_deposit_pct=D(0)))
    b = service.draft_bill(c.id, RaBillInput(bill_date=date(2025, 8, 31),
                                           measures=[RaMeasureInput(item_no="1.01", cumulative_quantity=D("500"))]))
    service.post_bill(service.certify_bill(b.id).id)
    check_history_tab(db, admin, f"/contracts/bills/{b.id}", "contracts.bill", b.id,
                      ["contracts.bill.drafted", "contracts.bill.certified", "contracts.bill.posted"])
    check_history_tab(db, admin, f"/contracts/{c.id}", "contracts.contract", c.id, ["contracts.contract.created"])
