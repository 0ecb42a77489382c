"""Amounts in words (lakh/crore, English and Bangla): examples a Bangladeshi reader checks at a glance,
and properties over every amount up to a thousand million crore: the words read back as the amount,
the scale words appear exactly when the digits need them, and pages and documents say the same."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vextrus.modules.documents.domain.words import amount_in_words, number_in_words, parse_words
from vextrus.platform import i18n
from vextrus.platform.errors import ValidationFailed


@pytest.mark.parametrize(("amount", "en", "bn"), [
    ("125000", "one lakh twenty-five thousand taka only", "এক লক্ষ পঁচিশ হাজার টাকা মাত্র"),
    ("12345678.50", "one crore twenty-three lakh forty-five thousand six hundred seventy-eight taka and fifty poisha only",
     "এক কোটি তেইশ লক্ষ পঁয়তাল্লিশ হাজার ছয়শ আটাত্তর টাকা পঞ্চাশ পয়সা মাত্র"),
    ("0.05", "zero taka and five poisha only", "শূন্য টাকা পাঁচ পয়সা মাত্র"),
    ("100", "one hundred taka only", "একশ টাকা মাত্র"),
    ("1000000000", "one hundred crore taka only", "একশ কোটি টাকা মাত্র"),
    ("-2500", "minus two thousand five hundred taka only", "ঋণাত্মক দুই হাজার পাঁচশ টাকা মাত্র"),
])
def test_examples(amount, en, bn):
    assert amount_in_words(D(amount), "en") == en
    assert amount_in_words(D(amount), "bn") == bn


def test_other_currencies_and_refusals():
    assert amount_in_words(D("1500.25"), "en", "USD") == "one thousand five hundred US dollars and twenty-five cents only"
    with pytest.raises(ValidationFailed) as big:
        amount_in_words(D(10) ** 15)
    assert big.value.code == "amount_too_large_for_words"
    with pytest.raises(ValidationFailed):
        amount_in_words(D(1), "fr")


amounts = st.decimals(min_value=D("-999999999999999.99"), max_value=D("999999999999999.99"), places=2,
                      allow_nan=False, allow_infinity=False)


@given(amounts, st.sampled_from(["en", "bn"]), st.sampled_from(["BDT", "USD"]))
def test_words_read_back_as_the_amount(amount, locale, currency):
    assert parse_words(amount_in_words(amount, locale, currency), locale, currency) == amount


@given(st.integers(min_value=0, max_value=10**15 - 1))
def test_scale_words_appear_exactly_when_the_digits_need_them(n):
    en = number_in_words(n, "en").split()
    bn = number_in_words(n, "bn").split()
    assert ("crore" in en) == ("কোটি" in bn) == (n >= 10**7)
    crores = n // 10**7  # itself written in words: "twelve lakh crore" (below 10^15 it has no crores)
    assert ("lakh" in en) == ("লক্ষ" in bn) == (n % 10**7 >= 10**5 or crores % 10**7 >= 10**5)
    assert ("thousand" in en) == ("হাজার" in bn)


@given(st.decimals(min_value=D("0"), max_value=D("999999999999999.99"), places=2), st.sampled_from(["en", "bn"]))
def test_documents_and_pages_write_the_same_words(amount, locale):
    assert amount_in_words(amount, locale) == i18n.amount_in_words(amount, locale)
