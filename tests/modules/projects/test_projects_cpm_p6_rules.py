"""P6's rules that Vextrus once broke (issue 11), each on the smallest network that shows it.

Site calendar (projects_testkit): Sat-Thu 08-12/13-17, Friday off, Tue 6 Jan 2026 a holiday.
The corpus test (test_p6_corpus.py) checks the same rules against the dates P6 stored in real files.
"""

from datetime import datetime
from pathlib import Path

from projects_testkit import DATA_DATE, dt

from vextrus.modules.projects.domain.calendar import Calendar
from vextrus.modules.projects.domain.cpm import schedule
from vextrus.modules.projects.domain.network import (
    Activity,
    ActivityType,
    Constraint,
    ConstraintType,
    LagCalendar,
    Network,
    Relationship,
    RelType,
    ScheduleOptions,
)
from vextrus.modules.projects.domain.xer import load_xer
from vextrus.modules.projects.domain.xer_format import read_xer

FS, SS, FF, SF = RelType.FS, RelType.SS, RelType.FF, RelType.SF


def net(site, acts, rels) -> Network:
    return Network(acts, [Relationship(*r) for r in rels], {"site": site}, "site")


def test_unstarted_work_begins_at_the_planned_start_when_it_follows_the_data_date(site):
    n = net(site, [Activity("A", duration_hours=16), Activity("B", duration_hours=8)], [("A", "B", FS, 0)])
    # P6 recalculated on Sat 3 Jan but the project is planned to start Wed 7 Jan 08:00
    r = schedule(n, ScheduleOptions(data_date=DATA_DATE, planned_start=datetime(2026, 1, 7, 8)))
    assert (r["A"].early_start, r["A"].early_finish) == (dt(7, 8), dt(8, 17))
    assert (r["B"].early_start, r["B"].early_finish) == (dt(10, 8), dt(10, 17))
    # a planned start before the data date changes nothing: the data date rules
    early = schedule(n, ScheduleOptions(data_date=DATA_DATE, planned_start=datetime(2025, 12, 1, 8)))
    plain = schedule(n, ScheduleOptions(data_date=DATA_DATE))
    assert early["A"].early_start == plain["A"].early_start == dt(3, 8)


def test_started_work_continues_from_the_data_date_even_before_the_planned_start(site):
    a = Activity("A", duration_hours=16, actual_start=datetime(2026, 1, 3, 8), remaining_hours=8)
    r = schedule(net(site, [a], []), ScheduleOptions(data_date=dt(4, 8), planned_start=dt(7, 8)))
    assert (r["A"].early_start, r["A"].early_finish) == (dt(4, 8), dt(4, 17))


def test_an_activity_whose_successors_are_all_start_to_start_never_finishes_after_the_project(site):
    # A (24 h) --SS--> B (8 h) --FS--> M (finish milestone). The project ends with B, Sat 3 17:00.
    # Successor-only logic would let A finish at B's late start + 24 h = Mon 5 17:00, after the project;
    # P6 holds A's late finish at the project's late finish, so A is critical (float 0).
    n = net(site, [Activity("A", duration_hours=24), Activity("B", duration_hours=8),
                   Activity("M", type=ActivityType.FINISH_MILESTONE)],
            [("A", "B", SS, 0), ("B", "M", FS, 0)])
    r = schedule(n, ScheduleOptions(data_date=DATA_DATE))
    assert r.project_finish == dt(5, 17)  # A itself ends last: Sat + Sun + Mon
    assert r["A"].late_finish == r.project_finish == dt(5, 17)
    assert r["A"].total_float_hours == 0
    assert r["A"].free_float_hours == 0
    # B may slip to the end: 16 h of float, its late start is Mon 08:00
    assert (r["B"].late_start, r["B"].total_float_hours) == (dt(5, 8), 16.0)


def test_a_long_start_to_start_predecessor_of_a_short_last_activity_gets_its_late_finish_capped(site):
    # A (8 h) and C (40 h) start together; A --SS+8h--> B (8 h) is the last step of a chain that
    # C outlasts. Without the cap, A's late finish = B's late start - 8 h + 8 h = B's late start.
    # B's late start is Thu 08:00, so A may start Wed 08:00 and (successors alone) end Sun 11 17:00;
    # with only SS successors, A's late finish is also bounded by the project's late finish.
    n = net(site, [Activity("A", duration_hours=32), Activity("B", duration_hours=8),
                   Activity("C", duration_hours=40)],
            [("A", "B", SS, 8)])
    r = schedule(n, ScheduleOptions(data_date=DATA_DATE))
    end = r.project_finish
    assert end == dt(8, 17)  # C: Sat, Sun, Mon, (holiday) Wed, Thu -> Thu 8 17:00
    for code in "ABC":
        assert r[code].late_finish <= end, code
    assert r["A"].late_finish == end
    assert r["A"].total_float_hours == 8.0  # A ends Wed 7 17:00 early, Thu 8 17:00 late


