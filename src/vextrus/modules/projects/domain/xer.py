"""Map P6 XER tables to a schedule :class:`Network` and back.

Calendars arrive as ``clndr_data``: a nested ``(0||name(attrs)(children))``
tree holding ``DaysOfWeek`` (1=Sunday..7=Saturday, shifts ``s|08:00|f|12:00``)
and ``Exceptions`` (``d|<Excel serial date>``, no shifts = non-working).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from .calendar import DAY, Calendar, CalendarError, Interval
from .cpm import ActivityResult, ScheduleResult
from .network import (
    REL_BN,
    Activity,
    ActivityType,
    Constraint,
    ConstraintType,
    CriticalBy,
    FloatType,
    LagCalendar,
    Network,
    Relationship,
    RelType,
    ScheduleOptions,
)
from .xer_format import XerDocument, XerError, XerNote, XerTable, read_xer, write_xer
from .xer_resources import XerExtras, write_extras

EXCEL_EPOCH = date(1899, 12, 30)

TASK_TYPES = {
    "TT_Task": ActivityType.TASK, "TT_Rsrc": ActivityType.TASK,
    "TT_Mile": ActivityType.START_MILESTONE, "TT_FinMile": ActivityType.FINISH_MILESTONE,
    "TT_LOE": ActivityType.LEVEL_OF_EFFORT, "TT_WBS": ActivityType.WBS_SUMMARY,
}
_TASK_TYPE_OUT = {
    ActivityType.TASK: "TT_Task", ActivityType.START_MILESTONE: "TT_Mile",
    ActivityType.FINISH_MILESTONE: "TT_FinMile", ActivityType.LEVEL_OF_EFFORT: "TT_LOE",
    ActivityType.WBS_SUMMARY: "TT_WBS",
}
CONSTRAINTS = {
    "CS_MSOA": ConstraintType.START_ON_OR_AFTER, "CS_MSOB": ConstraintType.START_ON_OR_BEFORE,
    "CS_MEOA": ConstraintType.FINISH_ON_OR_AFTER, "CS_MEOB": ConstraintType.FINISH_ON_OR_BEFORE,
    "CS_MSO": ConstraintType.START_ON, "CS_MEO": ConstraintType.FINISH_ON,
    "CS_ALAP": ConstraintType.AS_LATE_AS_POSSIBLE, "CS_MANDSTART": ConstraintType.MANDATORY_START,
    "CS_MANDFIN": ConstraintType.MANDATORY_FINISH,
}
_CONSTRAINT_OUT = {v: k for k, v in CONSTRAINTS.items()}
# an activity's P6 status in a Bangla import note
STATUS_BN = {"TK_Active": "চলমান", "TK_Complete": "সম্পন্ন"}
# P6 has no manually scheduled activity: its pinned start is written as start-on-or-after, which gives the
# same dates while its predecessors do not push it later (docs/projects.md)
_CONSTRAINT_OUT[ConstraintType.MANUALLY_SCHEDULED] = "CS_MSOA"
_LAG_CAL = {
    "rcal_successor": LagCalendar.SUCCESSOR, "rcal_predecessor": LagCalendar.PREDECESSOR,
    "rcal_24hour": LagCalendar.HOURS_24, "rcal_projdefault": LagCalendar.PROJECT_DEFAULT,
}
_LAG_CAL_OUT = {
    LagCalendar.SUCCESSOR: "rcal_Successor", LagCalendar.PREDECESSOR: "rcal_Predecessor",
    LagCalendar.HOURS_24: "rcal_24Hour", LagCalendar.PROJECT_DEFAULT: "rcal_ProjDefault",
}


@dataclass
class XerProject:
    """One project out of an XER file, ready to schedule."""

    proj_id: str
    short_name: str
    network: Network
    options: ScheduleOptions
    task_ids: dict[str, str]  # activity code -> XER task_id
    resources: list[dict[str, str]] = field(default_factory=list)
    assignments: list[dict[str, str]] = field(default_factory=list)
    activity_codes: dict[str, dict[str, str]] = field(default_factory=dict)  # code -> {type: value}
    warnings: list[str] = field(default_factory=list)
    wbs_names: dict[str, tuple[str, str]] = field(default_factory=dict)  # wbs_id -> (P6 path, name)


# -- clndr_data ------------------------------------------------------------
@dataclass
class _Node:
    name: str
    attrs: str
    children: list[_Node]


def _parse_tree(text: str) -> _Node:
    s = "".join(ch for ch in text if ch not in " \t\r\n\x7f")
    pos = 0

    def node() -> _Node:
        nonlocal pos
        if s[pos] != "(":
            raise ValueError(f"expected '(' at {pos}")
        bar = s.index("||", pos)
        op = s.index("(", bar)
        name = s[bar + 2:op]
        cl = s.index(")", op)
        attrs = s[op + 1:cl]
        pos = cl + 1
        if s[pos] != "(":
            raise ValueError(f"expected '(' at {pos}")
        pos += 1
        kids: list[_Node] = []
        while s[pos] != ")":
            kids.append(node())
        pos += 2  # close children list and the node itself
        return _Node(name, attrs, kids)

    return node()


def _find(n: _Node, name: str) -> _Node | None:
    for c in n.children:
        if c.name == name:
            return c
    return None


def _shifts(n: _Node) -> tuple[Interval, ...]:
    out = []
    for c in n.children:
        parts = c.attrs.split("|")
        kv = dict(zip(parts[::2], parts[1::2], strict=False))
        if "s" not in kv or "f" not in kv:
            continue
        a, b = _hm(kv["s"]), _hm(kv["f"])
        if b <= a or b == DAY - 1:
            b = DAY
        out.append((a, b))
    return tuple(sorted(out))


def _hm(t: str) -> int:
    h, m = t.split(":")[:2]
    return int(h) * 60 + int(m)


def parse_clndr_data(cid: str, name: str, data: str) -> Calendar:
    """Parse a CALENDAR.clndr_data string; raises ValueError when it is malformed."""
    root = _parse_tree(data)
    days = _find(root, "DaysOfWeek")
    week: dict[int, tuple[Interval, ...]] = {d: () for d in range(7)}
    if days is not None:
        for dn in days.children:
            week[(int(dn.name) + 5) % 7] = _shifts(dn)
    exc: dict[date, tuple[Interval, ...]] = {}
    ex = _find(root, "Exceptions")
    if ex is not None:
        for en in ex.children:
            parts = en.attrs.split("|")
            kv = dict(zip(parts[::2], parts[1::2], strict=False))
            if "d" in kv:
                exc[EXCEL_EPOCH + timedelta(days=int(float(kv["d"])))] = _shifts(en)
    return Calendar(id=cid, name=name, week=week, exceptions=exc)


def _fmt_shifts(ivs: tuple[Interval, ...]) -> str:
    parts = []
    for k, (a, b) in enumerate(ivs):
        b = 0 if b == DAY else b
        parts.append(f"(0||{k}(s|{a // 60:02d}:{a % 60:02d}|f|{b // 60:02d}:{b % 60:02d})())")
    return "".join(parts)


def format_clndr_data(cal: Calendar) -> str:
    """Write a Calendar in P6 clndr_data form (inverse of parse_clndr_data)."""
    days = "".join(
        f"(0||{p6}()({_fmt_shifts(cal.week.get((p6 + 5) % 7, ()))}))" for p6 in range(1, 8)
    )
    excs = "".join(
        f"(0||{k}(d|{(d - EXCEL_EPOCH).days})({_fmt_shifts(ivs)}))"
        for k, (d, ivs) in enumerate(sorted(cal.exceptions.items()))
    )
    return f"(0||CalendarData()((0||DaysOfWeek()({days}))(0||Exceptions()({excs}))))"


# -- XER -> Network --------------------------------------------------------
def _dt(v: str) -> datetime | None:
    return _date(v)


def _date(v: str) -> datetime | None:
    v = v.strip()
    if not v:
        return None
    shown = v[:40]  # the file's value, as written there
    try:
        moment = datetime.fromisoformat(v)
    except ValueError:
        raise XerError(f"'{v[:40]}' is not a date (write 2025-01-31 08:00)",
                       bn=f"'{shown}' তারিখ নয় (ফাইলে লিখুন 2025-01-31 08:00)") from None
    if not 1900 <= moment.year <= 2999:
        raise XerError(f"'{v[:40]}' is outside the years 1900 to 2999",
                       bn=f"'{shown}' ১৯০০ থেকে ২৯৯৯ সালের বাইরে")
    return moment.replace(tzinfo=None)  # XER times are the site's wall-clock times


def _num(v: str, default: float = 0.0) -> float:
    v = v.strip()
    if not v:
        return default
    shown = v[:40]  # the file's value, as written there
    try:
        n = float(v)
    except ValueError:
        raise XerError(f"'{v[:40]}' is not a number", bn=f"'{shown}' সংখ্যা নয়") from None
    if not math.isfinite(n):
        raise XerError(f"'{v[:40]}' is not a finite number", bn=f"'{shown}' সসীম সংখ্যা নয়")
    return n


def _rows(doc: XerDocument, name: str) -> XerTable:
    t = doc.table(name)
    return t if t is not None else XerTable(name, [])


def load_xer(data: bytes | str, proj_id: str | None = None) -> XerProject:
    """Read an XER file and build the network of one project (the first if not named)."""
    return xer_to_project(read_xer(data), proj_id)


def unique_code(code: str, taken: set[str], suffix: str, limit: int = 80) -> str:
    """``code`` cut to ``limit`` characters, with ``#suffix`` when another row holds it already."""
    out = code[:limit]
    if out in taken:
        tail = f"#{suffix}"
        out = code[: limit - len(tail)] + tail
        k = 2
        while out in taken:
            tail = f"#{suffix}-{k}"
            out, k = code[: limit - len(tail)] + tail, k + 1
    taken.add(out)
    return out


