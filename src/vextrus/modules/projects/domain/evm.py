"""Earned value management with Decimal money.

PV spreads each activity's budget linearly over the working time of its
calendar between its baseline dates (as P6 and the PMI practice standard do:
nothing accrues at night, at weekends or on holidays; an item without a
calendar spreads over elapsed time); EV is budget x % complete; AC is
supplied. Index formulas follow the PMI Practice Standard for Earned Value
Management and the PMBOK Guide; each EAC variant is named after its formula:

- ``EAC = BAC / CPI`` (the remaining work at the cost efficiency so far),
- ``EAC = AC + (BAC - EV)`` (the remaining work at the budgeted rate),
- ``EAC = AC + (BAC - EV) / (CPI x SPI)`` (cost and schedule efficiency both weigh),
- ``EAC = AC + bottom-up ETC`` (the activities' own estimates to complete).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from vextrus.platform.errors import ValidationFailed
from vextrus.platform.i18n import to_bangla_digits
from vextrus.platform.money import round_amount, round_places

from .calendar import Calendar, WorkTable, compile_calendar, to_minutes

ZERO = Decimal("0")
ONE = Decimal("1")
_RATIO_PLACES = 4  # CPI, SPI and the other indices


class EvmError(ValidationFailed, ValueError):
    """Inputs that cannot produce earned value figures (mixed currencies, bad %)."""

    def __init__(self, message: str, message_bn: str = "ইনপুট দেখে আবার চেষ্টা করুন"):
        super().__init__("evm_invalid", message, f"অর্জিত মূল্য হিসাব করা যায়নি: {message_bn}", "percent_complete")


@dataclass(frozen=True)
class EvmItem:
    """One activity's cost line: budget at completion over baseline dates."""

    code: str
    budget: Decimal
    baseline_start: datetime
    baseline_finish: datetime
    percent_complete: Decimal = ZERO  # 0..100
    actual_cost: Decimal = ZERO
    calendar: Calendar | None = None  # PV accrues over its working time; None: elapsed time
    remaining_cost: Decimal | None = None  # estimate to complete; None: the remaining budget


@dataclass(frozen=True)
class EvmMetrics:
    currency: str
    status_date: datetime
    bac: Decimal
    pv: Decimal
    ev: Decimal
    ac: Decimal
    sv: Decimal  # EV - PV
    cv: Decimal  # EV - AC
    spi: Decimal | None  # EV / PV
    cpi: Decimal | None  # EV / AC
    eac_ac_plus_remaining: Decimal  # AC + (BAC - EV)
    eac_bac_over_cpi: Decimal | None  # BAC / CPI
    eac_ac_plus_remaining_over_cpi_spi: Decimal | None  # AC + (BAC - EV) / (CPI * SPI)
    etc: Decimal | None  # EAC(BAC/CPI) - AC
    vac: Decimal | None  # BAC - EAC(BAC/CPI)
    tcpi_bac: Decimal | None  # (BAC - EV) / (BAC - AC)
    tcpi_eac: Decimal | None  # (BAC - EV) / (EAC - AC), EAC = BAC / CPI
    etc_bottom_up: Decimal = ZERO  # sum of the activities' estimates to complete
    eac_bottom_up: Decimal = ZERO  # AC + bottom-up ETC
    vac_bottom_up: Decimal = ZERO  # BAC - EAC(bottom-up)


@dataclass(frozen=True)
class SCurvePoint:
    at: datetime
    pv: Decimal
    ev: Decimal | None  # known only up to the status date
    ac: Decimal | None


def money(x: Decimal) -> Decimal:
    return round_amount(x)


def _ratio(a: Decimal, b: Decimal) -> Decimal | None:
    return None if b == 0 else round_places(a / b, _RATIO_PLACES)


class WorkingTime:
    """Compiled calendars for PV, one per calendar id (built on first use, grown on demand)."""

    def __init__(self) -> None:
        self._tables: dict[str, WorkTable] = {}

    def table(self, cal: Calendar, around: datetime) -> WorkTable:
        t = self._tables.get(cal.id)
        if t is None:
            t = self._tables[cal.id] = compile_calendar(cal, around.date())
        return t


def planned_fraction(item: EvmItem, at: datetime, clock: WorkingTime | None = None) -> Decimal:
    """Share of the budget planned to be spent by ``at``: linear in the working time of the item's
    calendar between its baseline start and finish (elapsed time without a calendar). An item with
    no working time in between (a milestone) is planned whole at its finish."""
    if at <= item.baseline_start:
        return ZERO
    if at >= item.baseline_finish:
        return ONE
    if item.calendar is None:
        total = int((item.baseline_finish - item.baseline_start).total_seconds())
        done = int((at - item.baseline_start).total_seconds())
    else:
        t = (clock or WorkingTime()).table(item.calendar, item.baseline_start)
        s = t.work(to_minutes(item.baseline_start))
        total = t.work(to_minutes(item.baseline_finish)) - s
        done = t.work(to_minutes(at)) - s
    if total <= 0:
        return ZERO
    return Decimal(max(0, min(done, total))) / Decimal(total)


