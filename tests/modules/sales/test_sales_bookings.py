"""Property sales on both databases: a building's units and price list, a booking with its schedule, a
milestone instalment falling due when its project activity completes (projects' ActivityChanged), receipts
allocated oldest due first and posted through finance.api (Dr bank, Cr customer advances), the statement,
transfer, cancellation with a deduction, and handover recognising revenue. Bad input changes nothing."""

from __future__ import annotations

import itertools
from datetime import date, datetime
from decimal import Decimal as D

import pytest
from sqlalchemy import func, select

from bangla_text import latin_left
from vextrus.modules.finance import service as finance
from vextrus.modules.finance.api import account_balance
from vextrus.modules.master_data.schemas import PartyInput
from vextrus.modules.master_data.service import create_party
from vextrus.modules.organization import api as org
from vextrus.modules.projects import service as projects
from vextrus.modules.sales import service
from vextrus.modules.sales.events import InstalmentsFellDue, ReceiptPosted
from vextrus.modules.sales.schemas import (
    AgreementInput,
    BookingInput,
    BuildingInput,
    CancelInput,
    HandoverInput,
    MilestoneInput,
    PriceInput,
    ReceiptInput,
    ScheduleInput,
    TransferInput,
    UnitInput,
)
from vextrus.modules.sales.service.bookings import ACCOUNTS
from vextrus.modules.sales.tables import BookingRow, InstalmentRow, ReceiptRow
from vextrus.platform import context
from vextrus.platform.errors import Conflict, DomainError, PermissionDenied, StaleVersion, ValidationFailed
from vextrus.platform.i18n import format_number
from vextrus.platform.ids import new_id
from vextrus.platform.tables import OutboxEvent

DAY = date(2025, 8, 1)
SEQ = itertools.count(1)


def setup(code: str = "PBL"):
    c = org.create_company(org.CompanyInput(code=code, name="Padma Builders Ltd."))
    finance.ensure_book(code, "Padma Builders Ltd.", c.id)
    finance.open_fiscal_year(code, "2025-26")
    p = projects.create_project(f"RE-{code}", "Padma Residency", name_bn="পদ্মা রেসিডেন্সি", company_id=c.id)
    projects.add_activity(p.id, "RC-5F", "Roof casting, 5th floor", duration_hours=80)
    b = service.create_building(BuildingInput(project_id=p.id, code="a", name="Building A", name_bn="ভবন এ", floors=6))
    units = {u: service.create_unit(UnitInput(building_id=b.id, code=u, kind="flat", floor=int(u[0]), size_sft=D(1250),
                                              facing="south")) for u in ("1A", "1B", "2A")}
    units["P1"] = service.create_unit(UnitInput(building_id=b.id, code="P1", kind="parking", floor=0))
    service.set_price(PriceInput(project_id=p.id, effective_from=date(2025, 7, 1), rate_per_sft=D(9500),
                                 parking_charge=D(400000), utility_charge=D(150000)))
    buyer = create_party(PartyInput(legal_name=f"Rahim Uddin {next(SEQ)}", party_type="individual",
                                    roles=["customer"], mobile="01711000001"))
    other = create_party(PartyInput(legal_name=f"Karim Ahmed {next(SEQ)}", party_type="individual",
                                    roles=["customer"], mobile="01811000002"))
    return c, p, b, units, buyer, other


def booking_input(unit, buyer, **kw) -> BookingInput:
    schedule = ScheduleInput(booking_money=D(500000), down_payment=D(1500000), down_payment_due=date(2025, 8, 15),
                             monthly_count=12, milestones=[MilestoneInput(label="On roof casting of the 5th floor",
                                                                          label_bn="৫ম তলার ছাদ ঢালাইয়ে",
                                                                          activity_code="RC-5F", percent=D(20))])
    return BookingInput(unit_id=unit.id, buyer_party_id=buyer.id, booking_date=DAY, schedule=schedule, **kw)


def test_a_grid_shows_the_building_floor_by_floor(db, admin):
    _, p, b, units, _, _ = setup()
    g = service.unit_grid(b.id)
    assert [f.floor for f in g.floors] == [2, 1, 0]
    assert [u.code for u in g.floors[1].units] == ["1A", "1B"] and g.counts == {"available": 4}
    assert service.price_of_unit(units["1A"].id, DAY) == D(1250 * 9500 + 150000)
    assert service.price_of_unit(units["P1"].id, DAY) == D(400000)
    assert service.get_building(b.id).units == 4
    held = service.change_unit_status(units["1B"].id, "held", expected_version=units["1B"].version)
    assert held.status == "held" and held.version == units["1B"].version + 1
    with pytest.raises(StaleVersion):
        service.change_unit_status(units["1B"].id, "available", expected_version=units["1B"].version)
    with pytest.raises(ValidationFailed) as by_hand:
        service.change_unit_status(units["1A"].id, "sold")
    assert by_hand.value.field == "status"
    with pytest.raises(Conflict):
        service.create_unit(UnitInput(building_id=b.id, code="1a", floor=1, size_sft=D(900)))
    with pytest.raises(ValidationFailed) as high:
        service.create_unit(UnitInput(building_id=b.id, code="9A", floor=9, size_sft=D(900)))
    assert high.value.field == "floor"
    with pytest.raises(DomainError) as missing:
        service.create_building(BuildingInput(project_id=new_id(), code="B", name="B", floors=3))
    assert (missing.value.status, missing.value.field) == (404, "project_id") and "প্রকল্প" in missing.value.message_bn


