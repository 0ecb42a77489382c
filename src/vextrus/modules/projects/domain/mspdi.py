"""Import MS Project XML (MSPDI): Project / Calendars / Tasks / PredecessorLink.

Durations are ISO-8601 ``PT8H0M0S``; LinkLag is in tenths of a minute;
link Type 0=FF 1=FS 2=SF 3=SS; WeekDay DayType 1=Sunday..7=Saturday.
A manually scheduled task (``<Manual>1</Manual>``) is pinned at its Start (ConstraintType.MANUALLY_SCHEDULED).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from vextrus.platform.errors import ValidationFailed

from .calendar import DAY, Calendar, Interval
from .network import (
    REL_BN,
    Activity,
    ActivityType,
    Constraint,
    ConstraintType,
    Network,
    Relationship,
    RelType,
    ScheduleOptions,
)
from .xer_format import XerNote, bn_digits

_LINK = {"0": RelType.FF, "1": RelType.FS, "2": RelType.SF, "3": RelType.SS}
_CONSTRAINT = {
    "1": ConstraintType.AS_LATE_AS_POSSIBLE, "2": ConstraintType.START_ON,
    "3": ConstraintType.FINISH_ON, "4": ConstraintType.START_ON_OR_AFTER,
    "5": ConstraintType.START_ON_OR_BEFORE, "6": ConstraintType.FINISH_ON_OR_AFTER,
    "7": ConstraintType.FINISH_ON_OR_BEFORE,
}
_DUR = re.compile(r"^-?P(?:(\d+)D)?T?(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?$")


class MspdiError(ValidationFailed, ValueError):
    """Malformed or unsafe MSPDI XML."""

    def __init__(self, message: str, field: str | None = None, bn: str | None = None):
        self.bn = bn or "ফাইলটি পড়া গেল না"
        where_bn = f" ({_where_bn(field)})" if field else ""
        super().__init__("mspdi_invalid", message, f"MSPDI XML সঠিক নয়: {self.bn}{where_bn}", field)


_WHERE_BN = (("Task UID ", "কার্যক্রম UID "), ("Calendar UID ", "ক্যালেন্ডার UID "),
             ("Project StartDate", "প্রকল্পের শুরুর তারিখ"))


def _where_bn(field: str) -> str:
    """The file's element a refusal names (`Task UID 12`), in Bangla: 'কার্যক্রম UID ১২' (the UID as written)."""
    for en, bn in _WHERE_BN:
        if field.startswith(en):
            return bn + field[len(en):]
    return field


@dataclass
class MspdiProject:
    network: Network
    options: ScheduleOptions
    uids: dict[str, str]  # activity code -> Task UID
    warnings: list[str] = field(default_factory=list)


def parse_duration_hours(text: str | None) -> float:
    if not text:
        return 0.0
    m = _DUR.match(text.strip())
    if not m:
        raise MspdiError(f"bad duration {text!r}", bn=f"সময়কাল {text!r} সঠিক নয়")
    d, h, mi, s = (float(x) if x else 0.0 for x in m.groups())
    sign = -1 if text.strip().startswith("-") else 1
    return sign * (d * 24 + h + mi / 60 + s / 3600)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _kids(el: ET.Element | None, name: str) -> list[ET.Element]:
    if el is None:
        return []
    return [c for c in el if _local(c.tag) == name]


def _kid(el: ET.Element | None, name: str) -> ET.Element | None:
    k = _kids(el, name)
    return k[0] if k else None


def _text(el: ET.Element | None, name: str, default: str = "") -> str:
    k = _kid(el, name)
    return (k.text or default).strip() if k is not None and k.text else default


def _dt(v: str) -> datetime | None:
    return datetime.fromisoformat(v) if v else None


def _times(el: ET.Element | None) -> tuple[Interval, ...]:
    out = []
    for wt in _kids(_kid(el, "WorkingTimes"), "WorkingTime"):
        a, b = _text(wt, "FromTime"), _text(wt, "ToTime")
        if not a or not b:
            continue
        ha, hb = _minutes(a), _minutes(b)
        out.append((ha, DAY if hb <= ha else hb))
    return tuple(sorted(out))


