"""Identifier validators: what a clerk types in, what we store, what we refuse."""

import pytest

from vextrus.modules.master_data.domain import (
    MasterDataError,
    MobileOperator,
    mobile_operator,
    normalise_mobile,
    validate_bin,
    validate_identifier,
    validate_mobile,
    validate_nid,
    validate_postcode,
    validate_routing_number,
    validate_tin,
    validate_trade_licence,
)


def _raises(fn, raw, code, field):
    with pytest.raises(MasterDataError) as info:
        fn(raw)
    err = info.value
    assert err.code == code
    assert err.field == field
    assert err.message and err.message_bn and err.message != err.message_bn
    assert err.details["value"] == str(raw)
    return err


@pytest.mark.parametrize(
    "raw", ["123456789012", "1234-5678-9012", " 1234 5678 9012 ", "১২৩৪৫৬৭৮৯০১২", "১২৩৪-5678-৯০১২"]
)
def test_tin_accepts_12_digits_in_any_script_and_shows_grouped(raw):
    tin = validate_tin(raw)
    assert tin.value == "123456789012"
    assert tin.display == "1234-5678-9012"
    assert not tin.flags


@pytest.mark.parametrize("raw", ["12345678901", "1234567890123", "1234-5678-901A", "", "   "])
def test_tin_refuses_wrong_length_or_letters(raw):
    _raises(validate_tin, raw, "master_data.invalid_tin", "tin")


def test_error_carries_length_and_serialises_to_api_shape():
    err = _raises(validate_tin, "12345", "master_data.invalid_tin", "tin")
    assert err.details["length"] == 5
    assert set(err.to_dict()) == {"code", "message", "message_bn", "field", "details"}


def test_bin_13_digits_split_into_registration_and_branch():
    b = validate_bin("০০০১২৩৪৫৬-০১০১")
    assert b.value == "0001234560101"
    assert b.attributes["registration"] == "000123456"
    assert b.attributes["branch"] == "0101"
    assert b.display == "000123456-0101"
    assert not b.flags and not b.warnings


@pytest.mark.parametrize(
    ("raw", "flag"), [("123456789", "bin_legacy_9_digit"), ("12345678901", "bin_legacy_11_digit")]
)
def test_bin_old_formats_accepted_with_flag(raw, flag):
    b = validate_bin(raw)
    assert b.value == raw
    assert b.flags == {flag}
    assert b.warnings


@pytest.mark.parametrize("raw", ["12345678", "1234567890", "123456789012", "12345678901234", "BIN123456789"])
def test_bin_other_lengths_refused(raw):
    _raises(validate_bin, raw, "master_data.invalid_bin", "bin")


def test_nid_smart_card_10_digits_is_current():
    n = validate_nid("১২৩ ৪৫৬ ৭৮৯০")
    assert n.value == "1234567890" and not n.flags


def test_nid_13_digits_flagged_old():
    assert validate_nid("1234567890123").flags == {"nid_legacy_13_digit"}


def test_nid_17_digits_carries_birth_year():
    n = validate_nid("19851234567890123")
    assert n.attributes["birth_year"] == "1985"
    assert n.attributes["legacy_13"] == "1234567890123"
    assert n.flags == {"nid_legacy_17_digit"}


@pytest.mark.parametrize(
    "raw", ["123456789", "12345678901", "123456789012345", "12341234567890123", "12345X7890"]
)
def test_nid_refuses_other_lengths_and_impossible_birth_year(raw):
    _raises(validate_nid, raw, "master_data.invalid_nid", "nid")


@pytest.mark.parametrize(
    "raw",
    [
        "01712345678",
        "017-1234-5678",
        "01712 345678",
        "8801712345678",
        "+8801712345678",
        "+880 1712-345678",
        "008801712345678",
        "০১৭১২৩৪৫৬৭৮",
        "+৮৮০১৭১২৩৪৫৬৭৮",
        "(+880) 1712 345 678",
        "+88 01712345678",
    ],
)
def test_mobile_forms_all_store_as_e164(raw):
    assert normalise_mobile(raw) == "+8801712345678"


@pytest.mark.parametrize(
    ("raw", "operator"),
    [
        ("01312345678", MobileOperator.GRAMEENPHONE),
        ("01712345678", MobileOperator.GRAMEENPHONE),
        ("01412345678", MobileOperator.BANGLALINK),
        ("01912345678", MobileOperator.BANGLALINK),
        ("01512345678", MobileOperator.TELETALK),
        ("01612345678", MobileOperator.ROBI),
        ("01812345678", MobileOperator.ROBI),
    ],
)
def test_mobile_operator_from_prefix(raw, operator):
    assert mobile_operator(raw) is operator
    assert validate_mobile(raw).attributes["operator"] == operator.value


@pytest.mark.parametrize(
    "raw",
    [
        "01112345678",  # 011 (Citycell) is gone
        "01212345678",
        "0171234567",
        "017123456789",
        "+9101712345678",
        "1712345678x",
        "02-9876543",
        "",
    ],
)
def test_mobile_refuses_non_bangladeshi_mobile(raw):
    _raises(validate_mobile, raw, "master_data.invalid_mobile", "mobile")


def test_trade_licence_trimmed_and_keyed_by_authority():
    t = validate_trade_licence("  TRAD/DNCC/ ০১২৩৪৫/2024 ", "Dhaka North  City Corporation")
    assert t.value == "TRAD/DNCC/ 012345/2024"
    assert t.attributes["issuing_authority"] == "Dhaka North City Corporation"
    assert t.attributes["authority_key"] == "dhaka north city corporation"


def test_trade_licence_needs_number_and_authority():
    with pytest.raises(MasterDataError) as info:
        validate_trade_licence("   ", "DNCC")
    assert info.value.field == "trade_licence"
    with pytest.raises(MasterDataError) as info:
        validate_trade_licence("12345", " ")
    assert info.value.field == "trade_licence_authority"
    with pytest.raises(MasterDataError):
        validate_trade_licence("X" * 65, "DNCC")


def test_routing_number_9_digits_with_parts():
    assert validate_routing_number("০৯০ ২৬ ১৭২ ৫").value == "090261725"
    r = validate_routing_number("125-26-1724")
    assert r.value == "125261724"
    assert (r.attributes["bank_code"], r.attributes["district_code"], r.attributes["branch_code"]) == (
        "125",
        "26",
        "172",
    )


@pytest.mark.parametrize("raw", ["12526172", "1252617245", "12526172A"])
def test_routing_number_wrong_length_refused(raw):
    _raises(validate_routing_number, raw, "master_data.invalid_routing_number", "routing_number")


@pytest.mark.parametrize(("raw", "value"), [("1206", "1206"), ("১২০৬", "1206"), (" 9100 ", "9100")])
def test_postcode_four_digits(raw, value):
    assert validate_postcode(raw).value == value


@pytest.mark.parametrize("raw", ["120", "12060", "0123", "12O6"])
def test_postcode_refused(raw):
    _raises(validate_postcode, raw, "master_data.invalid_postcode", "postcode")


def test_dispatch_by_kind_uses_the_field_name_given():
    assert validate_identifier("tin", "123456789012").value == "123456789012"
    with pytest.raises(MasterDataError) as info:
        validate_identifier("bin", "1", field="supplier.bin")
    assert info.value.field == "supplier.bin"
