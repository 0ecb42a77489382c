"""Company calendar editing: dated exceptions, moving holidays (Eid after the moon sighting), monsoon.

The work week itself is `service.save_calendar`; holidays are `service.set_holiday`. Every change
applies to the next schedule run of every project using the calendar.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import BaseModel
from sqlalchemy import select

from vextrus.platform import context
from vextrus.platform.errors import Conflict, NotFound, ValidationFailed
from vextrus.platform.uow import UnitOfWork, command, query

from .domain.calendar import CalendarError, parse_hours
from .service import HolidayView, ensure_company_calendars
from .tables import Calendar, CalendarException, Holiday, MonsoonPeriod


class ExceptionView(BaseModel):
    id: UUID
    day: date
    hours: str  # empty = non-working
    name: str


class MonsoonView(BaseModel):
    id: UUID
    start: date
    finish: date
    hours: str
    name: str


def _hours(hours: str, field: str) -> str:
    try:
        parse_hours(hours or "")
    except (CalendarError, ValueError):
        raise ValidationFailed("calendar_hours", f"hours must look like 08:00-12:00,13:00-17:00 (got {hours!r})",
                               "সময় 08:00-12:00,13:00-17:00 এর মতো লিখুন", field=field) from None
    return (hours or "").strip()


def _company_calendar(uow: UnitOfWork, code: str) -> Calendar:
    ensure_company_calendars(uow)
    c = uow.session.execute(select(Calendar).where(Calendar.project_id.is_(None), Calendar.code == code)) \
        .scalar_one_or_none()
    if c is None:
        raise NotFound("calendar", code, field="calendar")
    return c


@query("projects.calendar.read")
def list_exceptions(uow: UnitOfWork, calendar_code: str) -> list[ExceptionView]:
    c = _company_calendar(uow, calendar_code)
    rows = uow.session.execute(select(CalendarException).where(CalendarException.calendar_id == c.id)
                               .order_by(CalendarException.day)).scalars()
    return [ExceptionView(id=e.id, day=e.day, hours=e.hours, name=e.name) for e in rows]


@command("projects.calendar.update", scope="projects.set_exception")
def set_exception(uow: UnitOfWork, calendar_code: str, day: date, hours: str = "", name: str = "") -> ExceptionView:
    """A dated exception of one calendar (wins over holidays and monsoon): '' = day off."""
    c = _company_calendar(uow, calendar_code)
    hours = _hours(hours, "hours")
    e = uow.session.execute(select(CalendarException).where(CalendarException.calendar_id == c.id,
                                                            CalendarException.day == day)).scalar_one_or_none()
    if e is None:
        e = CalendarException(calendar_id=c.id, day=day)
        uow.session.add(e)
    e.hours, e.name, e.kind = hours, name, "exception" if hours else "holiday"
    uow.session.flush()
    return ExceptionView(id=e.id, day=e.day, hours=e.hours, name=e.name)


@command("projects.calendar.update", scope="projects.delete_exception")
def delete_exception(uow: UnitOfWork, calendar_code: str, day: date) -> bool:
    c = _company_calendar(uow, calendar_code)
    e = uow.session.execute(select(CalendarException).where(CalendarException.calendar_id == c.id,
                                                            CalendarException.day == day)).scalar_one_or_none()
    if e is not None:
        uow.session.delete(e)
    return e is not None


@command("projects.calendar.update", scope="projects.move_holiday")
def move_holiday(uow: UnitOfWork, day: date, new_day: date) -> HolidayView:
    """Move a holiday to another day (Eid after the moon sighting); keeps its names."""
    ensure_company_calendars(uow)
    s = uow.session
    h = s.execute(select(Holiday).where(Holiday.day == day)).scalar_one_or_none()
    if h is None:
        raise NotFound("holiday", day.isoformat(), field="day")
    if new_day != day and s.execute(select(Holiday.id).where(Holiday.day == new_day)).first():
        raise Conflict("holiday_exists", f"{new_day} is already a holiday", f"{new_day} আগে থেকেই ছুটি",
                       field="new_day")
    h.day = new_day
    s.flush()
    return HolidayView(id=h.id, day=h.day, name=h.name, name_bn=h.name_bn, moving=h.moving)


@query("projects.calendar.read")
def list_monsoon(uow: UnitOfWork) -> list[MonsoonView]:
    ensure_company_calendars(uow)
    rows = uow.session.execute(select(MonsoonPeriod).order_by(MonsoonPeriod.start)).scalars()
    return [MonsoonView(id=m.id, start=m.start, finish=m.finish, hours=m.hours, name=m.name) for m in rows]


@command("projects.calendar.update", scope="projects.save_monsoon")
def save_monsoon(uow: UnitOfWork, start: date, finish: date, hours: str = "", name: str = "Monsoon",
                 period_id: UUID | None = None) -> MonsoonView:
    """Add or change a monsoon period: outdoor calendars work only `hours` ('' = not at all) on its days."""
    ensure_company_calendars(uow)
    if finish < start:
        raise ValidationFailed("monsoon_dates", "The monsoon ends before it starts", "বর্ষা শুরুর আগে শেষ হচ্ছে",
                               field="finish")
    hours = _hours(hours, "hours")
    m = uow.session.get(MonsoonPeriod, period_id) if period_id else None
    if period_id and (m is None or m.tenant_id != context.current().tenant_id):
        raise NotFound("monsoon period", period_id, field="period_id")
    if m is None:
        m = MonsoonPeriod(start=start, finish=finish)
        uow.session.add(m)
    m.start, m.finish, m.hours, m.name = start, finish, hours, name
    uow.session.flush()
    return MonsoonView(id=m.id, start=m.start, finish=m.finish, hours=m.hours, name=m.name)