def _minutes(t: str) -> int:
    h, m = t.split(":")[:2]
    return int(h) * 60 + int(m)


def _calendar(el: ET.Element, warnings: list[str]) -> Calendar:
    uid = _text(el, "UID")
    week: dict[int, tuple[Interval, ...]] = {d: () for d in range(7)}
    exc: dict[date, tuple[Interval, ...]] = {}
    for wd in _kids(_kid(el, "WeekDays"), "WeekDay"):
        dtype = _text(wd, "DayType")
        working = _text(wd, "DayWorking") == "1"
        ivs = _times(wd) if working else ()
        if dtype == "0":  # exception period
            tp = _kid(wd, "TimePeriod")
            start, end = _dt(_text(tp, "FromDate")), _dt(_text(tp, "ToDate"))
            if start and end:
                d = start.date()
                while d <= end.date():
                    exc[d] = ivs
                    d += timedelta(days=1)
        elif dtype:
            week[(int(dtype) + 5) % 7] = ivs
    for ex in _kids(_kid(el, "Exceptions"), "Exception"):
        tp = _kid(ex, "TimePeriod")
        start, end = _dt(_text(tp, "FromDate")), _dt(_text(tp, "ToDate"))
        ivs = _times(ex) if _text(ex, "DayWorking") == "1" else ()
        if start and end:
            d = start.date()
            while d <= end.date():
                exc[d] = ivs
                d += timedelta(days=1)
    if not any(week.values()):
        warnings.append(XerNote(f"calendar {uid} has no work week; assumed Mon-Fri 08:00-17:00", f"Calendar UID {uid}",
                                bn=f"ক্যালেন্ডার {uid}-এ কাজের সপ্তাহ নেই; সোম-শুক্র ০৮:০০-১৭:০০ ধরা হয়েছে"))
        week = {d: (((480, 720), (780, 1020)) if d < 5 else ()) for d in range(7)}
    return Calendar(id=uid, name=_text(el, "Name", uid), week=week, exceptions=exc)