def test_an_activity_whose_only_link_is_start_to_finish_never_finishes_after_the_project(site):
    # A (40 h) --SF--> B (8 h): A's start drives B's finish; A's own finish only meets the project end
    n = net(site, [Activity("A", duration_hours=40), Activity("B", duration_hours=8)], [("A", "B", SF, 0)])
    r = schedule(n, ScheduleOptions(data_date=DATA_DATE))
    assert r["A"].late_finish <= r.project_finish
    assert r["A"].total_float_hours == 0


def test_a_finish_side_link_with_a_negative_lag_still_may_end_past_the_last_activity(site):
    # unchanged P6 behaviour (test_projects_cpm: E --FS-8h--> F): only SS/SF-only activities take the cap
    n = net(site, [Activity("E", duration_hours=8), Activity("F", type=ActivityType.FINISH_MILESTONE)],
            [("E", "F", FS, -8)])
    r = schedule(n, ScheduleOptions(data_date=DATA_DATE))
    # the project ends with E, Sat 3 17:00; F's late start is then too, and E may end 8 h later
    assert r.project_finish == dt(3, 17)
    assert r["E"].late_finish == dt(4, 17)


def test_a_zero_duration_task_with_float_has_its_late_dates_at_the_end_of_the_working_day(site):
    # A (8 h) --FS--> Z (0 h, no successor); B (16 h) makes the project end Sun 4 17:00. Z's late point is the
    # project's finish: the end of Sunday's work, not the start of Monday's (after the project's finish),
    # as P6 and MPXJ date it (bench/cpm.py's MPXJ comparison: the zero-duration late-date difference)
    n = net(site, [Activity("A", duration_hours=8), Activity("Z", duration_hours=0), Activity("B", duration_hours=16)],
            [("A", "Z", FS, 0)])
    r = schedule(n, ScheduleOptions(data_date=DATA_DATE))
    assert r.project_finish == dt(4, 17)
    assert r["Z"].early_start == r["Z"].early_finish == dt(4, 8)
    assert r["Z"].late_start == r["Z"].late_finish == dt(4, 17)
    assert r["Z"].total_float_hours == 8.0
    # without float it keeps its early instant (late start never before early start)
    tight = schedule(net(site, [Activity("A", duration_hours=8), Activity("Z", duration_hours=0)], [("A", "Z", FS, 0)]),
                     ScheduleOptions(data_date=DATA_DATE))
    assert tight["Z"].late_start == tight["Z"].early_start


def test_a_zero_duration_successor_hands_back_no_late_finish_before_its_early_finish(site):
    # Found by test_no_constraints_means_no_negative_float. A (0 h) --FS +4 h--> B (0 h) --FF--> C (0 h, office
    # Sun-Thu 09-17); lags on the successor's calendar. From Sat 3 08:00 the lag ends at 12:00, so B is at 13:00
    # after lunch; the office does not work on Saturday, so C's early finish is Sun 4 09:00 and C is critical.
    # C's late finish at the end of the working time before (the rule for an FF predecessor on a calendar that
    # works through C's gap) is Thu 1 17:00, before B's own early finish: B and A got -4 h of float. C hands back
    # no instant before its early finish, Sun 4 09:00: B may finish by then (Sat 13-17 and Sun 08-09 are site
    # work: 5 h of float), and A, 4 h of lag before B's late start, by Sat 14:00 (5 h too).
    office = Calendar.build("office", days="Sun-Thu", hours="09:00-17:00")
    n = Network([Activity("A"), Activity("B"), Activity("C", calendar_id="office")],
                [Relationship("A", "B", FS, 4), Relationship("B", "C", FF, 0)],
                {"site": site, "office": office}, "site")
    r = schedule(n, ScheduleOptions(data_date=DATA_DATE, lag_calendar=LagCalendar.SUCCESSOR))
    assert (r["B"].early_finish, r["C"].early_finish) == (dt(3, 13), dt(4, 9))
    assert r["C"].total_float_hours == 0.0
    assert (r["B"].late_finish, r["B"].total_float_hours) == (dt(4, 9), 5.0)
    assert (r["A"].late_finish, r["A"].total_float_hours) == (dt(3, 14), 5.0)


# -- the same rules against dates P6 stored: tests/data/p6-corpus/xernative-takt.xer ----------------

TAKT = Path(__file__).resolve().parents[2] / "data" / "p6-corpus" / "xernative-takt.xer"


