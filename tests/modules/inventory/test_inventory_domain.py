"""Moving-average valuation (IAS 2 ¶25, adopted in Bangladesh under the Financial Reporting Act 2015),
pure: worked example by hand, negative stock refused with its field path, and a replay property."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vextrus.modules.inventory.domain import Move, Position, Short, apply, replay, restate, to_units
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


# ---- re-costing the later moves after a backdated one (`restate`) ------------------------------------------

def _stored(v) -> tuple:
    """A valued move as `later_rows` reads it (minor units), for `restate`: the fixed value when priced."""
    m = v.move
    return (m.kind, m.store, m.to_store, to_units(m.quantity, 6),
            to_units(v.value, 2) if m.unit_cost is not None else None)


def _insert(posted: list[Move], at: int, new: Move) -> list[tuple]:
    """`new` inserted at position `at` of moves already posted (in their date order): the prefix's position,
    the new move applied to it, then `restate` of the moves after it as they were stored. Each later move's
    (new value, quantity after, value after, {store: (quantity, value)} after): the old value (as posted) plus
    the change `restate` gives, the totals from its marks (every move marked)."""
    before = replay(posted)
    pos = Position()
    replay(posted[:at], pos)
    q0, v0 = to_units(pos.quantity, 6), to_units(pos.value, 2)
    apply(pos, new)
    q1, v1 = to_units(pos.quantity, 6), to_units(pos.value, 2)
    stores = {k: [to_units(q, 6), to_units(v, 2)] for k, (q, v) in pos.stores.items()}
    later = [_stored(v) for v in before[at:]]
    changes, snaps = restate(later, q1, v1, q1 - q0, v0, stores, range(len(later)))
    delta = dict(changes)
    assert all(delta.values())  # only the moves whose value changed
    return [(to_units(v.value, 2) + delta.get(i, 0), *snaps[i]) for i, v in enumerate(before[at:])]


def test_published_example_perpetual_moving_average_with_the_first_purchase_entered_late():
    # Kieso, Weygandt & Warfield, Intermediate Accounting (IFRS edition), ch. 8 "Valuation of Inventories: A
    # Cost-Basis Approach", Call-Mart Inc.: purchases 2 March 2,000 @ $4.00, 15 March 6,000 @ $4.40, 30 March
    # 2,000 @ $4.75; 19 March 4,000 sold. Moving average: $34,400 / 8,000 = $4.30 a unit after 15 March; cost
    # of the 4,000 sold $17,200; ending inventory 6,000 units, $26,700 ($4.45). (Periodic weighted average
    # would give $43,900 / 10,000 = $4.39 and $26,340: not what a perpetual system books.)
    mar15, mar19, mar30 = (Move("receipt", "C", D(6000), D("4.40")), Move("issue", "C", D(4000)),
                           Move("receipt", "C", D(2000), D("4.75")))
    late = replay([mar15, mar19, mar30])  # 2 March not yet entered: the sale took $4.40 a unit
    assert late[1].value == D(-17600)
    restated = _insert([mar15, mar19, mar30], 0, Move("receipt", "C", D(2000), D("4.00")))  # 2 March, backdated
    assert [r[0] for r in restated] == [2640000, -1720000, 950000]  # poisha (cents)
    assert restated[-1][1:3] == (6000 * 10**6, 2670000)
    in_order = replay([Move("receipt", "C", D(2000), D("4.00")), mar15, mar19, mar30])
    assert (in_order[2].value, in_order[3].value_after) == (D(-17200), D(26700))


def test_a_transfer_after_the_backdated_move_moves_the_new_average_between_stores():
    posted = [Move("receipt", "C", D(10), D(10)), Move("transfer", "C", D(5), to_store="S"), Move("issue", "S", D(5))]
    restated = _insert(posted, 1, Move("receipt", "C", D(10), D(20)))  # after the first receipt
    # average 300 / 20 = 15: the transfer moves 75.00 to S, the issue takes it all, C keeps 225.00
    assert [(r[0], r[2], r[3]["C"][1], r[3]["S"][1]) for r in restated] == [(0, 30000, 22500, 7500),
                                                                              (-7500, 22500, 22500, 0)]


def test_a_backdated_issue_that_would_take_a_later_move_below_zero_raises_short():
    posted = [Move("receipt", "C", D(10), D(10)), Move("issue", "C", D(8))]
    with pytest.raises(Short) as caught:
        _insert(posted, 1, Move("issue", "C", D(5)))  # 10 - 5 = 5 left: the later issue of 8 would go below zero
    assert (caught.value.index, caught.value.held, caught.value.asked) == (0, 5 * 10**6, 8 * 10**6)


plans = st.lists(st.tuples(st.sampled_from(["receipt", "issue", "transfer", "adjustment"]), st.integers(1, 50),
                           st.decimals("0.01", "999.99", places=2), st.booleans(), st.booleans()),
                 min_size=1, max_size=25)


@given(plans, st.data())
def test_inserting_a_move_anywhere_then_re_costing_equals_replaying_in_order(steps, data):
    """Any sequence of receipts, issues, transfers and adjustments; one of them taken out and inserted back at
    its place after the others were posted: `restate` values the later moves exactly as replaying all of them
    in order does, and quantity 0 means value 0."""
    seq, held = [], {"C": 0, "S": 0}
    for kind, qty, cost, at_s, priced in steps:  # keep only moves that fit (no store below zero)
        store, other = ("S", "C") if at_s else ("C", "S")
        if kind == "receipt" or (kind == "adjustment" and priced):
            seq.append(Move(kind, store, D(qty), cost))
            held[store] += qty
        elif kind == "adjustment" and held[store] == 0 and sum(held.values()):
            seq.append(Move("adjustment", store, D(qty)))  # up, at the average
            held[store] += qty
        elif held[store]:
            q = min(qty, held[store])
            seq.append(Move(kind, store, D(q) if kind != "adjustment" else -D(q), to_store=other if kind == "transfer" else None))
            held[store] -= q
            if kind == "transfer":
                held[other] += q
    if not seq:
        return
    at = data.draw(st.integers(0, len(seq) - 1))
    full = replay(seq)
    posted = seq[:at] + seq[at + 1:]
    try:
        replay(posted)
    except ValidationFailed:
        return  # without the move, a later one would go below zero: it could not have been posted first
    restated = _insert(posted, at, seq[at])
    expected = full[at + 1:]
    assert [r[:3] for r in restated] == [
        (to_units(v.value, 2), to_units(v.quantity_after, 6), to_units(v.value_after, 2)) for v in expected]
    assert [{k: r[3][k] for k in v.store_after} for r, v in zip(restated, expected, strict=True)] == [
        {k: (to_units(q, 6), to_units(x, 2)) for k, (q, x) in v.store_after.items()} for v in expected]
    assert all(v.value_after == 0 for v in full if v.quantity_after == 0)