def test_booking_schedule_milestone_receipts_statement_and_handover(db, admin):
    c, p, b, units, buyer, _ = setup()
    bk = service.create_booking(booking_input(units["1A"], buyer), idempotency_key="bk-1")
    price = D(1250 * 9500 + 150000)  # ৳1,20,25,000
    assert (bk.number, bk.price, bk.status, bk.unit_code) == ("BK-000001", price, "booked", "1A")
    assert sum(i.amount for i in bk.instalments) == price
    assert service.create_booking(booking_input(units["1A"], buyer), idempotency_key="bk-1") == bk
    milestone = next(i for i in bk.instalments if i.kind == "milestone")
    assert milestone.due_date is None and milestone.amount == D(2405000)
    assert service.unit_grid(b.id).counts == {"available": 3, "booked": 1}

    # the activity completes: the milestone falls due on its finish day (projects' event, sales' handler)
    projects.update_activity(p.id, "RC-5F", actual_start=datetime(2025, 9, 1, 8), actual_finish=datetime(2025, 9, 20, 17))
    assert next(i for i in service.get_booking(bk.id).instalments if i.kind == "milestone").due_date == date(2025, 9, 20)
    with db.session_factory() as s:
        assert s.scalar(select(func.count()).select_from(OutboxEvent).where(
            OutboxEvent.name == InstalmentsFellDue.name, OutboxEvent.tenant_id == admin.tenant_id)) == 1

    # receipts: oldest due first (booking money 1 Aug, down payment 15 Aug, the 1st month 1 Sep)
    r1 = service.post_receipt(bk.id, ReceiptInput(receipt_date=DAY, amount=D(500000)), idempotency_key="r1")
    r2 = service.post_receipt(bk.id, ReceiptInput(receipt_date=date(2025, 8, 25), amount=D(2000000), reference="chq 1"))
    assert [(a.seq, a.amount) for a in r1.allocations] == [(1, D(500000))]
    monthly = (price - D(500000) - D(1500000) - D(2405000)) / 12  # ৳76,20,000 over 12 months: ৳6,35,000
    assert [(a.seq, a.amount) for a in r2.allocations] == [(2, D(1500000)), (4, D(500000))]
    assert account_balance(c.id, ACCOUNTS["bank"], date(2025, 8, 31)) == D(2500000)
    assert account_balance(c.id, ACCOUNTS["advances"], date(2025, 8, 31)) == D(-2500000)
    entry = finance.get_entry("PBL", r2.entry_id)
    assert {(ln.account_code, ln.debit, ln.credit) for ln in entry.lines} == {
        ("1120", D(2000000), D(0)), ("2131", D(0), D(2000000))}

    # statement on 1 Oct: the down payment was 10 days late, the 1st month part-paid, the milestone due since 20 Sep
    st = service.customer_statement(bk.id, date(2025, 10, 1))
    assert (st.total, st.paid, st.balance) == (price, D(2500000), price - D(2500000))
    first_month = next(ln for ln in st.lines if ln.seq == 4)
    assert monthly == D(635000) and first_month.outstanding == monthly - D(500000)
    mile = next(ln for ln in st.lines if ln.kind == "milestone")
    assert (mile.days_overdue, mile.outstanding) == (11, D(2405000))
    down = next(ln for ln in st.lines if ln.kind == "down_payment")
    assert down.delay_charge == D(1500000) * 10 * D("0.05") / 100 and down.days_overdue == 0  # ৳7,500
    assert st.overdue == D(2405000) + D(135000) and st.due == st.overdue + monthly  # the 2nd month falls due today
    assert [r.number for r in st.receipts] == [r1.number, r2.number]

    # handover needs the agreement and the full price
    with pytest.raises(ValidationFailed):
        service.hand_over(bk.id, HandoverInput(handover_date=date(2026, 6, 1)))
    sold = service.sign_agreement(bk.id, AgreementInput(agreement_date=date(2025, 8, 20), agreement_ref="Deed 1234/25"))
    assert sold.status == "sold" and service.get_unit(units["1A"].id).status == "sold"
    with pytest.raises(ValidationFailed) as owed:
        service.hand_over(bk.id, HandoverInput(handover_date=date(2026, 6, 1)))
    assert owed.value.code == "sales.not_fully_paid" and latin_left(owed.value.message_bn) == []
    service.post_receipt(bk.id, ReceiptInput(receipt_date=date(2026, 5, 1), amount=price - D(2500000), method="bank"))
    done = service.hand_over(bk.id, HandoverInput(handover_date=date(2026, 6, 1)))
    assert done.status == "handed_over" and service.get_unit(units["1A"].id).status == "handed_over"
    assert account_balance(c.id, ACCOUNTS["advances"], date(2026, 6, 30)) == 0
    assert account_balance(c.id, ACCOUNTS["revenue"], date(2026, 6, 30)) == -price
    with pytest.raises(ValidationFailed):  # nothing more to collect on a handed-over booking
        service.post_receipt(bk.id, ReceiptInput(receipt_date=date(2026, 6, 2), amount=D(1)))


