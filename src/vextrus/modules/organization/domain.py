"""Pure rules for the organization structure: codes and calendar facts of a company
(registration numbers are master data's rules). No database or web imports."""

from __future__ import annotations

import re

from vextrus.platform.errors import ValidationFailed

BRANCH_KINDS = ("head_office", "branch", "site")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_CODE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{0,19}$")


def _digits(value: str) -> str:
    from vextrus.platform.i18n import to_ascii_digits

    return re.sub(r"[\s-]", "", to_ascii_digits(value))


def code(value: str, field: str = "code") -> str:
    """Short upper-case codes (`PBL`, `HO`, `CC-101`) identify units in lists and imports."""
    v = (value or "").strip().upper()
    if not _CODE.match(v):
        raise ValidationFailed("code_invalid", f"'{value}' is not a valid code (A-Z, 0-9, - or _, up to 20)",
                               f"'{value}' সঠিক কোড নয় (A-Z, 0-9, - বা _, সর্বোচ্চ ২০)", field=field)
    return v


def fiscal_month(value: int) -> int:
    if not 1 <= int(value) <= 12:
        raise ValidationFailed("fiscal_month_invalid", "The fiscal year starts in a month 1-12",
                               "অর্থবছর ১-১২ মাসের মধ্যে শুরু হয়", field="fiscal_year_start_month")
    return int(value)


def weekend(value: str) -> str:
    """Comma-separated weekday abbreviations; Friday is the usual Bangladesh weekend."""
    days = [d.strip().title()[:3] for d in (value or "").split(",") if d.strip()]
    if not days or any(d not in WEEKDAYS for d in days) or len(days) > 3:
        raise ValidationFailed("weekend_invalid", "Weekend days are e.g. 'Fri' or 'Fri,Sat'",
                               "সাপ্তাহিক ছুটি যেমন 'Fri' বা 'Fri,Sat'", field="weekend_days")
    return ",".join(dict.fromkeys(days))


def branch_kind(value: str) -> str:
    if value not in BRANCH_KINDS:
        raise ValidationFailed("branch_kind_invalid", f"A branch is one of {', '.join(BRANCH_KINDS)}",
                               "শাখার ধরন সঠিক নয়", field="kind")
    return value


def name(value: str, field: str = "name") -> str:
    v = (value or "").strip()
    if not v or len(v) > 200:
        raise ValidationFailed("name_required", "A name (up to 200 characters) is required",
                               "নাম প্রয়োজন (সর্বোচ্চ ২০০ অক্ষর)", field=field)
    return v