def wbs_codes(doc: XerDocument, pid: str, warnings: list[str]) -> dict[str, tuple[str, str]]:
    """Each WBS of project ``pid`` as (code, name): the code is the P6 path of short names below the
    project node ("1.2.Roof"), which P6 shows as the WBS code; short names repeat among non-siblings."""
    t = _rows(doc, "PROJWBS")
    rows = {r.get("wbs_id", ""): (r, line) for r, line in zip(t.rows, t.lines, strict=True)
            if r.get("proj_id") == pid and r.get("wbs_id")}
    paths: dict[str, str] = {}

    def short(w: str) -> str:
        return (rows[w][0].get("wbs_short_name") or w).strip() or w

    def path(w0: str) -> str:
        chain, seen, w, base = [], set(), w0, ""
        while True:  # up to a known path, the project node, a root, or a parent loop (P6 cannot hold one)
            if w in paths:
                base = paths[w]
                break
            if w in seen:
                break
            seen.add(w)
            chain.append(w)
            r = rows[w][0]
            parent = r.get("parent_wbs_id") or ""
            if r.get("proj_node_flag") == "Y" or parent not in rows or rows[parent][0].get("proj_node_flag") == "Y":
                break
            w = parent
        for x in reversed(chain):
            paths[x] = base = f"{base}.{short(x)}" if base else short(x)
        return paths[w0]

    taken: set[str] = set()
    out: dict[str, tuple[str, str]] = {}
    for w, (r, line) in rows.items():
        p = path(w)
        code = unique_code(p, taken, w)
        if code != p:
            path_code = p  # the WBS path of the file's short names, as written there
            warnings.append(XerNote(f"WBS path {p} repeats or is too long: stored as {code}", "PROJWBS", line,
                                    f"WBS পথ {path_code} পুনরাবৃত্ত বা বেশি লম্বা: {code} হিসেবে রাখা হয়েছে"))
        out[w] = (code, (r.get("wbs_name") or r.get("wbs_short_name") or "").strip())
    return out


