"""Company calendars: Bangladesh public holidays (moving ones such as Eid after the moon sighting),
the SITE/OFFICE/OUTDOOR work weeks, dated exceptions and the monsoon. Every change applies to the next
schedule run of every project using the calendar."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from sqlalchemy import delete, func, select

from vextrus.platform import context
from vextrus.platform.errors import Conflict, NotFound
from vextrus.platform.i18n import format_date
from vextrus.platform.pagination import Page, paginate
from vextrus.platform.uow import UnitOfWork, command, query

from .. import repository as repo
from ..domain import holidays as bd
from ..domain.calendar_rules import check_hours, check_monsoon_dates, check_work_week
from ..schemas import (
    CalendarView,
    ExceptionView,
    HolidayView,
    MonsoonView,
)
from ..tables import (
    Calendar,
    CalendarException,
    Holiday,
    MonsoonPeriod,
)
from .lookups import (
    find_project,
)

SITE_WEEK = "08:00-12:00,13:00-17:00"


def _week(days: list[int], hours: str) -> dict[str, str]:
    return {str(d): (hours if d in days else "") for d in range(7)}


def ensure_company_calendars(uow: UnitOfWork) -> Calendar:
    """Seed Bangladesh holidays, monsoon and the SITE/OFFICE/OUTDOOR calendars once; returns SITE."""
    s = uow.session
    site = s.execute(select(Calendar).where(Calendar.project_id.is_(None), Calendar.code == "SITE")) \
        .scalar_one_or_none()
    if site is not None:
        return site
    if not s.execute(select(func.count()).select_from(Holiday)).scalar():
        for day, en, bn, moving in bd.bangladesh_holidays():
            s.add(Holiday(day=day, name=en, name_bn=bn, moving=moving))
        for a, b in bd.MONSOON:
            s.add(MonsoonPeriod(start=a, finish=b, hours=bd.MONSOON_HOURS, name=f"Monsoon {a.year}"))
    sat_thu, sun_thu = [5, 6, 0, 1, 2, 3], [6, 0, 1, 2, 3]
    site = Calendar(project_id=None, code="SITE", name="Site Sat-Thu 8h", work_week=_week(sat_thu, SITE_WEEK),
                    use_public_holidays=True, use_monsoon=False)
    s.add(site)
    s.add(Calendar(project_id=None, code="OFFICE", name="Office Sun-Thu 9-17",
                   work_week=_week(sun_thu, "09:00-13:00,14:00-17:00"), use_public_holidays=True))
    s.add(Calendar(project_id=None, code="OUTDOOR", name="Outdoor Sat-Thu, monsoon mornings only",
                   work_week=_week(sat_thu, SITE_WEEK), use_public_holidays=True, use_monsoon=True))
    s.flush()
    return site


@query("projects.calendar.read")
def list_holidays(uow: UnitOfWork, year: int | None = None) -> list[HolidayView]:
    ensure_company_calendars(uow)
    stmt = select(Holiday).order_by(Holiday.day)
    rows = [h for h in uow.session.execute(stmt).scalars() if year is None or h.day.year == year]
    return [HolidayView(id=h.id, day=h.day, name=h.name, name_bn=h.name_bn, moving=h.moving) for h in rows]


@query("projects.calendar.read", scope="projects.page_holidays")
def page_holidays(uow: UnitOfWork, year: int | None = None, first: int = 100,
                  after: str | None = None) -> Page[HolidayView]:
    """One cursor page of the public holidays (of one year, when given), by day (one holiday a day)."""
    ensure_company_calendars(uow)
    stmt = select(Holiday)
    if year is not None:
        stmt = stmt.where(Holiday.day >= date(year, 1, 1), Holiday.day <= date(year, 12, 31))
    page = paginate(uow.session, stmt, Holiday.day, first=first, after=after, convert=date.fromisoformat)
    return Page([HolidayView(id=h.id, day=h.day, name=h.name, name_bn=h.name_bn, moving=h.moving) for h in page.items],
                page.end_cursor, page.has_next_page)


@command("projects.calendar.update", scope="projects.set_holiday")
def set_holiday(uow: UnitOfWork, day: date, name: str, name_bn: str = "", moving: bool = False) -> HolidayView:
    """Add or rename a public holiday (e.g. move Eid after the moon sighting)."""
    ensure_company_calendars(uow)
    h = uow.session.execute(select(Holiday).where(Holiday.day == day)).scalar_one_or_none()
    if h is None:
        h = Holiday(day=day, name=name, name_bn=name_bn, moving=moving)
        uow.session.add(h)
    else:
        h.name, h.name_bn, h.moving = name, name_bn, moving
    uow.session.flush()
    return HolidayView(id=h.id, day=h.day, name=h.name, name_bn=h.name_bn, moving=h.moving)


@command("projects.calendar.update", scope="projects.delete_holiday")
def delete_holiday(uow: UnitOfWork, day: date) -> bool:
    return bool(uow.session.execute(delete(Holiday).where(Holiday.day == day,
                                                          Holiday.tenant_id == context.require_tenant())).rowcount)


@query("projects.calendar.read")
def list_calendars(uow: UnitOfWork, project: UUID | str | None = None) -> list[CalendarView]:
    ensure_company_calendars(uow)
    if project is None:
        rows = uow.session.execute(select(Calendar).where(Calendar.project_id.is_(None))).scalars()
    else:
        rows = repo.project_calendars(uow.session, find_project(uow, project).id)
    return [CalendarView(id=c.id, code=c.code, name=c.name, work_week=c.work_week, project_id=c.project_id,
                         use_public_holidays=c.use_public_holidays, use_monsoon=c.use_monsoon) for c in rows]


@command("projects.calendar.update", scope="projects.save_calendar")
def save_calendar(uow: UnitOfWork, code: str, name: str, work_week: dict[str, str],
                  use_public_holidays: bool = True, use_monsoon: bool = False,
                  project: UUID | str | None = None) -> CalendarView:
    check_work_week(work_week)
    pid = find_project(uow, project).id if project is not None else None
    c = next((c for c in repo.project_calendars(uow.session, pid) if c.code == code and c.project_id == pid),
             None) if pid else uow.session.execute(
        select(Calendar).where(Calendar.project_id.is_(None), Calendar.code == code)).scalar_one_or_none()
    if c is None:
        c = Calendar(project_id=pid, code=code, name=name, work_week={})
        uow.session.add(c)
    c.name, c.work_week = name, {k: work_week.get(k, "") for k in repo.DAY_KEYS}
    c.use_public_holidays, c.use_monsoon = use_public_holidays, use_monsoon
    uow.session.flush()
    return CalendarView(id=c.id, code=c.code, name=c.name, work_week=c.work_week, project_id=c.project_id,
                        use_public_holidays=c.use_public_holidays, use_monsoon=c.use_monsoon)


@command("projects.calendar.update", scope="projects.move_holiday")
def move_holiday(uow: UnitOfWork, day: date, new_day: date) -> HolidayView:
    """Move a holiday to another day (Eid after the moon sighting); keeps its names."""
    ensure_company_calendars(uow)
    s = uow.session
    h = s.execute(select(Holiday).where(Holiday.day == day)).scalar_one_or_none()
    if h is None:
        raise NotFound("holiday", day.isoformat(), field="day")
    if new_day != day and s.execute(select(Holiday.id).where(Holiday.day == new_day)).first():
        raise Conflict("holiday_exists", f"{new_day} is already a holiday", f"{format_date(new_day, 'bn')} আগে থেকেই ছুটি",
                       field="new_day")
    h.day = new_day
    s.flush()
    return HolidayView(id=h.id, day=h.day, name=h.name, name_bn=h.name_bn, moving=h.moving)


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
    hours = check_hours(hours, "hours")
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
    check_monsoon_dates(start, finish)
    hours = check_hours(hours, "hours")
    m = uow.session.get(MonsoonPeriod, period_id) if period_id else None
    if period_id and (m is None or m.tenant_id != context.current().tenant_id):
        raise NotFound("monsoon period", period_id, field="period_id")
    if m is None:
        m = MonsoonPeriod(start=start, finish=finish)
        uow.session.add(m)
    m.start, m.finish, m.hours, m.name = start, finish, hours, name
    uow.session.flush()
    return MonsoonView(id=m.id, start=m.start, finish=m.finish, hours=m.hours, name=m.name)
