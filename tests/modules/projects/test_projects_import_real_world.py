"""Real P6 files import: the shapes that made six of seven real XER files fail (issue 11).

Each test builds a small XER in the shape found in the wild: repeated WBS short names, FS and FF
between the same pair, code pages, no ERMHDR line, an unused calendar without data. A refusal is
one error naming file, table, line and field, with nothing stored.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bangla_text import latin_left, latin_words
from vextrus.modules.projects import interchange, service
from vextrus.modules.projects.domain.mspdi import MspdiError, load_mspdi
from vextrus.modules.projects.domain.xer import load_xer
from vextrus.modules.projects.domain.xer_format import XerError, guess_code_page, read_xer
from vextrus.modules.projects.tables import Activity, Calendar, Project, Relationship, Resource, Wbs
from vextrus.platform.uow import unit_of_work

WEEK = "".join(f"(0||{d}()(" + ("" if d in (1, 7) else "(0||0(s|08:00|f|16:00)())") + "))" for d in range(1, 8))
CLNDR = f"(0||CalendarData()((0||DaysOfWeek()({WEEK}))(0||Exceptions()())))"


def xer(*, header: bool = True, calendars: list[str] | None = None, wbs: list[str] | None = None,
        tasks: list[str] | None = None, preds: list[str] | None = None, extra: list[str] | None = None,
        rsrc: list[str] | None = None) -> list[str]:
    """The lines of a one-project XER file (project 7, calendar 1) with the given rows."""
    rows = ["ERMHDR\t8.0\t2024-05-02\tProject\tadmin\tAdmin\tdbxDatabaseNoName\tProject Management\tUSD"] \
        if header else []
    rows += ["%T\tCALENDAR", "%F\tclndr_id\tdefault_flag\tclndr_name\tproj_id\tclndr_data",
             f"%R\t1\tY\tStandard 5 day\t\t{CLNDR}", *(calendars or []),
             "%T\tPROJECT", "%F\tproj_id\tproj_short_name\tclndr_id\tlast_recalc_date\tplan_start_date",
             "%R\t7\tBRIDGE\t1\t2024-05-06 08:00\t2024-05-06 08:00",
             "%T\tPROJWBS", "%F\twbs_id\tproj_id\tparent_wbs_id\tproj_node_flag\twbs_short_name\twbs_name",
             "%R\t70\t7\t\tY\tBRIDGE\tBridge", *(wbs or []),
             "%T\tTASK", "%F\ttask_id\tproj_id\twbs_id\tclndr_id\ttask_code\ttask_name\ttask_type\tstatus_code"
             "\ttarget_drtn_hr_cnt\tremain_drtn_hr_cnt",
             *(tasks or ["%R\t1\t7\t70\t1\tA10\tPiles\tTT_Task\tTK_NotStart\t16\t16",
                         "%R\t2\t7\t70\t1\tA20\tDeck\tTT_Task\tTK_NotStart\t24\t24"]),
             "%T\tTASKPRED", "%F\ttask_pred_id\ttask_id\tpred_task_id\tproj_id\tpred_proj_id\tpred_type\tlag_hr_cnt",
             *(preds or ["%R\t1\t2\t1\t7\t7\tPR_FS\t0"]),
             "%T\tRSRC", "%F\trsrc_id\trsrc_short_name\trsrc_name\trsrc_type",
             *(rsrc or ["%R\t5\tCRANE\tCrane\tRT_Equip"]),
             *(extra or []), "%E"]
    return rows


def data(rows: list[str], encoding: str = "cp1252") -> bytes:
    return ("\r\n".join(rows) + "\r\n").encode(encoding)


def _count(db, model) -> int:
    with db.session_factory() as s:
        return s.execute(select(func.count()).select_from(model)).scalar()


def _nothing_stored(db) -> None:
    for model in (Project, Wbs, Activity, Relationship, Resource):
        assert _count(db, model) == 0, model


# -- WBS short names repeat under different parents -------------------------------------------

REPEATED_WBS = [
    "%R\t71\t7\t70\tN\tA\tBlock A", "%R\t72\t7\t70\tN\tB\tBlock B",
    "%R\t73\t7\t71\tN\tRoof\tRoof of A", "%R\t74\t7\t72\tN\tRoof\tRoof of B",
    "%R\t75\t7\t73\tN\t5\tLevel 5", "%R\t76\t7\t74\tN\t5\tLevel 5",
]


def test_repeated_wbs_short_names_import_with_their_p6_path_and_id(db, admin):
    rows = xer(wbs=REPEATED_WBS, tasks=["%R\t1\t7\t75\t1\tA10\tSlab A\tTT_Task\tTK_NotStart\t16\t16",
                                        "%R\t2\t7\t76\t1\tA20\tSlab B\tTT_Task\tTK_NotStart\t24\t24"])
    report = interchange.import_file(data(rows), "bridge.xer")
    assert report.wbs == 7 and report.activities == 2
    with unit_of_work() as uow:
        stored = {w.source_ref: (w.code, w.name) for w in uow.session.execute(select(Wbs)).scalars()}
        by_act = {a.code: uow.session.get(Wbs, a.wbs_id).code for a in uow.session.execute(select(Activity)).scalars()}
    assert stored["75"] == ("A.Roof.5", "Level 5") and stored["76"] == ("B.Roof.5", "Level 5")
    assert stored["70"] == ("BRIDGE", "Bridge") and stored["73"] == ("A.Roof", "Roof of A")
    assert service.get_project("BRIDGE").name == "Bridge"  # P6's project name is its project node's
    assert by_act == {"A10": "A.Roof.5", "A20": "B.Roof.5"}
    # the export writes each short name under its parent again, and re-imports to the same tree
    again = interchange.import_file(interchange.export_xer("BRIDGE"), "copy.xer", code="COPY")
    assert again.wbs == 7
    assert {w.code for w in service.list_wbs("COPY")} == {c for c, _ in stored.values()}


# -- two links of different types between the same pair ---------------------------------------

def test_fs_and_ff_between_the_same_pair_are_both_kept_and_scheduled(db, admin):
    rows = xer(preds=["%R\t1\t2\t1\t7\t7\tPR_FS\t0", "%R\t2\t2\t1\t7\t7\tPR_FF\t40",
                      "%R\t3\t2\t1\t7\t7\tPR_FS\t8"])  # the third repeats FS: P6 cannot hold it
    report = interchange.import_file(data(rows), "bridge.xer")
    assert report.relationships == 2
    note = next(s for s in report.skipped if s.table == "TASKPRED")
    assert note.line == rows.index("%R\t3\t2\t1\t7\t7\tPR_FS\t8") + 1 and "second FS" in note.reason
    assert {(r.type, r.lag_hours) for r in service.list_relationships("BRIDGE")} == {("FS", 0.0), ("FF", 40.0)}
    s = service.schedule_project("BRIDGE")
    assert s.scheduled
    deck = next(a for a in service.list_activities("BRIDGE") if a.code == "A20")
    # piles Mon 6-Tue 7 16:00; FS alone: deck Wed 8 08:00 - Fri 10 16:00; FF+40 h drives instead:
    # finish >= Tue 7 16:00 + 5 days = Tue 14 16:00, so the 24 h deck starts Fri 10 08:00
    assert str(deck.early_start) == "2024-05-10 08:00:00" and str(deck.early_finish) == "2024-05-14 16:00:00"


# -- encodings ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("encoding", "name"), [
    ("cp1252", "Béton armé – Pfähle"), ("cp1251", "Сваи и ростверк"), ("cp1250", "Łódź – zbrojenie ścian"),
    ("utf-8", "সেতুর পাইলিং"), ("utf-8-sig", "Сваи – Béton"),
])
def test_code_pages_are_recognised_as_p6_writes_them(encoding, name):
    rows = xer(tasks=[f"%R\t1\t7\t70\t1\tA10\t{name}\tTT_Task\tTK_NotStart\t16\t16",
                      "%R\t2\t7\t70\t1\tA20\tDeck\tTT_Task\tTK_NotStart\t24\t24"])
    p = load_xer(data(rows, encoding))
    assert p.network.activities[0].name == name
    assert not [w for w in p.warnings if "read as" in w]


def test_guessing_prefers_cp1252_on_a_tie():
    assert guess_code_page("Größe".encode("cp1252")) == "cp1252"
    assert guess_code_page("Сваи".encode("cp1251")) == "cp1251"


def test_an_unused_table_in_another_code_page_is_read_with_a_warning_naming_its_line(db, admin):
    pobs = ["%T\tPOBS", "%F\tobs_id\tobs_name", "%R\t1\tÉquipe chantier"]
    rows = xer(tasks=["%R\t1\t7\t70\t1\tA10\tСваи\tTT_Task\tTK_NotStart\t16\t16",
                      "%R\t2\t7\t70\t1\tA20\tDeck\tTT_Task\tTK_NotStart\t24\t24"], extra=pobs)
    raw = data(rows, "utf-8").replace("Équipe".encode(), "Équipe".encode("cp1252"))  # mixed inside POBS
    report = interchange.import_file(raw, "mixed.xer")
    assert report.activities == 2
    note = next(s for s in report.skipped if "not UTF-8" in s.reason)
    assert (note.table, note.line) == ("POBS", rows.index("%R\t1\tÉquipe chantier") + 1)
    assert service.list_activities("BRIDGE")[0].name == "Сваи"


def test_a_byte_the_code_page_does_not_define_is_replaced_and_noted():
    rows = xer(tasks=["%R\t1\t7\t70\t1\tA10\tBéton armé\tTT_Task\tTK_NotStart\t16\t16"],
               preds=[], extra=["%T\tPOBS", "%F\tobs_id\tobs_name", "%R\t1\tCrew X"])
    doc = read_xer(data(rows).replace(b"Crew X", b"Crew \x81"))  # 0x81 is undefined in cp1252
    assert doc.encoding == "cp1252" and doc.table("POBS").rows[0]["obs_name"] == "Crew \ufffd"
    assert doc.table("TASK").rows[0]["task_name"] == "Béton armé"
    note = next(w for w in doc.warnings if "0x81" in w)
    assert (note.table, note.line) == ("POBS", rows.index("%R\t1\tCrew X") + 1)


# -- header, calendars ------------------------------------------------------------------------

def test_a_file_without_ermhdr_imports_with_a_warning(db, admin):
    report = interchange.import_file(data(xer(header=False)), "tool.xer")
    assert report.activities == 2 and any("ERMHDR" in s.reason for s in report.skipped)


def test_a_file_that_is_not_xer_names_the_file_and_stores_nothing(db, admin):
    with pytest.raises(XerError) as exc:
        interchange.import_file(b"task,code\n1,A\n", "tasks.csv")
    assert "tasks.csv" in exc.value.message and exc.value.line == 1 and exc.value.message_bn
    _nothing_stored(db)


EMPTY_CAL = "%R\t9\tN\tOld resource calendar\t\t"


def test_an_unused_calendar_without_data_is_left_out_with_a_warning(db, admin):
    rows = xer(calendars=[EMPTY_CAL])
    report = interchange.import_file(data(rows), "bridge.xer")
    assert report.activities == 2
    note = next(s for s in report.skipped if s.table == "CALENDAR")
    assert note.line == rows.index(EMPTY_CAL) + 1 and "calendar 9" in note.reason
    assert service.schedule_project("BRIDGE").scheduled


def test_a_used_calendar_without_data_refuses_naming_the_calendar(db, admin):
    rows = xer(calendars=[EMPTY_CAL], tasks=["%R\t1\t7\t70\t9\tA10\tPiles\tTT_Task\tTK_NotStart\t16\t16",
                                             "%R\t2\t7\t70\t1\tA20\tDeck\tTT_Task\tTK_NotStart\t24\t24"])
    with pytest.raises(XerError) as exc:
        interchange.import_file(data(rows), "bridge.xer")
    e = exc.value
    assert (e.table, e.line, e.details["field"], e.details["file"]) == \
        ("CALENDAR", rows.index(EMPTY_CAL) + 1, "clndr_data", "bridge.xer")
    assert "Old resource calendar" in e.message and "bridge.xer" in e.message_bn
    _nothing_stored(db)
    assert _count(db, Calendar) == 0 or all(c.project_id is None for c in _calendars(db))


def _calendars(db):
    with db.session_factory() as s:
        return list(s.execute(select(Calendar)).scalars())


# -- values the tables cannot hold are checked before anything is written ---------------------

def test_repeated_codes_and_odd_rows_import_with_warnings_never_a_database_error(db, admin):
    rows = xer(tasks=["%R\t1\t7\t70\t1\tA10\tPiles\tTT_Task\tTK_NotStart\t16\t16",
                      "%R\t2\t7\t70\t1\tA10\tPiles again\tTT_Task\tTK_NotStart\t24\t24",
                      "%R\t3\t7\t99\t1\t" + "X" * 120 + "\tLong code\tTT_Task\tTK_NotStart\t8\t8"],
               preds=["%R\t1\t2\t1\t7\t7\tPR_FS\t0", "%R\t2\t1\t1\t7\t7\tPR_FS\t0",
                      "%R\t3\t2\t1\t7\t7\tPR_XX\t0", "%R\t4\t2\t404\t7\t8\tPR_FS\t0"],
               rsrc=["%R\t5\tCRANE\tCrane\tRT_Equip", "%R\t6\tCRANE\tSecond crane\tRT_Equip"])
    report = interchange.import_file(data(rows), "bridge.xer")
    assert report.activities == 3 and report.relationships == 1 and report.resources == 2
    reasons = " | ".join(s.reason for s in report.skipped)
    for expected in ("task_code A10 repeats", "unknown wbs_id 99", "to itself", "unknown pred_type",
                     "task_id 404 is not in the file", "resource code CRANE repeats"):
        assert expected in reasons
    codes = {a.code for a in service.list_activities("BRIDGE")}
    assert "A10" in codes and "A10#2" in codes and max(len(c) for c in codes) == 80


def test_a_bad_date_refuses_naming_table_line_and_field(db, admin):
    rows = xer()
    rows[rows.index("%R\t7\tBRIDGE\t1\t2024-05-06 08:00\t2024-05-06 08:00")] = \
        "%R\t7\tBRIDGE\t1\t06/05/2024\t2024-05-06 08:00"
    with pytest.raises(XerError) as exc:
        interchange.import_file(data(rows), "bridge.xer")
    assert (exc.value.table, exc.value.details["field"]) == ("PROJECT", "last_recalc_date")
    assert exc.value.line == rows.index("%R\t7\tBRIDGE\t1\t06/05/2024\t2024-05-06 08:00") + 1
    _nothing_stored(db)


# -- MSPDI exported by P6 ---------------------------------------------------------------------

def test_mspdi_from_p6_keeps_activity_ids_finish_milestones_and_two_links_per_pair(db, admin):
    from test_projects_mspdi import P6_IDS

    xml = P6_IDS.replace("<PredecessorLink><PredecessorUID>2</PredecessorUID><Type>1</Type></PredecessorLink>",
                         "<PredecessorLink><PredecessorUID>2</PredecessorUID><Type>1</Type></PredecessorLink>"
                         "<PredecessorLink><PredecessorUID>2</PredecessorUID><Type>0</Type></PredecessorLink>")
    report = interchange.import_file(xml.encode(), "tower_b.xml", code="TWB")
    assert report.activities == 3 and report.relationships == 3
    acts = {a.code: a for a in service.list_activities("TWB")}
    assert set(acts) == {"EX-1000", "EX-1010", "MS-9000"} and acts["MS-9000"].type == "finish_milestone"
    assert sorted(r.type for r in service.list_relationships("TWB") if r.successor == "MS-9000") == ["FF", "FS"]
    assert service.schedule_project("TWB").scheduled


# -- REST and page ------------------------------------------------------------------------------

def _client(db, admin):
    from fastapi.testclient import TestClient

    from vextrus.app import create_app

    return TestClient(create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin]))


def test_rest_lists_warnings_by_table_and_line_and_refuses_with_file_table_line_field(db, admin):
    rows = xer(calendars=[EMPTY_CAL])
    with _client(db, admin) as c:
        r = c.post("/api/v1/projects/import", files={"file": ("bridge.xer", data(rows))},
                   headers={"Idempotency-Key": "bridge-1"})
        assert r.status_code == 200, r.text
        assert any((w["table"], w["line"]) == ("CALENDAR", rows.index(EMPTY_CAL) + 1) and w["reason"] and w["reason_bn"]
                   for w in r.json()["skipped"])
        again = c.post("/api/v1/projects/import", files={"file": ("bridge.xer", data(rows))},
                       headers={"Idempotency-Key": "bridge-1"})
        assert again.status_code == 200 and again.json() == r.json()  # the same key: the first report
        used = xer(calendars=[EMPTY_CAL], tasks=["%R\t1\t7\t70\t9\tA10\tPiles\tTT_Task\tTK_NotStart\t16\t16"],
                   preds=[])
        r = c.post("/api/v1/projects/import", files={"file": ("other.xer", data(used).replace(b"BRIDGE", b"OTHER"))})
        body = r.json()
        assert r.status_code == 422 and body["code"] == "xer_invalid" and "Traceback" not in r.text
        assert body["details"] == {"file": "other.xer", "table": "CALENDAR", "line": used.index(EMPTY_CAL) + 1,
                                   "field": "clndr_data"}
        token = (c.get("/projects"), c.cookies.get("vx_csrf"))[1]
        r = c.post("/projects/import", data={"csrf_token": token},
                   files={"file": ("other.xer", data(used).replace(b"BRIDGE", b"OTHER"))})
        assert r.status_code == 422 and "other.xer" in r.text and "clndr_data" in r.text


def test_a_wbs_parent_loop_is_cut_with_a_warning(db, admin):
    rows = xer(wbs=["%R\t71\t7\t72\tN\tA\tBlock A", "%R\t72\t7\t71\tN\tB\tBlock B"],
               tasks=["%R\t1\t7\t71\t1\tA10\tPiles\tTT_Task\tTK_NotStart\t16\t16"], preds=[])
    report = interchange.import_file(data(rows), "loop.xer")
    assert report.wbs == 3 and any("own ancestor" in s.reason for s in report.skipped)
    assert service.schedule_project("BRIDGE").scheduled


def test_a_resource_calendar_without_data_and_no_header_line_as_some_exports_have(db, admin):
    """The shape of a public sample: no ERMHDR, a resource's `CA_Rsrc` calendar with empty clndr_data,
    no last_recalc_date (Vextrus schedules no resource calendars, so it cannot stop the import)."""
    rows = xer(header=False, calendars=[EMPTY_CAL], rsrc=["%R\t5\tVH\tVan Haren\tRT_Labor\t9"])
    rows[rows.index("%F\trsrc_id\trsrc_short_name\trsrc_name\trsrc_type")] += "\tclndr_id"
    rows = [r.replace("\t2024-05-06 08:00\t2024-05-06 08:00", "\t\t2024-05-06 08:00") for r in rows]
    report = interchange.import_file(data(rows), "sample.xer")
    assert report.activities == 2 and report.resources == 1
    reasons = [s.reason for s in report.skipped]
    assert any("ERMHDR" in r for r in reasons) and any("calendar 9" in r for r in reasons)
    assert service.schedule_project("BRIDGE").scheduled


def test_a_bangla_name_survives_export_and_re_import(db, admin):
    rows = xer(tasks=["%R\t1\t7\t70\t1\tA10\tপাইলিং – ব্লক A\tTT_Task\tTK_NotStart\t16\t16",
                      "%R\t2\t7\t70\t1\tA20\tDeck\tTT_Task\tTK_NotStart\t24\t24"])
    interchange.import_file(data(rows, "utf-8"), "bridge.xer")
    exported = interchange.export_xer("BRIDGE")
    assert "পাইলিং".encode() in exported  # UTF-8: cp1252 has no place for Bangla
    interchange.import_file(exported, "again.xer", code="AGAIN")
    assert {a.name for a in service.list_activities("AGAIN")} == {"পাইলিং – ব্লক A", "Deck"}
    western = interchange.export_xer("AGAIN").replace("পাইলিং – ব্লক A".encode(), "Piling – Block A".encode())
    interchange.import_file(western, "w.xer", code="WESTERN")
    assert b"Piling \x96 Block A" in interchange.export_xer("WESTERN")  # cp1252 again once every character fits


def test_warnings_and_refusals_are_in_bangla_on_bangla_pages(db, admin):
    """Every warning these files give has a Bangla text; the Bangla page shows it, a refusal too."""
    shapes = [xer(calendars=[EMPTY_CAL]), xer(header=False), xer(wbs=REPEATED_WBS + ["%R\t77\t7\t73\tN\t5\tx"]),
              xer(preds=["%R\t1\t2\t1\t7\t7\tPR_FS\t0", "%R\t2\t2\t1\t7\t7\tPR_FS\t8", "%R\t3\t2\t9\t7\t7\tPR_XX\t0",
                         "%R\t4\t2\t2\t7\t7\tPR_FS\t0"], extra=["%T\tPOBS", "%F\tobs_id\tobs_name", "%R\t1\tCrew"])]
    for k, rows in enumerate(shapes):
        report = interchange.import_file(data(rows), "f.xer", code=f"BN{k}")
        assert report.skipped and all(s.reason_bn for s in report.skipped), report.skipped
        # Bangla words around the file's own codes and names (PR_XX, a WBS path): no English word, no Latin digit
        english = [(s.reason_bn, words) for s in report.skipped
                   if (words := [w for w in latin_words(s.reason_bn) if w != "Roof"])]  # Roof: the file's WBS name
        assert english == []
    used = xer(calendars=[EMPTY_CAL], tasks=["%R\t1\t7\t70\t9\tA10\tPiles\tTT_Task\tTK_NotStart\t16\t16"], preds=[])
    with pytest.raises(XerError) as exc:
        interchange.import_file(data(used), "bridge.xer", code="BN9")
    line = used.index(EMPTY_CAL) + 1
    assert exc.value.message_bn == ("XER ফাইল সঠিক নয়: ক্যালেন্ডার 9 'Old resource calendar' ব্যবহৃত, কিন্তু এর "
                                    "দিন ও সময়ের ঘর (clndr_data) খালি (ফাইল bridge.xer, টেবিল CALENDAR, লাইন "
                                    f"{str(line).translate(str.maketrans('0123456789', '০১২৩৪৫৬৭৮৯'))}, ঘর clndr_data)")
    with _client(db, admin) as c:
        token = (c.get("/projects?lang=bn"), c.cookies.get("vx_csrf"))[1]
        r = c.post("/projects/import?lang=bn", data={"csrf_token": token},
                   files={"file": ("x.xer", data(xer(calendars=[EMPTY_CAL])).replace(b"BRIDGE", b"BNPAGE"))})
        assert r.status_code == 200 and "ইমপোর্ট হয়নি: কোনো কার্যক্রম এটি ব্যবহার করে না" in r.text
        assert "not imported: no activity uses it" not in r.text


def test_import_notes_and_refusals_read_in_bangla_around_the_files_codes():
    """A relationship's type and an activity's status in Bangla words, the file's ids and codes as written;
    an MSPDI file that is not XML names the line and column in Bangla digits, not the parser's English."""
    rows = xer(tasks=["%R\t1\t7\t70\t1\tA10\tPiles\tTT_Task\tTK_Active\t16\t16",
                      "%R\t2\t7\t70\t1\tA20\tDeck\tTT_Task\tTK_NotStart\t24\t24"],
               preds=["%R\t1\t2\t1\t7\t7\tPR_SS\t0", "%R\t2\t2\t1\t7\t7\tPR_SS\t8"])
    notes = {n.bn for n in load_xer(data(rows)).warnings}
    assert "দ্বিতীয় শুরু-থেকে-শুরু সম্পর্ক A10->A20 বাদ" in notes
    assert "কার্যক্রম A10: চলমান, কিন্তু প্রকৃত শুরুর তারিখ নেই: শুরু হয়নি ধরে সময়সূচি" in notes
    with pytest.raises(MspdiError) as bad:
        load_mspdi(b"<Project>\n<Tasks>\n</Project>")
    assert bad.value.message_bn.startswith("MSPDI XML সঠিক নয়: XML গঠন সঠিক নয় (লাইন ৩, কলাম")
    assert latin_left(bad.value.message_bn, "MSPDI XML", "XML") == []
