"""XER/MSPDI import into the database, export, and the `vextrus projects` CLI end to end."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from vextrus.modules.projects import interchange, service
from vextrus.modules.projects.domain.xer import load_xer
from vextrus.modules.projects.domain.xer_format import XerError
from vextrus.modules.projects.tables import (
    Activity,
    ActivityCode,
    Assignment,
    Calendar,
    Project,
    Relationship,
)
from vextrus.platform import context
from vextrus.platform.errors import Conflict
from vextrus.platform.tables import Tenant

DATA = Path(__file__).parent / "data"
TOWER = (DATA / "tower_a.xer").read_bytes()


def _count(db, model) -> int:
    with db.session_factory() as s:
        return s.execute(select(func.count()).select_from(model)).scalar()


def test_xer_import_brings_every_table_then_schedules_like_the_file(db, admin):
    report = interchange.import_xer(TOWER)
    assert report.projects == ["TOWER-A"] and report.activities == 4 and report.relationships == 4
    assert report.resources == 1 and report.assignments == 1 and report.activity_codes == 1
    assert any(s.table == "UDFVALUE" for s in report.skipped)  # read but not interpreted: reported
    s = service.schedule_project("TOWER-A")
    acts = {a.code: a for a in service.list_activities("TOWER-A")}
    # same hand calculation as the domain test: A1020 Sun 08:00 (SNET) .. Wed 7 17:00 over the Tue holiday
    assert str(acts["A1020"].early_finish) == "2026-01-07 17:00:00" and acts["A1010"].total_float_hours == 8
    assert s.project_finish == acts["M9999"].early_finish


def test_export_round_trips_through_the_domain_reader(db, admin):
    interchange.import_xer(TOWER)
    service.schedule_project("TOWER-A")
    again = load_xer(interchange.export_xer("TOWER-A"))
    assert {a.code for a in again.network.activities} == {"A1000", "A1010", "A1020", "M9999"}
    assert len(again.network.relationships) == 4 and again.short_name == "TOWER-A"


@pytest.mark.parametrize(("broken", "where"), [
    (TOWER.replace(b"%E", b""), ("UDFVALUE", None)),  # truncated
    (TOWER.replace(b"\t4\t4\t3\t10\t10\tPR_FS\t0", b"\t4\t4\t3\t10\t10\tPR_FS\t0\tX"),
     ("TASKPRED", None)),  # a row of a used table with more fields than its %F line
    (TOWER.replace(b"TK_NotStart\t16\t16", b"TK_NotStart\tlong\t16"), ("TASK", "target_drtn_hr_cnt")),
])
def test_malformed_xer_leaves_nothing_imported(db, admin, broken, where):
    with pytest.raises(XerError) as exc:
        interchange.import_file(broken, "tower_a.xer")
    assert exc.value.code == "xer_invalid" and exc.value.field and exc.value.line
    assert (exc.value.table, exc.value.details["field"]) == where
    assert exc.value.details["file"] == "tower_a.xer" and "tower_a.xer" in exc.value.message
    for model in (Project, Activity, Relationship, Assignment, ActivityCode):
        assert _count(db, model) == 0, model


def test_the_same_project_twice_is_refused_whole(db, admin):
    interchange.import_xer(TOWER)
    before = _count(db, Activity), _count(db, Calendar)
    with pytest.raises(Conflict):
        interchange.import_xer(TOWER)
    assert (_count(db, Activity), _count(db, Calendar)) == before


MSPDI = b"""<?xml version="1.0"?>
<Project xmlns="http://schemas.microsoft.com/project"><Name>Boundary wall</Name>
<StartDate>2026-01-03T08:00:00</StartDate>
<Tasks>
 <Task><UID>1</UID><ID>1</ID><Name>Wall footing</Name><Duration>PT16H0M0S</Duration></Task>
 <Task><UID>2</UID><ID>2</ID><Name>Brick wall</Name><Duration>PT24H0M0S</Duration>
   <PredecessorLink><PredecessorUID>1</PredecessorUID><Type>1</Type></PredecessorLink></Task>
