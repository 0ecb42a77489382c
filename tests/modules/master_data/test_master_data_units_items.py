"""Units, conversions, items, HS codes, price lists and the seed list."""

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vextrus.modules.master_data.domain import (
    IncompatibleUnitsError,
    Item,
    ItemConversion,
    MasterDataError,
    PriceListEntry,
    convert,
    format_hs_code,
    get_unit,
    load_seed_items,
    overlapping_prices,
    price_on,
    validate_hs_code,
)
from vextrus.modules.master_data.domain.units import UNITS, conversion_factor

D = Decimal


@pytest.mark.parametrize(
    ("qty", "src", "dst", "expected"),
    [
        ("1", "ton", "kg", "1000"),
        ("2500", "kg", "ton", "2.5"),
        ("1", "cum", "cft", "35.3147"),
        ("35.3147", "cft", "cum", "1"),
        ("1", "sqm", "sft", "10.7639"),
        ("107.639", "sft", "sqm", "10"),
        ("10", "rft", "m", "3.048"),
        ("3", "piece", "piece", "3"),
    ],
)
def test_standard_conversions_are_exact(qty, src, dst, expected):
    assert convert(D(qty), src, dst) == D(expected)


def test_aliases_find_units():
    assert get_unit("m3").code == "cum"
    assert get_unit("Sq.Ft").code == "sft"
    assert get_unit("ঘনফুট").code == "cft"
    assert get_unit("Nos").code == "piece"
    with pytest.raises(MasterDataError) as info:
        get_unit("furlong")
    assert info.value.code == "master_data.unknown_unit"


def test_incompatible_dimensions_say_which():
    with pytest.raises(IncompatibleUnitsError) as info:
        convert(D(1), "bag", "kg")
    err = info.value
    assert err.code == "master_data.incompatible_units"
    assert (err.details["from_dimension"], err.details["to_dimension"]) == ("bag", "mass")
    assert "bag" in err.message and err.message_bn
    with pytest.raises(IncompatibleUnitsError):
        convert(D(1), "cum", "sqm")
    with pytest.raises(IncompatibleUnitsError):
        convert(D(1), "day", "hour")  # a day is not a fixed number of hours in general


def test_cement_bag_is_50_kg_for_cement_only():
    cement = Item(
        "CEM-1", "Cement", "সিমেন্ট", "material", "bag", conversions=(ItemConversion("bag", "kg", D(50)),)
    )
    assert cement.convert(D(3), "bag", "kg") == D(150)
    assert cement.convert(D(1), "ton", "bag") == D(20)  # through kg
    assert cement.to_base(D("2.5"), "ton") == D(50)


def test_item_conversion_rejects_non_positive_or_float_factor():
    for bad in (D(0), D(-1), 50.0):
        with pytest.raises(MasterDataError):
            ItemConversion("bag", "kg", bad)


def test_non_terminating_result_is_rounded_to_28_digits_not_float():
    r = convert(D(1), "cft", "cum")
    assert isinstance(r, Decimal)
    assert len(r.as_tuple().digits) == 28
    assert abs(Fraction(r) - Fraction(10000, 353147)) < Fraction(1, 10**28)


def test_quantity_must_be_decimal():
    with pytest.raises(MasterDataError):
        convert(1.5, "kg", "ton")  # type: ignore[arg-type]


_DIMENSION_PAIRS = [(a, b) for a in UNITS for b in UNITS if UNITS[a].dimension == UNITS[b].dimension]
decimals = st.decimals(
    min_value=D("-1e12"), max_value=D("1e12"), places=6, allow_nan=False, allow_infinity=False
)


def _terminating(f: Fraction) -> bool:
    d = f.denominator
    for p in (2, 5):
        while d % p == 0:
            d //= p
    return d == 1


@given(decimals, st.sampled_from(_DIMENSION_PAIRS))
def test_round_trip_is_exact_when_forward_factor_is_a_finite_decimal(x, pair):
    a, b = pair
    if not _terminating(conversion_factor(a, b)):
        a, b = b, a  # then the other direction is finite (all our factors are)
    assert _terminating(conversion_factor(a, b))
    assert convert(convert(x, a, b), b, a) == x


@given(decimals, st.sampled_from(_DIMENSION_PAIRS))
def test_round_trip_recovers_input_at_its_own_precision(x, pair):
    a, b = pair
    back = convert(convert(x, a, b), b, a)
    assert back.quantize(x) == x


@given(decimals, st.sampled_from(_DIMENSION_PAIRS))
def test_conversion_is_exact_rational(x, pair):
    a, b = pair
    result = convert(x, a, b)
    exact = Fraction(x) * conversion_factor(a, b)
    if _terminating(exact):
        assert Fraction(result) == exact
    else:
        assert abs(Fraction(result) - exact) <= abs(exact) / 10**27


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("2523.29.00", "25232900"),
        ("25232900", "25232900"),
        ("৭২১৪.২০.০০", "72142000"),
        (" 7214 20 00 ", "72142000"),
    ],
)
def test_hs_code_accepts_dotted_and_bangla(raw, stored):
    assert validate_hs_code(raw) == stored
    assert format_hs_code(stored) == f"{stored[:4]}.{stored[4:6]}.{stored[6:]}"


