"""XER import -> export -> import keeps everything the first import brought in, and schedules the same."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from vextrus.modules.projects import interchange, service
from vextrus.modules.projects.tables import Activity as ActivityRow
from vextrus.modules.projects.tables import (
    ActivityCode,
    Assignment,
    CalendarException,
    Resource,
    Wbs,
)
from vextrus.modules.projects.tables import Calendar as CalendarRow
from vextrus.modules.projects.tables import Project as ProjectRow
from vextrus.platform.uow import unit_of_work

DATA = Path(__file__).parent / "data"


def snapshot(code: str) -> dict:
    """Everything stored for a project, keyed by business codes/names (never by ids)."""
    with unit_of_work() as uow:
        s = uow.session
        p = s.execute(select(ProjectRow).where(ProjectRow.code == code)).scalar_one()
        cals = {c.id: c for c in s.execute(select(CalendarRow)).scalars()}
        exc: dict = {}
        for e in s.execute(select(CalendarException)).scalars():
            exc.setdefault(e.calendar_id, set()).add((e.day, e.hours))
        wbs = {w.id: w for w in s.execute(select(Wbs).where(Wbs.project_id == p.id)).scalars()}
        acts = {a.id: a for a in s.execute(select(ActivityRow).where(ActivityRow.project_id == p.id)).scalars()}

        def cal(cid):
            c = cals[cid or p.default_calendar_id]
            return (c.name, tuple(sorted(c.work_week.items())), frozenset(exc.get(c.id, ())))

        res = {r.id: r for r in s.execute(select(Resource).where(Resource.project_id == p.id)).scalars()}
        return {
            "options": (p.schedule_options, p.must_finish_by, p.data_date, cal(None)),
            "wbs": {(w.code, w.name, wbs[w.parent_id].code if w.parent_id else None) for w in wbs.values()},
            "activities": {(a.code, a.name, a.type, a.duration_hours, cal(a.calendar_id),
                            wbs[a.wbs_id].code if a.wbs_id else None, a.constraint_type, a.constraint_date,
                            a.constraint2_type, a.constraint2_date, a.actual_start, a.actual_finish,
                            a.remaining_hours, a.percent_complete, a.expected_finish, a.external_early_start,
                            a.external_late_finish) for a in acts.values()},
            "relationships": {(r.predecessor, r.successor, r.type, r.lag_hours)
                              for r in service.list_relationships(code)},
            "resources": {(r.code, r.name, r.kind, r.unit, r.rate) for r in res.values()},
            "assignments": {(acts[a.activity_id].code, res[a.resource_id].code, a.budget_qty, a.actual_qty,
                             a.budget_cost) for a in s.execute(select(Assignment)).scalars()
                            if a.activity_id in acts},
            "codes": {(acts[c.activity_id].code, c.code_type, c.value)
                      for c in s.execute(select(ActivityCode)).scalars() if c.activity_id in acts},
        }


def dates(code: str) -> dict:
    return {a.code: (a.early_start, a.early_finish, a.late_start, a.late_finish, a.total_float_hours,
                     a.free_float_hours, a.critical) for a in service.list_activities(code)}


@pytest.mark.parametrize("name,code", [("tower_a.xer", "TOWER-A"), ("tower_b.xer", "TOWER-B")])
def test_import_export_import_round_trips_everything(db, admin, name, code):
    interchange.import_xer((DATA / name).read_bytes())
    service.schedule_project(code)
    again = interchange.import_xer(interchange.export_xer(code), code="COPY")
    assert again.projects == ["COPY"] and not [s for s in again.skipped if s.table != "PROJECT"]
    service.schedule_project("COPY")
    first, second = snapshot(code), snapshot("COPY")
    for part in first:
        assert first[part] == second[part], part
    assert dates(code) == dates("COPY")


def test_rich_file_keeps_units_rates_codes_and_every_option(db, admin):
    report = interchange.import_xer((DATA / "tower_b.xer").read_bytes())
    assert (report.resources, report.assignments, report.activity_codes) == (3, 3, 4)
    snap = snapshot("TOWER-B")
    # unit from UMEASURE, the latest RSRCRATE rate; a labour rate given on RSRC itself; equipment in hours
    assert snap["resources"] == {("PILER", "Piling rig", "equipment", "h", Decimal("1500.00")),
                                 ("CEMENT", "Cement", "material", "bag", Decimal("575.25")),
                                 ("MASON", "Mason", "labor", "h", Decimal("350.00"))}
    assert ("B110", "MASON", Decimal("16"), Decimal("8"), Decimal("5600")) in snap["assignments"]
    assert ("B120", "Area", "NORTH") in snap["codes"]
    opts = snap["options"][0]
    assert opts["float_type"] == "smallest" and opts["lag_calendar"] == "predecessor"
    assert opts["critical_float_hours"] == 8 and opts["open_ends_critical"] and opts["use_expected_finish"]
    assert opts["lag_from_early_start"] and opts["retained_logic"]
    assert str(snap["options"][1]) == "2026-01-22 17:00:00"  # PROJECT.plan_end_date = must finish by
    exported = interchange.export_xer("TOWER-B").decode("cp1252")
    for field in ("FT_Min", "rcal_Predecessor", "sched_open_critical_flag", "expect_end_date", "%T\tRSRCRATE",
                  "%T\tUMEASURE", "%T\tTASKACTV"):
        assert field in exported


def test_a_code_can_rename_only_a_single_project_file(db, admin):
    from vextrus.platform.errors import ValidationFailed

    two = (DATA / "tower_a.xer").read_bytes().replace(
        b"%R\t10\tTOWER-A\t7\t2026-01-03 08:00\t\t0\tCT_TotFloat",
        b"%R\t10\tTOWER-A\t7\t2026-01-03 08:00\t\t0\tCT_TotFloat\r\n%R\t11\tTOWER-Z\t7\t2026-01-03 08:00\t\t0\tCT_TotFloat")
    with pytest.raises(ValidationFailed):
        interchange.import_xer(two, code="X")
    assert service.list_projects() == []
