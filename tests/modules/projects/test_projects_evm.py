"""Earned value on a two-activity budget worked out by hand."""

from datetime import datetime, timedelta
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vextrus.modules.projects.domain.evm import (
    EvmError,
    EvmItem,
    evm_metrics,
    planned_value,
    s_curve,
)

# Piling: BDT 1,00,000 planned evenly over 10 days from 1 Jan; 60 % done, 70,000 spent.
# Slab:   BDT 2,00,000 planned over 10 days from 11 Jan; 10 % done, 10,000 spent.
ITEMS = [
    EvmItem("PILE", D("100000"), datetime(2026, 1, 1), datetime(2026, 1, 11), D("60"), D("70000")),
    EvmItem("SLAB", D("200000"), datetime(2026, 1, 11), datetime(2026, 1, 21), D("10"), D("10000")),
]
STATUS = datetime(2026, 1, 13)  # piling fully planned, slab 2 of 10 days planned


def test_metrics_at_status_date():
    m = evm_metrics(ITEMS, STATUS, "BDT")
    assert m.bac == D("300000.00")
    assert m.pv == D("140000.00")  # 100,000 + 2/10 x 200,000
    assert m.ev == D("80000.00")  # 60,000 + 20,000
    assert m.ac == D("80000.00")
    assert (m.sv, m.cv) == (D("-60000.00"), D("0.00"))
    assert m.spi == D("0.5714") and m.cpi == D("1.0000")
    assert m.eac_ac_plus_remaining == D("300000.00")  # 80,000 + 220,000
    assert m.eac_bac_over_cpi == D("300000.00")
    # AC + (BAC-EV)/(CPI*SPI) with CPI = 1 and SPI = 80/140 = 4/7 (exact, not the rounded
    # 0.5714): 80,000 + 220,000 x 7/4 = 465,000
    assert m.eac_ac_plus_remaining_over_cpi_spi == D("465000.00")
    assert m.etc == D("220000.00") and m.vac == D("0.00")
    assert m.tcpi_bac == D("1.0000")  # 220,000 / 220,000


def test_ratios_are_none_when_nothing_is_planned_or_spent():
    m = evm_metrics(ITEMS, datetime(2025, 12, 1))
    assert m.pv == 0 and m.spi is None
    zero_cost = [EvmItem("X", D("100"), datetime(2026, 1, 1), datetime(2026, 1, 2))]
    assert evm_metrics(zero_cost, STATUS).cpi is None


def test_percent_outside_range_is_refused():
    bad = [EvmItem("X", D("1"), datetime(2026, 1, 1), datetime(2026, 1, 2), D("120"))]
    with pytest.raises(EvmError, match="X"):
        evm_metrics(bad, STATUS)


def test_s_curve_is_cumulative_and_ends_at_bac():
    pts = s_curve(ITEMS, STATUS, step=timedelta(days=5))
    assert pts[0].pv == 0 and pts[-1].pv == D("300000.00")
    assert [p.at.day for p in pts] == [1, 6, 11, 13, 16, 21]
    assert pts[2].pv == D("100000.00") and pts[3].pv == D("140000.00")
    assert [p.ev for p in pts if p.ev is not None] == [D("80000.00")]


@given(st.lists(st.tuples(st.integers(1, 10**9), st.integers(0, 100), st.integers(1, 60)),
                min_size=1, max_size=20),
       st.integers(0, 90))
def test_pv_is_monotone_and_bounded(rows, day):
    start = datetime(2026, 1, 1)
    items = [EvmItem(f"A{i}", D(b) / 100, start + timedelta(days=i), start + timedelta(days=i + n), D(p))
             for i, (b, p, n) in enumerate(rows)]
    now, later = start + timedelta(days=day), start + timedelta(days=day + 1)
    assert D(0) <= planned_value(items, now) <= planned_value(items, later)
    assert planned_value(items, start + timedelta(days=200)) == evm_metrics(items, now).bac