def load_mspdi(data: bytes | str) -> MspdiProject:
    """Parse MSPDI XML into a network; DTDs and entities are refused (XML bombs)."""
    raw = data.encode() if isinstance(data, str) else data
    if b"<!DOCTYPE" in raw or b"<!ENTITY" in raw:
        raise MspdiError("DOCTYPE/ENTITY declarations are not accepted", bn="DOCTYPE/ENTITY ঘোষণা গ্রহণযোগ্য নয়")
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as exc:
        line, column = getattr(exc, "position", (0, 0))
        raise MspdiError(f"not well-formed XML: {exc}",
                         bn=f"XML গঠন সঠিক নয় (লাইন {bn_digits(line)}, কলাম {bn_digits(column)})") from exc
    if _local(root.tag) != "Project":
        raise MspdiError("root element is not <Project>", bn="মূল উপাদান <Project> নয়")
    warnings: list[str] = []
    cals = {}
    for el in _kids(_kid(root, "Calendars"), "Calendar"):
        try:
            c = _calendar(el, warnings)
        except (ValueError, TypeError, IndexError) as exc:
            uid = _text(el, "UID")  # as written in the file
            raise MspdiError(f"calendar UID {uid}: {exc}", field=f"Calendar UID {uid}",
                             bn=f"ক্যালেন্ডার UID {uid}-এর একটি মান পড়া যায় না") from None
        cals[c.id] = c
    default = _text(root, "CalendarUID")
    if not cals:
        cals["1"] = Calendar.build("1", days="Mon-Fri", hours="08:00-12:00,13:00-17:00")
        default = "1"
    if default not in cals:
        default = next(iter(cals))

    acts: list[Activity] = []
    rels: list[Relationship] = []
    code_of: dict[str, str] = {}
    uids: dict[str, str] = {}
    tasks = _kids(_kid(root, "Tasks"), "Task")
    p6_id = _activity_id_field(root)
    taken: set[str] = set()
    for t in tasks:
        uid = _text(t, "UID")
        if _text(t, "IsNull") == "1" or uid == "0":
            continue  # UID 0 is the project summary task
        given = (_extended(t, p6_id) if p6_id and _text(t, "Summary") != "1" else "") \
            or _text(t, "WBS") or _text(t, "ID") or uid
        code = _unique(given, taken, uid)
        if code != given:
            given_code = given  # the task's code, as written in the file
            warnings.append(XerNote(f"task UID {uid}: code {given} repeats or is too long: stored as {code}",
                                    f"Task UID {uid}", bn=f"কার্যক্রম UID {uid}: কোড {given_code} পুনরাবৃত্ত বা "
                                                          f"বেশি লম্বা: {code} হিসেবে রাখা হয়েছে"))
        code_of[uid], uids[code] = code, uid
    seen: set[tuple[str, str, RelType]] = set()
    for t in tasks:
        uid = _text(t, "UID")
        if uid not in code_of:
            continue
        try:
            _task(t, uid, code_of, cals, acts, rels, seen, warnings)
        except (ValueError, TypeError, IndexError) as exc:
            why = exc.message if isinstance(exc, MspdiError) else str(exc)
            why_bn = exc.bn if isinstance(exc, MspdiError) else "একটি মান পড়া যায় না"
            code = code_of[uid]  # the task's code, as read from the file
            raise MspdiError(f"task UID {uid} ({code}): {why}", field=f"Task UID {uid}",
                             bn=f"কার্যক্রম UID {uid} ({code}): {why_bn}") from None

    wbs_parent = {a.wbs_id: _parent_wbs(a.wbs_id) for a in acts if a.type is ActivityType.WBS_SUMMARY and a.wbs_id}
    try:
        start = _dt(_text(root, "StatusDate")) or _dt(_text(root, "StartDate")) or datetime(2000, 1, 1)
    except ValueError as exc:
        raise MspdiError(f"project StatusDate/StartDate: {exc}", field="Project StartDate",
                         bn="প্রকল্পের অবস্থার তারিখ বা শুরুর তারিখ সঠিক তারিখ নয়") from None
    opts = ScheduleOptions(data_date=start, must_finish_by=None)
    net = Network(acts, rels, cals, default, name=_text(root, "Name"), wbs_parent=wbs_parent)
    return MspdiProject(network=net, options=opts, uids=uids, warnings=warnings)


