"""Moving-average valuation (IAS 2 ¶25, adopted in Bangladesh under the Financial Reporting Act 2015),
pure: worked example by hand, negative stock refused with its field path, and a replay property."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vextrus.modules.inventory.domain import Move, replay
from vextrus.platform.errors import ValidationFailed


def test_worked_example_of_a_moving_average():
    # 100 bags of cement at ৳520 and 50 at ৳550: average (52,000 + 27,500) / 150 = ৳530 a bag;
    # issuing 60 bags costs 60 × 530 = ৳31,800, leaving 90 bags worth ৳47,700
    v = replay([Move("receipt", "C", D(100), D(520)), Move("receipt", "C", D(50), D(550)),
                Move("issue", "C", D(60))])
    assert (v[2].value, v[2].quantity_after, v[2].value_after) == (D(-31800), D(90), D(47700))


def test_a_transfer_moves_quantity_and_value_and_keeps_the_average():
    v = replay([Move("receipt", "C", D(10), D("3.33")), Move("transfer", "C", D(4), to_store="S")])
    assert v[1].store_after == {"C": (D(6), D("19.98")), "S": (D(4), D("13.32"))}
    assert (v[1].quantity_after, v[1].value_after, v[1].value) == (D(10), D("33.30"), D(0))


def test_negative_stock_is_refused_with_the_moves_path():
    with pytest.raises(ValidationFailed) as bad:
        replay([Move("receipt", "C", D(5), D(10)), Move("issue", "C", D(6))])
    assert (bad.value.code, bad.value.field) == ("inventory.negative_stock", "moves[1].quantity")
    assert bad.value.message and bad.value.message_bn
    with pytest.raises(ValidationFailed) as other_store:  # stock elsewhere does not count
        replay([Move("receipt", "C", D(5), D(10)), Move("issue", "S", D(1))])
    assert other_store.value.field == "moves[1].quantity"


moves = st.lists(st.tuples(st.booleans(), st.integers(1, 500), st.decimals("0.01", "9999.99", places=2)),
                 max_size=30)


@given(moves)
def test_value_and_quantity_reach_zero_together_and_never_go_negative(steps):
    seq, on_hand = [], 0
    for is_receipt, qty, cost in steps:
        if is_receipt:
            seq.append(Move("receipt", "C", D(qty), cost))
            on_hand += qty
        elif on_hand:
            take = min(qty, on_hand)
            seq.append(Move("issue", "C", D(take)))
            on_hand -= take
    valued = replay(seq)
    total_in = sum((v.value for v in valued if v.value > 0), D(0))
    total_out = -sum((v.value for v in valued if v.value < 0), D(0))
    for v in valued:
        assert v.value_after >= 0 and v.quantity_after >= 0
        assert (v.value_after == 0) or v.quantity_after > 0
    end = valued[-1] if valued else None
    assert (end.value_after if end else D(0)) == total_in - total_out
