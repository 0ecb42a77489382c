"""Pure rules of property sales: the unit status machine, the instalment schedule (always the price to
the poisha), allocation oldest due first, delay charges and the cancellation refund."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vextrus.modules.sales import domain
from vextrus.modules.sales.domain.schedule import add_months
from vextrus.platform.errors import ValidationFailed

DAY = date(2025, 8, 1)


def test_the_status_machine_allows_the_sales_path_and_refuses_skips():
    path = ["available", "held", "booked", "sold", "handed_over"]
    for a, b in zip(path, path[1:], strict=False):
        assert domain.check_transition(a, b) == b
    assert domain.check_transition("held", "available") == "available"
    assert domain.check_transition("sold", "cancelled") == "cancelled"
    assert domain.check_transition("cancelled", "available") == "available"
    with pytest.raises(ValidationFailed) as bad:
        domain.check_transition("available", "sold")
    assert (bad.value.code, bad.value.field) == ("sales.status_invalid", "status")
    assert "খালি" in bad.value.message_bn and bad.value.details == {"current": "available", "target": "sold"}
    with pytest.raises(ValidationFailed):
        domain.check_transition("handed_over", "cancelled")
    with pytest.raises(ValidationFailed) as unknown:
        domain.check_transition("available", "demolished")
    assert unknown.value.code == "sales.status_unknown"


def test_a_price_is_size_times_rate_plus_the_utility_charge_and_parking_is_fixed():
    # a 1,250 sft flat at ৳9,500/sft with ৳1,50,000 for gas, water and electricity connections
    assert domain.price_of("flat", D(1250), D(9500), D(0), D(400000), D(150000)) == D(12_025_000)
    assert domain.price_of("shop", D(300), D(9500), D(20000), D(400000), D(150000)) == D(6_150_000)
    assert domain.price_of("parking", D(0), D(9500), D(0), D(400000), D(150000)) == D(400000)
    with pytest.raises(ValidationFailed) as bad:
        domain.size_of("flat", D(0))
    assert bad.value.field == "size_sft"
    assert domain.size_of("parking", D(0)) == 0


def test_a_schedule_with_booking_money_down_payment_a_milestone_and_monthly_instalments():
    spec = domain.ScheduleSpec(price=D("1000000.01"), booking_date=DAY, booking_money=D(100000),
                               down_payment=D(200000), monthly_count=7,
                               milestones=(domain.MilestoneSpec("Roof casting, 5th floor", "RC-5F", D(10)),))
    plan = domain.build_schedule(spec)
    assert [i.kind for i in plan] == ["booking", "down_payment", "milestone"] + ["monthly"] * 7
    assert plan[2].amount == D(100000) and plan[2].due_date is None and plan[2].activity_code == "RC-5F"
    # 600,000.01 left over 7 months: 85,714.28 each, the last takes the 0.05 of rounding
    assert [i.amount for i in plan[3:]] == [D("85714.28")] * 6 + [D("85714.33")]
    assert [i.due_date for i in plan[3:5]] == [date(2025, 9, 1), date(2025, 10, 1)]
    assert sum(i.amount for i in plan) == spec.price


def test_month_ends_are_clamped():
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2025, 11, 30), 3) == date(2026, 2, 28)


@settings(max_examples=300, deadline=None)
@given(price=st.decimals(min_value=D("0.01"), max_value=D("999999999.99"), places=2),
       months=st.integers(min_value=0, max_value=360),
       booking_share=st.integers(min_value=0, max_value=30),
       percents=st.lists(st.decimals(min_value=D("0.0001"), max_value=D(20), places=4), max_size=5))
def test_any_schedule_sums_to_the_price_to_the_poisha(price, months, booking_share, percents):
    booking = (price * booking_share / 100).quantize(D("0.01"))
    spec = domain.ScheduleSpec(price=price, booking_date=DAY, booking_money=booking, monthly_count=months,
                               milestones=tuple(domain.MilestoneSpec(f"M{k}", f"A{k}", p) for k, p in enumerate(percents)))
    try:
        plan = domain.build_schedule(spec)
    except ValidationFailed as exc:  # refused only when the refusal is justified
        rest = price - booking - sum(((price * p / 100).quantize(D("0.01"), rounding="ROUND_DOWN") for p in percents),
                                     D(0))
        assert {"sales.too_many_instalments": months and rest >= 0 and rest < D("0.01") * months,
                "sales.milestones_above_price": sum(percents, D(0)) > 100 or rest < 0,
                "sales.schedule_empty": not booking and not percents and not months}[exc.code]
        return
    assert sum(i.amount for i in plan) == price
    assert all(i.amount >= 0 and i.amount == i.amount.quantize(D("0.01")) for i in plan)
    assert [i.seq for i in plan] == list(range(1, len(plan) + 1))
    if months:
        monthly = [i.amount for i in plan if i.kind == "monthly"]
        assert len(monthly) == months and max(monthly) - min(monthly) < D("0.01") * months


def test_bad_schedules_are_refused_with_the_field():
    with pytest.raises(ValidationFailed) as over:
        domain.build_schedule(domain.ScheduleSpec(price=D(100), booking_date=DAY, booking_money=D(60),
                                                  down_payment=D(50)))
    assert over.value.field == "down_payment" and over.value.message_bn
    with pytest.raises(ValidationFailed) as pct:
        domain.build_schedule(domain.ScheduleSpec(price=D(100), booking_date=DAY, milestones=(
            domain.MilestoneSpec("Roof", "R", D(60)), domain.MilestoneSpec("Finish", "F", D(0)))))
    assert pct.value.field == "milestones[1].percent"
    with pytest.raises(ValidationFailed) as early:
        domain.build_schedule(domain.ScheduleSpec(price=D(100), booking_date=DAY, monthly_count=2,
                                                  monthly_start=DAY - timedelta(days=1)))
    assert early.value.field == "monthly_start"
    with pytest.raises(ValidationFailed) as neg:
        domain.build_schedule(domain.ScheduleSpec(price=D(100), booking_date=DAY, booking_money=D(-1)))
    assert neg.value.field == "booking_money"


def test_a_receipt_is_allocated_oldest_due_first_and_milestones_not_yet_due_last():
    dues = [domain.Due("m", 3, None, D(500)), domain.Due("b", 1, date(2025, 8, 1), D(100)),
            domain.Due("x", 4, date(2025, 9, 1), D(200)), domain.Due("d", 2, date(2025, 8, 15), D(300))]
    got = domain.allocate(D(750), dues)
    assert [(a.instalment_id, a.amount) for a in got] == [("b", D(100)), ("d", D(300)), ("x", D(200)), ("m", D(150))]
    with pytest.raises(ValidationFailed) as over:
        domain.allocate(D("1100.01"), dues)
    assert (over.value.code, over.value.field) == ("sales.receipt_above_balance", "amount")
    with pytest.raises(ValidationFailed):
        domain.allocate(D(0), dues)


def test_delay_charges_count_each_late_part_for_its_own_days():
    # ৳1,00,000 due 1 Sep; ৳40,000 paid 11 Sep (10 days late), ৳60,000 still owed on 1 Oct (30 days):
    # (40,000 × 10 + 60,000 × 30) × 0.05% = ৳1,100
    days, charge = domain.delay_charge(D(100000), date(2025, 9, 1), [(date(2025, 9, 11), D(40000))],
                                       date(2025, 10, 1), D("0.05"))
    assert (days, charge) == (30, D(1100))
    assert domain.delay_charge(D(100000), date(2025, 9, 1), [(date(2025, 8, 30), D(100000))], date(2025, 10, 1),
                               D("0.05")) == (0, D(0))
    assert domain.delay_charge(D(100), None, [], date(2025, 10, 1), D("0.05")) == (0, D(0))


def test_a_cancellation_refunds_what_was_paid_less_the_deduction():
    assert domain.refund_on_cancellation(D("1234567.89"), D(10)) == (D("123456.79"), D("1111111.10"))
    assert domain.refund_on_cancellation(D(0), D(10)) == (D(0), D(0))
    with pytest.raises(ValidationFailed) as bad:
        domain.refund_on_cancellation(D(100), D(101))
    assert bad.value.field == "deduction_percent"
