"""MS Project's manually scheduled tasks (MSPDI ``<Manual>1</Manual>``, issue 11).

MS Project does not move a manually scheduled task when its links change: it stays at the Start the user
entered, and its successors are scheduled from it. Vextrus pins it there (ConstraintType.MANUALLY_SCHEDULED).
Site calendar (projects_testkit): Sat-Thu 08-12/13-17, Friday off, Tue 6 Jan 2026 a holiday.
"""

from __future__ import annotations

from datetime import datetime

from projects_testkit import DATA_DATE, dt

from vextrus.modules.projects import interchange, service
from vextrus.modules.projects.domain.cpm import schedule
from vextrus.modules.projects.domain.mspdi import load_mspdi
from vextrus.modules.projects.domain.network import (
    Activity,
    Constraint,
    ConstraintType,
    Network,
    Relationship,
    RelType,
    ScheduleOptions,
)
from vextrus.modules.projects.domain.xer import load_xer

MANUAL = ConstraintType.MANUALLY_SCHEDULED


def _manual(code: str, hours: float, start: datetime) -> Activity:
    return Activity(code, duration_hours=hours, constraint=Constraint(MANUAL, start))


def _net(site, acts, rels) -> Network:  # noqa: ANN001
    return Network(acts, rels, {"site": site}, "site")


# -- the engine (pure) --------------------------------------------------------------------------

def test_a_manual_task_stays_where_it_was_put_and_its_successor_follows_it(site):
    # A (16 h) -> M (manual, put on Wed 7) -> B: automatic, M would start Mon 5
    net = _net(site, [Activity("A", duration_hours=16), _manual("M", 8, dt(7, 8)), Activity("B", duration_hours=8)],
               [Relationship("A", "M"), Relationship("M", "B")])
    r = schedule(net, ScheduleOptions(data_date=DATA_DATE))
    assert (r["M"].early_start, r["M"].early_finish) == (dt(7, 8), dt(7, 17))
    assert r["B"].early_start == dt(8, 8)  # from M's finish, not from A's
    assert r["A"].early_finish == dt(4, 17) and r["A"].total_float_hours == 8.0  # Mon 5 to spare (Tue 6 a holiday)


def test_a_manual_task_put_before_its_predecessor_finishes_is_not_pushed_and_the_conflict_shows(site):
    net = _net(site, [Activity("A", duration_hours=16), _manual("M", 8, dt(3, 8)), Activity("B", duration_hours=8)],
               [Relationship("A", "M"), Relationship("M", "B")])
    r = schedule(net, ScheduleOptions(data_date=DATA_DATE))
    assert (r["M"].early_start, r["M"].early_finish) == (dt(3, 8), dt(3, 17))
    assert r["B"].early_start == dt(4, 8)
    # A must finish before M starts, which it cannot: negative float, as MS Project shows
    assert r["A"].total_float_hours == -16.0 and r["A"].critical
    assert r["M"].total_float_hours == 0.0


def test_a_manual_task_before_the_data_date_keeps_its_dates(site):
    net = _net(site, [_manual("M", 8, dt(3, 8)), Activity("B", duration_hours=8)], [Relationship("M", "B")])
    r = schedule(net, ScheduleOptions(data_date=dt(5, 8)))
    assert r["M"].early_start == dt(3, 8)
    assert r["B"].early_start == dt(5, 8)  # unstarted work still starts at the data date at the earliest


def test_the_same_constraint_on_a_started_task_is_left_to_its_actual_dates(site):
    m = _manual("M", 16, dt(7, 8))
    m.actual_start, m.remaining_hours = dt(3, 8), 8
    r = schedule(_net(site, [m], []), ScheduleOptions(data_date=dt(4, 8)))
    assert r["M"].early_start == dt(4, 8) and r["M"].early_finish == dt(4, 17)


def _with_end_on_wed_7(site, first: Activity, rel: RelType, lag: float = 0):  # noqa: ANN001, ANN202
    # C (32 h: Sat 3 .. Wed 7) sets the project's finish; first -> S (8 h)
    return _net(site, [first, Activity("S", duration_hours=8), Activity("C", duration_hours=32)],
                [Relationship(first.code, "S", rel, lag)])


def test_a_manual_tasks_late_finish_is_written_where_ms_project_writes_it(site):
    """MS Project writes it at the start of the next working time (the successor's late start), not at
    the end of the working time before: the same working moment, so the float does not change."""
    auto = schedule(_with_end_on_wed_7(site, Activity("M", duration_hours=8), RelType.FS),
                    ScheduleOptions(data_date=DATA_DATE))
    man = schedule(_with_end_on_wed_7(site, _manual("M", 8, dt(3, 8)), RelType.FS),
                   ScheduleOptions(data_date=DATA_DATE))
    assert auto["M"].late_finish == dt(5, 17) and man["M"].late_finish == dt(7, 8)  # Tue 6 is a holiday
    assert auto["M"].late_start == man["M"].late_start == dt(5, 8)
    assert auto["M"].total_float_hours == man["M"].total_float_hours == 16.0


