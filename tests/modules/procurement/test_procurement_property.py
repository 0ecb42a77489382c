"""Money invariants of receipts on both databases (hypothesis): whatever partial receipts (with rejections)
an order gets, the order counts exactly what was accepted, each GRN's value is Σ accepted × rate to the
poisha, and the ledger's inventory account moves by the sum of the GRN values, balanced by the receipt
clearing account (every posting balances)."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal as D

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import DAY, sourced
from vextrus.modules.finance.api import account_balance
from vextrus.modules.inventory.service import ACCOUNTS
from vextrus.modules.procurement import service
from vextrus.modules.procurement.schemas import GrnInput, GrnLineInput
from vextrus.platform.errors import ValidationFailed
from vextrus.platform.money import round_amount

ON = date(2025, 8, 12)
CHALLAN = itertools.count(1)
receipts = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60), st.integers(0, 5), st.integers(0, 5)),
                    min_size=1, max_size=5)
rates = st.tuples(st.decimals("1.00", "999.99", places=2), st.decimals("1.00", "99.99", places=2))


@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@given(steps=receipts, rate=rates)
def test_receipts_value_and_ledger_agree(db, admin, co, steps, rate):
    cem_rate, sand_rate = rate
    rfq = sourced(co, {"CEM": "100", "SAND": "150"},
                  {0: {"CEM": str(cem_rate), "SAND": str(sand_rate)}, 1: {"CEM": str(cem_rate + 1), "SAND": "100"},
                   2: {"CEM": str(cem_rate + 2), "SAND": "101"}}, {"CEM": (0, ""), "SAND": (0, "")})
    po = service.approve_order(service.create_orders(rfq, DAY)[0].id)
    inv0 = account_balance(co.company_id, ACCOUNTS["inventory"], ON)
    clr0 = account_balance(co.company_id, ACCOUNTS["clearing"], ON)
    accepted = [D(0), D(0)]
    posted = D(0)
    for a_cem, a_sand, r_cem, r_sand in steps:
        lines = [GrnLineInput(line_no=n + 1, received=D(a + r), accepted=D(a), rejected=D(r))
                 for n, (a, r) in enumerate(((a_cem, r_cem), (a_sand, r_sand)))]
        due = [po.lines[0].quantity - accepted[0], po.lines[1].quantity - accepted[1]]
        try:
            grn = service.receive_goods(GrnInput(order_id=po.id, receipt_date=ON, challan_no=f"CH-{next(CHALLAN)}",
                                                 lines=lines))
        except ValidationFailed as exc:  # over what is due, or nothing received: refused, nothing changes
            assert exc.code in ("procurement.over_receipt", "procurement.receipt_empty", "procurement.order_not_open")
            assert a_cem > due[0] or a_sand > due[1] or a_cem + r_cem + a_sand + r_sand == 0 or due == [0, 0]
            continue
        assert grn.value == round_amount(D(a_cem) * cem_rate) + round_amount(D(a_sand) * sand_rate)
        accepted = [accepted[0] + a_cem, accepted[1] + a_sand]
        posted += grn.value
    after = service.get_order(po.id)
    assert [ln.accepted for ln in after.lines] == accepted
    assert after.status == ("received" if accepted == [D(100), D(150)] else
                            "partially_received" if any(accepted) else "approved")
    inv1 = account_balance(co.company_id, ACCOUNTS["inventory"], ON)
    clr1 = account_balance(co.company_id, ACCOUNTS["clearing"], ON)
    assert inv1 - inv0 == posted == -(clr1 - clr0)