def test_a_completed_activity_makes_a_new_milestone_due_at_once(db, admin):
    _, p, _, units, buyer, _ = setup()
    projects.update_activity(p.id, "RC-5F", actual_start=datetime(2025, 7, 1, 8), actual_finish=datetime(2025, 7, 20, 17))
    preview = service.preview_schedule(booking_input(units["1B"], buyer))
    assert next(i for i in preview.instalments if i.kind == "milestone").due_date == date(2025, 7, 20)
    with db.session_factory() as s:  # a preview stores nothing
        assert s.scalar(select(func.count()).select_from(BookingRow)) == 0


def test_transfer_and_cancellation_with_a_deduction(db, admin):
    c, _, b, units, buyer, other = setup()
    bk = service.create_booking(booking_input(units["2A"], buyer))
    service.post_receipt(bk.id, ReceiptInput(receipt_date=DAY, amount=D(500000), method="cash"))
    moved = service.transfer_booking(bk.id, TransferInput(to_party_id=other.id, transfer_date=date(2025, 8, 5)))
    assert moved.buyer_party_id == other.id and moved.version == bk.version + 1
    with pytest.raises(ValidationFailed) as same:
        service.transfer_booking(bk.id, TransferInput(to_party_id=other.id, transfer_date=date(2025, 8, 6)))
    assert same.value.field == "to_party_id"
    gone = service.cancel_booking(bk.id, CancelInput(cancelled_on=date(2025, 9, 1)))  # the 10% setting
    assert (gone.status, gone.deduction, gone.refund) == ("cancelled", D(50000), D(450000))
    assert service.get_unit(units["2A"].id).status == "cancelled"
    assert account_balance(c.id, ACCOUNTS["advances"], date(2025, 9, 30)) == 0
    assert account_balance(c.id, ACCOUNTS["cash"], date(2025, 9, 30)) == D(500000)
    assert account_balance(c.id, ACCOUNTS["bank"], date(2025, 9, 30)) == D(-450000)
    assert account_balance(c.id, ACCOUNTS["forfeit"], date(2025, 9, 30)) == D(-50000)
    report = service.collections_report(date(2025, 12, 1))
    assert report.lines == [] and report.total_overdue == 0  # a cancelled booking is owed nothing
    again = service.change_unit_status(units["2A"].id, "available")
    assert again.status == "available"
    rebooked = service.create_booking(booking_input(units["2A"], buyer, price=D(12000000)))
    assert rebooked.price == D(12000000) and service.unit_grid(b.id).counts["booked"] == 1


def test_the_collections_report_ages_what_is_owed(db, admin):
    _, p, _, units, buyer, _ = setup()
    bk = service.create_booking(booking_input(units["1A"], buyer))
    service.post_receipt(bk.id, ReceiptInput(receipt_date=DAY, amount=D(500000)))
    r = service.collections_report(date(2025, 11, 20), horizon_days=30)
    # owed: down payment 15 Aug (97 days), months 1 Sep (80), 1 Oct (50), 1 Nov (19); due soon 1 Dec
    assert [ln.seq for ln in r.lines] == [2, 4, 5, 6, 7]
    assert r.counts == {"due_soon": 1, "overdue_1_30": 1, "overdue_31_90": 2, "overdue_91_plus": 1}
    assert r.buckets["overdue_91_plus"] == D(1500000) and r.buckets["due_soon"] == D(635000)
    assert r.total_overdue == D(1500000) + 3 * D(635000) and r.lines[0].days_overdue == 97
    assert service.collections_report(date(2025, 11, 20), horizon_days=30, limit=2).truncated
    with pytest.raises(ValidationFailed) as bad:
        service.collections_report(date(2025, 11, 20), limit=501)
    assert bad.value.field == "limit"