def test_a_start_to_start_successor_does_not_hold_a_manual_task(site):
    """As MS Project 2016 and 2019 stored it (corpus): a manual task's SS and SF successors leave it the
    project's late finish; an automatic task is held by them."""
    for rel, lag in ((RelType.SS, 8), (RelType.SF, 16)):  # both would hold M to finish by Mon 5 17:00
        auto = schedule(_with_end_on_wed_7(site, Activity("M", duration_hours=8), rel, lag),
                        ScheduleOptions(data_date=DATA_DATE))
        man = schedule(_with_end_on_wed_7(site, _manual("M", 8, dt(3, 8)), rel, lag),
                       ScheduleOptions(data_date=DATA_DATE))
        assert man["M"].late_finish == dt(7, 17) and man["M"].total_float_hours == 24.0
        assert auto["M"].late_finish == dt(5, 17) and auto["M"].total_float_hours == 16.0
        assert man["S"].early_start == auto["S"].early_start  # the successor is scheduled from it all the same


# -- the MSPDI reader (pure) --------------------------------------------------------------------

def _mspdi(tasks: str) -> bytes:
    return f"""<?xml version="1.0"?>
<Project xmlns="http://schemas.microsoft.com/project"><Name>Boundary wall</Name>
<StartDate>2026-01-05T08:00:00</StartDate><NewTasksAreManual>1</NewTasksAreManual>
<Tasks>
 <Task><UID>0</UID><ID>0</ID><Name>Boundary wall</Name><Summary>1</Summary><Manual>1</Manual></Task>
 {tasks}
</Tasks></Project>""".encode()


WALL = _mspdi("""
 <Task><UID>1</UID><ID>1</ID><Name>Wall footing</Name><Manual>0</Manual><Duration>PT16H0M0S</Duration></Task>
 <Task><UID>2</UID><ID>2</ID><Name>Brick wall</Name><Manual>1</Manual><Start>2026-01-08T08:00:00</Start>
   <Finish>2026-01-09T17:00:00</Finish><Duration>PT16H0M0S</Duration>
   <ConstraintType>4</ConstraintType><ConstraintDate>2026-01-05T08:00:00</ConstraintDate>
   <PredecessorLink><PredecessorUID>1</PredecessorUID><Type>1</Type></PredecessorLink></Task>
 <Task><UID>3</UID><ID>3</ID><Name>Coping</Name><Duration>PT8H0M0S</Duration>
   <PredecessorLink><PredecessorUID>2</PredecessorUID><Type>1</Type></PredecessorLink></Task>
""")


def test_the_reader_pins_a_manual_task_at_its_start_and_leaves_automatic_ones_alone():
    p = load_mspdi(WALL)
    acts = {a.code: a for a in p.network.activities}
    assert acts["1"].constraint is None and acts["3"].constraint is None
    assert acts["2"].constraint == Constraint(MANUAL, datetime(2026, 1, 8, 8))  # its own constraint does not apply
    r = schedule(p.network, p.options)  # MSPDI without calendars: Mon-Fri 08-12/13-17
    assert r["1"].early_finish == datetime(2026, 1, 6, 17)
    assert (r["2"].early_start, r["2"].early_finish) == (datetime(2026, 1, 8, 8), datetime(2026, 1, 9, 17))
    assert r["3"].early_start == datetime(2026, 1, 12, 8)


def test_a_manual_task_without_a_start_is_scheduled_automatically_with_a_warning():
    p = load_mspdi(_mspdi("<Task><UID>1</UID><ID>1</ID><Name>TBD</Name><Manual>1</Manual>"
                          "<Duration>PT8H0M0S</Duration></Task>"))
    assert p.network.activities[0].constraint is None
    assert any("manually scheduled without a start date" in str(w) for w in p.warnings)


# -- import, schedule and export through the service (both databases) --------------------------

def test_an_imported_manual_task_is_kept_stored_scheduled_and_exported(db, admin):
    report = interchange.import_file(WALL, "wall.xml", code="WALL")
    assert report.format == "mspdi" and report.activities == 3
    service.schedule_project("WALL")
    acts = {a.code: a for a in service.list_activities("WALL")}
    assert acts["2"].constraint_type == "manually_scheduled" and acts["2"].constraint_date == datetime(2026, 1, 8, 8)
    assert (acts["2"].early_start, acts["2"].early_finish) == (datetime(2026, 1, 8, 8), datetime(2026, 1, 9, 17))
    assert acts["3"].early_start == datetime(2026, 1, 12, 8)
    assert acts["1"].total_float_hours == 8.0  # Wed 7 to spare before the wall
    # P6 has no manual task: the export writes start-on-or-after at the pinned start
    again = {a.code: a for a in load_xer(interchange.export_xer("WALL")).network.activities}
    assert again["2"].constraint == Constraint(ConstraintType.START_ON_OR_AFTER, datetime(2026, 1, 8, 8))
