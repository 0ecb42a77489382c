"""Compare a schedule with its baseline: start/finish slippage and float change."""

from __future__ import annotations

from dataclasses import dataclass

from .calendar import compile_calendar, to_minutes
from .cpm import ScheduleResult
from .network import Network


@dataclass(frozen=True)
class Variance:
    code: str
    start_variance_hours: float  # positive = current starts later than baseline
    finish_variance_hours: float  # positive = current finishes later than baseline
    float_change_hours: float | None  # current TF - baseline TF (negative = eroded)


@dataclass(frozen=True)
class BaselineComparison:
    variances: list[Variance]
    added: list[str]  # in current only
    removed: list[str]  # in baseline only
    finish_slip_hours: float  # project finish, elapsed hours

    def __getitem__(self, code: str) -> Variance:
        return next(v for v in self.variances if v.code == code)


def compare(baseline: ScheduleResult, current: ScheduleResult,
            network: Network | None = None) -> BaselineComparison:
    """Variances in working hours on each activity's calendar (elapsed hours without a network)."""
    tables = {}
    cal_of = {}
    if network is not None:
        around = current.data_date.date()
        tables = {cid: compile_calendar(c, around) for cid, c in network.calendars.items()}
        cal_of = {a.code: a.calendar_id or network.default_calendar_id for a in network.activities}
    out = []
    for code, cur in current.activities.items():
        base = baseline.activities.get(code)
        if base is None:
            continue
        tab = tables.get(cal_of.get(code, ""))
        if tab is not None:
            sv = tab.between(to_minutes(base.early_start), to_minutes(cur.early_start)) / 60
            fv = tab.between(to_minutes(base.early_finish), to_minutes(cur.early_finish)) / 60
        else:
            sv = (cur.early_start - base.early_start).total_seconds() / 3600
            fv = (cur.early_finish - base.early_finish).total_seconds() / 3600
        fc = None
        if cur.total_float_hours is not None and base.total_float_hours is not None:
            fc = cur.total_float_hours - base.total_float_hours
        out.append(Variance(code, sv, fv, fc))
    return BaselineComparison(
        variances=out,
        added=sorted(set(current.activities) - set(baseline.activities)),
        removed=sorted(set(baseline.activities) - set(current.activities)),
        finish_slip_hours=(current.project_finish - baseline.project_finish).total_seconds() / 3600,
    )
