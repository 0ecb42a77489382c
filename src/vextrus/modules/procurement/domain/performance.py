"""Vendor performance over a period (pure; the service reads the facts in a few set-based queries).

Facts per vendor:
- orders placed: orders dated in the period that were approved (approved, partially received, received);
  their value is the sum of their totals (already to the poisha);
- deliveries: one per GRN line with a quantity received, dated by the GRN. Its due date is the order date +
  the delivery days the vendor quoted for the item on the order's RFQ (the vendor's own promise); without a
  quotation, the requisition line's needed-by date; without either it has no due date and counts neither
  on time nor late. On time: received on or before the due date; days late: GRN date − due date;
- quantities received, accepted and rejected (GRN lines; base units, any item mixed: the rate of rejection
  is what a storekeeper reads, not a value);
- matched bills' lines (dated by the bill): quantity, the billed rate and the order line's rate;
- quotations: per CS item the vendor quoted, whether its rate was the lowest (ties: every vendor at the
  lowest) and whether it was selected.

Rounding (once, at the end, half up as `platform.money`): money to the poisha (price variance = Σ quantity ×
(billed rate − order rate) over the vendor's matched bill lines, rounded once); percentages, average days late
and the score to 2 places, each computed from the exact sums, never from a rounded figure.

Score (0–100, 2 places) = weighted mean of the components that have data:
  on time (WEIGHTS.on_time = 50): on-time deliveries ÷ deliveries with a due date × 100;
  quality (WEIGHTS.quality = 30): 100 − rejection rate (rejected ÷ received × 100);
  price (WEIGHTS.price = 20): 100 − 10 × the price variance % when the vendor bills above the order rate
  (each 1 % above costs 10 points, floor 0); 100 at or below the order rate.
A component without data (no dated delivery, nothing received, no matched bill) is left out and the others'
weights scale up; a vendor with none of them has no score (listed last)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID

from vextrus.platform.money import ZERO, round_amount, round_places

HUNDRED = Decimal(100)
PRICE_POINTS_PER_PCT = Decimal(10)


@dataclass(frozen=True)
class Weights:
    on_time: Decimal = Decimal(50)
    quality: Decimal = Decimal(30)
    price: Decimal = Decimal(20)


WEIGHTS = Weights()


@dataclass(frozen=True)
class PlacedOrder:
    vendor_id: UUID
    order_id: UUID
    total: Decimal


@dataclass(frozen=True)
class Delivery:
    vendor_id: UUID
    received_on: date
    due: date | None
    received: Decimal
    accepted: Decimal
    rejected: Decimal


@dataclass(frozen=True)
class BilledLine:
    vendor_id: UUID
    quantity: Decimal
    bill_rate: Decimal
    order_rate: Decimal


@dataclass(frozen=True)
class QuotedItem:
    vendor_id: UUID
    lowest: bool
    selected: bool


def due_date(order_date: date, delivery_days: int | None, needed_by: date | None) -> date | None:
    """The vendor's promise (order date + quoted days), else the requisition's needed-by, else none."""
    if delivery_days is not None:
        return order_date + timedelta(days=delivery_days)
    return needed_by


@dataclass(frozen=True)
class VendorPerformance:
    vendor_id: UUID
    orders: int = 0
    order_value: Decimal = ZERO
    deliveries: int = 0
    on_time: int = 0
    late: int = 0
    undated: int = 0  # deliveries without a due date
    on_time_pct: Decimal | None = None
    avg_days_late: Decimal | None = None  # over the late deliveries
    received: Decimal = ZERO
    accepted: Decimal = ZERO
    rejected: Decimal = ZERO
    rejection_pct: Decimal | None = None
    billed_at_order_rate: Decimal = ZERO
    billed_value: Decimal = ZERO
    price_variance: Decimal = ZERO
    price_variance_pct: Decimal | None = None
    quoted: int = 0
    lowest: int = 0
    selected: int = 0
    selected_not_lowest: int = 0
    score: Decimal | None = None


@dataclass
class _Acc:
    orders: int = 0
    order_value: Decimal = ZERO
    deliveries: int = 0
    on_time: int = 0
    late: int = 0
    undated: int = 0
    days_late: int = 0
    received: Decimal = ZERO
    accepted: Decimal = ZERO
    rejected: Decimal = ZERO
    at_order: Decimal = ZERO
    billed: Decimal = ZERO
    quoted: int = 0
    lowest: int = 0
    selected: int = 0
    selected_not_lowest: int = 0
    seen: set[UUID] = field(default_factory=set)


def _pct(n: Decimal, d: Decimal) -> Decimal:
    return n * HUNDRED / d


def score(on_time_pct: Decimal | None, rejection_pct: Decimal | None, variance_pct: Decimal | None,
          weights: Weights = WEIGHTS) -> Decimal | None:
    """The weighted mean of the components with data (exact; the caller rounds)."""
    parts = []
    if on_time_pct is not None:
        parts.append((weights.on_time, on_time_pct))
    if rejection_pct is not None:
        parts.append((weights.quality, HUNDRED - rejection_pct))
    if variance_pct is not None:
        parts.append((weights.price, max(ZERO, HUNDRED - PRICE_POINTS_PER_PCT * max(ZERO, variance_pct))))
    total = sum((w for w, _ in parts), ZERO)
    if not parts or total == 0:
        return None
    return sum((w * v for w, v in parts), ZERO) / total


def vendor_performance(orders: list[PlacedOrder], deliveries: list[Delivery], bills: list[BilledLine],
                       quotes: list[QuotedItem], weights: Weights = WEIGHTS) -> list[VendorPerformance]:
    """One row per vendor with any fact, best score first (no score last), then by vendor id."""
    acc: dict[UUID, _Acc] = defaultdict(_Acc)
    for o in orders:
        a = acc[o.vendor_id]
        if o.order_id not in a.seen:
            a.seen.add(o.order_id)
            a.orders += 1
            a.order_value += o.total
    for d in deliveries:
        if d.received <= 0:
            continue
        a = acc[d.vendor_id]
        a.deliveries += 1
        a.received += d.received
        a.accepted += d.accepted
        a.rejected += d.rejected
        if d.due is None:
            a.undated += 1
        elif d.received_on <= d.due:
            a.on_time += 1
        else:
            a.late += 1
            a.days_late += (d.received_on - d.due).days
    for b in bills:
        a = acc[b.vendor_id]
        a.at_order += b.quantity * b.order_rate
        a.billed += b.quantity * b.bill_rate
    for q in quotes:
        a = acc[q.vendor_id]
        a.quoted += 1
        a.lowest += int(q.lowest)
        a.selected += int(q.selected)
        a.selected_not_lowest += int(q.selected and not q.lowest)
    out = []
    for vid, a in acc.items():
        dated = a.on_time + a.late
        on_time = _pct(Decimal(a.on_time), Decimal(dated)) if dated else None
        rejection = _pct(a.rejected, a.received) if a.received else None
        variance = a.billed - a.at_order
        variance_pct = _pct(variance, a.at_order) if a.at_order else None
        s = score(on_time, rejection, variance_pct, weights)
        out.append(VendorPerformance(
            vendor_id=vid, orders=a.orders, order_value=round_amount(a.order_value), deliveries=a.deliveries,
            on_time=a.on_time, late=a.late, undated=a.undated,
            on_time_pct=None if on_time is None else round_places(on_time, 2),
            avg_days_late=round_places(Decimal(a.days_late) / a.late, 2) if a.late else None,
            received=a.received, accepted=a.accepted, rejected=a.rejected,
            rejection_pct=None if rejection is None else round_places(rejection, 2),
            billed_at_order_rate=round_amount(a.at_order), billed_value=round_amount(a.billed),
            price_variance=round_amount(variance),
            price_variance_pct=None if variance_pct is None else round_places(variance_pct, 2),
            quoted=a.quoted, lowest=a.lowest, selected=a.selected, selected_not_lowest=a.selected_not_lowest,
            score=None if s is None else round_places(s, 2)))
    return sorted(out, key=lambda p: (p.score is None, -(p.score or ZERO), str(p.vendor_id)))