def _p6_stored(data: bytes) -> dict[str, tuple]:
    doc = read_xer(data)
    cut = lambda v: datetime.strptime(v[:16], "%Y-%m-%d %H:%M")  # noqa: E731
    return {r["task_code"]: (cut(r["early_start_date"]), cut(r["early_end_date"]), cut(r["late_start_date"]),
                             cut(r["late_end_date"]), float(r["total_float_hr_cnt"]))
            for r in doc.table("TASK").rows}


def _ours(data: bytes) -> dict[str, tuple]:
    xp = load_xer(data)
    r = schedule(xp.network, xp.options)
    return {c: (a.early_start, a.early_finish, a.late_start, a.late_finish, a.total_float_hours)
            for c, a in r.activities.items()}


def test_the_takt_file_schedules_to_the_dates_p6_stored():
    data = TAKT.read_bytes()
    assert _ours(data) == _p6_stored(data)


def test_a_data_date_before_the_planned_start_leaves_p6s_dates_where_the_plan_start_puts_them():
    # TAKT was recalculated on its planned start (2021-11-30). Move the data date a month earlier: P6
    # starts unstarted work at the later of the two, so its stored dates still hold (before the fix,
    # every activity moved a month earlier).
    data = TAKT.read_bytes()
    row = "\t2021-11-30 00:00\t2021-11-30 00:00\t\t2022-02-21 17:00\t"  # last_recalc, plan_start, plan_end, scd_end
    assert data.decode().count(row) == 1
    moved = data.decode().replace(row, "\t2021-11-01 00:00\t2021-11-30 00:00\t\t2022-02-21 17:00\t").encode()
    xp = load_xer(moved)
    assert xp.options.data_date == datetime(2021, 11, 1) and xp.options.planned_start == datetime(2021, 11, 30)
    assert _ours(moved) == _p6_stored(data)


def test_a_chain_of_as_late_as_possible_activities_moves_as_one(site):
    """Harbour Pointe (P6 17.12 corpus file) in small: shop drawings (ALAP) -> fabrication (ALAP) ->
    erection, erection held later by another path. P6 moves fabrication up against the erection and
    the drawings up against the moved fabrication; Vextrus moved only the last of the chain."""
    alap = Constraint(ConstraintType.AS_LATE_AS_POSSIBLE)
    n = net(site, [Activity("LONG", duration_hours=40), Activity("DRAW", duration_hours=8, constraint=alap),
                   Activity("FAB", duration_hours=8, constraint=alap), Activity("ERECT", duration_hours=8)],
            [("DRAW", "FAB", FS, 0), ("FAB", "ERECT", FS, 0), ("LONG", "ERECT", FS, 0)])
    r = schedule(n, ScheduleOptions(data_date=DATA_DATE))
    # LONG: Sat 3, Sun 4, Mon 5, (Tue 6 holiday) Wed 7, Thu 8 -> ERECT Sat 10
    assert r["ERECT"].early_start == dt(10, 8)
    assert (r["FAB"].early_start, r["FAB"].early_finish) == (dt(8, 8), dt(8, 17))
    assert (r["DRAW"].early_start, r["DRAW"].early_finish) == (dt(7, 8), dt(7, 17))  # was Sat 3: not moved
    assert r["DRAW"].free_float_hours == r["FAB"].free_float_hours == 0


def test_a_start_milestone_before_a_finish_milestone_takes_its_late_instant(site):
    """Harbour Pointe EC1010 -> EC1780 in small: a start milestone with float, FS to a finish milestone
    whose late date is the end of a working day. P6 and MPXJ write the start milestone's late dates at
    that instant (Thu 17:00), not at the next working morning (Sat 08:00 on the site calendar)."""
    n = net(site, [Activity("S", type=ActivityType.START_MILESTONE), Activity("A", duration_hours=48),
                   Activity("F", type=ActivityType.FINISH_MILESTONE)],
            [("S", "F", FS, 0), ("A", "F", FS, 0)])
    r = schedule(n, ScheduleOptions(data_date=DATA_DATE))
    # A: Sat 3, Sun 4, Mon 5, (Tue 6 holiday) Wed 7, Thu 8, Sat 10 -> F Sat 10 17:00
    assert r["F"].late_finish == dt(10, 17)
    assert (r["S"].late_start, r["S"].late_finish) == (dt(10, 17), dt(10, 17))
    assert r["S"].total_float_hours == 48.0
    # before a task the late start is the task's start of work, the next morning
    m = net(site, [Activity("S", type=ActivityType.START_MILESTONE), Activity("A", duration_hours=48),
                   Activity("B", duration_hours=8)], [("S", "B", FS, 0), ("A", "B", FS, 0)])
    q = schedule(m, ScheduleOptions(data_date=DATA_DATE))
    assert q["S"].late_start == q["B"].late_start == dt(11, 8)