@pytest.mark.parametrize(
    "raw", ["2523.29", "2523.29.000", "252329001", "2523-29-00x", "0023.29.00", "9923.29.00"]
)
def test_hs_code_refused(raw):
    with pytest.raises(MasterDataError) as info:
        validate_hs_code(raw)
    assert info.value.code == "master_data.invalid_hs_code"


def test_item_normalises_code_and_validates():
    item = Item(
        " cem-pcc ", "Cement", "সিমেন্ট", "material", "Bags", hs_code="2523.29.00", vat_category="standard"
    )
    assert (item.code, item.base_unit, item.hs_code) == ("CEM-PCC", "bag", "25232900")
    with pytest.raises(MasterDataError) as info:
        Item("X", "Cement", "", "material", "bag")
    assert info.value.field == "name_bn"
    with pytest.raises(MasterDataError):
        Item("X", "Cement", "সিমেন্ট", "material", "bag", standard_cost=D("-1"))
    with pytest.raises(MasterDataError):
        Item("X", "Cement", "সিমেন্ট", "material", "bag", vat_category="Standard 15%")
    with pytest.raises(ValueError):
        Item("X", "Cement", "সিমেন্ট", "gadget", "bag")


def _entries():
    return [
        PriceListEntry("CEM-PCC-50", "bag", D("520"), date(2025, 1, 1)),
        PriceListEntry("CEM-PCC-50", "bag", D("545"), date(2025, 7, 1), date(2025, 12, 31)),
        PriceListEntry("CEM-PCC-50", "bag", D("560"), date(2026, 1, 1)),
        PriceListEntry("CEM-PCC-50", "bag", D("500"), date(2025, 1, 1), price_list="wholesale"),
        PriceListEntry("SAND-SYLHET", "cft", D("65"), date(2025, 1, 1)),
    ]


@pytest.mark.parametrize(
    ("on", "price"),
    [
        (date(2025, 3, 1), "520"),
        (date(2025, 7, 1), "545"),
        (date(2025, 12, 31), "545"),
        (date(2026, 5, 5), "560"),
    ],
)
def test_price_on_date_latest_start_wins(on, price):
    assert price_on(_entries(), "cem-pcc-50", on).price == D(price)


def test_price_before_first_entry_or_unknown_item_is_none():
    assert price_on(_entries(), "CEM-PCC-50", date(2024, 12, 31)) is None
    assert price_on(_entries(), "NOPE", date(2025, 3, 1)) is None
    assert price_on(_entries(), "CEM-PCC-50", date(2025, 3, 1), price_list="wholesale").price == D(500)


def test_price_re_expressed_per_other_unit():
    cement = Item(
        "CEM-PCC-50", "Cement", "সিমেন্ট", "material", "bag", conversions=(ItemConversion("bag", "kg", D(50)),)
    )
    per_ton = price_on(_entries(), "CEM-PCC-50", date(2025, 3, 1), unit="ton", item=cement)
    assert (per_ton.unit, per_ton.price) == ("ton", D("10400"))
    with pytest.raises(IncompatibleUnitsError):
        price_on(_entries(), "CEM-PCC-50", date(2025, 3, 1), unit="ton")


def test_price_entry_validation_and_clashes():
    with pytest.raises(MasterDataError):
        PriceListEntry("X", "bag", D("1"), date(2025, 2, 1), date(2025, 1, 1))
    with pytest.raises(MasterDataError):
        PriceListEntry("X", "bag", D("-1"), date(2025, 2, 1))
    clash = [*_entries(), PriceListEntry("CEM-PCC-50", "bag", D("530"), date(2025, 1, 1))]
    assert len(overlapping_prices(clash)) == 1
    assert overlapping_prices(_entries()) == []


def test_seed_items_cover_common_materials_bilingually():
    items = {i.code: i for i in load_seed_items()}
    assert len(items) == len(load_seed_items())  # codes unique
    for needed in ("CEM-PCC-50", "BRICK-1ST", "SAND-SYLHET", "SAND-LOCAL", "STONE-CHIPS-20", "RMC-25"):
        assert needed in items
    rods = [
        i for i in items.values() if dict(i.specification).get("grade") == "60" and i.code.startswith("ROD")
    ]
    assert {dict(r.specification)["diameter_mm"] for r in rods} >= {"10", "12", "16", "20", "25"}
    assert {i.kind.value for i in items.values()} == {"material", "service", "equipment", "labour"}
    for i in items.values():
        assert any("\u0980" <= ch <= "\u09ff" for ch in i.name_bn), i.code


def test_seed_cement_and_rod_conversions():
    items = {i.code: i for i in load_seed_items()}
    assert items["CEM-PCC-50"].convert(D(1), "bag", "kg") == D(50)
    rod10 = items["ROD-60G-10"]
    assert rod10.convert(D(100), "m", "kg") == D("61.7")
    assert rod10.convert(D(1), "ton", "kg") == D(1000)
    assert items["LAB-MASON"].convert(D(2), "day", "hour") == D(16)
