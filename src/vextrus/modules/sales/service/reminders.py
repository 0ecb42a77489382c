"""Reminders before each due date: the daily job finds the instalments still owed that fall due within the
tenant's window (`sales.reminder_days`, default 7) and emits `sales.instalment.due_soon` once per instalment
and due date, with the buyer's name, e-mail and mobile from master data; notifications turns it into an
e-mail and an SMS to the buyer (en/bn templates)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import or_, select

from vextrus.platform import clock, context
from vextrus.platform.uow import UnitOfWork, command

from .. import domain, settings
from ..events import InstalmentDueSoon
from ..tables import BookingRow, InstalmentRow, UnitRow

REMIND = "sales.collections.view"


def _buyer(party_id: UUID, cache: dict[UUID, Any]) -> Any:
    from vextrus.modules.master_data import api as master_data
    from vextrus.platform.errors import NotFound

    from .. import MODULE

    if party_id not in cache:
        with context.calling_as(MODULE):
            try:
                cache[party_id] = master_data.get_party(party_id)
            except NotFound:
                cache[party_id] = None
    return cache[party_id]


@command(REMIND, scope="sales.remind_due_soon")
def remind_due_soon(uow: UnitOfWork, within_days: int | None = None, today: date | None = None) -> list[UUID]:
    """Emit `sales.instalment.due_soon` for each instalment still owed whose due date is today or within
    `within_days` (the setting by default) and whose buyer was not yet reminded of that date; returns the
    instalments reminded. A due date that moves is reminded again; a paid instalment never."""
    today = today or clock.today()
    days = settings.reminder_days() if within_days is None else within_days
    if not 0 <= days <= 365:
        raise domain.SalesError(
            "sales.horizon_invalid",
            "The horizon is 0 to 365 days",
            "সময়সীমা ০ থেকে ৩৬৫ দিন",
            field="within_days",
        )
    In = InstalmentRow  # noqa: N806
    where = [
        In.open == 1,
        In.due_date.is_not(None),
        In.due_date >= today,
        In.due_date <= today + timedelta(days=days),
        or_(In.reminded_for.is_(None), In.reminded_for != In.due_date),
    ]
    scope = context.company_scope()
    if scope is not None:
        where.append(In.company_id == scope)
    rows = uow.session.execute(
        select(In, BookingRow, UnitRow.code)
        .join(BookingRow, BookingRow.id == In.booking_id)
        .join(UnitRow, UnitRow.id == BookingRow.unit_id)
        .where(*where)
        .order_by(In.due_date, In.booking_id, In.seq)
    ).all()
    language = settings.reminder_language()
    buyers: dict[UUID, Any] = {}
    out = []
    for inst, booking, unit_code in rows:
        inst.reminded_for = inst.due_date
        party = _buyer(booking.buyer_party_id, buyers)
        uow.emit(
            InstalmentDueSoon(
                instalment_id=inst.id,
                booking_id=booking.id,
                booking_number=booking.number,
                company_id=booking.company_id,
                unit_code=unit_code,
                buyer_party_id=booking.buyer_party_id,
                buyer_name=party.legal_name if party is not None else "",
                buyer_name_bn=(party.legal_name_bn or "") if party is not None else "",
                buyer_email=(party.email or "") if party is not None else "",
                buyer_mobile=(party.mobile or "") if party is not None else "",
                language=language,
                label=inst.label,
                label_bn=inst.label_bn,
                due_date=inst.due_date,
                amount_due=inst.amount - inst.paid,
                days_left=(inst.due_date - today).days,
            )
        )
        out.append(inst.id)
    uow.session.flush()
    return out
