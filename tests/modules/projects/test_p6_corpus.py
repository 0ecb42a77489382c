"""The corpus test (issue 11, item 3): real P6 and MS Project files, scheduled by Vextrus, against the dates
the writing scheduler stored.

For every file under tests/data/p6-corpus/ (origins and licences in its README.md): import it through the
same service the CLI uses (`interchange.import_file`) into a tenant of its own, schedule each project at
the file's data-date rule (the later of PROJECT.last_recalc_date and plan_start_date), then compare every
activity that is not complete with what P6 stored in TASK: early/late start and finish to the minute,
total float to 0.1 h. MPXJ's Primavera scheduler (PyPI `mpxj`, Java 17; a test oracle, never used at run
time) schedules the same file and its agreement with P6 is reported beside ours.

MSPDI files (MS Project XML, `.xml`) are compared the same way with the dates MS Project stored in each
Task (EarlyStart/EarlyFinish/LateStart/LateFinish, TotalSlack in tenths of a minute), scheduled from the
file's status date (else its start date); MPXJ's Microsoft scheduler is their second oracle.

The target: every file imports; at least 99 % of the compared activities match P6; each remaining
mismatch is on KNOWN below, with its reason, and in docs/projects.md "Where Vextrus differs from P6".
Run with `-s` to see the per-file report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pytest
from projects_testkit import DATA_DATE, dt

from vextrus.modules.projects import interchange, service
from vextrus.modules.projects.domain.cpm import schedule
from vextrus.modules.projects.domain.network import Activity, Network, Relationship, RelType, ScheduleOptions
from vextrus.modules.projects.domain.xer_format import read_xer

CORPUS = Path(__file__).resolve().parents[2] / "data" / "p6-corpus"
FILES = sorted(p.name for p in CORPUS.iterdir() if p.suffix.lower() in (".xer", ".xml")) if CORPUS.is_dir() else []
FIELDS = ("early_start", "early_finish", "late_start", "late_finish")
P6_FIELDS = {"early_start": "early_start_date", "early_finish": "early_end_date",
             "late_start": "late_start_date", "late_finish": "late_end_date"}

# (file, activity code) -> why Vextrus's dates differ from P6's there; each is in docs/projects.md
_SF_MINUTE = ("P6 6.0 puts the finish of a start-to-finish successor one minute into the predecessor's start day "
              "(08:01, and 15:59 for the late side); Vextrus and MPXJ put it at the end of the previous working "
              "period, the same working time (docs/projects.md)")
KNOWN: dict[tuple[str, str], str] = {
    ("xerparser-kh10-construction.xer", "REPLBE03"): _SF_MINUTE,
    ("xerparser-kh10-construction.xer", "REPLBE01"): _SF_MINUTE,
    ("xerparser-kh10-construction.xer", "RDARCH02"): _SF_MINUTE + ", carried over an FS +8 h link",
    ("p6sample-harbour-pointe-baseline.xer", "EC1420"): (
        "a start milestone (TT_Mile) that still carries 40 h of remaining duration: P6 (and MPXJ) schedule "
        "it as 40 h of work (its successor starts 40 h after it) but write its finish at its start; "
        "Vextrus imports a milestone with zero duration (docs/projects.md)"),
}
# files whose stored dates P6 computed on a calendar that has since gained holidays: file ->
# (clndr_id, why). Oracle's P6 sample database is date-shifted when it is installed and its calendars
# were given 2010-2013 holidays after the sample projects were last scheduled, so the dates P6 stored
# fit the calendar without them (Harbour Pointe: 0 of 131 activities match with the holidays, 129 of
# 131 without; MPXJ the same). The test takes that calendar's holidays out before importing, so the
# file is compared with the calendar P6 scheduled it on (docs/projects.md, corpus README).
CALENDAR_AS_SCHEDULED: dict[str, tuple[str, str]] = {
    "p6sample-harbour-pointe-baseline.xer": ("5829", "stored dates predate the calendar's 2010-2013 holidays"),
}


def as_scheduled(name: str, data: bytes) -> bytes:
    """The file with the holidays taken out of the calendar named in CALENDAR_AS_SCHEDULED."""
    if name not in CALENDAR_AS_SCHEDULED:
        return data
    cid = CALENDAR_AS_SCHEDULED[name][0].encode()
    out = []
    for line in data.split(b"\n"):
        if line.startswith(b"%R\t" + cid + b"\t"):
            line = re.sub(rb"\(0\|\|Exceptions\(\)\(.*\)\)\)\)\)", b"(0||Exceptions()()))", line)
        out.append(line)
    return b"\n".join(out)


# files that cannot import yet, with the import defect (reported to the import engineer)
CANNOT_IMPORT: dict[str, str] = {}

pytestmark = pytest.mark.sqlite_only  # project CRUD runs on PostgreSQL in the other projects tests


def _dt(text: str) -> datetime | None:
    text = (text or "").strip()
    return datetime.strptime(text[:16], "%Y-%m-%d %H:%M") if text else None


def _num(text: str) -> float | None:
    text = (text or "").strip()
    return float(text) if text else None


@dataclass
class Stored:
    """What P6 wrote for one activity."""

    code: str
    status: str
    type: str
    dates: dict[str, datetime | None]
    total_float: float | None


@dataclass
class FileReport:
    name: str
    activities: int = 0
    compared: int = 0
    matched: int = 0
    mismatched: dict[str, str] = field(default_factory=dict)  # code -> reason
    mpxj_matched: int | None = None
    mpxj_note: str = ""

    def line(self) -> str:
        mp = self.mpxj_note or ("-" if self.mpxj_matched is None else f"{self.mpxj_matched}/{self.compared}")
        return (f"{self.name:40s} activities {self.activities:5d}  compared {self.compared:5d}  "
                f"matched {self.matched:5d}  mismatched {len(self.mismatched):4d}  MPXJ matched {mp}")


def stored_xer(data: bytes) -> dict[str, list[Stored]]:
    """proj_id -> P6's stored dates of each activity (WBS summaries and LOE are not compared)."""
    doc = read_xer(data)
    out: dict[str, list[Stored]] = {}
    task = doc.table("TASK")
    for r in task.rows if task else []:
        out.setdefault(r.get("proj_id", ""), []).append(Stored(
            code=r.get("task_code", ""), status=r.get("status_code", ""), type=r.get("task_type", ""),
            dates={k: _dt(r.get(f, "")) for k, f in P6_FIELDS.items()},
            total_float=_num(r.get("total_float_hr_cnt", ""))))
    return out


