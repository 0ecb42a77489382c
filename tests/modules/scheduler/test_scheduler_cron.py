"""Cron expressions in Asia/Dhaka time (issue 14): next runs, named days, both-day-fields OR, refusals with
the field; a property: the next run is after the given time, matches, and no matching minute lies between."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bangla_text import latin_left
from vextrus.modules.scheduler.domain import cron
from vextrus.modules.scheduler.domain.schedule import Schedule, describe, retry_delay
from vextrus.platform.errors import ValidationFailed


def test_a_daily_seven_oclock_job_runs_at_seven_in_dhaka():
    s = Schedule("cron", "0 7 * * *")
    assert s.next_run(datetime(2026, 12, 4, 0, 0, tzinfo=UTC)) == datetime(2026, 12, 4, 1, 0, tzinfo=UTC)
    assert s.next_run(datetime(2026, 12, 4, 1, 0, tzinfo=UTC)) == datetime(2026, 12, 5, 1, 0, tzinfo=UTC)
    # 23:30 UTC is already 05:30 the next day in Dhaka
    assert s.next_run(datetime(2026, 12, 4, 23, 30, tzinfo=UTC)) == datetime(2026, 12, 5, 1, 0, tzinfo=UTC)


def test_named_weekdays_steps_ranges_and_either_day_field():
    c = cron.parse("*/15 9-17 * * sun-thu")  # Bangladesh's working week
    assert c.next_after(datetime(2026, 12, 4, 12, 0)) == datetime(2026, 12, 6, 9, 0)  # Friday -> Sunday
    assert c.next_after(datetime(2026, 12, 6, 9, 0)) == datetime(2026, 12, 6, 9, 15)
    both = cron.parse("0 0 1 * mon")  # the 1st OR a Monday
    assert both.next_after(datetime(2026, 12, 4, 0, 0)) == datetime(2026, 12, 7, 0, 0)
    assert cron.parse("0 0 29 feb *").next_after(datetime(2026, 3, 1)) == datetime(2028, 2, 29)
    assert cron.parse("0 12 * * 7").weekdays == frozenset({0})


@pytest.mark.parametrize("expr", ["", "* * * *", "60 * * * *", "* 24 * * *", "5-1 * * * *", "*/0 * * * *",
                                  "0 0 31 2 *", "x * * * *"])
def test_a_bad_expression_is_refused_naming_the_cron_field(expr):
    with pytest.raises(ValidationFailed) as e:
        cron.parse(expr)
    assert e.value.field == "cron" and e.value.code == "cron_invalid" and e.value.message_bn


def test_a_bad_expression_reads_in_bangla_but_for_what_was_typed():
    with pytest.raises(ValidationFailed) as e:
        cron.parse("0 24 * * *")
    assert e.value.message_bn == "ক্রন এক্সপ্রেশন '0 24 * * *' এ '24' মানটি ০-২৩ এর বাইরে"
    interval = Schedule("interval", interval_seconds=3600)
    assert describe(interval.kind, None, 3600, None, "bn") == "প্রতি ৩,৬০০ সেকেন্ডে"
    once = datetime(2026, 12, 4, 3, 30, tzinfo=UTC)  # 09:30 in Dhaka
    assert describe("once", None, None, once, "bn") == "একবার, ৪ ডিসে ২০২৬ ০৯:৩০"
    assert latin_left(describe("once", None, None, once, "bn")) == []


FIELD = st.one_of(st.just("*"), st.integers(0, 5).map(str), st.just("*/7"), st.just("1-3"), st.just("2,4"))


@settings(max_examples=150, deadline=None)
@given(m=FIELD, h=FIELD, dom=st.sampled_from(["*", "1", "15", "1-7", "*/10"]), mon=st.sampled_from(["*", "2", "6-8"]),
       dow=st.sampled_from(["*", "0", "1-5", "fri"]),
       start=st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2030, 1, 1)))
def test_the_next_run_is_the_first_matching_minute_after(m, h, dom, mon, dow, start):
    c = cron.parse(f"{m} {h} {dom} {mon} {dow}")
    nxt = c.next_after(start)
    assert nxt > start and nxt.second == 0
    assert nxt.minute in c.minutes and nxt.hour in c.hours and nxt.month in c.months and c._day_matches(nxt.date())
    t = start.replace(second=0, microsecond=0) + timedelta(minutes=1)
    if (nxt - t) < timedelta(hours=6):  # brute-force the gap when it is short enough
        while t < nxt:
            assert not (t.minute in c.minutes and t.hour in c.hours and t.month in c.months
                        and c._day_matches(t.date()))
            t += timedelta(minutes=1)


def test_retry_backoff_doubles():
    assert [retry_delay(a, 60).total_seconds() for a in (1, 2, 3, 4)] == [60, 120, 240, 480]
    assert retry_delay(30, 60) == timedelta(days=1)
