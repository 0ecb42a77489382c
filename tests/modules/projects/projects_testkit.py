"""Shared helpers: the Bangladesh site calendar used by the hand-worked networks."""

from datetime import date, datetime

from vextrus.modules.projects.domain.calendar import Calendar

# January 2026: Sat 3, Sun 4, Mon 5, Tue 6 (holiday), Wed 7, Thu 8, Fri 9 (weekend), Sat 10 ...
HOLIDAY = date(2026, 1, 6)
DATA_DATE = datetime(2026, 1, 3, 8, 0)


def site_calendar() -> Calendar:
    """Sat-Thu 08:00-12:00 and 13:00-17:00 (8 h/day), Friday off, Tue 6 Jan a holiday."""
    return Calendar.build("site", days="Sat-Thu", hours="08:00-12:00,13:00-17:00",
                          holidays=[HOLIDAY])


def dt(day: int, hour: int, minute: int = 0, month: int = 1) -> datetime:
    return datetime(2026, month, day, hour, minute)
