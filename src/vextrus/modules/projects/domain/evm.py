"""Earned value management with Decimal money.

PV spreads each activity's budget linearly over its baseline dates (elapsed
time); EV is budget x % complete; AC is supplied. Index formulas follow the
PMI practice standard; each EAC variant is named after its formula.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from vextrus.platform.errors import ValidationFailed
from vextrus.platform.money import round_amount, round_places

ZERO = Decimal("0")
ONE = Decimal("1")
_RATIO_PLACES = 4  # CPI, SPI and the other indices


class EvmError(ValidationFailed, ValueError):
    """Inputs that cannot produce earned value figures (mixed currencies, bad %)."""

    def __init__(self, message: str):
        super().__init__("evm_invalid", message, f"অর্জিত মূল্য হিসাব করা যায়নি: {message}", "percent_complete")


@dataclass(frozen=True)
class EvmItem:
    """One activity's cost line: budget at completion over baseline dates."""

    code: str
    budget: Decimal
    baseline_start: datetime
    baseline_finish: datetime
    percent_complete: Decimal = ZERO  # 0..100
    actual_cost: Decimal = ZERO


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
    tcpi_eac: Decimal | None  # (BAC - EV) / (EAC - AC)


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


def planned_fraction(item: EvmItem, at: datetime) -> Decimal:
    """Share of the budget planned to be spent by ``at`` (linear in elapsed time)."""
    if at <= item.baseline_start:
        return ZERO
    if at >= item.baseline_finish:
        return ONE
    total = (item.baseline_finish - item.baseline_start).total_seconds()
    done = (at - item.baseline_start).total_seconds()
    return Decimal(int(done)) / Decimal(int(total))


def planned_value(items: list[EvmItem], at: datetime) -> Decimal:
    return money(sum((i.budget * planned_fraction(i, at) for i in items), ZERO))


def earned_value(items: list[EvmItem]) -> Decimal:
    for i in items:
        if not (ZERO <= i.percent_complete <= 100):
            raise EvmError(f"{i.code}: percent complete {i.percent_complete} outside 0..100")
    return money(sum((i.budget * i.percent_complete / 100 for i in items), ZERO))


def evm_metrics(items: list[EvmItem], status_date: datetime, currency: str = "BDT") -> EvmMetrics:
    """All EVM indicators at ``status_date``; ratios are None where a divisor is zero."""
    bac = money(sum((i.budget for i in items), ZERO))
    pv = planned_value(items, status_date)
    ev = earned_value(items)
    ac = money(sum((i.actual_cost for i in items), ZERO))
    spi, cpi = _ratio(ev, pv), _ratio(ev, ac)
    eac1 = money(ac + (bac - ev))
    # EACs use the exact ratios; only the reported indices are rounded to 4 places
    eac2 = money(bac * ac / ev) if ac and ev else None
    eac3 = money(ac + (bac - ev) * pv * ac / (ev * ev)) if ac and ev and pv else None
    etc = money(eac2 - ac) if eac2 is not None else None
    vac = money(bac - eac2) if eac2 is not None else None
    tcpi_bac = _ratio(bac - ev, bac - ac)
    tcpi_eac = _ratio(bac - ev, eac2 - ac) if eac2 is not None else None
    return EvmMetrics(
        currency=currency, status_date=status_date, bac=bac, pv=pv, ev=ev, ac=ac,
        sv=ev - pv, cv=ev - ac, spi=spi, cpi=cpi,
        eac_ac_plus_remaining=eac1, eac_bac_over_cpi=eac2,
        eac_ac_plus_remaining_over_cpi_spi=eac3, etc=etc, vac=vac,
        tcpi_bac=tcpi_bac, tcpi_eac=tcpi_eac,
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
    for m in moments:
        at_status = m == status_date
        points.append(SCurvePoint(m, planned_value(items, m), ev if at_status else None,
                                  ac if at_status else None))
    return points