</Tasks></Project>"""


def test_mspdi_import_then_schedule(db, admin):
    report = interchange.import_file(MSPDI, "wall.xml", code="WALL")
    assert report.format == "mspdi" and report.activities == 2 and report.relationships == 1
    s = service.schedule_project("WALL")
    assert s.scheduled and s.project_finish > s.data_date


def _cli(db, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "VEXTRUS_DATABASE_URL": db.settings.database_url, "VEXTRUS_SECRET_KEY": "s" * 48,
           "VEXTRUS_DATA_DIR": str(db.settings.data_dir), "PYTHONPATH": str(Path(__file__).parents[3] / "src")}
    return subprocess.run([sys.executable, "-m", "vextrus.cli", "projects", *args], env=env,
                          capture_output=True, text=True, timeout=120)


def test_cli_import_schedule_activities_json(db, tenant_id, tmp_path):
    with context.acting_as(context.system_context()), db.session_factory() as s:
        code = s.get(Tenant, tenant_id).code
    xer = tmp_path / "tower.xer"
    xer.write_bytes(TOWER)
    r = _cli(db, "import", str(xer), "--tenant", code)
    assert r.returncode == 0, r.stderr
    assert "imported TOWER-A: 4 activities" in r.stdout and "warning: UDFVALUE line" in r.stdout
    r = _cli(db, "schedule", "TOWER-A", "--data-date", "2026-01-03T08:00", "--tenant", code)
    assert r.returncode == 0, r.stderr
    assert "finish 2026-01-07 17:00" in r.stdout
    r = _cli(db, "activities", "TOWER-A", "--format", "json", "--tenant", code)
    assert r.returncode == 0, r.stderr
    rows = {x["code"]: x for x in json.loads(r.stdout)}
    assert rows["A1020"]["early_start"] == "2026-01-04T08:00" and rows["A1020"]["early_finish"] == "2026-01-07T17:00"
    assert rows["A1010"]["total_float_hours"] == 8.0 and rows["A1010"]["critical"] is False
    assert rows["A1020"]["critical"] is True and rows["A1020"]["free_float_hours"] == 0.0
    broken = tmp_path / "broken.xer"
    broken.write_bytes(TOWER.replace(b"%E", b""))
    r = _cli(db, "import", str(broken), "--tenant", code)
    assert r.returncode == 1 and "xer_invalid" in r.stderr and "UDFVALUE" in r.stderr
    out = tmp_path / "out.xer"
    r = _cli(db, "export", "TOWER-A", "--format", "xer", "-o", str(out), "--tenant", code)
    assert r.returncode == 0 and out.read_bytes().startswith(b"ERMHDR")
    assert "Bored piling \u2013 B\u00e9ton".encode("cp1252") in out.read_bytes()  # P6's cp1252


def test_cli_import_on_a_fresh_database_says_to_create_a_company_first(tmp_path):
    env = {**os.environ, "VEXTRUS_DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.db'}", "VEXTRUS_SECRET_KEY": "s" * 48,
           "VEXTRUS_DATA_DIR": str(tmp_path), "PYTHONPATH": str(Path(__file__).parents[3] / "src")}
    xer = tmp_path / "tower.xer"
    xer.write_bytes(TOWER)
    r = subprocess.run([sys.executable, "-m", "vextrus.cli", "projects", "import", str(xer)], env=env,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode != 0 and "Traceback" not in r.stderr  # the platform's one-line configuration error
    assert "no company exists yet" in r.stderr and "vextrus companies create CODE --name" in r.stderr
    assert "several tenants" not in r.stderr


def test_a_new_duration_of_an_unstarted_imported_activity_is_scheduled(db, admin):
    # the XER gives A1020 a remaining duration (24 h); changing its duration before it starts must count
    interchange.import_xer(TOWER)
    service.update_activity("TOWER-A", "A1020", duration_hours=32)
    service.schedule_project("TOWER-A")
    a = next(x for x in service.list_activities("TOWER-A") if x.code == "A1020")
    # Sun 4 08:00 (SNET) + 32 h: Sun 4, Mon 5, (Tue 6 holiday), Wed 7, Thu 8 -> Thu 8 17:00
    assert str(a.early_finish) == "2026-01-08 17:00:00" and a.remaining_hours is None
