"""Hypothesis: CPM invariants on random networks with calendars, lags and all link types."""

from datetime import datetime

from hypothesis import given, settings
from hypothesis import strategies as st
from projects_testkit import site_calendar

from vextrus.modules.projects.domain.calendar import Calendar, compile_calendar, to_minutes
from vextrus.modules.projects.domain.cpm import _Engine, schedule
from vextrus.modules.projects.domain.network import (
    Activity,
    LagCalendar,
    Network,
    Relationship,
    RelType,
    ScheduleOptions,
)

START = datetime(2026, 1, 3, 8)


@st.composite
def networks(draw):
    n = draw(st.integers(min_value=1, max_value=25))
    acts = [Activity(f"A{i}", duration_hours=draw(st.integers(0, 40)) / 2,
                     calendar_id=draw(st.sampled_from(["site", "office", "24h"])))
            for i in range(n)]
    rels, seen = [], set()
    for _ in range(draw(st.integers(0, 3 * n))):
        a, b = sorted(draw(st.lists(st.integers(0, n - 1), min_size=2, max_size=2, unique=True))) \
            if n > 1 else (0, 0)
        if a == b or (a, b) in seen:
            continue
        seen.add((a, b))
        rels.append(Relationship(f"A{a}", f"A{b}", draw(st.sampled_from(list(RelType))),
                                 draw(st.sampled_from([0, 0, 4, 8, -4, 12.5]))))
    cals = {"site": site_calendar(),
            "office": Calendar.build("office", days="Sun-Thu", hours="09:00-17:00"),
            "24h": Calendar.continuous("24h")}
    return Network(acts, rels, cals, "site")


OPTS = st.builds(ScheduleOptions, data_date=st.just(START),
                 lag_calendar=st.sampled_from(list(LagCalendar)))


@settings(max_examples=150, deadline=None)
@given(net=networks(), opts=OPTS)
def test_no_constraints_means_no_negative_float(net, opts):
    r = schedule(net, opts)
    for a in r.activities.values():
        assert a.early_start <= a.late_start
        assert a.early_finish <= a.late_finish
        assert a.total_float_hours >= 0


@settings(max_examples=150, deadline=None)
@given(net=networks(), opts=OPTS)
def test_free_float_never_exceeds_total_float(net, opts):
    r = schedule(net, opts)
    for a in r.activities.values():
        assert a.free_float_hours <= a.total_float_hours + 1e-9


@settings(max_examples=150, deadline=None)
@given(net=networks(), opts=OPTS)
def test_every_relationship_is_respected(net, opts):
    """A successor date counts up to the end of the non-working gap it sits in on its own
    calendar (finishing Sat 17:00 = finishing before Sun 08:00); from there the lag, measured
    on the chosen lag calendar, must fit between the two linked dates."""
    r = schedule(net, opts)
    tables = {cid: compile_calendar(c, START.date()) for cid, c in net.calendars.items()}
    cal_of = {a.code: a.calendar_id for a in net.activities}
    for rel in net.relationships:
        p, s = r[rel.predecessor], r[rel.successor]
        src = to_minutes(p.early_finish if rel.type in (RelType.FS, RelType.FF) else p.early_start)
        dst = to_minutes(s.early_start if rel.type in (RelType.FS, RelType.SS) else s.early_finish)
        st_ = tables[cal_of[rel.successor]]
        dst = st_.start_of(st_.work(dst))  # end of the non-working gap, if any
        lt = {LagCalendar.SUCCESSOR: st_, LagCalendar.PREDECESSOR: tables[cal_of[rel.predecessor]],
              LagCalendar.HOURS_24: tables["24h"], LagCalendar.PROJECT_DEFAULT: tables["site"]}[
            opts.lag_calendar]
        assert dst >= src or rel.lag_hours < 0
        assert lt.between(src, dst) >= round(rel.lag_hours * 60)


@settings(max_examples=100, deadline=None)
@given(net=networks(), opts=OPTS)
def test_with_fs_links_the_last_activity_is_critical(net, opts):
    """With finish-to-start links and non-negative lags the activity finishing last has zero
    float, so the critical path is never empty and holds exactly the zero-float activities.
    (With SS-only successors or negative lags P6 also leaves it empty.)"""
    net.relationships = [Relationship(r.predecessor, r.successor, RelType.FS, abs(r.lag_hours))
                         for r in net.relationships]
    r = schedule(net, opts)
    last = max(r.activities.values(), key=lambda a: a.early_finish)
    assert last.total_float_hours == 0
    zero = sorted(c for c, a in r.activities.items() if a.total_float_hours <= 0)
    assert sorted(r.critical_path) == zero and last.code in zero


@settings(max_examples=100, deadline=None)
@given(net=networks(), opts=OPTS, done=st.integers(0, 25), data=st.data())
def test_progress_never_schedules_remaining_work_before_the_data_date(net, opts, done, data):
    """Give the first activities (a topological prefix: links only go forward) actual dates
    in the week before the data date; remaining work must then sit after the data date and
    finished work must keep its actual dates, under both progress modes."""
    opts.data_date = datetime(2026, 1, 10, 8)
    opts.retained_logic = data.draw(st.booleans())
    for a in net.activities[:done]:
        a.actual_start = datetime(2026, 1, 3, 8)
        if data.draw(st.booleans()):
            a.actual_finish = datetime(2026, 1, 4, 17)
        else:
            a.remaining_hours = data.draw(st.integers(0, 16))
    r = schedule(net, opts)
    tables = {cid: compile_calendar(c, START.date()) for cid, c in net.calendars.items()}
    dd = to_minutes(opts.data_date)
    for a in net.activities:
        res = r[a.code]
        if a.actual_finish:
            assert (res.early_start, res.early_finish) == (a.actual_start, a.actual_finish)
            continue
        t = tables[a.calendar_id]
        first_work = t.snap_start(dd)
        # started or not, the early start is where the remaining work starts (P6): after the data date
        assert to_minutes(res.early_start) >= first_work
        if res.remaining_hours:
            assert to_minutes(res.early_finish) > first_work


@settings(max_examples=150, deadline=None)
@given(net=networks(), opts=OPTS, done=st.integers(0, 25), data=st.data())
def test_free_float_of_the_late_pass_is_the_per_activity_rule(net, opts, done, data):
    """For speed the late pass measures every activity's free float in its one walk over the links; the
    as-late-as-possible step asks the same of one activity through ``_free_float``. Both must agree on
    every activity, with progress (started and finished activities) and either progress mode."""
    opts.data_date = datetime(2026, 1, 10, 8)
    opts.retained_logic = data.draw(st.booleans())
    for a in net.activities[:done]:
        a.actual_start = datetime(2026, 1, 3, 8)
        if data.draw(st.booleans()):
            a.actual_finish = datetime(2026, 1, 4, 17)
        else:
            a.remaining_hours = data.draw(st.integers(0, 16))
    engine = _Engine(net, opts)
    order = engine._topo_order()
    engine._forward(order)
    engine._level_of_effort(order)
    engine._backward(order)
    engine._floats()
    for i in range(engine.n):
        expected = None if engine.ff[i] is None else engine._free_float(i)
        assert engine.ff[i] == expected, net.activities[i].code
