"""P6 XER import/export on a small hand-written file."""

from datetime import date, datetime

import pytest
from projects_testkit import dt

from vextrus.modules.projects.domain.cpm import schedule
from vextrus.modules.projects.domain.network import (
    ActivityType,
    ConstraintType,
    CriticalBy,
    FloatType,
    LagCalendar,
    RelType,
)
from vextrus.modules.projects.domain.xer import (
    dump_xer,
    format_clndr_data,
    load_xer,
    network_to_xer,
    parse_clndr_data,
)
from vextrus.modules.projects.domain.xer_format import XerError, read_xer, write_xer

# Site calendar: Sun(1) off? No: P6 day 6 = Friday is off; Sat-Thu 08-12, 13-17.
# Exception 46028 = 2026-01-06 (Excel serial) is a holiday.
DAYS = "".join(
    f"(0||{d}()(" + ("" if d == 6 else "(0||0(s|08:00|f|12:00)())(0||1(s|13:00|f|17:00)())") + "))"
    for d in range(1, 8)
)
CLNDR = f"(0||CalendarData()((0||DaysOfWeek()({DAYS}))(0||Exceptions()((0||0(d|46028)())))))"

ROWS = [
    "ERMHDR\t19.12\t2026-01-02\tProject\tadmin\tAdmin\tdbxDatabaseNoName\tProject Management\tBDT",
    "%T\tCURRTYPE", "%F\tcurr_id\tcurr_short_name", "%R\t1\tBDT",
    "%T\tCALENDAR", "%F\tclndr_id\tdefault_flag\tclndr_name\tclndr_data",
    f"%R\t7\tY\tSite Sat-Thu\t{CLNDR}",
    "%T\tPROJECT",
    "%F\tproj_id\tproj_short_name\tclndr_id\tlast_recalc_date\tplan_end_date\tcritical_drtn_hr_cnt"
    "\tcritical_path_type",
    "%R\t10\tTOWER-A\t7\t2026-01-03 08:00\t\t0\tCT_TotFloat",
    "%T\tSCHEDOPTIONS",
    "%F\tschedoptions_id\tproj_id\tsched_retained_logic\tsched_progress_override\tsched_float_type"
    "\tsched_calendar_on_relationship_lag",
    "%R\t1\t10\tY\tN\tFT_FF\trcal_Successor",
    "%T\tPROJWBS", "%F\twbs_id\tproj_id\tparent_wbs_id\twbs_short_name",
    "%R\t100\t10\t\tTOWER-A", "%R\t101\t10\t100\tPILING",
    "%T\tTASK",
    "%F\ttask_id\tproj_id\twbs_id\tclndr_id\ttask_code\ttask_name\ttask_type\tstatus_code"
    "\ttarget_drtn_hr_cnt\tremain_drtn_hr_cnt\tact_start_date\tact_end_date\tcstr_type\tcstr_date"
    "\tphys_complete_pct",
    "%R\t1\t10\t101\t7\tA1000\tMobilisation\tTT_Task\tTK_NotStart\t16\t16\t\t\t\t\t0",
    "%R\t2\t10\t101\t7\tA1010\tBored piling \u2013 B\u00e9ton\tTT_Task\tTK_NotStart\t8\t8\t\t\t\t\t0",
    "%R\t3\t10\t101\t7\tA1020\tPile caps\tTT_Task\tTK_NotStart\t24\t24\t\t\tCS_MSOA\t2026-01-04 08:00\t0",
    "%R\t4\t10\t100\t7\tM9999\tPiling complete\tTT_FinMile\tTK_NotStart\t0\t0\t\t\t\t\t0",
    "%T\tTASKPRED",
    "%F\ttask_pred_id\ttask_id\tpred_task_id\tproj_id\tpred_proj_id\tpred_type\tlag_hr_cnt",
    "%R\t1\t2\t1\t10\t10\tPR_FS\t0", "%R\t2\t3\t1\t10\t10\tPR_SS\t4",
    "%R\t3\t4\t2\t10\t10\tPR_FS\t0", "%R\t4\t4\t3\t10\t10\tPR_FS\t0",
    "%T\tRSRC", "%F\trsrc_id\trsrc_short_name\trsrc_name", "%R\t50\tPILER\tPiling rig",
    "%T\tTASKRSRC", "%F\ttaskrsrc_id\ttask_id\trsrc_id\ttarget_qty", "%R\t1\t2\t50\t8",
    "%T\tACTVTYPE", "%F\tactv_code_type_id\tactv_code_type", "%R\t5\tPhase",
    "%T\tACTVCODE", "%F\tactv_code_id\tactv_code_type_id\tshort_name", "%R\t9\t5\tSUB",
    "%T\tTASKACTV", "%F\ttask_id\tactv_code_id\tproj_id", "%R\t2\t9\t10",
    "%T\tUDFVALUE", "%F\tudf_type_id\tfk_id", "%R\t1\t2",
    "%E",
]
XER_BYTES = ("\r\n".join(ROWS) + "\r\n").encode("cp1252")