def _broken_calendar(cid: str, r: dict[str, str], line: int, exc: Exception) -> XerError:
    what = "is empty" if not r.get("clndr_data", "").strip() else f"cannot be read ({exc})"
    what_bn = "খালি" if not r.get("clndr_data", "").strip() else "পড়া যায় না"
    cal_code, name = cid, r.get("clndr_name", "")  # the calendar's id and name, as written in the file
    return XerError(f"calendar {cid} '{r.get('clndr_name', '')}' is used but its clndr_data {what}",
                    table="CALENDAR", line=line, column="clndr_data",
                    bn=f"ক্যালেন্ডার {cal_code} '{name}' ব্যবহৃত, কিন্তু এর দিন ও সময়ের ঘর (clndr_data) {what_bn}")


def xer_to_project(doc: XerDocument, proj_id: str | None = None) -> XerProject:
    projects = _rows(doc, "PROJECT")
    if not projects.rows:
        raise XerError("no PROJECT rows", table="PROJECT", bn="PROJECT টেবিলে কোনো সারি নেই")
    prow = next((r for r in projects.rows if r.get("proj_id") == proj_id), None) \
        if proj_id else projects.rows[0]
    if prow is None:
        key = proj_id  # the project asked for, as given
        raise XerError(f"project {proj_id} not in file", table="PROJECT", bn=f"প্রকল্প {key} ফাইলে নেই")
    pid = prow.get("proj_id", "")
    pline = projects.lines[projects.rows.index(prow)]
    warnings = list(doc.warnings)
    task_t = _rows(doc, "TASK")
    mine = [(r, line) for r, line in zip(task_t.rows, task_t.lines, strict=True) if r.get("proj_id") == pid]

    # calendars: only one an activity of this project uses (or the project's own) must be readable
    calendars: dict[str, Calendar] = {}
    broken: dict[str, XerError] = {}
    cal_t = _rows(doc, "CALENDAR")
    default_cal = None
    for r, line in zip(cal_t.rows, cal_t.lines, strict=True):
        cid = r.get("clndr_id", "")
        try:
            calendars[cid] = parse_clndr_data(cid, r.get("clndr_name", cid), r.get("clndr_data", ""))
        except (ValueError, IndexError, CalendarError) as exc:
            broken[cid] = _broken_calendar(cid, r, line, exc)
            continue
        if r.get("default_flag") == "Y" and default_cal is None:
            default_cal = cid
    proj_cal = prow.get("clndr_id") or default_cal
    used = {r.get("clndr_id") or proj_cal for r, _ in mine}
    for cid in sorted(c for c in broken if c in used):
        raise broken[cid]
    for cid, e in broken.items():
        if cid != proj_cal:
            empty, cal_code = "empty" in e.reason, cid  # the calendar's id, as written in the file
            warnings.append(XerNote(f"calendar {cid} not imported: no activity uses it and its clndr_data "
                                    f"{'is empty' if empty else 'cannot be read'}", "CALENDAR", e.line,
                                    f"ক্যালেন্ডার {cal_code} ইমপোর্ট হয়নি: কোনো কার্যক্রম এটি ব্যবহার করে না এবং এর "
                                    f"দিন ও সময়ের ঘর {'খালি' if empty else 'পড়া যায় না'}"))
    if not calendars:
        calendars["default"] = Calendar.build("default", days="Mon-Fri", hours="08:00-12:00,13:00-17:00")
        warnings.append(XerNote("no readable CALENDAR rows: using a Mon-Fri 8h default", "CALENDAR", None,
                                "পড়ার মতো কোনো ক্যালেন্ডার নেই: সোম-শুক্র দৈনিক ৮ ঘণ্টা ধরা হয়েছে"))
        if proj_cal not in broken:
            proj_cal = "default"
    if proj_cal not in calendars:
        why, why_bn = ("cannot be read", "পড়া যায় না") if proj_cal in broken else ("is missing", "নেই")
        proj_cal = default_cal if default_cal in calendars else next(iter(calendars))
        # the calendars' ids, as written in the file
        named_code, used_code = prow.get("clndr_id") or "", proj_cal
        warnings.append(XerNote(f"project calendar {prow.get('clndr_id') or ''} {why}; using calendar {proj_cal}",
                                "PROJECT", pline, f"প্রকল্পের ক্যালেন্ডার {named_code} {why_bn}; "
                                                  f"ক্যালেন্ডার {used_code} ব্যবহৃত"))

    wbs_names = wbs_codes(doc, pid, warnings)
    wbs_parent: dict[str, str | None] = {}
    for r in _rows(doc, "PROJWBS").rows:
        if r.get("wbs_id") in wbs_names:
            parent = r.get("parent_wbs_id") or None
            wbs_parent[r["wbs_id"]] = parent if parent in wbs_names and parent != r["wbs_id"] else None
    for w in wbs_parent:  # a parent loop (no P6 database holds one) is cut where it is found
        seen, up = {w}, wbs_parent[w]
        while up is not None and up not in seen:
            seen.add(up)
            up = wbs_parent.get(up)
        if up is not None:
            wbs_code = wbs_names[w][0]  # its WBS code (the P6 path), as the file gives it
            warnings.append(XerNote(f"WBS {w} is its own ancestor: read as a top-level WBS", "PROJWBS", None,
                                    f"WBS {wbs_code} নিজেই নিজের পূর্বপুরুষ: শীর্ষ স্তরের WBS হিসেবে পড়া হয়েছে"))
            wbs_parent[w] = None

    acts: list[Activity] = []
    code_of: dict[str, str] = {}
    task_ids: dict[str, str] = {}
    all_tasks = {r.get("task_id", "") for r in task_t.rows}
    taken: set[str] = set()
    for r, line in mine:
        tid = id_code = r.get("task_id", "")  # the activity's P6 id, as written in the file
        if tid in code_of:
            raise XerError(f"task_id {tid} appears twice", "TASK", line, "task_id",
                           bn=f"কার্যক্রমের আইডি {id_code} দুবার আছে")
        given = given_code = (r.get("task_code") or tid).strip() or tid  # the activity's code, as written
        code = unique_code(given, taken, tid)
        if code != given:
            warnings.append(XerNote(f"task_code {given} repeats or is too long: stored as {code}", "TASK", line,
                                    f"কার্যক্রমের কোড {given_code} পুনরাবৃত্ত বা বেশি লম্বা: {code} হিসেবে রাখা "
                                    "হয়েছে"))
        if r.get("wbs_id") and r["wbs_id"] not in wbs_names:
            wbs_code = r["wbs_id"]  # as written in the file
            warnings.append(XerNote(f"task {code}: unknown wbs_id {r['wbs_id']}: no WBS", "TASK", line,
                                    f"কার্যক্রম {code}: অজানা WBS {wbs_code}: WBS ছাড়া রাখা হয়েছে"))
            r = {**r, "wbs_id": ""}
        acts.append(_activity(r, code, calendars, proj_cal, warnings, line))
        code_of[tid] = code
        task_ids[code] = tid

    rels: list[Relationship] = []
    seen: set[tuple[str, str, RelType]] = set()
    pred_t = _rows(doc, "TASKPRED")
    for r, line in zip(pred_t.rows, pred_t.lines, strict=True):
        s, p = r.get("task_id", ""), r.get("pred_task_id", "")
        if s not in code_of and p not in code_of:
            continue
        missing = next((t for t in (s, p) if t not in all_tasks), None)
        # the two activities by their codes (a P6 task_id when not of this project), as written in the file
        pred_code, succ_code = code_of.get(p, p), code_of.get(s, s)
        if missing is not None:
            missing_code = missing
            warnings.append(XerNote(f"relationship {p}->{s} ignored: task_id {missing} is not in the file",
                                    "TASKPRED", line, f"সম্পর্ক {pred_code}->{succ_code} বাদ: কার্যক্রমের আইডি "
                                                      f"{missing_code} ফাইলে নেই"))
            continue
        if s not in code_of or p not in code_of:
            warnings.append(XerNote(f"external relationship {p}->{s} (other project) ignored", "TASKPRED", line,
                                    f"বাইরের সম্পর্ক {pred_code}->{succ_code} (অন্য প্রকল্প) বাদ"))
            continue
        kind = (r.get("pred_type") or "PR_FS").strip().upper().replace("PR_", "")
        try:
            rt = RelType(kind)
        except ValueError:
            type_code = r.get("pred_type")  # as written in the file
            warnings.append(XerNote(f"relationship {code_of[p]}->{code_of[s]} ignored: unknown pred_type "
                                    f"{r.get('pred_type')}", "TASKPRED", line,
                                    f"সম্পর্ক {pred_code}->{succ_code} বাদ: অজানা সম্পর্কের ধরন {type_code}"))
            continue
        if s == p:
            warnings.append(XerNote(f"relationship of {code_of[s]} to itself ignored", "TASKPRED", line,
                                    f"{succ_code}-এর নিজের সঙ্গে সম্পর্ক বাদ"))
            continue
        if (p, s, rt) in seen:
            warnings.append(XerNote(f"second {rt.value} relationship {code_of[p]}->{code_of[s]} ignored",
                                    "TASKPRED", line, f"দ্বিতীয় {REL_BN[rt]} সম্পর্ক {pred_code}->{succ_code} বাদ"))
            continue
        seen.add((p, s, rt))
        lag = _field(lambda v=r.get("lag_hr_cnt", ""): _num(v), "TASKPRED", line, "lag_hr_cnt")
        rels.append(Relationship(code_of[p], code_of[s], rt, lag))

    options = _options(doc, prow, warnings, pline)
    net = Network(acts, rels, calendars, proj_cal, name=prow.get("proj_short_name", ""),
                  wbs_parent=wbs_parent)

    codes_by_task: dict[str, dict[str, str]] = {}
    types = {r.get("actv_code_type_id"): r.get("actv_code_type", "") for r in _rows(doc, "ACTVTYPE").rows}
    values = {r.get("actv_code_id"): (r.get("actv_code_type_id"), r.get("short_name", ""))
              for r in _rows(doc, "ACTVCODE").rows}
    for r in _rows(doc, "TASKACTV").rows:
        code = code_of.get(r.get("task_id", ""))
        val = values.get(r.get("actv_code_id"))
        if code and val:
            ty = (types.get(val[0], val[0] or "") or "")[:80]
            codes_by_task.setdefault(code, {})[ty] = val[1][:120]
    assignments = [r for r in _rows(doc, "TASKRSRC").rows if r.get("task_id") in code_of]
    return XerProject(
        proj_id=pid, short_name=prow.get("proj_short_name", ""), network=net, options=options,
        task_ids=task_ids, resources=list(_rows(doc, "RSRC").rows), assignments=assignments,
        activity_codes=codes_by_task, warnings=warnings, wbs_names=wbs_names,
    )