def _is_mspdi(name: str) -> bool:
    return name.lower().endswith(".xml")


def stored_mspdi(data: bytes) -> dict[str, list[Stored]]:
    """'' -> MS Project's stored dates of each task, named as the MSPDI importer names them (WBS, else ID,
    else UID); the project summary (UID 0) and null tasks are left out, summaries are typed TT_WBS."""
    import xml.etree.ElementTree as ET

    def kid(el, tag):  # noqa: ANN001, ANN202
        return next((c for c in el if c.tag.rsplit("}", 1)[-1] == tag), None)

    def text(el, tag):  # noqa: ANN001, ANN202
        k = kid(el, tag)
        return (k.text or "").strip() if k is not None else ""

    def when(v: str) -> datetime | None:
        return datetime.fromisoformat(v) if v else None

    tasks = kid(ET.fromstring(data), "Tasks")
    out: list[Stored] = []
    for t in tasks if tasks is not None else []:
        if text(t, "UID") in ("", "0") or text(t, "IsNull") == "1":
            continue
        slack = text(t, "TotalSlack")
        out.append(Stored(
            code=text(t, "WBS") or text(t, "ID") or text(t, "UID"),
            status="TK_Complete" if text(t, "PercentComplete") == "100" else "",
            type="TT_WBS" if text(t, "Summary") == "1" else "",
            dates={k: when(text(t, f)) for k, f in (("early_start", "EarlyStart"), ("early_finish", "EarlyFinish"),
                                                    ("late_start", "LateStart"), ("late_finish", "LateFinish"))},
            total_float=float(slack) / 600 if slack else None))  # tenths of a minute -> hours
    return {"": out}


def stored_dates(name: str, data: bytes) -> dict[str, list[Stored]]:
    return stored_mspdi(data) if _is_mspdi(name) else stored_xer(data)