def test_import_reads_project_calendar_logic_and_options():
    p = load_xer(XER_BYTES)
    net = p.network
    assert p.short_name == "TOWER-A"
    assert [a.code for a in net.activities] == ["A1000", "A1010", "A1020", "M9999"]
    assert net.activities[1].name == "Bored piling \u2013 B\u00e9ton"  # cp1252 en dash and é
    assert net.activities[3].type is ActivityType.FINISH_MILESTONE
    assert net.activities[2].constraint.type is ConstraintType.START_ON_OR_AFTER
    assert (net.relationships[1].type, net.relationships[1].lag_hours) == (RelType.SS, 4)
    cal = net.calendars["7"]
    assert not cal.is_working_day(date(2026, 1, 9))  # Friday
    assert not cal.is_working_day(date(2026, 1, 6))  # the exception
    assert cal.intervals_on(date(2026, 1, 10)) == ((480, 720), (780, 1020))
    o = p.options
    assert o.data_date == datetime(2026, 1, 3, 8) and o.retained_logic
    assert (o.float_type, o.lag_calendar, o.critical_by) == (
        FloatType.FINISH, LagCalendar.SUCCESSOR, CriticalBy.TOTAL_FLOAT)
    assert net.wbs_parent == {"100": None, "101": "100"}
    assert p.activity_codes == {"A1010": {"Phase": "SUB"}}
    assert p.assignments[0]["rsrc_id"] == "50" and p.resources[0]["rsrc_short_name"] == "PILER"
    assert any("UDFVALUE" in w for w in p.warnings)


def test_imported_schedule_matches_hand_calculation():
    p = load_xer(XER_BYTES)
    r = schedule(p.network, p.options)
    # A1000 Sat-Sun; A1010 Mon; A1020 SS+4 -> Sat 13:00 but SNET Sun 08:00 -> Sun, Mon,
    # (Tue holiday), Wed -> Wed 17:00; milestone at Wed 17:00.
    assert r["A1020"].early_start == dt(4, 8) and r["A1020"].early_finish == dt(7, 17)
    assert r["M9999"].early_finish == dt(7, 17)
    assert r["A1010"].total_float_hours == 8  # Mon 17:00 -> Wed 17:00 over the holiday


def test_round_trip_of_the_file_keeps_every_table():
    doc = read_xer(XER_BYTES)
    again = read_xer(write_xer(doc).encode("cp1252"))
    assert list(again.tables) == list(doc.tables)
    for name, t in doc.tables.items():
        assert again.tables[name].fields == t.fields and again.tables[name].rows == t.rows


def test_network_export_then_import_schedules_identically():
    p = load_xer(XER_BYTES)
    back = load_xer(dump_xer(p.network, p.options))
    r1, r2 = schedule(p.network, p.options), schedule(back.network, back.options)
    assert {c: (a.early_start, a.early_finish, a.total_float_hours) for c, a in r1.activities.items()} \
        == {c: (a.early_start, a.early_finish, a.total_float_hours) for c, a in r2.activities.items()}
    assert back.options == p.options


def test_clndr_data_round_trip():
    cal = parse_clndr_data("7", "Site", CLNDR)
    assert parse_clndr_data("7", "Site", format_clndr_data(cal)) == cal


def test_utf8_files_are_read_too():
    p = load_xer(XER_BYTES.decode("cp1252").encode("utf-8"))
    assert p.network.activities[1].name.endswith("B\u00e9ton")


def _broken(replace=None, drop=None) -> bytes:
    rows = [r for r in ROWS if r != drop]
    if replace:
        rows = [replace[1] if r == replace[0] else r for r in rows]
    return ("\r\n".join(rows) + "\r\n").encode("cp1252")


def test_truncated_file_names_the_last_table():
    with pytest.raises(XerError, match="truncated") as exc:
        read_xer(_broken(drop="%E"))
    assert exc.value.table == "UDFVALUE"


def test_a_link_to_a_task_not_in_the_file_is_a_warning_naming_taskpred_and_line():
    bad = _broken(replace=("%R\t4\t4\t3\t10\t10\tPR_FS\t0", "%R\t4\t4\t33\t10\t10\tPR_FS\t0"))
    p = load_xer(bad)
    assert len(p.network.relationships) == 3
    note = next(w for w in p.warnings if "task_id 33" in w)
    assert (note.table, note.line) == ("TASKPRED", ROWS.index("%R\t4\t4\t3\t10\t10\tPR_FS\t0") + 1)


def test_short_rows_are_padded_and_long_rows_of_a_used_table_name_table_and_line():
    short = read_xer(_broken(replace=("%R\t50\tPILER\tPiling rig", "%R\t50\tPILER")))
    assert short.table("RSRC").rows == [{"rsrc_id": "50", "rsrc_short_name": "PILER", "rsrc_name": ""}]
    bad = _broken(replace=("%R\t50\tPILER\tPiling rig", "%R\t50\tPILER\tPiling rig\tEXTRA"))
    with pytest.raises(XerError, match="expected 3") as exc:
        read_xer(bad)
    assert (exc.value.table, exc.value.line) == ("RSRC", ROWS.index("%R\t50\tPILER\tPiling rig") + 1)


def test_utf16_files_are_read_and_an_undefined_byte_is_a_warning_naming_the_line():
    assert load_xer(XER_BYTES.decode("cp1252").encode("utf-16")).network.activities[1].name.endswith("B\u00e9ton")
    doc = read_xer(XER_BYTES.replace(b"Mobilisation", b"Mobili\x81ation"))  # 0x81 is undefined in cp1252
    note = next(w for w in doc.warnings if "0x81" in w)
    assert (note.table, note.line) == ("TASK", next(k for k, r in enumerate(ROWS, 1) if "Mobilisation" in r))
    assert doc.table("TASK").rows[0]["task_name"] == "Mobili\ufffdation"


def test_not_an_xer_file():
    with pytest.raises(XerError, match="not an XER file") as exc:
        read_xer(b"task,code\n1,A\n")
    assert exc.value.line == 1


def test_export_carries_scheduling_options():
    p = load_xer(XER_BYTES)
    p.options.retained_logic = False
    p.options.lag_calendar = LagCalendar.HOURS_24
    doc = network_to_xer(p.network, p.options)
    row = doc.tables["SCHEDOPTIONS"].rows[0]
    assert row["sched_progress_override"] == "Y" and row["sched_calendar_on_relationship_lag"] == "rcal_24Hour"