def _field(read, table: str, line: int | None, column: str):  # noqa: ANN001, ANN202
    """``read()``, its XerError naming the table, line and field."""
    try:
        return read()
    except XerError as exc:
        raise exc.at(table, line, column) from None


def _activity(r: dict[str, str], code: str, calendars, proj_cal: str, warnings, line: int | None = None) \
        -> Activity:
    def dt(f: str) -> datetime | None:
        return _field(lambda: _dt(r.get(f, "")), "TASK", line, f)

    def num(f: str) -> float:
        return _field(lambda: _num(r.get(f, "")), "TASK", line, f)

    ttype = TASK_TYPES.get(r.get("task_type", "TT_Task"))
    if ttype is None:
        type_code = r.get("task_type")  # as written in the file
        warnings.append(XerNote(f"task {code}: unknown task_type {r.get('task_type')}, treated as task", "TASK", line,
                                f"কার্যক্রম {code}: অজানা কার্যক্রমের ধরন {type_code}, সাধারণ কাজ ধরা হয়েছে"))
        ttype = ActivityType.TASK
    cal = r.get("clndr_id") or proj_cal
    if cal not in calendars:
        cal_code = cal  # as written in the file
        warnings.append(XerNote(f"task {code}: unknown calendar {cal}, using project calendar", "TASK", line,
                                f"কার্যক্রম {code}: অজানা ক্যালেন্ডার {cal_code}, প্রকল্পের ক্যালেন্ডার ব্যবহৃত"))
        cal = proj_cal
    status = r.get("status_code", "TK_NotStart")
    a_start = dt("act_start_date") if status != "TK_NotStart" else None
    a_fin = dt("act_end_date") if status == "TK_Complete" else None
    if status == "TK_Complete" and a_start is None and a_fin is not None:
        a_start = a_fin
    if a_start is None and status != "TK_NotStart":
        warnings.append(XerNote(f"task {code}: {status} without act_start_date: scheduled as not started",
                                "TASK", line, f"কার্যক্রম {code}: {STATUS_BN.get(status, 'শুরু হয়েছে')}, কিন্তু "
                                              "প্রকৃত শুরুর তারিখ নেই: শুরু হয়নি ধরে সময়সূচি"))
        a_fin = None
    remain = r.get("remain_drtn_hr_cnt", "").strip()
    cons = None
    if r.get("cstr_type"):
        ct = CONSTRAINTS.get(r["cstr_type"])
        if ct is None:
            type_code = r["cstr_type"]  # as written in the file
            warnings.append(XerNote(f"task {code}: unknown constraint {r['cstr_type']} ignored", "TASK", line,
                                    f"কার্যক্রম {code}: অজানা শর্ত {type_code} বাদ"))
        else:
            cons = Constraint(ct, dt("cstr_date"))
    cons2 = None
    if r.get("cstr_type2") and r["cstr_type2"] in CONSTRAINTS:
        cons2 = Constraint(CONSTRAINTS[r["cstr_type2"]], dt("cstr_date2"))
    try:
        return Activity(
            code=code, name=r.get("task_name", ""), duration_hours=num("target_drtn_hr_cnt"),
            type=ttype, calendar_id=cal, wbs_id=r.get("wbs_id") or None, constraint=cons,
            secondary_constraint=cons2, actual_start=a_start, actual_finish=a_fin,
            remaining_hours=num("remain_drtn_hr_cnt") if remain else None,
            percent_complete=num("phys_complete_pct"),
            expected_finish=dt("expect_end_date") if status != "TK_Complete" else None,
            external_early_start=dt("external_early_start_date"),
            external_late_finish=dt("external_late_end_date"),
        )
    except (ValueError, TypeError) as exc:
        if isinstance(exc, XerError):
            raise
        raise XerError(f"task {code}: {exc}", "TASK", line, bn=f"কার্যক্রম {code}: মান সঠিক নয়") from None