def _differences(p6: Stored, ours) -> list[str]:  # noqa: ANN001
    diffs = []
    for k in FIELDS:
        theirs = p6.dates[k]
        if theirs is not None and getattr(ours, k) != theirs:
            diffs.append(f"{k} {getattr(ours, k):%Y-%m-%d %H:%M} vs P6 {theirs:%Y-%m-%d %H:%M}")
    tf = ours.total_float_hours
    if p6.total_float is not None and (tf is None or abs(tf - p6.total_float) > 0.05 + 1e-9):
        diffs.append(f"total float {tf} h vs P6 {p6.total_float} h")
    return diffs


def _compared(p6: Stored) -> bool:
    """Not complete, not a summary, and scheduled by P6 (a file saved before any F9 stores no dates)."""
    return (p6.status != "TK_Complete" and p6.type not in ("TT_WBS", "TT_LOE")
            and p6.dates["early_start"] is not None and p6.dates["late_finish"] is not None)


# -- MPXJ, the second oracle -------------------------------------------------------------------

def mpxj_dates(data: bytes, mspdi: bool = False) -> dict[str, dict[str, datetime | float | None]] | str | None:
    """MPXJ's Primavera scheduler on an XER file (its Microsoft scheduler on an MSPDI file), from the file's
    data date: activity id (an MSPDI task's WBS) -> dates, None without mpxj, or why MPXJ could not read
    the file. The JVM starts once per test session."""
    try:
        import jpype
        import mpxj  # noqa: F401
    except ImportError:
        return None
    if not jpype.isJVMStarted():
        jpype.startJVM()
    from java.io import ByteArrayInputStream
    from org.mpxj import TimeUnit
    from org.mpxj.cpm import MicrosoftScheduler, PrimaveraScheduler
    from org.mpxj.mspdi import MSPDIReader
    from org.mpxj.primavera import PrimaveraXERFileReader

    if mspdi:
        try:
            project = MSPDIReader().read(ByteArrayInputStream(data))
        except Exception as exc:  # noqa: BLE001
            return str(exc).splitlines()[0][:120]
        props = project.getProjectProperties()
        MicrosoftScheduler().schedule(project, props.getStatusDate() or props.getStartDate())
        return _mpxj_tasks(project, props, TimeUnit, lambda t: t.getWBS())
    if not data.lstrip(b"\xef\xbb\xbf").startswith(b"ERMHDR"):  # MPXJ needs the header P6 and Vextrus do without
        data = b"ERMHDR\t8.0\t2000-01-01\tProject\tadmin\tadmin\tdbxDatabaseNoName\tProject Management\tUSD\n" + data
    try:
        project = PrimaveraXERFileReader().read(ByteArrayInputStream(data))
    except Exception as exc:  # noqa: BLE001  (MPXJ refuses some files P6 and Vextrus read: reported)
        return str(exc).splitlines()[0][:120]
    props = project.getProjectProperties()
    start = props.getStatusDate() or props.getStartDate()
    if props.getStartDate() is not None and start is not None and props.getStartDate().isAfter(start):
        start = props.getStartDate()
    PrimaveraScheduler().schedule(project, start)
    return _mpxj_tasks(project, props, TimeUnit, lambda t: t.getActivityID())


def _mpxj_tasks(project, props, TimeUnit, key) -> dict[str, dict[str, datetime | float | None]]:  # noqa: ANN001, N803
    def py(v):  # noqa: ANN001, ANN202
        return None if v is None else datetime.fromisoformat(str(v))

    out = {}
    for t in project.getTasks():
        if key(t) is None or t.getSummary():
            continue
        slack = t.getTotalSlack()
        out[str(key(t))] = {
            "early_start": py(t.getEarlyStart()), "early_finish": py(t.getEarlyFinish()),
            "late_start": py(t.getLateStart()), "late_finish": py(t.getLateFinish()),
            "total_float": slack.convertUnits(TimeUnit.HOURS, props).getDuration() if slack is not None else None}
    return out


