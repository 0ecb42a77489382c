"""Tax's refusals read wholly in Bangla: amounts and dates in Bangla digits and month names, amounts, kinds
and sections named in Bangla words; only a VAT code or the input as typed stays as it was written."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from bangla_text import latin_left
from vextrus.modules.tax import domain
from vextrus.modules.tax.domain.rates import Band, RateTable, VatRate, WithholdingRule
from vextrus.platform.errors import ValidationFailed


def _refusal(call) -> ValidationFailed:  # noqa: ANN001
    with pytest.raises(ValidationFailed) as err:
        call()
    return err.value


def test_a_date_without_a_rate_is_a_bangla_date():
    err = _refusal(lambda: domain.vat_on("VAT15", D(100), date(2010, 1, 5)))
    assert err.message_bn == "ভ্যাট কোড VAT15 এর ৫ জানু ২০১০ তারিখে কোনো কার্যকর হার নেই"
    err = _refusal(lambda: domain.withholding_rule("s.90.advisory", date(2020, 1, 1)))
    assert err.message_bn == "ধারা ৯০ (উপদেষ্টা বা পরামর্শ সেবা) এর ১ জানু ২০২০ তারিখে কোনো কার্যকর হার নেই"


def test_an_unknown_section_lists_the_sections_in_bangla():
    err = _refusal(lambda: domain.withholding_rule("91x", date(2025, 8, 1)))
    assert err.field == "section" and "৮৯" in err.message_bn and "পরিবহন সেবা" in err.message_bn
    assert latin_left(err.message_bn, "91x") == [] and "90.transport" in err.details["known"]


def test_amounts_are_named_and_written_in_bangla():
    err = _refusal(lambda: domain.amount_of("-1500.5", "invoice_total"))
    assert err.message_bn == "চালানের মোট -১,৫০০.৫০ ঋণাত্মক হতে পারে না"
    err = _refusal(lambda: domain.vds_on("VAT15", D("1000.00"), D("1200.00"), date(2025, 8, 1)))
    assert err.message_bn == "ভ্যাট ১,২০০.০০ চালানের মোট ১,০০০.০০ এর বেশি"


def test_a_bad_table_row_is_counted_in_bangla():
    good = VatRate("X1", "x", "এক্স", "standard", D(15), date(2020, 1, 1), None, "test")
    err = _refusal(lambda: RateTable(vat=(good, VatRate("X2", "y", "ওয়াই", "luxury", D(15), date(2020, 1, 1), None,
                                                         "test"))))
    assert (err.field, err.message_bn) == ("vat[1].kind", "ভ্যাট হারের সারি ২: ধরন আদর্শ, হ্রাসকৃত, শূন্য হার, "
                                                        "অব্যাহতিপ্রাপ্ত এর একটি হতে হবে")
    gap = WithholdingRule("77", "r", "আর", (Band(D(0), D(10), D(1)), Band(D(20), None, D(2))), date(2020, 1, 1),
                          None, "test")
    err = _refusal(lambda: RateTable(vat=(good,), withholding=(gap,)))
    assert err.field == "withholding[0].bands" and latin_left(err.message_bn) == []
    err = _refusal(lambda: RateTable(vat=(good, good)))
    assert latin_left(err.message_bn, "X1") == [] and "সারি ২" in err.message_bn