_FLOAT_TYPE = {"ft_ff": FloatType.FINISH, "ft_ss": FloatType.START, "ft_min": FloatType.SMALLEST}
_FLOAT_TYPE_OUT = {FloatType.FINISH: "FT_FF", FloatType.START: "FT_SS", FloatType.SMALLEST: "FT_Min"}
# every PROJECT / SCHEDOPTIONS field that changes early/late dates, float or the critical flag
OPTION_FIELDS = (
    "last_recalc_date", "plan_end_date", "critical_drtn_hr_cnt", "critical_path_type",
    "sched_retained_logic", "sched_progress_override", "sched_calendar_on_relationship_lag",
    "sched_float_type", "sched_lag_early_start_flag", "sched_open_critical_flag",
    "sched_use_expect_end_flag", "sched_outer_depend_type", "sched_use_project_end_date_for_float",
)


def _flag(v: str | None, default: bool) -> bool:
    v = (v or "").strip().upper()
    return default if not v else v in ("Y", "1", "TRUE")


def _options(doc: XerDocument, prow: dict[str, str], warnings: list[str] | None = None,
             line: int | None = None) -> ScheduleOptions:
    """P6 scheduling options: PROJECT fields, overridden by a SCHEDOPTIONS row of the project."""
    warnings = warnings if warnings is not None else []

    def date_of(f: str) -> datetime | None:
        return _field(lambda: _date(opts.get(f, "")), "PROJECT", line, f)

    opts = {k: v for k, v in prow.items() if v.strip()}
    for r in _rows(doc, "SCHEDOPTIONS").rows:
        if r.get("proj_id") in (prow.get("proj_id"), "", None):
            opts.update({k: v for k, v in r.items() if v.strip()})
    dd = date_of("last_recalc_date") or date_of("plan_start_date")
    if dd is None:
        dd = datetime(2000, 1, 1)
        warnings.append(XerNote("no last_recalc_date nor plan_start_date: data date 2000-01-01 until one is set",
                                "PROJECT", line, "last_recalc_date বা plan_start_date নেই: ডেটা-তারিখ ২০০০-০১-০১, "
                                                 "ঠিক করে দিন"))
    ft = opts.get("sched_float_type", "").strip().lower()
    if ft and ft not in _FLOAT_TYPE:
        type_code = ft  # as written in the file
        warnings.append(XerNote(f"unknown sched_float_type {ft}: finish float used", "SCHEDOPTIONS", None,
                                f"অজানা ফ্লোটের ধরন {type_code}: শেষ-ফ্লোট ধরা হয়েছে"))
    crit = CriticalBy.LONGEST_PATH if opts.get("critical_path_type", "").lower() == "ct_drivpath" \
        else CriticalBy.TOTAL_FLOAT
    retained = _flag(opts.get("sched_retained_logic"), True)
    override = _flag(opts.get("sched_progress_override"), False)
    if not retained and not override:
        warnings.append(XerNote("P6 'Actual Dates' progress option is scheduled as retained logic", "SCHEDOPTIONS",
                                None, "P6-এর 'প্রকৃত তারিখ' অগ্রগতি-বিকল্প 'রক্ষিত যুক্তি' হিসেবে ধরা হয়েছে"))
    lag = opts.get("sched_calendar_on_relationship_lag", "").strip().lower()
    lag = {"rcal_project": "rcal_projdefault"}.get(lag, lag)
    if lag and lag not in _LAG_CAL:
        lag_code = lag  # as written in the file
        warnings.append(XerNote(f"unknown sched_calendar_on_relationship_lag {lag}: predecessor calendar used",
                                "SCHEDOPTIONS", None,
                                f"অজানা ব্যবধানের ক্যালেন্ডার {lag_code}: পূর্বসূরির ক্যালেন্ডার ব্যবহৃত"))
    return ScheduleOptions(
        data_date=dd,
        planned_start=ps if (ps := date_of("plan_start_date")) and ps > dd else None,  # P6: later of the two
        retained_logic=not override,
        # P6's defaults when a file does not say: lag on the predecessor's calendar, expected finish on
        lag_calendar=_LAG_CAL.get(lag, LagCalendar.PREDECESSOR),
        float_type=_FLOAT_TYPE.get(ft, FloatType.FINISH),
        critical_by=crit,
        critical_float_hours=_field(lambda: _num(opts.get("critical_drtn_hr_cnt", "")), "PROJECT", line,
                                    "critical_drtn_hr_cnt"),
        must_finish_by=date_of("plan_end_date"),
        lag_from_early_start=_flag(opts.get("sched_lag_early_start_flag"), False),
        open_ends_critical=_flag(opts.get("sched_open_critical_flag"), False),
        use_expected_finish=_flag(opts.get("sched_use_expect_end_flag"), True),
        ignore_external_relationships=opts.get("sched_outer_depend_type", "SD_None").strip() in ("", "SD_None"),
        float_on_project_finish=_flag(opts.get("sched_use_project_end_date_for_float"), True),
    )


