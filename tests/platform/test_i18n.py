from decimal import Decimal

from vextrus.platform.i18n import amount_in_words, format_money, format_number, to_ascii_digits, translate


def test_lakh_crore_grouping_in_english_and_bangla_digits():
    assert format_number(Decimal("12345678.5")) == "1,23,45,678.50"
    assert format_number(Decimal("12345678.5"), locale="bn") == "১,২৩,৪৫,৬৭৮.৫০"
    assert format_money(Decimal("-100000")) == "-৳1,00,000.00"


def test_bangla_digits_are_accepted_as_input():
    assert to_ascii_digits("০১৭১১-২৩৪৫৬৭") == "01711-234567"


def test_amount_in_words_uses_lakh_and_crore():
    assert amount_in_words(Decimal("12345678.50")) == (
        "one crore twenty-three lakh forty-five thousand six hundred seventy-eight taka and fifty poisha only")
    assert amount_in_words(Decimal("250000"), "bn") == "দুই লক্ষ পঞ্চাশ হাজার টাকা মাত্র"


def test_missing_translation_falls_back_to_english_then_key():
    assert translate("nav.home", "bn") == "হোম"
    assert translate("no.such.key", "bn") == "no.such.key"
