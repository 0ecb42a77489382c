"""Five-field cron expressions (minute hour day-of-month month day-of-week), read in Asia/Dhaka wall-clock
time (no daylight saving there, so every local minute exists once).

Fields take `*`, numbers, ranges `a-b`, steps `*/n` and `a-b/n`, lists `a,b`; months and days may be named
(`jan`, `mon`); day-of-week 0 and 7 are Sunday. As in classic cron, when both day fields are restricted a
day matching either runs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from vextrus.platform.errors import ValidationFailed
from vextrus.platform.i18n import to_bangla_digits

_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                                        "dec"), start=1)}
_DAYS = {d: i for i, d in enumerate(("sun", "mon", "tue", "wed", "thu", "fri", "sat"))}
_FIELDS = (("minute", 0, 59, {}), ("hour", 0, 23, {}), ("day", 1, 31, {}), ("month", 1, 12, _MONTHS),
           ("weekday", 0, 7, _DAYS))
SEARCH_DAYS = 366 * 8  # far enough for 29 February on a given weekday


def _bad(expr: str, why: str, why_bn: str) -> ValidationFailed:
    raw = expr  # the expression as typed
    return ValidationFailed("cron_invalid", f"cron: {why} in {expr!r}", f"ক্রন এক্সপ্রেশন '{raw}' এ {why_bn}",
                            field="cron")


def _value(tok: str, lo: int, hi: int, names: dict[str, int], expr: str) -> int:
    v = names.get(tok.lower()) if not tok.isdigit() else int(tok)
    if v is None or not lo <= v <= hi:
        value, bounds_bn = tok, to_bangla_digits(f"{lo}-{hi}")  # the value as typed; the field's bounds
        raise _bad(expr, f"{tok!r} is outside {lo}-{hi}", f"'{value}' মানটি {bounds_bn} এর বাইরে")
    return v


def _field(text: str, lo: int, hi: int, names: dict[str, int], expr: str) -> frozenset[int]:
    out: set[int] = set()
    for part in text.split(","):
        rng, _, step_s = part.partition("/")
        step = 1
        if step_s:
            if not step_s.isdigit() or int(step_s) == 0:
                shown = step_s  # as typed
                raise _bad(expr, f"step {step_s!r} must be a positive number", f"ধাপ '{shown}' ধনাত্মক সংখ্যা হতে হবে")
            step = int(step_s)
        if rng == "*":
            a, b = lo, hi
        elif "-" in rng:
            x, _, y = rng.partition("-")
            a, b = _value(x, lo, hi, names, expr), _value(y, lo, hi, names, expr)
            if a > b:
                shown = rng  # as typed
                raise _bad(expr, f"range {rng!r} runs backwards", f"পরিসর '{shown}' উল্টো")
        else:
            a = _value(rng, lo, hi, names, expr)
            b = hi if step_s else a
        out.update(range(a, b + 1, step))
    return frozenset(out)


@dataclass(frozen=True)
class Cron:
    expr: str
    minutes: frozenset[int]
    hours: frozenset[int]
    days: frozenset[int]
    months: frozenset[int]
    weekdays: frozenset[int]  # 0 = Sunday
    day_star: bool
    weekday_star: bool

    def _day_matches(self, d: date) -> bool:
        wd = (d.weekday() + 1) % 7  # Python: Monday 0; cron: Sunday 0
        dom, dow = d.day in self.days, wd in self.weekdays
        if self.day_star or self.weekday_star:
            return dom and dow
        return dom or dow

    def next_after(self, after: datetime) -> datetime:
        """The first matching minute strictly after `after` (naive local time)."""
        start = after.replace(second=0, microsecond=0) + timedelta(minutes=1)
        d = start.date()
        for _ in range(SEARCH_DAYS):
            if d.month in self.months and self._day_matches(d):
                for h in sorted(self.hours):
                    for m in sorted(self.minutes):
                        t = datetime(d.year, d.month, d.day, h, m)
                        if t >= start:
                            return t
            d += timedelta(days=1)
        raise _bad(self.expr, "it never matches a real date", "এটি কোনো প্রকৃত তারিখে মেলে না")


def parse(expr: str) -> Cron:
    parts = expr.split()
    if len(parts) != 5:
        raise _bad(expr, "five fields are needed (minute hour day month weekday)",
                   "পাঁচটি ঘর দরকার (মিনিট ঘণ্টা দিন মাস সপ্তাহের দিন)")
    sets = [_field(p, lo, hi, names, expr) for p, (_n, lo, hi, names) in zip(parts, _FIELDS, strict=True)]
    weekdays = frozenset(0 if w == 7 else w for w in sets[4])
    cron = Cron(expr, sets[0], sets[1], sets[2], sets[3], weekdays, parts[2] == "*", parts[4] == "*")
    cron.next_after(datetime(2000, 1, 1))  # refuse one that never matches (31 February)
    return cron
