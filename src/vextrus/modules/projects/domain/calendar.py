"""Work calendars and fast working-time arithmetic.

A :class:`Calendar` is the user-facing description (work week + exceptions).
A :class:`WorkTable` is its compiled form used by the CPM engine: time is an
integer count of minutes since :data:`EPOCH`, and for each day we keep the
cumulative number of working minutes before that day, so converting a moment
to "working minutes" is O(1) and back is one bisect over days.
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

    def __init__(self, message: str, field: str | None = "work_week"):
        super().__init__("calendar_invalid", message, f"ক্যালেন্ডার সঠিক নয়: {message}", field)


def to_minutes(moment: datetime) -> int:
    """Moment -> integer minutes since EPOCH (seconds are dropped)."""
    delta = moment.replace(tzinfo=None) - EPOCH
    return delta.days * DAY + delta.seconds // 60


def from_minutes(minutes: int) -> datetime:
    """Integer minutes since EPOCH -> naive datetime."""
    return EPOCH + timedelta(minutes=minutes)


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
            raise CalendarError(f"bad working interval {a}-{b} (minutes of day)")
        if a < prev_end:
            raise CalendarError("working intervals overlap")
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
            raise CalendarError(f"calendar {self.id} has no working time")

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


class WorkTable:
    """Compiled calendar: O(1) moment->work, O(log days) work->moment.

    Working-minute coordinates are stable when the table grows in either
    direction, so values computed earlier stay valid.
    """

    def __init__(self, cal: Calendar, first_day: date, last_day: date):
        self.cal = cal
        self._patterns: dict[tuple[Interval, ...], _Pattern] = {}
        self.base = (first_day - EPOCH_DATE).days  # epoch-day index of self.pats[0]
        self.pats: list[_Pattern] = []
        self.cum: list[int] = [0]  # cum[i] = working minutes before day i
        self._append_days(first_day, (last_day - first_day).days + 1)

    # -- growth -----------------------------------------------------------
    def _pattern(self, day: date) -> _Pattern:
        ivs = self.cal.intervals_on(day)
        p = self._patterns.get(ivs)
        if p is None:
            p = self._patterns[ivs] = _Pattern(ivs)
        return p

    def _append_days(self, start: date, n: int) -> None:
        pats, cum = self.pats, self.cum
        acc = cum[-1]
        for i in range(n):
            p = self._pattern(start + timedelta(days=i))
            pats.append(p)
            acc += p.work
            cum.append(acc)

    def _grow_forward(self) -> None:
        last = EPOCH_DATE + timedelta(days=self.base + len(self.pats))
        self._append_days(last, _CHUNK_DAYS)

    def _grow_backward(self) -> None:
        first = EPOCH_DATE + timedelta(days=self.base)
        new = [self._pattern(first - timedelta(days=i)) for i in range(_CHUNK_DAYS, 0, -1)]
        acc = self.cum[0]
        front = [0] * (_CHUNK_DAYS + 1)
        front[_CHUNK_DAYS] = acc
        for i in range(_CHUNK_DAYS - 1, -1, -1):
            acc -= new[i].work
            front[i] = acc
        self.cum = front[:-1] + self.cum
        self.pats = new + self.pats
        self.base -= _CHUNK_DAYS

    # -- conversions ------------------------------------------------------
    def work(self, t: int) -> int:
        """Working minutes before moment ``t`` (relative to the table's anchor)."""
        d, m = divmod(t, DAY)
        i = d - self.base
        while i < 0:
            self._grow_backward()
            i = d - self.base
        while i >= len(self.pats):
            self._grow_forward()
        return self.cum[i] + self.pats[i].before[m]

    def start_of(self, w: int) -> int:
        """Moment the working minute ``w`` begins (snaps forward over non-work)."""
        cum = self.cum
        while w < cum[0]:
            self._grow_backward()
            cum = self.cum
        while w >= cum[-1]:
            self._grow_forward()
            cum = self.cum
        i = bisect_right(cum, w) - 1
        return (self.base + i) * DAY + self.pats[i].start_at[w - cum[i]]

    def finish_of(self, w: int) -> int:
        """Moment ``w`` working minutes are complete (snaps back over non-work)."""
        cum = self.cum
        while w <= cum[0]:
            self._grow_backward()
            cum = self.cum
        while w > cum[-1]:
            self._grow_forward()
            cum = self.cum
        i = bisect_left(cum, w) - 1
        return (self.base + i) * DAY + self.pats[i].end_at[w - cum[i]]

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