def planned_value(items: list[EvmItem], at: datetime, clock: WorkingTime | None = None) -> Decimal:
    clock = clock or WorkingTime()
    return money(sum((i.budget * planned_fraction(i, at, clock) for i in items), ZERO))


def remaining_estimate(item: EvmItem) -> Decimal:
    """The item's estimate to complete: its own (the planner's remaining cost) or, without one, its
    remaining budget, BAC x (100 - % complete) / 100 (PMI: ETC "based on the budgeted rate")."""
    if item.remaining_cost is not None:
        return item.remaining_cost
    return item.budget * (100 - item.percent_complete) / 100


@dataclass(frozen=True)
class Forecasts:
    """The PMI estimates at completion and what follows from them."""

    eac_ac_plus_remaining: Decimal
    eac_bac_over_cpi: Decimal | None
    eac_ac_plus_remaining_over_cpi_spi: Decimal | None
    eac_bottom_up: Decimal
    etc: Decimal | None
    etc_bottom_up: Decimal
    vac: Decimal | None
    vac_bottom_up: Decimal
    tcpi_bac: Decimal | None
    tcpi_eac: Decimal | None


def forecasts(bac: Decimal, pv: Decimal, ev: Decimal, ac: Decimal, etc_bottom_up: Decimal) -> Forecasts:
    """EAC variants from the cumulative figures. The EACs use the exact ratios (CPI = EV/AC, SPI =
    EV/PV), only the reported indices are rounded (4 places); a variant whose divisor is zero is None."""
    eac1 = money(ac + (bac - ev))
    eac2 = money(bac * ac / ev) if ac and ev else None
    eac3 = money(ac + (bac - ev) * pv * ac / (ev * ev)) if ac and ev and pv else None
    bottom_up = money(ac + etc_bottom_up)
    return Forecasts(
        eac_ac_plus_remaining=eac1, eac_bac_over_cpi=eac2, eac_ac_plus_remaining_over_cpi_spi=eac3,
        eac_bottom_up=bottom_up, etc=money(eac2 - ac) if eac2 is not None else None,
        etc_bottom_up=money(etc_bottom_up), vac=money(bac - eac2) if eac2 is not None else None,
        vac_bottom_up=money(bac - bottom_up), tcpi_bac=_ratio(bac - ev, bac - ac),
        tcpi_eac=_ratio(bac - ev, eac2 - ac) if eac2 is not None else None)


def earned_value(items: list[EvmItem]) -> Decimal:
    for i in items:
        if not (ZERO <= i.percent_complete <= 100):
            raise EvmError(f"{i.code}: percent complete {i.percent_complete} outside 0..100",
                           f"{i.code}: সম্পন্নের হার {to_bangla_digits(str(i.percent_complete))} — ০ থেকে ১০০-র মধ্যে হতে হবে")
    return money(sum((i.budget * i.percent_complete / 100 for i in items), ZERO))


def evm_metrics(items: list[EvmItem], status_date: datetime, currency: str = "BDT") -> EvmMetrics:
    """All EVM indicators at ``status_date``; ratios are None where a divisor is zero."""
    bac = money(sum((i.budget for i in items), ZERO))
    pv = planned_value(items, status_date)
    ev = earned_value(items)
    ac = money(sum((i.actual_cost for i in items), ZERO))
    f = forecasts(bac, pv, ev, ac, sum((remaining_estimate(i) for i in items), ZERO))
    return EvmMetrics(
        currency=currency, status_date=status_date, bac=bac, pv=pv, ev=ev, ac=ac,
        sv=ev - pv, cv=ev - ac, spi=_ratio(ev, pv), cpi=_ratio(ev, ac),
        eac_ac_plus_remaining=f.eac_ac_plus_remaining, eac_bac_over_cpi=f.eac_bac_over_cpi,
        eac_ac_plus_remaining_over_cpi_spi=f.eac_ac_plus_remaining_over_cpi_spi, etc=f.etc, vac=f.vac,
        tcpi_bac=f.tcpi_bac, tcpi_eac=f.tcpi_eac, etc_bottom_up=f.etc_bottom_up, eac_bottom_up=f.eac_bottom_up,
        vac_bottom_up=f.vac_bottom_up,
    )


def s_curve(
    items: list[EvmItem], status_date: datetime, step: timedelta = timedelta(days=7)
) -> list[SCurvePoint]:
    """Cumulative PV from the first baseline start to the last baseline finish.

    EV and AC at a past point are not known from a single status snapshot; they
    are reported at the status-date point only (a history gives more points).
    """
    if not items:
        return []
    start = min(i.baseline_start for i in items)
    end = max(i.baseline_finish for i in items)
    points: list[SCurvePoint] = []
    t = start
    ev, ac = earned_value(items), money(sum((i.actual_cost for i in items), ZERO))
    moments = []
    while t < end:
        moments.append(t)
        t += step
    moments.append(end)
    if start <= status_date <= end and status_date not in moments:
        moments.append(status_date)
        moments.sort()
    clock = WorkingTime()
    for m in moments:
        at_status = m == status_date
        points.append(SCurvePoint(m, planned_value(items, m, clock), ev if at_status else None,
                                  ac if at_status else None))
    return points