def test_bad_input_is_refused_and_nothing_is_stored(db, admin):
    _, _, _, units, buyer, _ = setup()
    with pytest.raises(DomainError) as nobody:
        service.create_booking(booking_input(units["1A"], buyer).model_copy(update={"buyer_party_id": new_id()}))
    assert nobody.value.field == "buyer_party_id"
    bad = booking_input(units["1A"], buyer)
    bad.schedule.milestones[0].activity_code = "NOPE"
    with pytest.raises(ValidationFailed) as activity:
        service.create_booking(bad)
    assert activity.value.field == "schedule.milestones[0].activity_code"
    with pytest.raises(ValidationFailed) as early:
        service.create_booking(booking_input(units["1A"], buyer).model_copy(update={"booking_date": date(2025, 6, 1)}))
    assert early.value.code == "sales.no_price_list"
    assert early.value.message_bn == "১ জুন ২০২৫ তারিখে প্রকল্পের কোনো মূল্য তালিকা নেই"  # a Bangla date, not 2025-06-01
    bk = service.create_booking(booking_input(units["1A"], buyer))
    with pytest.raises(ValidationFailed) as twice:
        service.create_booking(booking_input(units["1A"], buyer))
    assert twice.value.field == "unit_id"
    with pytest.raises(ValidationFailed) as over:
        service.post_receipt(bk.id, ReceiptInput(receipt_date=DAY, amount=bk.price + D("0.01")))
    assert over.value.code == "sales.receipt_above_balance" and latin_left(over.value.message_bn) == []
    assert format_number(bk.price, 2, "bn") in over.value.message_bn  # what is still owed, in Bangla digits
    with pytest.raises(ValidationFailed) as how:
        service.post_receipt(bk.id, ReceiptInput(receipt_date=DAY, amount=D(1), method="bkash"))
    assert how.value.field == "method"
    with db.session_factory() as s:
        assert s.scalar(select(func.count()).select_from(BookingRow).where(BookingRow.tenant_id == admin.tenant_id)) == 1
        assert s.scalar(select(func.count()).select_from(ReceiptRow).where(ReceiptRow.tenant_id == admin.tenant_id)) == 0
        assert s.scalar(select(func.sum(InstalmentRow.paid)).where(InstalmentRow.booking_id == bk.id)) == 0
        assert s.scalar(select(func.count()).select_from(OutboxEvent).where(
            OutboxEvent.name == ReceiptPosted.name, OutboxEvent.tenant_id == admin.tenant_id)) == 0


def test_another_tenant_sees_nothing_and_a_reader_cannot_book(db, admin, tenant_id):
    _, _, b, units, buyer, _ = setup()
    reader = context.RequestContext(tenant_id=tenant_id, user_id=new_id(), actor="reader@test",
                                    permissions=frozenset({"sales.inventory.read", "sales.booking.read"}))
    with context.acting_as(reader):
        assert service.unit_grid(b.id).counts == {"available": 4}
        with pytest.raises(PermissionDenied):
            service.create_booking(booking_input(units["1A"], buyer))
        with pytest.raises(PermissionDenied):
            service.collections_report(DAY)
    stranger = context.RequestContext(tenant_id=new_id(), user_id=new_id(), permissions=frozenset({"*"}),
                                      actor="stranger@test")
    with context.acting_as(stranger):
        with pytest.raises(DomainError) as hidden:
            service.unit_grid(b.id)
        assert hidden.value.status == 404
        assert service.list_buildings().items == []


def test_progress_written_without_an_activity_event_is_picked_up_when_the_project_is_rescheduled(db, admin):
    """An import or a bulk progress update reaches activities without ActivityChanged: projects'
    ScheduleComputed makes sales check every milestone still waiting."""
    from sqlalchemy import update

    from vextrus.modules.projects.tables import Activity

    _, p, _, units, buyer, _ = setup()
    bk = service.create_booking(booking_input(units["1A"], buyer))
    with db.session_factory.begin() as s:  # progress written behind projects' back (as a bulk import would)
        s.execute(update(Activity).where(Activity.project_id == p.id, Activity.code == "RC-5F")
                  .values(actual_start=datetime(2025, 9, 1, 8), actual_finish=datetime(2025, 9, 20, 17)))
    assert next(i for i in service.get_booking(bk.id).instalments if i.kind == "milestone").due_date is None
    projects.schedule_project(p.id, datetime(2025, 10, 1, 8))
    assert next(i for i in service.get_booking(bk.id).instalments if i.kind == "milestone").due_date == date(2025, 9, 20)
