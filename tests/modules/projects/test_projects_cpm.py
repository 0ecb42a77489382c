"""Hand-worked CPM networks on the site calendar (see conftest for the dates).

Every expected date below was worked out on paper from the calendar
Sat-Thu 08-12/13-17, Friday off, Tue 6 Jan 2026 a holiday.
"""


import pytest
from projects_testkit import DATA_DATE, dt

from vextrus.modules.projects.domain.baseline import compare
from vextrus.modules.projects.domain.calendar import Calendar
from vextrus.modules.projects.domain.cpm import schedule
from vextrus.modules.projects.domain.network import (
    Activity,
    ActivityType,
    Constraint,
    ConstraintType,
    CriticalBy,
    LagCalendar,
    Network,
    NetworkLoopError,
    Relationship,
    RelType,
    ScheduleError,
    ScheduleOptions,
)

FS, SS, FF, SF = RelType.FS, RelType.SS, RelType.FF, RelType.SF


def net(site, acts, rels, **kw) -> Network:
    return Network(acts, [Relationship(*r) for r in rels], {"site": site, **kw}, "site")


def run(network, **opts):
    return schedule(network, ScheduleOptions(data_date=opts.pop("data_date", DATA_DATE), **opts))


def every_type_network(site) -> Network:
    return net(site, [
        Activity("A", duration_hours=16),
        Activity("B", duration_hours=8),
        Activity("C", duration_hours=24),
        Activity("D", duration_hours=16),
        Activity("E", duration_hours=8),
        Activity("F", type=ActivityType.FINISH_MILESTONE),
    ], [
        ("A", "B", FS, 0), ("A", "C", SS, 4), ("B", "D", FF, 8),
        ("C", "E", SF, 16), ("C", "F", FS, 0), ("D", "F", FS, 0), ("E", "F", FS, -8),
    ])


def test_every_relationship_type_forward_pass(site):
    r = run(every_type_network(site))
    # A: 16 h from Sat 08:00 -> Sat + Sun -> finishes Sun 17:00.
    assert (r["A"].early_start, r["A"].early_finish) == (dt(3, 8), dt(4, 17))
    # B: FS from A -> next working minute after Sun 17:00 is Mon 08:00; 8 h -> Mon 17:00.
    assert (r["B"].early_start, r["B"].early_finish) == (dt(5, 8), dt(5, 17))
    # C: SS+4h: A starts Sat 08:00, 4 working hours end Sat 12:00, lunch -> starts Sat 13:00.
    #    24 h = Sat 4 + Sun 8 + Mon 8 + (Tue holiday) + Wed 4 -> Wed 12:00.
    assert (r["C"].early_start, r["C"].early_finish) == (dt(3, 13), dt(7, 12))
    # D: FF+8h from B: Mon 17:00 + 8 h (Tue holiday) = Wed 17:00; 16 h back -> Mon 08:00.
    assert (r["D"].early_start, r["D"].early_finish) == (dt(5, 8), dt(7, 17))
    # E: SF+16h from C: Sat 13:00 + 16 h = Sat 4 + Sun 8 + Mon 4 -> Mon 12:00; 8 h back Sun 13:00.
    assert (r["E"].early_start, r["E"].early_finish) == (dt(4, 13), dt(5, 12))
    # F: finish milestone at the latest of C (Wed 12), D (Wed 17), E-8h (Sun 13) -> Wed 17:00.
    assert r["F"].early_finish == dt(7, 17) == r.project_finish


def test_every_relationship_type_backward_pass_and_floats(site):
    r = run(every_type_network(site))
    # E: FS-8h to F (Wed 17:00): may finish 8 h after -> Thu 17:00. TF = Mon 12-17 + Wed + Thu = 20 h.
    assert r["E"].late_finish == dt(8, 17)
    assert r["E"].total_float_hours == 20
    # C: FS to F -> LF Wed 17:00, EF Wed 12:00 -> 4 h total float; its SF link to E
    #    drives E exactly (E finishes Mon 12:00 = C start + 16 h), so free float 0.
    assert r["C"].late_finish == dt(7, 17)
    assert (r["C"].total_float_hours, r["C"].free_float_hours) == (4, 0)
    # B: FF+8 to D (LF Wed 17:00) -> LF Mon 17:00: no float.
    assert r["B"].late_finish == dt(5, 17) and r["B"].total_float_hours == 0
    assert [c for c in r.critical_path] == ["A", "B", "D", "F"]