def _task(t: ET.Element, uid: str, code_of: dict[str, str], cals: dict[str, Calendar], acts: list[Activity],
          rels: list[Relationship], seen: set[tuple[str, str, RelType]], warnings: list[str]) -> None:
    """Read one task and its predecessor links; raises ValueError on a value it cannot read."""
    code = code_of[uid]
    hours = parse_duration_hours(_text(t, "Duration"))
    if _text(t, "Summary") == "1":
        kind = ActivityType.WBS_SUMMARY
    elif hours == 0:
        # MS Project dates a zero-duration milestone at its predecessors' finish: a P6 finish milestone
        kind = ActivityType.FINISH_MILESTONE
    else:
        kind = ActivityType.TASK
    cal = _text(t, "CalendarUID")
    cal = cal if cal in cals else None
    ctype = _CONSTRAINT.get(_text(t, "ConstraintType"))
    cons = Constraint(ctype, _dt(_text(t, "ConstraintDate"))) if ctype else None
    if _text(t, "Manual") == "1" and kind is not ActivityType.WBS_SUMMARY:
        # manually scheduled: MS Project keeps the task at the Start the user entered (a constraint on
        # it does not apply); Vextrus pins it there (ConstraintType.MANUALLY_SCHEDULED)
        start = _dt(_text(t, "Start")) or _dt(_text(t, "ManualStart"))
        if start is not None:
            cons = Constraint(ConstraintType.MANUALLY_SCHEDULED, start)
        else:
            warnings.append(XerNote(f"task {code}: manually scheduled without a start date: scheduled "
                                    "automatically", f"Task UID {uid}",
                                    bn=f"কার্যক্রম {code}: শুরুর তারিখ ছাড়া হাতে নির্ধারিত: স্বয়ংক্রিয়ভাবে "
                                       "সময়সূচি করা হয়েছে"))
    a_start, a_fin = _dt(_text(t, "ActualStart")), _dt(_text(t, "ActualFinish"))
    rem = _text(t, "RemainingDuration")
    acts.append(Activity(
        code=code, name=_text(t, "Name"), duration_hours=hours, type=kind, calendar_id=cal,
        wbs_id=_parent_wbs(_text(t, "WBS")) if kind is not ActivityType.WBS_SUMMARY else _text(t, "WBS"),
        constraint=cons, actual_start=a_start, actual_finish=a_fin if a_start else None,
        remaining_hours=parse_duration_hours(rem) if rem and a_start else None,
        percent_complete=float(_text(t, "PercentComplete", "0") or 0),
    ))
    for link in _kids(t, "PredecessorLink"):
        pu = _text(link, "PredecessorUID")
        if pu not in code_of:
            uid_code = pu  # the predecessor's UID, as written in the file
            warnings.append(XerNote(f"task {code}: link from predecessor UID {pu}, which is not in the file, ignored",
                                    f"Task UID {uid}", bn=f"কার্যক্রম {code}: পূর্বসূরি UID {uid_code} ফাইলে নেই, "
                                                          "সম্পর্কটি বাদ"))
            continue
        pred_code = code_of[pu]  # the predecessor's code, as read from the file
        rt = _LINK.get(_text(link, "Type", "1"), RelType.FS)
        if (pu, uid, rt) in seen or pu == uid:
            warnings.append(XerNote(f"task {code}: repeated {rt.value} link from {code_of[pu]} ignored",
                                    f"Task UID {uid}", bn=f"কার্যক্রম {code}: {pred_code} থেকে পুনরাবৃত্ত "
                                                          f"{REL_BN[rt]} সম্পর্ক বাদ"))
            continue
        seen.add((pu, uid, rt))
        lag_tenths = float(_text(link, "LinkLag", "0") or 0)
        fmt = _text(link, "LagFormat", "7")
        if fmt in ("19", "20"):  # percent lags are not supported
            warnings.append(XerNote(f"{code_of[pu]}->{code}: percentage lag ignored", f"Task UID {uid}",
                                    bn=f"{pred_code}->{code}: শতাংশে দেওয়া ব্যবধান বাদ"))
            lag_tenths = 0
        rels.append(Relationship(code_of[pu], code, rt, lag_tenths / 600.0))


def _norm(v: str) -> str:
    return "".join(ch for ch in v.lower() if ch.isalnum())


def _activity_id_field(root: ET.Element) -> str | None:
    """The FieldID of the task field P6's MSPDI export wrote the Activity ID to ("Export Activity ID
    to Microsoft Project task field"): the extended attribute named or aliased "Activity ID"."""
    for ea in _kids(_kid(root, "ExtendedAttributes"), "ExtendedAttribute"):
        if "activityid" in (_norm(_text(ea, "Alias")), _norm(_text(ea, "FieldName"))):
            return _text(ea, "FieldID") or None
    return None


def _extended(task: ET.Element, field_id: str) -> str:
    for ea in _kids(task, "ExtendedAttribute"):
        if _text(ea, "FieldID") == field_id:
            return _text(ea, "Value")
    return ""


def _unique(code: str, taken: set[str], suffix: str, limit: int = 80) -> str:
    out = code[:limit]
    k = 1
    while out in taken:
        tail = f"#{suffix}" if k == 1 else f"#{suffix}-{k}"
        out, k = code[: limit - len(tail)] + tail, k + 1
    taken.add(out)
    return out


def _parent_wbs(wbs: str) -> str | None:
    return wbs.rsplit(".", 1)[0] if wbs and "." in wbs else None
