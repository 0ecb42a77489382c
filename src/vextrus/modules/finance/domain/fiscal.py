"""Fiscal calendar: years per company (July–June by default), periods P01..P12, period states."""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from vextrus.platform.errors import ValidationFailed
from vextrus.platform.i18n import to_bangla_digits

from .errors import LedgerError


@dataclass(frozen=True)
class Period:
    """One accounting month of a fiscal year; ``number`` 1 is the first month (July in BD)."""

    number: int
    start: date
    end: date

    @property
    def code(self) -> str:
        return f"P{self.number:02d}"

    def contains(self, d: date) -> bool:
        return self.start <= d <= self.end


@dataclass(frozen=True)
class FiscalYear:
    start: date
    end: date
    label: str
    periods: tuple[Period, ...]

    def period(self, number: int) -> Period:
        if not 1 <= number <= len(self.periods):
            raise LedgerError("period_unknown", f"Period {number} does not exist in {self.label}.",
                              f"{to_bangla_digits(self.label)}-এ {to_bangla_digits(str(number))} নম্বর মেয়াদ নেই।", field="period",
                              details={"period": number, "fiscal_year": self.label})
        return self.periods[number - 1]

    def period_for(self, d: date) -> Period:
        for p in self.periods:
            if p.contains(d):
                return p
        raise LedgerError("date_outside_fiscal_year", f"{d.isoformat()} is outside fiscal year {self.label}.",
                          f"{to_bangla_digits(d.isoformat())} অর্থবছর {to_bangla_digits(self.label)}-এর বাইরে।", field="date",
                          details={"date": d.isoformat(), "fiscal_year": self.label})


def _add_months(year: int, month: int, n: int) -> tuple[int, int]:
    idx = year * 12 + (month - 1) + n
    return idx // 12, idx % 12 + 1


@dataclass(frozen=True)
class FiscalCalendar:
    """A company's fiscal calendar. ``start_month`` 7 gives the Bangladesh income year (1 July – 30 June)."""

    start_month: int = 7

    def __post_init__(self) -> None:
        if not 1 <= self.start_month <= 12:
            raise LedgerError("fiscal_start_month_invalid", "Fiscal year start month must be 1–12.",
                              "অর্থবছরের শুরুর মাস ১–১২ হতে হবে।", field="start_month",
                              details={"start_month": self.start_month})

    def start_year_of(self, d: date) -> int:
        """Calendar year in which the fiscal year containing ``d`` starts."""
        return d.year if d.month >= self.start_month else d.year - 1

    def label_for_start_year(self, start_year: int) -> str:
        """``2025-26`` for a split year; ``2025`` when the fiscal year is the calendar year."""
        if self.start_month == 1:
            return str(start_year)
        return f"{start_year}-{(start_year + 1) % 100:02d}"

    def fiscal_year(self, start_year: int) -> FiscalYear:
        periods = []
        for i in range(12):
            y, m = _add_months(start_year, self.start_month, i)
            periods.append(Period(i + 1, date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])))
        return FiscalYear(periods[0].start, periods[-1].end, self.label_for_start_year(start_year), tuple(periods))

    def fiscal_year_for(self, d: date) -> FiscalYear:
        return self.fiscal_year(self.start_year_of(d))

    def fiscal_year_by_label(self, label: str) -> FiscalYear:
        try:
            start_year = int(label.split("-")[0])
            fy = self.fiscal_year(start_year)
        except ValueError:
            fy = None
        if fy is None or fy.label != label:
            raise LedgerError("fiscal_year_label_invalid", f"{label!r} is not a fiscal year label of this calendar.",
                              f"'{to_bangla_digits(label)}' এই ক্যালেন্ডারের অর্থবছর নয়।", field="fiscal_year", details={"label": label})
        return fy

    def period_for(self, d: date) -> tuple[FiscalYear, Period]:
        fy = self.fiscal_year_for(d)
        return fy, fy.period_for(d)


class PeriodState(StrEnum):
    OPEN = "open"
    CLOSED = "closed"  # no ordinary posting; adjustments/closing entries may still be allowed
    LOCKED = "locked"  # final: nothing posts, cannot reopen

    @property
    def bn(self) -> str:
        """The state in Bangla words, for Bangla messages (an English enum value must not show on a Bangla page)."""
        return {"open": "খোলা", "closed": "বন্ধ", "locked": "স্থায়ীভাবে লক করা"}[self.value]