def test_longest_path_follows_driving_links(site):
    r = run(every_type_network(site), critical_by=CriticalBy.LONGEST_PATH)
    assert r.critical_path == ["A", "B", "D", "F"]


def test_must_finish_by_gives_negative_float(site):
    n = net(site, [Activity("A", duration_hours=16), Activity("B", duration_hours=16)],
            [("A", "B", FS, 0)])
    r = run(n, must_finish_by=dt(4, 17))
    # B runs Mon + (Tue holiday) + Wed -> Wed 17:00 but must finish Sun 17:00: -16 h.
    assert r["B"].early_finish == dt(7, 17)
    assert r["B"].total_float_hours == -16 and r["A"].total_float_hours == -16
    assert r.critical_path == ["A", "B"]


@pytest.mark.parametrize("ctype, when, es, ef, tf", [
    # Start on or after Wed 08:00: B moves from Mon to Wed-Thu; A keeps float to Wed.
    (ConstraintType.START_ON_OR_AFTER, dt(7, 8), dt(7, 8), dt(8, 17), 0),
    # Finish on or before Mon 17:00: B (Mon-Wed) is 8 h late -> -8 h.
    (ConstraintType.FINISH_ON_OR_BEFORE, dt(5, 17), dt(5, 8), dt(7, 17), -8),
    # Start on or before Sat 10 08:00: latest start; B's own LF Thu 8th (open end) rules -> 0.
    (ConstraintType.START_ON_OR_BEFORE, dt(10, 8), dt(5, 8), dt(7, 17), 0),
    # Finish on or after Sat 10 17:00: B finishes Sat 10 17:00, starts Thu 8 08:00.
    (ConstraintType.FINISH_ON_OR_AFTER, dt(10, 17), dt(8, 8), dt(10, 17), 0),
])
def test_soft_constraints(site, ctype, when, es, ef, tf):
    n = net(site, [Activity("A", duration_hours=16),
                   Activity("B", duration_hours=16, constraint=Constraint(ctype, when))],
            [("A", "B", FS, 0)])
    r = run(n)
    assert (r["B"].early_start, r["B"].early_finish) == (es, ef)
    assert r["B"].total_float_hours == tf


def test_mandatory_start_overrides_logic(site):
    n = net(site, [Activity("A", duration_hours=16),
                   Activity("B", duration_hours=8,
                            constraint=Constraint(ConstraintType.MANDATORY_START, dt(3, 8)))],
            [("A", "B", FS, 0)])
    r = run(n)
    # B is forced to Sat 08:00 although A finishes Sun 17:00; A's late finish is then
    # B's mandatory start (Sat 08:00 = end of Thu 1st): A gets -16 h float.
    assert r["B"].early_start == dt(3, 8)
    assert r["A"].total_float_hours == -16


def test_as_late_as_possible_uses_free_float(site):
    n = net(site, [Activity("A", duration_hours=24), Activity("B", duration_hours=8),
                   Activity("C", duration_hours=8,
                            constraint=Constraint(ConstraintType.AS_LATE_AS_POSSIBLE)),
                   Activity("Z", type=ActivityType.FINISH_MILESTONE)],
            [("A", "Z", FS, 0), ("B", "C", FS, 0), ("C", "Z", FS, 0)])
    r = run(n)
    # A: Sat, Sun, Mon -> Z at Mon 17:00. B Sat; C would be Sun but ALAP pushes it to Mon.
    assert r["C"].early_start == dt(5, 8) and r["C"].early_finish == dt(5, 17)
    assert r["B"].early_finish == dt(3, 17)


