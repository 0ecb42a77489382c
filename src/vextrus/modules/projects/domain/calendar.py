"""Work calendars and fast working-time arithmetic.

A :class:`Calendar` is the user-facing description (work week + exceptions).
A :class:`WorkTable` is its compiled form used by the CPM engine: time is an
integer count of minutes since :data:`EPOCH`, and for each day we keep the
cumulative number of working minutes before that day, so converting a moment
to "working minutes" is O(1) and back is one bisect over days; every answer is
kept, so asking again is one dict look-up.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from vextrus.platform.errors import ValidationFailed

EPOCH = datetime(2000, 1, 1)
EPOCH_DATE = EPOCH.date()
DAY = 1440
_CHUNK_DAYS = 366

Interval = tuple[int, int]  # minutes from midnight, [start, end)


class CalendarError(ValidationFailed, ValueError):
    """An invalid calendar definition (overlapping or out-of-range hours)."""

    def __init__(self, message: str, field: str | None = "work_week", message_bn: str | None = None):
        # the Bangla message says what is wrong in Bangla, never the English `message` (docs: no English on a Bangla page)
        super().__init__("calendar_invalid", message, "ক্যালেন্ডার সঠিক নয়: " + (message_bn or "কাজের সময় দেখে আবার দিন"),
                         field)


def to_minutes(moment: datetime) -> int:
    """Moment -> integer minutes since EPOCH (seconds are dropped)."""
    delta = moment.replace(tzinfo=None) - EPOCH
    return delta.days * DAY + delta.seconds // 60


def from_minutes(minutes: int) -> datetime:
    """Integer minutes since EPOCH -> naive datetime."""
    return EPOCH + timedelta(0, minutes * 60)  # (days, seconds): positional is twice as fast


def parse_hours(spec: str) -> tuple[Interval, ...]:
    """Parse '08:00-12:00,13:00-17:00' into minute intervals; '24:00' is allowed."""
    out: list[Interval] = []
    for part in filter(None, (p.strip() for p in spec.split(","))):
        a, b = part.split("-")
        out.append((_hm(a), _hm(b)))
    return _normalise(tuple(out))


def _hm(text: str) -> int:
    h, m = text.strip().split(":")
    return int(h) * 60 + int(m)


def _normalise(intervals: tuple[Interval, ...]) -> tuple[Interval, ...]:
    ivs = sorted((int(a), int(b)) for a, b in intervals)
    prev_end = 0
    for a, b in ivs:
        if not (0 <= a < b <= DAY):
            raise CalendarError(f"bad working interval {a}-{b} (minutes of day)",
                                message_bn="কাজের সময়ের একটি অংশ দিনের মধ্যে নয় বা শেষ শুরুর আগে")
        if a < prev_end:
            raise CalendarError("working intervals overlap", message_bn="কাজের সময়ের অংশগুলো একটি আরেকটির উপর পড়েছে")
        prev_end = b
    return tuple(ivs)


@dataclass(frozen=True)
class Calendar:
    """Work week (Monday=0 .. Sunday=6 -> intervals) plus dated exceptions.

    ``exceptions`` maps a date to its working intervals: an empty tuple is a
    holiday / non-working day, a non-empty one an extra or changed working day.
    """

    id: str
    name: str = ""
    week: dict[int, tuple[Interval, ...]] = field(default_factory=dict)
    exceptions: dict[date, tuple[Interval, ...]] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        id: str,
        *,
        days: str | list[int] = "Sat-Thu",
        hours: str = "08:00-12:00,13:00-17:00",
        holidays: list[date] | tuple[date, ...] = (),
        extra_days: dict[date, str] | None = None,
        name: str = "",
    ) -> Calendar:
        """Convenience constructor: ``days='Sat-Thu'`` or a list of weekday ints."""
        ivs = parse_hours(hours)
        wd = _parse_days(days) if isinstance(days, str) else list(days)
        week = {d: (ivs if d in wd else ()) for d in range(7)}
        exc: dict[date, tuple[Interval, ...]] = {h: () for h in holidays}
        for d, spec in (extra_days or {}).items():
            exc[d] = parse_hours(spec)
        return cls(id=id, name=name or id, week=week, exceptions=exc)

    @classmethod
    def continuous(cls, id: str = "24h") -> Calendar:
        """A 24-hour, 7-day calendar (used for 24-hour lags)."""
        return cls(id=id, name="24 Hour", week={d: ((0, DAY),) for d in range(7)})

    def intervals_on(self, day: date) -> tuple[Interval, ...]:
        got = self.exceptions.get(day)
        if got is not None:
            return got
        return self.week.get(day.weekday(), ())

    def is_working_day(self, day: date) -> bool:
        return bool(self.intervals_on(day))

    def __post_init__(self) -> None:
        for d in range(7):
            object.__setattr__(self, "week", {**self.week, d: _normalise(self.week.get(d, ()))})
        object.__setattr__(
            self, "exceptions", {k: _normalise(v) for k, v in self.exceptions.items()}
        )
        if not any(self.week.values()) and not any(self.exceptions.values()):
            raise CalendarError(f"calendar {self.id} has no working time", message_bn="কোনো কাজের সময় নেই")

    def hours_per_day(self) -> float:
        """Typical working hours of a working day (for converting days <-> hours)."""
        days = [sum(b - a for a, b in iv) for iv in self.week.values() if iv]
        return (max(days) / 60.0) if days else 8.0


_DAY_NAMES = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}


def _parse_days(spec: str) -> list[int]:
    out: list[int] = []
    for part in spec.lower().replace(" ", "").split(","):
        if "-" in part:
            a, b = (_DAY_NAMES[x[:3]] for x in part.split("-"))
            d = a
            while True:
                out.append(d)
                if d == b:
                    break
                d = (d + 1) % 7
        elif part:
            out.append(_DAY_NAMES[part[:3]])
    return out


class _Pattern:
    """Lookup tables for one day shape: minute-of-day <-> working minute index."""

    __slots__ = ("work", "before", "start_at", "end_at")

    def __init__(self, intervals: tuple[Interval, ...]):
        working = bytearray(DAY)
        for a, b in intervals:
            working[a:b] = b"\x01" * (b - a)
        before = [0] * (DAY + 1)
        start_at: list[int] = []
        end_at: list[int] = [0]
        acc = 0
        for m in range(DAY):
            before[m] = acc
            if working[m]:
                start_at.append(m)
                end_at.append(m + 1)
                acc += 1
        before[DAY] = acc
        self.work = acc
        self.before = before  # working minutes before minute m of the day
        self.start_at = start_at  # k-th working minute starts at this minute
        self.end_at = end_at  # after k working minutes, the day's clock reads this


class _Days:
    """The days of a compiled calendar: each day's pattern and the working minutes before it. Grows by a year
    in either direction when asked about a moment outside it; working-minute coordinates stay stable."""

    def __init__(self, cal: Calendar, first_day: date, last_day: date):
        # one pattern per distinct day shape, looked up by weekday or by exception day (as ordinals, so that
        # growing by a year is list work rather than date arithmetic)
        patterns: dict[tuple[Interval, ...], _Pattern] = {}

        def pattern(ivs: tuple[Interval, ...]) -> _Pattern:
            p = patterns.get(ivs)
            if p is None:
                p = patterns[ivs] = _Pattern(ivs)
            return p

        self._week = [pattern(cal.week.get(d, ())) for d in range(7)]  # Monday = 0
        self._exceptions = {day.toordinal(): pattern(ivs) for day, ivs in cal.exceptions.items()}
        self.base = (first_day - EPOCH_DATE).days  # epoch-day index of self.pats[0]
        self.pats: list[_Pattern] = []
        self.cum: list[int] = [0]  # cum[i] = working minutes before day i
        self._append_days(first_day, (last_day - first_day).days + 1)

    def _patterns(self, first: date, n: int) -> list[_Pattern]:
        week, exceptions = self._week, self._exceptions
        o = first.toordinal()
        return [exceptions.get(k) or week[(k + 6) % 7] for k in range(o, o + n)]  # ordinal 1 is a Monday

    def _append_days(self, start: date, n: int) -> None:
        pats, cum = self.pats, self.cum
        acc = cum[-1]
        for p in self._patterns(start, n):
            pats.append(p)
            acc += p.work
            cum.append(acc)

    def _grow_forward(self) -> None:
        last = EPOCH_DATE + timedelta(days=self.base + len(self.pats))
        self._append_days(last, _CHUNK_DAYS)

    def _grow_backward(self) -> None:
        first = EPOCH_DATE + timedelta(days=self.base - _CHUNK_DAYS)
        new = self._patterns(first, _CHUNK_DAYS)
        acc = self.cum[0]
        front = [0] * (_CHUNK_DAYS + 1)
        front[_CHUNK_DAYS] = acc
        for i in range(_CHUNK_DAYS - 1, -1, -1):
            acc -= new[i].work
            front[i] = acc
        self.cum = front[:-1] + self.cum
        self.pats = new + self.pats
        self.base -= _CHUNK_DAYS

    def cover(self, day: int) -> None:
        """Grow until the epoch-day index ``day`` is inside the table."""
        while day < self.base:
            self._grow_backward()
        while day >= self.base + len(self.pats):
            self._grow_forward()


# Three maps over one table's days, each answer computed on the first ask and kept (a schedule asks the same
# few thousand moments tens of thousands of times: durations and lags are whole hours or days). A hit is one
# dict look-up, without a Python call; only a miss runs __missing__.

class _Worked(dict):
    """moment -> working minutes before it."""

    __slots__ = ("days",)

    def __init__(self, days: _Days):
        super().__init__()
        self.days = days

    def __missing__(self, t: int) -> int:
        days = self.days
        d, m = divmod(t, DAY)
        i = d - days.base
        if i < 0 or i >= len(days.pats):
            days.cover(d)
            i = d - days.base
        w = self[t] = days.cum[i] + days.pats[i].before[m]
        return w


class _Starts(_Worked):
    """working minute w -> the moment it begins (snaps forward over non-work)."""

    __slots__ = ()

    def __missing__(self, w: int) -> int:
        days = self.days
        while w < days.cum[0]:
            days._grow_backward()
        while w >= days.cum[-1]:
            days._grow_forward()
        cum = days.cum
        i = bisect_right(cum, w) - 1
        t = self[w] = (days.base + i) * DAY + days.pats[i].start_at[w - cum[i]]
        return t


class _Finishes(_Worked):
    """w -> the moment w working minutes are complete (snaps back over non-work)."""

    __slots__ = ()

    def __missing__(self, w: int) -> int:
        days = self.days
        while w <= days.cum[0]:
            days._grow_backward()
        while w > days.cum[-1]:
            days._grow_forward()
        cum = days.cum
        i = bisect_left(cum, w) - 1
        t = self[w] = (days.base + i) * DAY + days.pats[i].end_at[w - cum[i]]
        return t


class WorkTable:
    """Compiled calendar: O(1) moment->work, O(log days) work->moment, each answer remembered.

    The CPM passes subscript the three maps directly (``worked[t]``, ``starts[w]``, ``finishes[w]``);
    the methods below say the same for other callers. Working-minute coordinates are stable when the
    table grows in either direction, so values computed earlier stay valid.
    """

    def __init__(self, cal: Calendar, first_day: date, last_day: date):
        self.cal = cal
        days = _Days(cal, first_day, last_day)
        self.worked = _Worked(days)  # moment -> working minutes before it
        self.starts = _Starts(days)  # working minute w -> the moment it begins (snaps forward)
        self.finishes = _Finishes(days)  # w -> the moment w working minutes are complete (snaps back)

    # -- conversions ------------------------------------------------------
    def work(self, t: int) -> int:
        """Working minutes before moment ``t`` (relative to the table's anchor)."""
        return self.worked[t]

    def start_of(self, w: int) -> int:
        """Moment the working minute ``w`` begins (snaps forward over non-work)."""
        return self.starts[w]

    def finish_of(self, w: int) -> int:
        """Moment ``w`` working minutes are complete (snaps back over non-work)."""
        return self.finishes[w]

    # -- convenience for callers outside the hot path -------------------
    def snap_start(self, t: int) -> int:
        return self.start_of(self.work(t))

    def snap_finish(self, t: int) -> int:
        return self.finish_of(self.work(t))

    def add_start(self, t: int, minutes: int) -> int:
        return self.start_of(self.work(t) + minutes)

    def add_finish(self, t: int, minutes: int) -> int:
        return self.finish_of(self.work(t) + minutes)

    def between(self, a: int, b: int) -> int:
        """Working minutes from ``a`` to ``b`` (negative if b < a)."""
        return self.work(b) - self.work(a)


def compile_calendar(cal: Calendar, around: date, span_days: int = 400) -> WorkTable:
    """Compile ``cal`` into a WorkTable covering ``around`` +- a margin (it grows on demand)."""
    return WorkTable(cal, around - timedelta(days=30), around + timedelta(days=span_days))


def add_working_hours(cal: Calendar, moment: datetime, hours: float) -> datetime:
    """Finish moment of ``hours`` of work starting at ``moment`` (negative subtracts)."""
    table = compile_calendar(cal, moment.date())
    t = to_minutes(moment)
    mins = round(hours * 60)
    res = table.add_finish(t, mins) if mins > 0 else table.add_start(t, mins)
    return from_minutes(res)


def working_hours_between(cal: Calendar, a: datetime, b: datetime) -> float:
    table = compile_calendar(cal, a.date())
    return table.between(to_minutes(a), to_minutes(b)) / 60.0


def at(day: date, clock: time = time(0)) -> datetime:
    return datetime.combine(day, clock)
