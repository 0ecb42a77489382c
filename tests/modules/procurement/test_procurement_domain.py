"""Pure rules (no database): the CS marks the lowest rate (ties included), a selection's reason rules, the
3-way match at and beyond its tolerances, order totals equal their lines to the poisha (hypothesis)."""

from __future__ import annotations

from decimal import Decimal as D
from uuid import uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vextrus.modules.procurement import domain
from vextrus.platform.errors import ValidationFailed

ITEM = uuid4()
A, B, C = uuid4(), uuid4(), uuid4()
rates = st.decimals(min_value=D("0.01"), max_value=D("99999.99"), places=2)
qtys = st.decimals(min_value=D("0.001"), max_value=D("100000"), places=3)


@given(st.lists(rates, min_size=1, max_size=8))
def test_the_lowest_is_every_vendor_at_the_minimum_rate(rs):
    parties = [uuid4() for _ in rs]
    (row,) = domain.comparative([ITEM], [domain.Quote(p, ITEM, r) for p, r in zip(parties, rs, strict=True)])
    assert row.lowest_rate == min(rs)
    assert row.lowest == {p for p, r in zip(parties, rs, strict=True) if r == min(rs)}
    assert [q.rate for q in row.quotes] == sorted(rs)


def test_a_worked_cs():
    # three cement quotations (BDT a bag): 520, 515.50, 530 — 515.50 is the lowest
    (row,) = domain.comparative([ITEM], [domain.Quote(A, ITEM, D("520")), domain.Quote(B, ITEM, D("515.50")),
                                         domain.Quote(C, ITEM, D("530"))])
    assert row.lowest == {B}
    assert domain.check_selection(row, B, "", 3, "s") is True
    assert domain.check_selection(row, A, "faster delivery", 3, "s") is False
    with pytest.raises(ValidationFailed):
        domain.check_selection(row, A, "", 3, "s")
    with pytest.raises(ValidationFailed) as few:
        domain.check_selection(row, B, "", 4, "s")
    assert few.value.details == {"quotations": "3", "minimum": "4"}


@given(st.lists(st.tuples(qtys, rates), min_size=1, max_size=20))
def test_an_order_total_is_the_sum_of_its_rounded_lines(lines):
    ol = [domain.OrderLine(uuid4(), q, r) for q, r in lines]
    total = domain.order_total(ol)
    assert total == sum((ln.amount for ln in ol), D(0)) and total.as_tuple().exponent >= -2
    assert abs(total - sum(q * r for q, r in lines)) <= D("0.005") * len(lines)


@given(qtys, rates, st.decimals(min_value=D(0), max_value=D(25), places=2),
       st.decimals(min_value=D(0), max_value=D(25), places=2))
def test_a_bill_at_the_order_exactly_always_matches_and_beyond_the_tolerance_never(q, r, qt, pt):
    line = [domain.OrderLine(ITEM, q, r, accepted=q)]
    assert domain.match_bill(line, [domain.BillLine(1, q, r)], qt, pt) == []
    over_q = q * (1 + qt / 100) + D("0.001")
    over_r = r * (1 + pt / 100) + D("0.01")
    kinds = [m.kind for m in domain.match_bill(line, [domain.BillLine(1, over_q, over_r)], qt, pt)]
    assert kinds == ["quantity", "price"]


def test_a_receipt_must_balance_and_stay_within_what_is_due():
    lines = [domain.OrderLine(ITEM, D("100"), D("10"), accepted=D("90"))]
    assert domain.check_grn("partially_received", lines, [domain.GrnLine(1, D("12"), D("10"), D("2"))])
    with pytest.raises(ValidationFailed) as over:
        domain.check_grn("partially_received", lines, [domain.GrnLine(1, D("11"), D("11"), D("0"))])
    assert over.value.details == {"due": "10"}
    assert domain.order_status_after_receipt([domain.OrderLine(ITEM, D("5"), D("1"), accepted=D("5"))]) == "received"
