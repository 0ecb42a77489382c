"""platform.forms: typed text becomes a number or a date, or a field error in words (issue 12)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from vextrus.platform import forms
from vextrus.platform.errors import ValidationFailed


def test_what_people_type_is_accepted():
    assert forms.decimal(" 1,50,000.50 ", "x") == Decimal("150000.50")
    assert forms.decimal("১২.৫", "x") == Decimal("12.5")
    assert forms.number("৭৫", "x") == 75.0
    assert forms.integer(" ১,২০০ ", "x") == 1200
    assert forms.day("২০২৫-০৭-৩১", "x") == date(2025, 7, 31)
    assert forms.moment("2025-07-31T17:00", "x") == datetime(2025, 7, 31, 17, 0)
    assert forms.moment("2025-07-31", "x") == datetime(2025, 7, 31)
    for fn in (forms.decimal, forms.number, forms.integer, forms.day, forms.moment):
        assert fn("  ", "x") is None and fn(None, "x") is None


@pytest.mark.parametrize("fn,text,code", [
    (forms.decimal, "abc", "number_invalid"), (forms.decimal, "NaN", "number_invalid"),
    (forms.decimal, "Infinity", "number_invalid"), (forms.decimal, "1_000", "number_invalid"),
    (forms.number, "1e999", "number_invalid"), (forms.number, "12%", "number_invalid"),
    (forms.integer, "2.5", "integer_invalid"), (forms.integer, "abc", "integer_invalid"),
    (forms.integer, "9" * 40, "integer_invalid"),
    (forms.day, "garbage", "date_invalid"), (forms.day, "31/07/2025", "date_invalid"),
    (forms.day, "2025-02-30", "date_invalid"), (forms.day, "20250731", "date_invalid"),
    (forms.moment, "garbage", "date_invalid"), (forms.moment, "2025-07-31T25:00", "date_invalid"),
    (forms.moment, "2025-07-31T10:00+06:00", "date_invalid"),
])
def test_bad_text_is_a_field_error_in_both_languages_quoting_the_input(fn, text, code):
    with pytest.raises(ValidationFailed) as err:
        fn(text, "percent_complete", label="Percent complete", label_bn="সম্পন্ন (%)")
    e = err.value
    assert (e.code, e.field) == (code, "percent_complete")
    assert e.message.startswith("Percent complete: ") and e.message_bn.startswith("সম্পন্ন (%): ")
    shown = text if len(text) <= forms.MAX_SHOWN else text[:forms.MAX_SHOWN] + "…"
    assert f"'{shown}'" in e.message and f"'{shown}'" in e.message_bn
    for python_words in ("could not convert", "Decimal", "ConversionSyntax", "isoformat", "invalid literal"):
        assert python_words not in e.message and python_words not in e.message_bn


def test_required_blank_says_so():
    with pytest.raises(ValidationFailed) as err:
        forms.day("", "entry_date", required=True)
    assert err.value.code == "field_required" and err.value.field == "entry_date" and err.value.message_bn
