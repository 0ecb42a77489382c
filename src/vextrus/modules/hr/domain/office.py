"""Office attendance from check-in/out devices (fingerprint or card readers, ZKTeco and alike), pure: reading
the device's CSV export, each employee's first in and last out of a day, and the day's hours under the
Bangladesh Labour Act 2006 (s.100: 8 ordinary hours a day, 10 with overtime; s.102: 60 a week with overtime;
s.108: overtime paid at twice the ordinary rate). No I/O here.

Two shapes of file are read (headers matched case- and punctuation-blind, first alias found wins):

- **punch per row** (ZKTeco "attendance log" / `AttLog` export): badge, date-time, and optionally the
  in/out state. Without a state the day's first punch is its in and its last punch its out.
- **row per day** (ZKTeco "attendance report" export): badge, date, clock in, clock out.

| field | headers accepted |
|---|---|
| badge | AC-No., Badge Number, Badge No, Badge, Enroll No, User ID, PIN, Emp No., Employee No, Employee Code, No. |
| date-time | Date/Time, DateTime, Check Time, Punch Time, Timestamp, Time (with a date in it) |
| state | State, Status, In/Out, Check Type, Punch State |
| date | Date |
| in / out | Clock In, Check In, In Time, First In, In / Clock Out, Check Out, Out Time, Last Out, Out |

States: `C/In`, `Check In`, `In`, `I`, `0` (check-in), `3` (break-in), `4` (overtime-in) are in; `C/Out`,
`Check Out`, `Out`, `O`, `1` (check-out), `2` (break-out), `5` (overtime-out) are out. Dates: `YYYY-MM-DD`
or day first `DD/MM/YYYY`, `DD-MM-YYYY`, `DD.MM.YYYY` (the Bangladesh way); times 24-hour `HH:MM[:SS]` or with
`AM`/`PM`. The badge is the employee's code in payroll (enrol each person on the device under their code).
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from vextrus.platform.errors import ValidationFailed
from vextrus.platform.money import ZERO, round_places
from vextrus.platform.row_problems import RowProblem, problem

from . import MAX_DAY, MAX_WEEK, NORMAL_DAY, week_of

D = Decimal
MAX_ROWS = 200_000

_ALIASES: dict[str, tuple[str, ...]] = {
    "badge": ("acno", "badgenumber", "badgeno", "badge", "enrollno", "enrollnumber", "userid", "pin", "empno",
              "employeeno", "employeecode", "employeeid", "code", "no"),
    "datetime": ("datetime", "checktime", "punchtime", "timestamp", "time"),
    "state": ("state", "status", "inout", "checktype", "punchstate", "attstate"),
    "date": ("date", "day"),
    "in": ("clockin", "checkin", "intime", "firstin", "in"),
    "out": ("clockout", "checkout", "outtime", "lastout", "out"),
}
IN_STATES = {"cin", "checkin", "in", "i", "0", "3", "4", "breakin", "otin", "overtimein"}
OUT_STATES = {"cout", "checkout", "out", "o", "1", "2", "5", "breakout", "otout", "overtimeout"}
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d")
_TIME_FORMATS = ("%H:%M:%S", "%H:%M", "%I:%M:%S %p", "%I:%M %p", "%I:%M:%S%p", "%I:%M%p")


@dataclass(frozen=True, slots=True)
class Punch:
    row: int
    badge: str
    day: date
    minute: int  # minutes after midnight
    kind: str  # in | out | any


@dataclass(frozen=True, slots=True)
class Parsed:
    shape: str  # punch | daily
    columns: dict[str, str]  # field -> the file's header
    rows: int
    punches: tuple[Punch, ...]
    problems: tuple[RowProblem, ...]  # each refuses its row


def _norm(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", header.strip().lower())


def _columns(headers: list[str]) -> dict[str, str]:
    normed = {_norm(h): h for h in reversed(headers) if h and h.strip()}
    out: dict[str, str] = {}
    for f, aliases in _ALIASES.items():
        for a in aliases:
            if a in normed and normed[a] not in out.values():
                out[f] = normed[a]
                break
    return out


def _text(content: bytes) -> str:
    for enc in ("utf-8-sig", "utf-16") if not content.startswith((b"\xff\xfe", b"\xfe\xff")) else ("utf-16",):
        try:
            return content.decode(enc)
        except UnicodeDecodeError:
            continue
    return content.decode("latin-1")


def parse_date(text: str) -> date | None:
    t = text.strip()
    for f in _DATE_FORMATS:
        try:
            return datetime.strptime(t, f).date()
        except ValueError:
            continue
    return None


def parse_time(text: str) -> int | None:
    """Minutes after midnight, or None when it is not a time."""
    t = re.sub(r"\s+", " ", text.strip().upper())
    for f in _TIME_FORMATS:
        try:
            v = datetime.strptime(t, f).time()
            return v.hour * 60 + v.minute
        except ValueError:
            continue
    return None


def parse_datetime(text: str) -> tuple[date, int] | None:
    parts = text.strip().replace("T", " ").split(" ", 1)
    if len(parts) != 2:
        return None
    d, m = parse_date(parts[0]), parse_time(parts[1])
    return None if d is None or m is None else (d, m)


def _bad(row: int, line: int, field: str, columns: dict[str, str], code: str, en: str, bn: str) -> RowProblem:
    return problem(row, code, en, bn, field=field, column=columns.get(field, field), line=line)


def read_file(content: bytes, known_badges: Iterable[str], today: date) -> Parsed:
    """Read a device's CSV export into punches, with each refused row's problem. A file whose columns are
    neither shape is refused whole (`hr.office_columns`, field `file`)."""
    text = _text(content)
    sample = text[:4096]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    headers = next(reader, None)
    if not headers:
        raise ValidationFailed("hr.office_file_empty", "The file is empty", "ফাইলটি খালি", field="file")
    cols = _columns(headers)
    if "badge" in cols and "datetime" in cols:
        shape = "punch"
    elif "badge" in cols and "date" in cols and "in" in cols and "out" in cols:
        shape = "daily"
    else:
        raise ValidationFailed(
            "hr.office_columns",
            "The file needs a badge column and either a date-time column (a punch per row) or date, clock in "
            "and clock out columns (a row per day)",
            "ফাইলে একটি ব্যাজ কলাম এবং হয় তারিখ-সময় কলাম (প্রতি সারিতে একটি পাঞ্চ) নয়তো তারিখ, প্রবেশ ও প্রস্থান "
            "কলাম (প্রতি সারিতে একটি দিন) থাকতে হবে", field="file", details={"headers": headers})
    index = {f: headers.index(h) for f, h in cols.items()}
    known = {b.strip().upper() for b in known_badges}
    punches: list[Punch] = []
    problems: list[RowProblem] = []
    n = 0
    for raw in reader:
        if not any(c.strip() for c in raw):
            continue
        n += 1
        if n > MAX_ROWS:
            raise ValidationFailed("hr.office_file_too_big", f"At most {MAX_ROWS} rows a file",
                                   "একটি ফাইলে সর্বোচ্চ ২,০০,০০০ সারি", field="file")
        line = reader.line_num

        def cell(f: str, raw: list[str] = raw) -> str:
            i = index.get(f)
            return raw[i].strip() if i is not None and i < len(raw) else ""

        badge = cell("badge")
        if not badge:
            problems.append(_bad(n, line, "badge", cols, "hr.office_badge_missing", "The badge number is missing",
                                 "ব্যাজ নম্বর নেই"))
            continue
        if badge.upper() not in known:
            badge_code = badge  # as typed
            problems.append(_bad(n, line, "badge", cols, "hr.office_badge_unknown",
                                 f"No employee of the company has the code {badge}",
                                 f"কোম্পানির কোনো কর্মীর কোড {badge_code} নয়"))
            continue
        row_punches = _row_punches(n, line, shape, badge.upper(), cell, cols, problems)
        for p in row_punches:
            if p.day > today:
                problems.append(_bad(n, line, "date" if shape == "daily" else "datetime", cols,
                                     "hr.office_day_future", "The day is still to come", "দিনটি এখনো আসেনি"))
                break
        else:
            punches.extend(row_punches)
    return Parsed(shape, cols, n, tuple(punches), tuple(problems))


def _row_punches(n: int, line: int, shape: str, badge: str, cell, cols: dict[str, str],
                 problems: list[RowProblem]) -> list[Punch]:
    if shape == "punch":
        at = parse_datetime(cell("datetime"))
        if at is None:
            problems.append(_bad(n, line, "datetime", cols, "hr.office_time_invalid",
                                 "Not a date and time (YYYY-MM-DD HH:MM or DD/MM/YYYY HH:MM)",
                                 "তারিখ ও সময় নয় (বছর-মাস-দিন ঘণ্টা:মিনিট বা দিন/মাস/বছর ঘণ্টা:মিনিট)"))
            return []
        state = _norm(cell("state"))
        kind = "in" if state in IN_STATES else "out" if state in OUT_STATES else "any" if not state else ""
        if not kind:
            problems.append(_bad(n, line, "state", cols, "hr.office_state_invalid",
                                 "The state must say check-in or check-out (C/In, C/Out, 0, 1, ...)",
                                 "অবস্থায় প্রবেশ বা প্রস্থান লেখা থাকতে হবে"))
            return []
        return [Punch(n, badge, at[0], at[1], kind)]
    day = parse_date(cell("date"))
    if day is None:
        problems.append(_bad(n, line, "date", cols, "hr.office_date_invalid",
                             "Not a date (YYYY-MM-DD or DD/MM/YYYY)", "তারিখ নয় (বছর-মাস-দিন বা দিন/মাস/বছর)"))
        return []
    got: list[Punch] = []
    for f in ("in", "out"):
        text = cell(f)
        if not text:
            continue  # a day with only one punch is kept, and shown incomplete
        m = parse_time(text)
        if m is None:
            problems.append(_bad(n, line, f, cols, "hr.office_time_invalid", "Not a time (HH:MM)",
                                 "সময় নয় (ঘণ্টা:মিনিট)"))
            return []
        got.append(Punch(n, badge, day, m, f))
    if len(got) == 2 and got[1].minute < got[0].minute:
        problems.append(_bad(n, line, "out", cols, "hr.office_out_before_in", "Clock out is before clock in",
                             "প্রস্থানের সময় প্রবেশের আগে"))
        return []
    return got  # neither time: a day the device saw no one (absent, a holiday): nothing to store


def first_in_last_out(punches: Iterable[Punch]) -> dict[tuple[str, date], tuple[int | None, int | None]]:
    """(badge, day) → (first in, last out) in minutes; a day with one punch only has no out (or no in)."""
    by: dict[tuple[str, date], list[Punch]] = defaultdict(list)
    for p in punches:
        by[(p.badge, p.day)].append(p)
    out: dict[tuple[str, date], tuple[int | None, int | None]] = {}
    for k, ps in by.items():
        ins = [p.minute for p in ps if p.kind in ("in", "any")]
        outs = [p.minute for p in ps if p.kind in ("out", "any")]
        first = min(ins) if ins else None
        last = max(outs) if outs else None
        # one unstated punch, or the only out before the first in: the day is not complete
        if (first is not None and last is not None and last <= first
                and (all(p.kind == "any" for p in ps) or last < first)):
            last = None
        out[k] = (first, last)
    return out


def merge(old: tuple[int | None, int | None], new: tuple[int | None, int | None]) -> tuple[int | None, int | None]:
    """A day already stored and the same day read again: the earliest in and the latest out."""
    ins = [m for m in (old[0], new[0]) if m is not None]
    outs = [m for m in (old[1], new[1]) if m is not None]
    first, last = (min(ins) if ins else None), (max(outs) if outs else None)
    if first is not None and last is not None and last < first:
        last = old[1] if old[1] is not None and old[1] >= first else None
    return first, last


@dataclass(frozen=True, slots=True)
class OfficeDay:
    """One employee's office day. `hours` = ordinary + overtime + excess; excess is beyond the law's limits
    (10 a day, 60 a week with overtime): flagged, not paid."""

    day: date
    first_in: int | None
    last_out: int | None
    hours: Decimal = ZERO
    ordinary: Decimal = ZERO
    overtime: Decimal = ZERO
    excess: Decimal = ZERO
    late_minutes: int = 0
    complete: bool = True


def day_figures(day: date, first_in: int | None, last_out: int | None, start_minute: int) -> OfficeDay:
    """A day's hours from first in and last out: ordinary at most 8, overtime at most 2 more (BLA s.100), the
    rest excess; late by the minutes the first in is after the office's start."""
    late = max(0, first_in - start_minute) if first_in is not None else 0
    if first_in is None or last_out is None or last_out < first_in:
        return OfficeDay(day, first_in, last_out, late_minutes=late, complete=False)
    hours = round_places(D(last_out - first_in) / 60, 2)
    ordinary = min(hours, NORMAL_DAY)
    overtime = min(hours - ordinary, MAX_DAY - NORMAL_DAY)
    return OfficeDay(day, first_in, last_out, hours, ordinary, overtime, hours - ordinary - overtime, late)


