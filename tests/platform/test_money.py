"""Money never loses a poisha: exact parsing, one rounding rule, allocation that adds back."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vextrus.platform.errors import ValidationFailed
from vextrus.platform.money import Money, places_to_print, round_amount, to_decimal, truncate_amount

amounts = st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=2, allow_nan=False)


def test_floats_are_refused_and_strings_parse_exactly():
    with pytest.raises(ValidationFailed) as err:
        to_decimal(0.1, field="lines[0].debit")
    assert err.value.field == "lines[0].debit"
    assert to_decimal("1,23,456.78") == Decimal("123456.78")
    with pytest.raises(ValidationFailed):
        to_decimal("12.3.4")


def test_rounding_is_half_up_to_the_poisha():
    assert round_amount(Decimal("2.345")) == Decimal("2.35")
    assert round_amount(Decimal("-2.345")) == Decimal("-2.35")
    assert round_amount(Decimal("10"), "JPY") == Decimal("10")
    assert truncate_amount(Decimal("1234.99")) == Decimal("1234")


def test_currencies_do_not_mix():
    with pytest.raises(ValidationFailed):
        Money.of("1", "BDT") + Money.of("1", "USD")


@given(amounts, st.lists(st.integers(min_value=0, max_value=1000), min_size=1, max_size=12))
def test_allocation_adds_back_exactly(amount, weights):
    if sum(weights) == 0:
        weights = [*weights[:-1], 1]
    parts = Money(amount).allocate(weights)
    assert sum((p.amount for p in parts), Decimal(0)) == round_amount(amount)
    assert all(p.amount == round_amount(p.amount) for p in parts)


@given(amounts, st.integers(min_value=1, max_value=50))
def test_even_split_differs_by_at_most_one_poisha(amount, n):
    parts = Money(amount).split(n)
    assert max(p.amount for p in parts) - min(p.amount for p in parts) <= Decimal("0.01")
    assert sum((p.amount for p in parts), Decimal(0)) == round_amount(amount)


@given(amounts, amounts)
def test_addition_is_exact(a, b):
    assert (Money(a) + Money(b)).amount == a + b


@given(st.lists(st.decimals(min_value=0, max_value=10**9, places=4, allow_nan=False, allow_infinity=False),
                max_size=20))
def test_a_column_printed_at_places_to_print_shows_every_quantity_exactly(values):
    """A bill's quantity column (up to the BOQ's 4 decimals) printed at one number of places: no quantity is
    rounded, and no more places are used than the most exact one needs (2 at least)."""
    places = places_to_print(values)
    assert 2 <= places <= 4
    for v in values:
        assert Decimal(f"{v:.{places}f}") == v
    if places > 2:
        assert any(Decimal(f"{v:.{places - 1}f}") != v for v in values)
