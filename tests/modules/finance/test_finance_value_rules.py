"""The ledger's value rules in `domain/` (moved out of the service, issue #21 item 9): pure, with the
error code, the field path and a Bangla message a user sees."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vextrus.modules.finance.domain import entries, recurring
from vextrus.modules.finance.domain import rates as drates
from vextrus.modules.finance.domain.accounts import check_account_name
from vextrus.modules.finance.domain.books import check_book_code
from vextrus.modules.finance.domain.fiscal import check_period_end, check_reopen_reason
from vextrus.platform.errors import ValidationFailed


def refused(fn, *args) -> ValidationFailed:  # noqa: ANN001
    with pytest.raises(ValidationFailed) as err:
        fn(*args)
    assert err.value.message_bn and err.value.message_bn != err.value.message
    return err.value


def test_a_book_code_is_1_to_40_characters() -> None:
    assert check_book_code("PBL") == "PBL" and check_book_code("X" * 40) == "X" * 40
    for bad in ("", "X" * 41):
        e = refused(check_book_code, bad)
        assert (e.code, e.field) == ("book_code_invalid", "company")


def test_a_rate_is_a_positive_number_for_a_currency_other_than_the_base() -> None:
    assert drates.positive_rate(" 110.25 ") == Decimal("110.25")
    for bad in ("0", "-1", "NaN", "Infinity", "abc", ""):
        e = refused(drates.positive_rate, bad, "rows[2].")
        assert (e.code, e.field) == ("rate_invalid", "rows[2].rate")
    assert drates.check_currency(" USD ", "BDT", "BDT") == "USD"
    assert refused(drates.check_currency, "BDT", "BDT", "BDT").code == "rate_base_currency"
    assert refused(drates.check_currency, "৳", "BDT", "৳").code == "rate_base_currency"
    e = refused(drates.check_currency, " ", "BDT", "BDT", "rows[0].")
    assert (e.code, e.field) == ("currency_invalid", "rows[0].currency")
    assert drates.rate_date("2025/07/31", "rows[0].date") == date(2025, 7, 31)
    assert refused(drates.rate_date, "31-07-2025", "rows[0].date").field == "rows[0].date"


def test_only_a_posted_entry_is_reversed_and_not_before_its_date() -> None:
    entries.check_reversible("posted", "JV/1", date(2025, 7, 10), date(2025, 7, 10))
    e = refused(entries.check_reversible, "draft", "JV/1", date(2025, 7, 10), date(2025, 7, 11))
    assert (e.code, e.details["status"]) == ("entry_not_posted", "draft") and "খসড়া" in e.message_bn
    e = refused(entries.check_reversible, "posted", "JV/1", date(2025, 7, 10), date(2025, 7, 9))
    assert (e.code, e.field) == ("reversal_date_invalid", "reversal_date")
    entries.check_draft("draft", None)
    assert refused(entries.check_draft, "posted", "JV/1").code == "entry_not_draft"
    assert set(entries.STATUS_BN) == set(entries.STATUSES)


def test_recurring_schedules_and_names() -> None:
    recurring.check_schedule(1, date(2025, 7, 1), None)
    recurring.check_schedule(3, date(2025, 7, 1), date(2025, 7, 1))
    assert refused(recurring.check_schedule, 0, date(2025, 7, 1), None).field == "interval_months"
    assert refused(recurring.check_schedule, 1, date(2025, 7, 2), date(2025, 7, 1)).code == "end_date_invalid"
    assert recurring.check_name("  Rent ") == "Rent" and refused(recurring.check_name, " ").code == "name_required"
    assert check_account_name(" Cash ") == "Cash" and refused(check_account_name, "").field == "name"
    assert refused(check_reopen_reason, " ", "year").message.startswith("Say why the year")
    assert refused(check_reopen_reason, "", "period").message.startswith("Say why the period")
    assert refused(check_period_end, date(2025, 7, 30), date(2025, 7, 31)).details == {"period_end": "2025-07-31"}


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2900, 12, 31)), st.integers(1, 36),
       st.integers(1, 31))
def test_stepping_months_keeps_the_day_or_the_months_last_day(start: date, months: int, day: int) -> None:
    nxt = recurring.add_months(start, months, day)
    assert (nxt.year * 12 + nxt.month) - (start.year * 12 + start.month) == months
    assert nxt.day == day or (nxt.day < day and (nxt + timedelta(days=1)).day == 1)  # a short month: its last day


def test_entry_quantities_keep_their_written_decimals() -> None:
    assert str(entries.trimmed(Decimal("1500.000000"))) == "1500"
    assert str(entries.trimmed(Decimal("12.340000"))) == "12.34"
