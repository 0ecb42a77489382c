"""Vendor performance, pure: hand-computed figures to the poisha and the hundredth of a percent, the due date
rule, the score's weights and its missing components; hypothesis: counts add up and rounding happens once."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from uuid import UUID, uuid4

from hypothesis import given
from hypothesis import strategies as st

from vextrus.modules.procurement import domain
from vextrus.modules.procurement.domain import BilledLine, Delivery, PlacedOrder, QuotedItem

A, B, C = (UUID(int=1), UUID(int=2), UUID(int=3))
DUE = date(2025, 8, 20)


def test_due_date_is_the_vendors_promise_else_the_needed_by():
    assert domain.due_date(date(2025, 8, 11), 7, date(2025, 8, 15)) == date(2025, 8, 18)
    assert domain.due_date(date(2025, 8, 11), 0, None) == date(2025, 8, 11)
    assert domain.due_date(date(2025, 8, 11), None, date(2025, 8, 15)) == date(2025, 8, 15)
    assert domain.due_date(date(2025, 8, 11), None, None) is None


def test_hand_computed_three_vendors():
    orders = [PlacedOrder(A, uuid4(), D("51500.00")), PlacedOrder(B, o := uuid4(), D("1000.50")),
              PlacedOrder(B, o, D("1000.50")),  # the same order twice (two lines joined): counted once
              PlacedOrder(C, uuid4(), D("20000.00")), PlacedOrder(C, uuid4(), D("333.33"))]
    deliveries = [
        # A: 2 deliveries, one 3 days late, one 4 days late -> 0 % on time, 3.5 days late on average
        Delivery(A, date(2025, 8, 23), DUE, D(60), D(60), D(0)),
        Delivery(A, date(2025, 8, 24), DUE, D(40), D(40), D(0)),
        # B: on time, 7 of 30 rejected -> 23.33 % (23.333..)
        Delivery(B, date(2025, 8, 20), DUE, D(30), D(23), D(7)),
        # C: on time, one undated, nothing rejected
        Delivery(C, date(2025, 8, 19), DUE, D(100), D(100), D(0)),
        Delivery(C, date(2025, 8, 25), None, D(1), D(1), D(0)),
        Delivery(C, date(2025, 8, 25), DUE, D(0), D(0), D(0)),  # nothing received: not a delivery
    ]
    # C bills 100 at 202 against 200 (1 %), and 3 at 100.005 against 100: variance 200 + 0.015 = 200.015
    bills = [BilledLine(C, D(100), D(202), D(200)), BilledLine(C, D(3), D("100.005"), D(100)),
             BilledLine(A, D(10), D(500), D(515))]  # A bills below: negative variance, price 100
    quotes = [QuotedItem(A, True, True), QuotedItem(A, False, True), QuotedItem(B, True, False),
              QuotedItem(C, False, False)]
    rows = {p.vendor_id: p for p in domain.vendor_performance(orders, deliveries, bills, quotes)}
    a, b, c = rows[A], rows[B], rows[C]
    assert (a.orders, a.order_value, a.deliveries, a.on_time, a.late, a.on_time_pct, a.avg_days_late) == \
        (1, D("51500.00"), 2, 0, 2, D("0.00"), D("3.50"))
    assert (a.billed_at_order_rate, a.billed_value, a.price_variance, a.price_variance_pct) == \
        (D("5150.00"), D("5000.00"), D("-150.00"), D("-2.91"))  # -150/5150 = -2.9126..
    assert (a.quoted, a.lowest, a.selected, a.selected_not_lowest) == (2, 1, 2, 1)
    # A: on time 0 (w 50), quality 100 (w 30), price 100 (w 20) -> 50.00
    assert a.score == D("50.00")
    assert (b.orders, b.order_value, b.rejection_pct, b.on_time_pct, b.avg_days_late) == \
        (1, D("1000.50"), D("23.33"), D("100.00"), None)
    # B: no bill -> weights 50 and 30: (50*100 + 30*(100-23.333..))/80 = 91.25
    assert b.score == D("91.25")
    assert (b.received, b.accepted, b.rejected) == (D(30), D(23), D(7))
    assert (c.orders, c.order_value, c.deliveries, c.on_time, c.late, c.undated, c.on_time_pct) == \
        (2, D("20333.33"), 2, 1, 0, 1, D("100.00"))
    # billed 20200 + 300.015 = 20500.015 -> 20500.02; at order rate 20000 + 300 = 20300; variance 200.015 ->
    # 200.02 (half up, once); % = 200.015 / 20300 * 100 = 0.98529.. -> 0.99
    assert (c.billed_at_order_rate, c.billed_value, c.price_variance, c.price_variance_pct) == \
        (D("20300.00"), D("20500.02"), D("200.02"), D("0.99"))
    # 200.015 / 20300 * 100 = 0.98530..%; price = 100 - 9.8530.. = 90.1470..; score (5000+3000+20*90.1470..)/100
    assert c.score == D("98.03")
    assert [p.vendor_id for p in domain.vendor_performance(orders, deliveries, bills, quotes)] == [C, B, A]


def test_weights_are_parameters_and_price_floors_at_zero():
    d = [Delivery(A, DUE, DUE, D(10), D(10), D(0))]
    bills = [BilledLine(A, D(1), D(120), D(100))]  # 20 % above: price component 0
    (p,) = domain.vendor_performance([], d, bills, [])
    assert p.price_variance_pct == D("20.00") and p.score == D("80.00")  # (50*100 + 30*100 + 20*0)/100
    (q,) = domain.vendor_performance([], d, bills, [], domain.Weights(on_time=D(0), quality=D(0), price=D(1)))
    assert q.score == D("0.00")


def test_a_vendor_with_no_measure_has_no_score_and_comes_last():
    rows = domain.vendor_performance([PlacedOrder(B, uuid4(), D(5))], [Delivery(A, DUE, DUE, D(1), D(1), D(0))],
                                     [], [QuotedItem(C, True, False)])
    assert [(r.vendor_id, r.score) for r in rows] == [(A, D("100.00")), (B, None), (C, None)]


qty = st.decimals(min_value=D(0), max_value=D(10000), places=3)


@given(st.lists(st.tuples(st.sampled_from([A, B]), st.integers(-5, 5), qty, qty), max_size=30),
       st.lists(st.tuples(st.sampled_from([A, B]), qty, st.decimals(min_value=D("0.01"), max_value=D(999), places=2),
                          st.decimals(min_value=D("0.01"), max_value=D(999), places=2)), max_size=10))
def test_counts_add_up_and_figures_are_rounded_once(ds, bs):
    deliveries = [Delivery(v, DUE + __import__("datetime").timedelta(days=k), DUE, acc + rej, acc, rej)
                  for v, k, acc, rej in ds]
    bills = [BilledLine(v, q, br, orate) for v, q, br, orate in bs]
    for p in domain.vendor_performance([], deliveries, bills, []):
        mine = [d for d in deliveries if d.vendor_id == p.vendor_id and d.received > 0]
        assert p.deliveries == len(mine) == p.on_time + p.late + p.undated
        assert p.received == p.accepted + p.rejected == sum((d.received for d in mine), D(0))
        if p.received:
            exact = sum((d.rejected for d in mine), D(0)) * 100 / p.received
            assert abs(p.rejection_pct - exact) <= D("0.005")
        mb = [b for b in bills if b.vendor_id == p.vendor_id]
        exact_var = sum((b.quantity * (b.bill_rate - b.order_rate) for b in mb), D(0))
        assert abs(p.price_variance - exact_var) <= D("0.005")
        if p.score is not None:
            assert D(0) <= p.score <= D(100)
