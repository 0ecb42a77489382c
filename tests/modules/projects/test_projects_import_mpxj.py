"""`vextrus projects export` output opens and schedules in MPXJ (Primavera scheduler), and an export
re-imports to the same schedule (issue 11, item 4). MPXJ is a test oracle only (dev extra `mpxj`,
Java 17); the JVM starts once per test session."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from vextrus.modules.projects import interchange, service

mpxj = pytest.importorskip("mpxj")
import jpype  # noqa: E402  (mpxj puts its jars on the class path first)

DATA = Path(__file__).parent / "data"


def _jvm() -> None:
    if not jpype.isJVMStarted():
        jpype.startJVM()


def mpxj_schedule(xer: bytes, data_date: datetime) -> dict[str, tuple]:
    """MPXJ's reading of an XER file, scheduled by its Primavera scheduler from ``data_date``:
    activity id -> (early start, early finish, late start, late finish)."""
    _jvm()
    from java.io import ByteArrayInputStream
    from java.time import LocalDateTime
    from org.mpxj.cpm import PrimaveraScheduler
    from org.mpxj.primavera import PrimaveraXERFileReader

    project = PrimaveraXERFileReader().read(ByteArrayInputStream(xer))
    PrimaveraScheduler().schedule(project, LocalDateTime.parse(data_date.strftime("%Y-%m-%dT%H:%M")))

    def py(v):  # noqa: ANN001, ANN202
        return None if v is None else datetime.fromisoformat(str(v))

    return {str(t.getActivityID()): (py(t.getEarlyStart()), py(t.getEarlyFinish()), py(t.getLateStart()),
                                     py(t.getLateFinish()))
            for t in project.getTasks() if t.getActivityID() is not None and not t.getSummary()}


def _vextrus(code: str) -> dict[str, tuple]:
    return {a.code: (a.early_start, a.early_finish, a.late_start, a.late_finish, a.status)
            for a in service.list_activities(code) if a.type != "wbs_summary"}


@pytest.mark.parametrize("name", ["tower_a.xer", "tower_b.xer"])
def test_export_opens_and_schedules_in_mpxj_with_the_same_early_dates(db, admin, name):
    report = interchange.import_file((DATA / name).read_bytes(), name)
    code = report.projects[0]
    s = service.schedule_project(code)
    exported = interchange.export_xer(code)
    theirs = mpxj_schedule(exported, s.data_date)
    ours = _vextrus(code)
    assert set(theirs) == set(ours)
    for act, dates in ours.items():
        if dates[4] != "completed":  # MPXJ dates a completed activity from the data date, P6 by its actuals
            assert theirs[act][:2] == dates[:2], act  # early start and finish to the minute
    assert max(d[1] for d in theirs.values()) == s.project_finish


def test_a_real_world_shape_exports_with_p6_integer_ids_schedules_in_mpxj_and_re_imports_the_same(db, admin):
    from test_projects_import_real_world import REPEATED_WBS, data, xer

    from vextrus.modules.projects.domain.xer_format import read_xer

    rows = xer(wbs=REPEATED_WBS, tasks=["%R\t1\t7\t75\t1\tA10\tSlab A\tTT_Task\tTK_NotStart\t16\t16",
                                        "%R\t2\t7\t76\t1\tA20\tSlab B\tTT_Task\tTK_NotStart\t24\t",
                                        "%R\t3\t7\t70\t1\tM90\tDone\tTT_FinMile\tTK_NotStart\t0\t0"],
               preds=["%R\t1\t2\t1\t7\t7\tPR_FS\t0", "%R\t2\t2\t1\t7\t7\tPR_FF\t40", "%R\t3\t3\t2\t7\t7\tPR_FS\t0"])
    interchange.import_file(data(rows), "bridge.xer")
    s = service.schedule_project("BRIDGE")
    exported = interchange.export_xer("BRIDGE")
    doc = read_xer(exported)
    for table, col in (("PROJECT", "proj_id"), ("PROJWBS", "wbs_id"), ("PROJWBS", "parent_wbs_id"),
                       ("TASK", "task_id"), ("TASK", "wbs_id"), ("TASKPRED", "pred_task_id")):
        assert all(r[col].isdigit() for r in doc.table(table).rows if r[col]), (table, col)
    assert all(r["remain_drtn_hr_cnt"] == r["target_drtn_hr_cnt"] for r in doc.table("TASK").rows)
    theirs, ours = mpxj_schedule(exported, s.data_date), _vextrus("BRIDGE")
    assert {k: v[:2] for k, v in theirs.items()} == {k: v[:2] for k, v in ours.items()}
    interchange.import_file(exported, "bridge-export.xer", code="BRIDGE-2")
    service.schedule_project("BRIDGE-2")
    assert _vextrus("BRIDGE-2") == ours
    assert {(r.predecessor, r.successor, r.type) for r in service.list_relationships("BRIDGE-2")} == \
        {("A10", "A20", "FS"), ("A10", "A20", "FF"), ("A20", "M90", "FS")}