def test_start_and_finish_milestones_snap_differently(site):
    n = net(site, [Activity("A", duration_hours=16),
                   Activity("S", type=ActivityType.START_MILESTONE),
                   Activity("F", type=ActivityType.FINISH_MILESTONE)],
            [("A", "S", FS, 0), ("A", "F", FS, 0)])
    r = run(n)
    assert r["S"].early_start == dt(5, 8)  # the next working minute after Sun 17:00
    assert r["F"].early_finish == dt(4, 17)  # the moment A's work is complete


@pytest.mark.parametrize("lagcal, start", [
    (LagCalendar.HOURS_24, dt(4, 16)),  # Sat 16:00 + 24 elapsed hours = Sun 16:00 (a site hour)
    (LagCalendar.PREDECESSOR, dt(4, 16)),  # the predecessor works 24 h a day
    # successor calendar: Sat 16-17 (1) + Sun (8) + Mon (8) + Tue holiday + Wed 7 h -> Wed 16:00
    (LagCalendar.SUCCESSOR, dt(7, 16)),
    (LagCalendar.PROJECT_DEFAULT, dt(7, 16)),  # project default is the site calendar
])
def test_lag_calendar_option(site, lagcal, start):
    n = Network([Activity("P", duration_hours=8, calendar_id="24h"), Activity("S", duration_hours=1)],
                [Relationship("P", "S", FS, 24)],
                {"site": site, "24h": Calendar.continuous("24h")}, "site")
    r = run(n, lag_calendar=lagcal)
    assert r["P"].early_finish == dt(3, 16)
    assert r["S"].early_start == start


def progress_network(site) -> Network:
    # A started Sat 08:00 with 8 h left; B started Sun 08:00 although A (FS) is not finished.
    return net(site, [
        Activity("A", duration_hours=24, actual_start=dt(3, 8), remaining_hours=8),
        Activity("B", duration_hours=16, actual_start=dt(4, 8), percent_complete=50),
        Activity("C", duration_hours=8),
    ], [("A", "B", FS, 0), ("B", "C", FS, 0)])


def test_retained_logic_waits_for_the_predecessor(site):
    r = run(progress_network(site), data_date=dt(5, 8))
    # A: remaining 8 h from the data date Mon 08:00 -> Mon 17:00.
    assert r["A"].early_finish == dt(5, 17)
    # B: 50 % of 16 h left = 8 h, may only resume after A: Tue is a holiday -> Wed 08-17. As in P6 its
    # early start is the remaining early start (Wed 08:00), not the actual start (Sun 08:00).
    assert r["B"].early_start == dt(7, 8) and r["B"].early_finish == dt(7, 17)
    assert r["C"].early_start == dt(8, 8)
    assert r.out_of_sequence == [("A", "B")]


def test_progress_override_ignores_the_open_predecessor(site):
    r = run(progress_network(site), data_date=dt(5, 8), retained_logic=False)
    assert r["B"].early_finish == dt(5, 17)  # remaining 8 h straight from the data date
    assert r["C"].early_start == dt(7, 8)


@pytest.mark.parametrize("from_early, start", [
    (False, dt(5, 8)),  # Sat 08:00 actual start + 8 h = Sat 17:00, but not before the data date
    (True, dt(7, 8)),  # remaining start Mon 08:00 + 8 h = Mon 17:00 -> Wed (Tue holiday)
])
def test_ss_lag_from_actual_or_early_start(site, from_early, start):
    n = net(site, [Activity("A", duration_hours=24, actual_start=dt(3, 8), remaining_hours=8),
                   Activity("B", duration_hours=8)], [("A", "B", SS, 8)])
    r = run(n, data_date=dt(5, 8), lag_from_early_start=from_early)
    assert r["B"].early_start == start


def test_completed_activity_keeps_actual_dates(site):
    n = net(site, [Activity("A", duration_hours=8, actual_start=dt(3, 8), actual_finish=dt(4, 12)),
                   Activity("B", duration_hours=8)], [("A", "B", FS, 0)])
    r = run(n, data_date=dt(4, 8))
    assert r["A"].early_finish == dt(4, 12) and r["A"].total_float_hours is None
    assert r["B"].early_start == dt(4, 13)  # after lunch on Sunday


