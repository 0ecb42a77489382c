"""Working-time arithmetic on the Bangladesh site calendar (dates in projects_testkit)."""

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from projects_testkit import dt, site_calendar

from vextrus.modules.projects.domain.calendar import (
    Calendar,
    CalendarError,
    add_working_hours,
    compile_calendar,
    to_minutes,
    working_hours_between,
)


def test_adding_hours_skips_lunch_weekend_and_holiday(site):
    # Thu 1 Jan 15:00 + 2 h = Thu 17:00.
    assert add_working_hours(site, dt(1, 15), 2) == dt(1, 17)
    # Thu 15:00 + 3 h: 2 h on Thu, Friday off, 1 h on Sat -> Sat 09:00.
    assert add_working_hours(site, dt(1, 15), 3) == dt(3, 9)
    # Mon 5 11:00 + 8 h: 1 h before lunch, 4 h after (Mon 17:00), Tue 6 holiday, 3 h Wed -> 11:00.
    assert add_working_hours(site, dt(5, 11), 8) == dt(7, 11)


def test_subtracting_hours_goes_backwards_over_non_work(site):
    # Wed 7 09:00 - 2 h: 1 h on Wed, Tue is a holiday, 1 h on Mon -> Mon 16:00.
    assert add_working_hours(site, dt(7, 9), -2) == dt(5, 16)


def test_extra_working_day_and_changed_hours():
    cal = Calendar.build("x", days="Sat-Thu", hours="08:00-17:00",
                         extra_days={date(2026, 1, 9): "09:00-11:00"})
    # Thu 8 16:00 + 3 h: 1 h Thu, 2 h on the extra Friday 09-11 -> Fri 11:00.
    assert add_working_hours(cal, dt(8, 16), 3) == dt(9, 11)
    assert working_hours_between(cal, dt(8, 8), dt(10, 8)) == 9 + 2


def test_far_dates_grow_the_table_in_both_directions(site):
    table = compile_calendar(site, date(2026, 1, 3))
    later = to_minutes(datetime(2031, 1, 4, 8))  # a Saturday five years on
    earlier = to_minutes(datetime(2020, 1, 4, 8))
    assert table.snap_start(later) == later
    assert table.between(earlier, later) > 0
    # A week of the site calendar is always 6 x 8 h, however far away.
    week = 7 * 1440
    assert table.between(later, later + week) == 48 * 60
    assert table.between(earlier + week, earlier + 2 * week) == 48 * 60


def test_bad_calendars_are_rejected():
    with pytest.raises(CalendarError):
        Calendar.build("x", hours="09:00-12:00,11:00-13:00")
    with pytest.raises(CalendarError):
        Calendar.build("x", days=[])


@settings(max_examples=200, deadline=None)
@given(start=st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2027, 1, 1)),
       minutes=st.integers(min_value=1, max_value=60 * 400))
def test_adding_then_measuring_gives_back_the_hours(start, minutes):
    site = site_calendar()
    start = start.replace(second=0, microsecond=0)
    end = add_working_hours(site, start, minutes / 60)
    assert end > start
    assert round(working_hours_between(site, start, end) * 60) == minutes
    # the finish never lands in non-working time: the minute before it is work
    table = compile_calendar(site, start.date())
    t = to_minutes(end)
    assert table.work(t) - table.work(t - 1) == 1


@settings(max_examples=100, deadline=None)
@given(day=st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 1, 1)))
def test_working_time_per_day_matches_the_definition(day):
    site = site_calendar()
    start = datetime.combine(day, datetime.min.time())
    got = working_hours_between(site, start, start + timedelta(days=1))
    assert got == (0 if day.weekday() == 4 or day == date(2026, 1, 6) else 8)
