"""Bangladesh public holidays for 2025 and 2026, and the monsoon season, as seed data.

Dates of the moving (lunar) holidays follow the government's announced calendar for 2025 and
the expected dates for 2026; they depend on the moon sighting, so they are `moving=True` and
editable per company (Settings -> Calendars). Source: Cabinet Division holiday notifications
(2025) and the Islamic calendar (1447 AH) for 2026.
"""

from __future__ import annotations

from datetime import date, timedelta


def _span(first: date, days: int) -> list[date]:
    return [first + timedelta(days=i) for i in range(days)]


# (date, English name, Bangla name, moving)
_FIXED = [
    ((2, 21), "Shaheed Day and International Mother Language Day", "শহীদ দিবস ও আন্তর্জাতিক মাতৃভাষা দিবস"),
    ((3, 26), "Independence Day", "স্বাধীনতা দিবস"),
    ((4, 14), "Bangla New Year (Pohela Boishakh)", "পহেলা বৈশাখ"),
    ((5, 1), "May Day", "মে দিবস"),
    ((8, 5), "July Mass Uprising Day", "জুলাই গণঅভ্যুত্থান দিবস"),
    ((12, 16), "Victory Day", "বিজয় দিবস"),
    ((12, 25), "Christmas Day", "বড়দিন"),
]

_MOVING: dict[int, list[tuple[date, int, str, str]]] = {
    2025: [
        (date(2025, 2, 15), 1, "Shab-e-Barat", "শবে বরাত"),
        (date(2025, 3, 28), 1, "Shab-e-Qadr", "শবে কদর"),
        (date(2025, 3, 29), 8, "Eid-ul-Fitr", "ঈদুল ফিতর"),  # 29 Mar - 5 Apr (with bridging days)
        (date(2025, 5, 11), 1, "Buddha Purnima", "বুদ্ধ পূর্ণিমা"),
        (date(2025, 6, 5), 10, "Eid-ul-Adha", "ঈদুল আযহা"),  # 5 - 14 Jun
        (date(2025, 7, 6), 1, "Ashura", "আশুরা"),
        (date(2025, 8, 16), 1, "Janmashtami", "জন্মাষ্টমী"),
        (date(2025, 9, 5), 1, "Eid-e-Miladunnabi", "ঈদে মিলাদুন্নবী"),
        (date(2025, 10, 1), 2, "Durga Puja (Vijaya Dashami)", "দুর্গাপূজা (বিজয়া দশমী)"),
    ],
    2026: [
        (date(2026, 2, 4), 1, "Shab-e-Barat", "শবে বরাত"),
        (date(2026, 3, 17), 1, "Shab-e-Qadr", "শবে কদর"),
        (date(2026, 3, 19), 5, "Eid-ul-Fitr", "ঈদুল ফিতর"),  # expected 19 - 23 Mar
        (date(2026, 5, 26), 5, "Eid-ul-Adha", "ঈদুল আযহা"),  # expected 26 - 30 May
        (date(2026, 5, 31), 1, "Buddha Purnima", "বুদ্ধ পূর্ণিমা"),
        (date(2026, 6, 25), 1, "Ashura", "আশুরা"),
        (date(2026, 8, 25), 1, "Eid-e-Miladunnabi", "ঈদে মিলাদুন্নবী"),
        (date(2026, 9, 4), 1, "Janmashtami", "জন্মাষ্টমী"),
        (date(2026, 10, 20), 2, "Durga Puja (Vijaya Dashami)", "দুর্গাপূজা (বিজয়া দশমী)"),
    ],
}

MONSOON = [(date(y, 6, 15), date(y, 9, 30)) for y in (2025, 2026)]
MONSOON_HOURS = "08:00-12:00"  # outdoor work: mornings only (afternoon rain)


def bangladesh_holidays(years: tuple[int, ...] = (2025, 2026)) -> list[tuple[date, str, str, bool]]:
    """Every holiday day (multi-day holidays expanded), sorted; one entry per date."""
    out: dict[date, tuple[date, str, str, bool]] = {}
    for y in years:
        for (m, d), en, bn in _FIXED:
            out[date(y, m, d)] = (date(y, m, d), en, bn, False)
        for first, days, en, bn in _MOVING.get(y, []):
            for day in _span(first, days):
                out.setdefault(day, (day, en, bn, True))
    return [out[k] for k in sorted(out)]