def options_row(options: ScheduleOptions) -> dict[str, object]:
    """The P6 field values of ``options`` (inverse of the reader)."""
    return {
        "last_recalc_date": _d(options.data_date), "plan_end_date": _d(options.must_finish_by),
        "critical_drtn_hr_cnt": options.critical_float_hours,
        "critical_path_type": "CT_DrivPath" if options.critical_by is CriticalBy.LONGEST_PATH else "CT_TotFloat",
        "sched_retained_logic": options.retained_logic, "sched_progress_override": not options.retained_logic,
        "sched_calendar_on_relationship_lag": _LAG_CAL_OUT[options.lag_calendar],
        "sched_float_type": _FLOAT_TYPE_OUT[options.float_type],
        "sched_lag_early_start_flag": options.lag_from_early_start,
        "sched_open_critical_flag": options.open_ends_critical,
        "sched_use_expect_end_flag": options.use_expected_finish,
        "sched_outer_depend_type": "SD_None" if options.ignore_external_relationships else "SD_Both",
        "sched_use_project_end_date_for_float": options.float_on_project_finish,
    }


# -- Network -> XER --------------------------------------------------------
def _d(v: datetime | None) -> str:
    return v.strftime("%Y-%m-%d %H:%M") if v else ""


def network_to_xer(net: Network, options: ScheduleOptions, proj_id: str = "1",
                   short_name: str | None = None, extras: XerExtras | None = None,
                   result: ScheduleResult | None = None) -> XerDocument:
    """Build an XER document holding one project: calendars, options, WBS, activities, logic,
    and (from ``extras``) resources, assignments and activity codes. With a schedule ``result`` the
    activities carry their dates and floats as P6 writes them (MPXJ derives an in-progress
    activity's duration from its start and remaining finish)."""
    tables: dict[str, XerTable] = {}
    cal_ids = {cid: str(k + 1) for k, cid in enumerate(net.calendars)}
    t = tables["CALENDAR"] = XerTable("CALENDAR", ["clndr_id", "default_flag", "clndr_name",
                                                   "proj_id", "clndr_type", "day_hr_cnt", "clndr_data"])
    for cid, cal in net.calendars.items():
        t.add({"clndr_id": cal_ids[cid], "default_flag": cid == net.default_calendar_id,
               "clndr_name": cal.name or cid, "clndr_type": "CA_Base",
               "day_hr_cnt": cal.hours_per_day(), "clndr_data": format_clndr_data(cal)})
    opt_row = options_row(options)
    t = tables["PROJECT"] = XerTable("PROJECT", [
        "proj_id", "proj_short_name", "clndr_id", "plan_start_date", *OPTION_FIELDS])
    t.add({"proj_id": proj_id, "proj_short_name": short_name or net.name or "PROJECT",
           "clndr_id": cal_ids[net.default_calendar_id], "plan_start_date": _d(options.planned_start or options.data_date), **opt_row})
    sched = [f for f in OPTION_FIELDS if f.startswith("sched_")]
    t = tables["SCHEDOPTIONS"] = XerTable("SCHEDOPTIONS", ["schedoptions_id", "proj_id", *sched])
    t.add({"schedoptions_id": "1", "proj_id": proj_id, **{f: opt_row[f] for f in sched}})
    extras = extras or XerExtras()
    t = tables["PROJWBS"] = XerTable("PROJWBS", ["wbs_id", "proj_id", "parent_wbs_id", "proj_node_flag",
                                                 "wbs_short_name", "wbs_name"])
    wbs_ids = {w: str(k + 1) for k, w in enumerate(net.wbs_parent)}  # P6 ids are integers
    for w, parent in net.wbs_parent.items():
        code, name = extras.wbs_names.get(w, (w, w))
        t.add({"wbs_id": wbs_ids[w], "proj_id": proj_id, "parent_wbs_id": wbs_ids.get(parent or "", ""),
               "proj_node_flag": w in extras.wbs_project_nodes, "wbs_short_name": code, "wbs_name": name})
    t = tables["TASK"] = XerTable("TASK", [
        "task_id", "proj_id", "wbs_id", "clndr_id", "task_code", "task_name", "task_type",
        "status_code", "target_drtn_hr_cnt", "remain_drtn_hr_cnt", "phys_complete_pct",
        "act_start_date", "act_end_date", "expect_end_date", "external_early_start_date", "external_late_end_date",
        "cstr_type", "cstr_date", "cstr_type2", "cstr_date2", *_RESULT_FIELDS])
    tid = {}
    for k, a in enumerate(net.activities):
        tid[a.code] = str(k + 1)
        status = "TK_NotStart" if not a.actual_start else ("TK_Complete" if a.actual_finish else "TK_Active")
        c, c2 = a.constraint, a.secondary_constraint
        t.add({"task_id": tid[a.code], "proj_id": proj_id, "wbs_id": wbs_ids.get(a.wbs_id or "", ""),
               "clndr_id": cal_ids[a.calendar_id or net.default_calendar_id], "task_code": a.code,
               "task_name": a.name, "task_type": _TASK_TYPE_OUT[a.type], "status_code": status,
               "target_drtn_hr_cnt": a.duration_hours,
               # P6 (and MPXJ) schedule the remaining duration: a not-started activity's is its duration
               "remain_drtn_hr_cnt": a.remaining_hours if a.remaining_hours is not None
               else 0 if a.actual_finish else "" if a.actual_start else a.duration_hours,
               "phys_complete_pct": a.percent_complete, "act_start_date": _d(a.actual_start),
               "act_end_date": _d(a.actual_finish), "expect_end_date": _d(a.expected_finish),
               "external_early_start_date": _d(a.external_early_start),
               "external_late_end_date": _d(a.external_late_finish),
               "cstr_type": _CONSTRAINT_OUT[c.type] if c else "", "cstr_date": _d(c.date) if c else "",
               "cstr_type2": _CONSTRAINT_OUT[c2.type] if c2 else "",
               "cstr_date2": _d(c2.date) if c2 else "",
               **_result_row(a, result.activities.get(a.code) if result else None, options)})
    t = tables["TASKPRED"] = XerTable("TASKPRED", [
        "task_pred_id", "task_id", "pred_task_id", "proj_id", "pred_proj_id", "pred_type", "lag_hr_cnt"])
    for k, r in enumerate(net.relationships):
        t.add({"task_pred_id": str(k + 1), "task_id": tid[r.successor], "pred_task_id": tid[r.predecessor],
               "proj_id": proj_id, "pred_proj_id": proj_id, "pred_type": "PR_" + r.type.value,
               "lag_hr_cnt": r.lag_hours})
    write_extras(tables, extras, tid, proj_id)
    header = ["ERMHDR", "19.12", datetime.now().strftime("%Y-%m-%d"), "Project", "vextrus",
              "vextrus", "dbxDatabaseNoName", "Project Management", "BDT"]
    return XerDocument(header=header, tables=tables)