def _mpxj_agrees(p6: Stored, theirs: dict | None) -> bool:
    if theirs is None:
        return False
    if any(p6.dates[k] is not None and theirs[k] != p6.dates[k] for k in FIELDS):
        return False
    tf = theirs["total_float"]
    return p6.total_float is None or (tf is not None and abs(tf - p6.total_float) <= 0.05 + 1e-9)


# -- the test ----------------------------------------------------------------------------------

@pytest.mark.parametrize("name", FILES)
def test_a_real_p6_file_imports_and_schedules_to_the_dates_p6_stored(db, admin, name):
    if name in CANNOT_IMPORT:
        pytest.xfail(f"import defect: {CANNOT_IMPORT[name]}")
    data = as_scheduled(name, (CORPUS / name).read_bytes())
    report = interchange.import_file(data, name)  # the CLI's and REST's service; a refusal fails here
    stored = stored_dates(name, data)
    rep = FileReport(name)
    if _is_mspdi(name):
        proj_ids = [""]
    else:
        doc = read_xer(data)
        proj_ids = [r.get("proj_id", "") for r in doc.table("PROJECT").rows] if doc.table("PROJECT") else [""]
    mp = mpxj_dates(data, mspdi=_is_mspdi(name))
    if isinstance(mp, str):
        rep.mpxj_note, mp = f"cannot read: {mp}", None
    rep.mpxj_matched = 0 if mp is not None else None
    for proj_id, code in zip(proj_ids, report.projects, strict=True):
        service.schedule_project(code)  # data date and options as the file set them
        ours = {a.code: a for a in service.list_activities(code)}
        for p6 in stored.get(proj_id, []):
            rep.activities += 1
            if not _compared(p6):
                continue
            rep.compared += 1
            a = ours.get(p6.code)
            diffs = ["not imported"] if a is None else _differences(p6, a)
            if diffs:
                rep.mismatched[p6.code] = "; ".join(diffs)
            else:
                rep.matched += 1
            if mp is not None and _mpxj_agrees(p6, mp.get(p6.code)):
                rep.mpxj_matched += 1
    print("\n" + rep.line())
    for code, why in sorted(rep.mismatched.items()):
        print(f"    {code}: {why}" + (f"  [known: {KNOWN[(name, code)]}]" if (name, code) in KNOWN else ""))
    assert rep.compared > 0, "a corpus file must carry activities P6 scheduled"
    unexplained = {c: w for c, w in rep.mismatched.items() if (name, c) not in KNOWN}
    assert not unexplained, f"{name}: activities differ from P6's stored dates without a documented reason"


def test_the_documented_differences_stay_under_one_percent_of_the_corpus():
    compared = sum(1 for name in FILES for acts in stored_dates(name, (CORPUS / name).read_bytes()).values()
                   for p6 in acts if _compared(p6))
    assert len(FILES) >= 1 and compared > 0
    assert len(KNOWN) <= 0.01 * compared, (len(KNOWN), compared)
    assert {f for f, _ in KNOWN} <= set(FILES), "a KNOWN entry names a file that is not in the corpus"


def test_a_late_start_held_by_a_negative_start_to_start_lag_is_written_where_p6_writes_it(site):
    """The expressway file's BEW/EL/GEN/1050 in small: the late start is the successor's late start
    counted forward by the lead; where that count ends at the end of a working day, P6 (and MPXJ) write
    that evening, not the next working morning. Site calendar: Sat-Thu 08-12/13-17, Friday off."""
    # A (16 h) --SS -8 h--> B (8 h) --FS--> D (40 h): B is critical, A may start 8 h later than Sat 08:00
    n = Network([Activity("A", duration_hours=16), Activity("B", duration_hours=8), Activity("D", duration_hours=40)],
                [Relationship("A", "B", RelType.SS, -8), Relationship("B", "D", RelType.FS, 0)], {"site": site}, "site")
    r = schedule(n, ScheduleOptions(data_date=DATA_DATE))
    assert r["B"].late_start == dt(3, 8) and r["B"].total_float_hours == 0
    assert r["A"].late_start == dt(3, 17)  # was Sun 4 08:00: the same working time, not P6's date
    assert r["A"].late_finish == dt(5, 17)
    assert r["A"].total_float_hours == 8.0  # only the written date moved