def cap_weeks(days: list[OfficeDay]) -> list[OfficeDay]:
    """Apply the week's limit (Saturday–Friday, 60 hours with overtime, BLA s.102) in day order: hours beyond
    it are excess, taken from the day's overtime first, then from its ordinary hours."""
    out = []
    worked: dict[date, Decimal] = defaultdict(lambda: ZERO)
    for d in sorted(days, key=lambda x: x.day):
        wk = week_of(d.day)[0]
        room = max(ZERO, MAX_WEEK - worked[wk])
        paid = d.ordinary + d.overtime
        if paid > room:
            cut = paid - room
            ot_cut = min(cut, d.overtime)
            d = OfficeDay(d.day, d.first_in, d.last_out, d.hours, d.ordinary - (cut - ot_cut), d.overtime - ot_cut,
                          d.excess + cut, d.late_minutes, d.complete)
        worked[wk] += d.ordinary + d.overtime
        out.append(d)
    return out


def weeks_around(first: date, last: date) -> tuple[date, date]:
    """The Saturday before `first` and the Friday after `last`: the days the week limit needs."""
    return week_of(first)[0], week_of(last)[1]


def clock(minute: int | None) -> str:
    return "" if minute is None else f"{minute // 60:02d}:{minute % 60:02d}"


def start_minute(text: str) -> int:
    m = parse_time(str(text))
    return 9 * 60 if m is None else m


__all__ = ["OfficeDay", "Parsed", "Punch", "cap_weeks", "clock", "day_figures", "first_in_last_out",
           "merge", "parse_date", "parse_datetime", "parse_time", "read_file", "start_minute", "weeks_around"]