# The only state changes allowed; everything else is an error.
_TRANSITIONS: dict[tuple[PeriodState, PeriodState], str] = {
    (PeriodState.OPEN, PeriodState.CLOSED): "close",
    (PeriodState.CLOSED, PeriodState.OPEN): "reopen",
    (PeriodState.CLOSED, PeriodState.LOCKED): "lock",
}


def transition_period(states: Mapping[int, PeriodState], number: int, target: PeriodState) -> PeriodState:
    """Check a period state change against the rules and return the new state.

    Rules: open → closed → locked, closed → open (reopen); locked is final.
    Close only when every earlier period is closed or locked; lock only when every earlier
    period is locked; reopen only when every later period is open (books close in order).
    ``states`` maps period number → state for one fiscal year (missing numbers count as open).
    """
    current = PeriodState(states.get(number, PeriodState.OPEN))
    target = PeriodState(target)
    action = _TRANSITIONS.get((current, target))
    if action is None:
        raise LedgerError("period_transition_invalid",
                          f"Period P{number:02d} cannot go from {current.value} to {target.value}.",
                          f"মেয়াদ P{number:02d} {current.bn} থেকে {target.bn} করা যায় না।",
                          field="state", details={"period": number, "from": current.value, "to": target.value})
    earlier = {n: PeriodState(s) for n, s in states.items() if n < number}
    later = {n: PeriodState(s) for n, s in states.items() if n > number}
    blocked: list[int] = []
    if action == "close":
        blocked = [n for n in range(1, number) if earlier.get(n, PeriodState.OPEN) is PeriodState.OPEN]
    elif action == "lock":
        blocked = [n for n in range(1, number) if earlier.get(n, PeriodState.OPEN) is not PeriodState.LOCKED]
    elif action == "reopen":
        blocked = sorted(n for n, s in later.items() if s is not PeriodState.OPEN)
    if blocked:
        names = ", ".join(f"P{n:02d}" for n in blocked)
        names_bn = to_bangla_digits(names)
        raise LedgerError("period_sequence_violation",
                          f"Cannot {action} P{number:02d} while {names} {'are' if len(blocked) > 1 else 'is'} not ready.",
                          f"{names_bn} প্রস্তুত না থাকায় P{to_bangla_digits(f'{number:02d}')} {_ACTION_BN.get(action, action)} করা যায় না।",
                          field="state", details={"period": number, "action": action, "blocking_periods": blocked})
    return target


_ACTION_BN = {"close": "বন্ধ", "lock": "লক", "reopen": "পুনরায় চালু"}  # the actions above, in Bangla messages

# Journal types that may still post into a CLOSED (not locked) period.
_TYPES_ALLOWED_IN_CLOSED = frozenset({"adjustment", "closing"})


def check_can_post(state: PeriodState, journal_type: str, period_code: str = "") -> None:
    """Open periods take every entry; closed ones only adjustment/closing entries; locked none."""
    state = PeriodState(state)
    if state is PeriodState.OPEN:
        return
    if state is PeriodState.CLOSED and journal_type in _TYPES_ALLOWED_IN_CLOSED:
        return
    raise LedgerError("period_not_open", f"Period {period_code} is {state.value}; a {journal_type} entry cannot post.",
                      f"মেয়াদ {period_code} {state.bn}; এই এন্ট্রি পোস্ট করা যাবে না।", field="entry_date",
                      details={"period": period_code, "state": state.value, "journal_type": journal_type})


def check_reopen_reason(reason: str, what: str = "period") -> str:
    """Reopening a period or a year says why (the reason is kept in the audit trail)."""
    if not reason.strip():
        if what == "year":
            raise ValidationFailed("reason_required", "Say why the year is reopened (it is kept in the audit trail)",
                                   "অর্থবছর কেন আবার খোলা হচ্ছে তা লিখুন", field="reason")
        raise ValidationFailed("reason_required", "Say why the period is reopened (it is kept in the audit trail)",
                               "মেয়াদ কেন আবার খোলা হচ্ছে তা লিখুন", field="reason")
    return reason


def check_period_end(as_of: date, period_end: date) -> None:
    """A revaluation is dated at the end of its period."""
    if as_of != period_end:
        raise LedgerError("revaluation_date_invalid", "Revalue at a period end.", "মেয়াদের শেষ দিনে পুনর্মূল্যায়ন করুন।",
                          field="as_of", details={"period_end": period_end.isoformat()})
