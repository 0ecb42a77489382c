"""Each P6 scheduling option, read from an XER and honoured by the engine, on hand-worked networks.

Calendar ``site``: Sat-Thu 08-12/13-17 (8 h), Friday off, Tue 6 Jan 2026 a holiday.
January 2026: Thu 1, (Fri 2), Sat 3, Sun 4, Mon 5, (Tue 6 holiday), Wed 7, Thu 8, (Fri 9), Sat 10 ...
Calendar ``7day``: every day 08-12/13-17, no holidays. Data date Sat 3 Jan 08:00 unless said.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from projects_testkit import DATA_DATE, dt

from vextrus.modules.projects.domain.calendar import Calendar
from vextrus.modules.projects.domain.cpm import schedule
from vextrus.modules.projects.domain.network import (
    Activity,
    CriticalBy,
    FloatType,
    LagCalendar,
    Network,
    Relationship,
    RelType,
    ScheduleOptions,
)
from vextrus.modules.projects.domain.xer import load_xer

FS, SS = RelType.FS, RelType.SS
SEVEN = Calendar.build("7day", days="Mon-Sun", hours="08:00-12:00,13:00-17:00")


def net(site, acts, rels, default="site") -> Network:
    return Network(acts, [Relationship(*r) for r in rels], {"site": site, "7day": SEVEN}, default)


def run(network, **opts):
    return schedule(network, ScheduleOptions(data_date=opts.pop("data_date", DATA_DATE), **opts))


# -- sched_calendar_on_relationship_lag ----------------------------------------------------------
@pytest.mark.parametrize("lag_calendar,b_start,a_float", [
    # A (7day, 16 h): Sat 3 + Sun 4 -> finishes Sun 4 17:00. FS lag 24 h, B on site:
    # successor (site): Mon 5, Wed 7, Thu 8 -> lag ends Thu 17:00 -> (Fri off) B starts Sat 10 08:00
    (LagCalendar.SUCCESSOR, dt(10, 8), 0),
    # predecessor (7day): Mon 5, Tue 6, Wed 7 -> Wed 17:00 -> B starts Thu 8 08:00
    (LagCalendar.PREDECESSOR, dt(8, 8), 0),
    # 24 hour: Sun 17:00 + 24 h = Mon 5 17:00 -> site's next working minute (Tue holiday) Wed 7 08:00.
    # A may slip its Monday (8 h on 7day): Mon 17:00 + 24 h = Tue 17:00 still lets B start Wed 08:00
    (LagCalendar.HOURS_24, dt(7, 8), 8),
    # project default (the network default here is 7day): same as the predecessor's -> Thu 8 08:00
    (LagCalendar.PROJECT_DEFAULT, dt(8, 8), 0),
])
def test_lag_calendar_option(site, lag_calendar, b_start, a_float):
    n = net(site, [Activity("A", duration_hours=16, calendar_id="7day"),
                   Activity("B", duration_hours=8, calendar_id="site")], [("A", "B", FS, 24)], default="7day")
    r = run(n, lag_calendar=lag_calendar)
    assert r["A"].early_finish == dt(4, 17)
    assert r["B"].early_start == b_start
    assert r["A"].total_float_hours == a_float


# -- sched_retained_logic / sched_progress_override ----------------------------------------------
def _out_of_sequence(site):
    # B started Thu 1 before its FS predecessor A (16 h, not started); 8 h of B remain
    return net(site, [Activity("A", duration_hours=16),
                      Activity("B", duration_hours=16, actual_start=dt(1, 8), remaining_hours=8)],
               [("A", "B", FS, 0)])


def test_retained_logic_waits_for_the_predecessor(site):
    r = run(_out_of_sequence(site), retained_logic=True)
    # A Sat 3 + Sun 4 -> Sun 17:00; B's remaining 8 h wait: Mon 5 08:00-17:00 (P6's early start of a
    # started activity is its remaining early start); its late start is the remaining late start
    assert r["B"].early_start == dt(5, 8) and r["B"].early_finish == dt(5, 17)
    assert r["B"].late_start == dt(5, 8) and r["B"].total_float_hours == 0
    assert r.out_of_sequence == [("A", "B")]


def test_progress_override_ignores_the_predecessor(site):
    r = run(_out_of_sequence(site), retained_logic=False)
    # B's remaining 8 h run from the data date: Sat 3 08:00-17:00
    assert r["B"].early_finish == dt(3, 17)


# -- sched_lag_early_start_flag ----------------------------------------------------------------
@pytest.mark.parametrize("flag,b_start", [
    # off: SS lag 24 h from A's actual start Thu 1 08:00: Thu 1 (8), Sat 3 (16), Sun 4 (24) -> Mon 5 08:00
    (False, dt(5, 8)),
    # on: from A's remaining early start = data date Sat 3 08:00: Sat, Sun, Mon -> Mon 17:00 -> Wed 7 08:00
    (True, dt(7, 8)),
])
def test_ss_lag_from_early_start_option(site, flag, b_start):
    n = net(site, [Activity("A", duration_hours=40, actual_start=dt(1, 8), remaining_hours=16),
                   Activity("B", duration_hours=8)], [("A", "B", SS, 24)])
    assert run(n, lag_from_early_start=flag)["B"].early_start == b_start


# -- critical_drtn_hr_cnt, critical_path_type, plan_end_date (must finish by) --------------------
def _parallel(site):
    # A 16 h (Sat-Sun) and B 8 h (Sat) both FS to C 8 h (Mon 5). B can slip 8 h (to Sun 17:00).
    return net(site, [Activity("A", duration_hours=16), Activity("B", duration_hours=8),
                      Activity("C", duration_hours=8)], [("A", "C", FS, 0), ("B", "C", FS, 0)])


def test_critical_threshold_option(site):
    assert run(_parallel(site))["B"].total_float_hours == 8
    assert run(_parallel(site), critical_float_hours=0).critical_path == ["A", "C"]
    assert run(_parallel(site), critical_float_hours=8).critical_path == ["A", "B", "C"]


def test_must_finish_by_sets_the_late_finish(site):
    # C ends Mon 5 17:00; must finish by Thu 8 17:00 -> C may slip Wed 7 + Thu 8 = 16 h; A 16 h; B 24 h
    r = run(_parallel(site), must_finish_by=dt(8, 17))
    assert [r[c].total_float_hours for c in "ABC"] == [16, 24, 16]
    assert r["C"].late_finish == dt(8, 17) and r.critical_path == []
    # must finish by Sun 4 17:00 is 8 h too early for C: negative float along A-C
    late = run(_parallel(site), must_finish_by=dt(4, 17))
    assert [late[c].total_float_hours for c in "ABC"] == [-8, 0, -8]


def test_longest_path_option_ignores_the_float_threshold(site):
    # with 16 h of float everywhere nothing is critical by float, the longest path is still A-C
    r = run(_parallel(site), must_finish_by=dt(8, 17), critical_by=CriticalBy.LONGEST_PATH)
    assert r.critical_path == ["A", "C"]


# -- sched_open_critical_flag --------------------------------------------------------------------
def test_open_ended_activities_critical_option(site):
    # A 16 h -> C 8 h (Mon 5); B 8 h (Sat) has no successor: late finish = project finish Mon 5 17:00,
    # so B may slip Sun + Mon = 16 h
    n = net(site, [Activity("A", duration_hours=16), Activity("B", duration_hours=8),
                   Activity("C", duration_hours=8)], [("A", "C", FS, 0)])
    assert run(n)["B"].total_float_hours == 16 and not run(n)["B"].critical
    r = run(n, open_ends_critical=True)
    assert r["B"].critical and r["B"].total_float_hours == 16  # flagged, float unchanged


# -- sched_use_expect_end_flag -------------------------------------------------------------------
@pytest.mark.parametrize("use,a_finish,remaining,b_start", [
    (False, dt(3, 17), 8, dt(4, 8)),  # 8 h remain from the data date: Sat 3 -> B Sun 4
    # expected finish Mon 5 17:00: remaining = Sat 3 + Sun 4 + Mon 5 = 24 h; B after Tue holiday: Wed 7
    (True, dt(5, 17), 24, dt(7, 8)),
])
def test_expected_finish_option(site, use, a_finish, remaining, b_start):
    n = net(site, [Activity("A", duration_hours=40, actual_start=dt(1, 8), remaining_hours=8,
                            expected_finish=dt(5, 17)), Activity("B", duration_hours=8)], [("A", "B", FS, 0)])
    r = run(n, use_expected_finish=use)
    assert (r["A"].early_finish, r["A"].remaining_hours, r["B"].early_start) == (a_finish, remaining, b_start)


# -- sched_float_type ----------------------------------------------------------------------------
@pytest.mark.parametrize("ftype", list(FloatType))
def test_float_type_on_one_calendar(site, ftype):
    # For an unprogressed activity LS-ES and LF-EF are the same working time on its own calendar (the
    # duration is fixed), and P6 measures a started activity by its remaining dates, i.e. finish float.
    # So every float type gives B 8 h and the started A (16 h remain, -> Sun 17:00) 0 h.
    n = net(site, [Activity("A", duration_hours=40, actual_start=dt(1, 8), remaining_hours=16),
                   Activity("B", duration_hours=8), Activity("C", duration_hours=8)],
            [("A", "C", FS, 0), ("B", "C", FS, 0)])
    r = run(n, float_type=ftype)
    assert (r["A"].total_float_hours, r["B"].total_float_hours) == (0, 8)


# -- reading every option from an XER ------------------------------------------------------------
HEAD = "ERMHDR\t19.12\t2026-01-02\tProject\tadmin\tAdmin\tdb\tProject Management\tBDT\r\n"
TASKS = ("%T\tTASK\r\n%F\ttask_id\tproj_id\ttask_code\ttarget_drtn_hr_cnt\r\n%R\t1\t1\tA\t8\r\n")


def _xer(project: dict[str, str], schedoptions: dict[str, str] | None = None) -> bytes:
    p = {"proj_id": "1", "proj_short_name": "P", **project}
    out = HEAD + "%T\tPROJECT\r\n%F\t" + "\t".join(p) + "\r\n%R\t" + "\t".join(p.values()) + "\r\n"
    if schedoptions:
        so = {"proj_id": "1", **schedoptions}
        out += "%T\tSCHEDOPTIONS\r\n%F\t" + "\t".join(so) + "\r\n%R\t" + "\t".join(so.values()) + "\r\n"
    return (out + TASKS + "%E\r\n").encode()


@pytest.mark.parametrize("field,value,attr,expected", [
    ("last_recalc_date", "2026-02-01 08:00", "data_date", datetime(2026, 2, 1, 8)),
    ("plan_end_date", "2026-06-30 17:00", "must_finish_by", datetime(2026, 6, 30, 17)),
    ("critical_drtn_hr_cnt", "16", "critical_float_hours", 16.0),
    ("critical_path_type", "CT_DrivPath", "critical_by", CriticalBy.LONGEST_PATH),
    ("sched_progress_override", "Y", "retained_logic", False),
    ("sched_calendar_on_relationship_lag", "rcal_24Hour", "lag_calendar", LagCalendar.HOURS_24),
    ("sched_calendar_on_relationship_lag", "rcal_ProjDefault", "lag_calendar", LagCalendar.PROJECT_DEFAULT),
    ("sched_calendar_on_relationship_lag", "rcal_Predecessor", "lag_calendar", LagCalendar.PREDECESSOR),
    ("sched_float_type", "FT_SS", "float_type", FloatType.START),
    ("sched_float_type", "FT_Min", "float_type", FloatType.SMALLEST),
    ("sched_float_type", "FT_FF", "float_type", FloatType.FINISH),
    ("sched_lag_early_start_flag", "Y", "lag_from_early_start", True),
    ("sched_open_critical_flag", "Y", "open_ends_critical", True),
    ("sched_use_expect_end_flag", "Y", "use_expected_finish", True),
    ("sched_outer_depend_type", "SD_Both", "ignore_external_relationships", False),
    ("sched_use_project_end_date_for_float", "N", "float_on_project_finish", False),
])
@pytest.mark.parametrize("table", ["PROJECT", "SCHEDOPTIONS"])
def test_every_option_field_is_read(field, value, attr, expected, table):
    on_project = table == "PROJECT" or not field.startswith("sched_")
    data = _xer({field: value}) if on_project else _xer({}, {field: value})
    assert getattr(load_xer(data).options, attr) == expected


def test_schedoptions_row_wins_over_project_fields():
    p = load_xer(_xer({"sched_float_type": "FT_SS"}, {"sched_float_type": "FT_Min"}))
    assert p.options.float_type is FloatType.SMALLEST


def test_actual_dates_mode_is_reported_not_silently_changed():
    p = load_xer(_xer({"sched_retained_logic": "N", "sched_progress_override": "N"}))
    assert p.options.retained_logic and any("Actual Dates" in w for w in p.warnings)


def test_expected_finish_read_from_the_task():
    data = _xer({}).replace(b"target_drtn_hr_cnt\r\n%R\t1\t1\tA\t8",
                            b"target_drtn_hr_cnt\texpect_end_date\r\n%R\t1\t1\tA\t8\t2026-01-05 17:00")
    assert load_xer(data).network.activities[0].expected_finish == datetime(2026, 1, 5, 17)


# -- sched_outer_depend_type with TASK.external_early_start_date / external_late_end_date --------
@pytest.mark.parametrize("ignore,a_start,a_finish,b_float", [
    # ignored: A 16 h Sat 3 + Sun 4 -> Sun 17:00; B (8 h, Sat) may slip to the project finish: 8 h
    (True, dt(3, 8), dt(4, 17), 8),
    # honoured: A waits for its external predecessor (Mon 5 08:00): Mon 5, (Tue holiday), Wed 7 -> Wed 17:00;
    # B must finish by its external successor's late start, Sat 3 17:00: no float left
    (False, dt(5, 8), dt(7, 17), 0),
])
def test_external_dates_option(site, ignore, a_start, a_finish, b_float):
    n = net(site, [Activity("A", duration_hours=16, external_early_start=dt(5, 8)),
                   Activity("B", duration_hours=8, external_late_finish=dt(3, 17))], [])
    r = run(n, ignore_external_relationships=ignore)
    assert (r["A"].early_start, r["A"].early_finish, r["B"].total_float_hours) == (a_start, a_finish, b_float)


def test_external_dates_read_and_written():
    from vextrus.modules.projects.domain.xer import dump_xer

    data = _xer({"sched_outer_depend_type": "SD_Both"}).replace(
        b"target_drtn_hr_cnt\r\n%R\t1\t1\tA\t8",
        b"target_drtn_hr_cnt\texternal_early_start_date\texternal_late_end_date\r\n"
        b"%R\t1\t1\tA\t8\t2026-01-05 08:00\t2026-01-20 17:00")
    p = load_xer(data)
    again = load_xer(dump_xer(p.network, p.options))
    a = again.network.activities[0]
    assert (a.external_early_start, a.external_late_finish) == (datetime(2026, 1, 5, 8), datetime(2026, 1, 20, 17))
    assert again.options.ignore_external_relationships is False


def test_p6_defaults_when_the_file_is_silent():
    # P6's own defaults: predecessor calendar for lags, expected finish dates used, finish float,
    # retained logic, critical at total float <= 0, open ends not forced critical
    o = load_xer(_xer({})).options
    assert (o.lag_calendar, o.use_expected_finish, o.float_type, o.retained_logic) == (
        LagCalendar.PREDECESSOR, True, FloatType.FINISH, True)
    assert (o.critical_by, o.critical_float_hours, o.open_ends_critical) == (CriticalBy.TOTAL_FLOAT, 0, False)