def test_level_of_effort_spans_its_neighbours(site):
    n = net(site, [Activity("A", duration_hours=16), Activity("B", duration_hours=8),
                   Activity("L", type=ActivityType.LEVEL_OF_EFFORT)],
            [("A", "B", FS, 0), ("A", "L", SS, 0), ("L", "B", FF, 0)])
    r = run(n)
    assert (r["L"].early_start, r["L"].early_finish) == (dt(3, 8), dt(5, 17))
    assert r["L"].remaining_hours == 24


def test_wbs_summary_spans_its_wbs(site):
    acts = [Activity("A", duration_hours=16, wbs_id="1.1"), Activity("B", duration_hours=8, wbs_id="1.2"),
            Activity("S", type=ActivityType.WBS_SUMMARY, wbs_id="1")]
    n = Network(acts, [Relationship("A", "B")], {"site": site}, "site",
                wbs_parent={"1": None, "1.1": "1", "1.2": "1"})
    r = run(n)
    assert (r["S"].early_start, r["S"].early_finish) == (dt(3, 8), dt(5, 17))


def test_loop_is_reported_by_activity_codes(site):
    n = net(site, [Activity(c, duration_hours=8) for c in "XABCY"],
            [("X", "A", FS, 0), ("A", "B", FS, 0), ("B", "C", SS, 0), ("C", "A", FF, 0), ("C", "Y", FS, 0)])
    with pytest.raises(NetworkLoopError) as exc:
        run(n)
    assert sorted(exc.value.cycle) == ["A", "B", "C"]
    assert "A" in str(exc.value)


def test_open_ends_are_listed(site):
    n = net(site, [Activity(c, duration_hours=8) for c in "ABCD"], [("A", "B", FS, 0), ("C", "B", FS, 0)])
    r = run(n)
    assert r.open_starts == ["A", "C", "D"]
    assert r.open_finishes == ["B", "D"]


def test_unknown_predecessor_is_a_clear_error(site):
    n = net(site, [Activity("A", duration_hours=8)], [("Q", "A", FS, 0)])
    with pytest.raises(ScheduleError, match="unknown activity Q"):
        run(n)


def test_baseline_comparison_reports_slip_and_float_erosion(site):
    base = run(every_type_network(site))
    later = every_type_network(site)
    later.activities[0].duration_hours = 24  # A grows one day
    cur = run(later)
    cmp = compare(base, cur, later)
    # A now ends Mon 17:00 instead of Sun 17:00: one working day = 8 h later.
    assert cmp["A"].finish_variance_hours == 8
    # B moves Mon -> Wed (Tue is a holiday): still 8 working hours later.
    assert cmp["B"].start_variance_hours == 8
    # C hangs off A's unchanged start (SS+4) so it does not move; the project end moves
    # from Wed 17:00 to Thu 17:00, so C's float grows by 8 h (4 h -> 12 h).
    assert cmp["C"].start_variance_hours == 0 and cmp["C"].float_change_hours == 8
    assert cmp.finish_slip_hours == 24


def test_loop_with_a_branch_hanging_off_it_is_found(site):
    # A -> B (B only hangs off the loop), A -> C, C -> A: the loop is A, C (not through B)
    from vextrus.modules.projects.domain.cpm import schedule
    from vextrus.modules.projects.domain.network import Activity, Network, Relationship, ScheduleOptions

    net = Network([Activity("A", duration_hours=8), Activity("B", duration_hours=8), Activity("C", duration_hours=8)],
                  [Relationship("A", "B"), Relationship("A", "C"), Relationship("C", "A")], {"site": site}, "site")
    with pytest.raises(NetworkLoopError) as exc:
        schedule(net, ScheduleOptions(data_date=DATA_DATE))
    assert set(exc.value.cycle) == {"A", "C"}