_RESULT_FIELDS = ("early_start_date", "early_end_date", "late_start_date", "late_end_date", "restart_date",
                  "reend_date", "target_start_date", "target_end_date", "total_float_hr_cnt", "free_float_hr_cnt")


def _result_row(a: Activity, r: ActivityResult | None, options: ScheduleOptions) -> dict[str, object]:
    if r is None:
        return {}
    if a.actual_finish:
        rest = (a.actual_finish, a.actual_finish)
    elif a.actual_start:
        rest = (max(options.data_date, a.actual_start), r.early_finish)
    else:
        rest = (r.early_start, r.early_finish)
    return {"early_start_date": _d(r.early_start), "early_end_date": _d(r.early_finish),
            "late_start_date": _d(r.late_start), "late_end_date": _d(r.late_finish),
            "restart_date": _d(rest[0]), "reend_date": _d(rest[1]),
            "target_start_date": _d(a.actual_start or r.early_start), "target_end_date": _d(r.early_finish),
            "total_float_hr_cnt": "" if r.total_float_hours is None else round(r.total_float_hours, 2),
            "free_float_hr_cnt": "" if r.free_float_hours is None else round(r.free_float_hours, 2)}


def dump_xer(net: Network, options: ScheduleOptions, proj_id: str = "1") -> bytes:
    """Network -> XER file bytes (cp1252, unencodable characters replaced)."""
    return write_xer(network_to_xer(net, options, proj_id)).encode("cp1252", "replace")
