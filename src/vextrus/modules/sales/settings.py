"""Per-tenant settings of sales, declared in the manifest and stored by `configuration` (the declared
defaults apply when configuration is not running)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from vextrus.platform import runtime
from vextrus.platform.modules import SettingDef

DELAY_PERCENT = "sales.delay_percent_per_day"
DEDUCTION_PERCENT = "sales.cancellation_deduction_percent"
DUE_SOON_DAYS = "sales.due_soon_days"
REMINDER_DAYS = "sales.reminder_days"
REMINDER_LANGUAGE = "sales.reminder_language"

SETTINGS = (
    SettingDef(DELAY_PERCENT, "decimal", Decimal("0.05"), "Delay charge, percent of the overdue amount a day",
               "বিলম্ব মাশুল, বকেয়া অর্থের দৈনিক শতাংশ", min=Decimal(0), max=Decimal(1),
               help="Computed on statements; never posted on its own. 0.05% a day is about 18% a year."),
    SettingDef(DEDUCTION_PERCENT, "decimal", Decimal(10), "Deduction on cancellation, percent of the amount paid",
               "বাতিলে কর্তন, পরিশোধিত অর্থের শতাংশ", min=Decimal(0), max=Decimal(100)),
    SettingDef(DUE_SOON_DAYS, "int", 30, "Collections report: days ahead counted as due soon",
               "আদায় প্রতিবেদন: কত দিনের মধ্যে দেয়কে শীঘ্রই দেয় ধরা হবে", min=1, max=365),
    SettingDef(REMINDER_DAYS, "int", 7, "Remind buyers this many days before an instalment falls due",
               "কিস্তি দেয় হওয়ার এত দিন আগে ক্রেতাকে মনে করানো হবে", min=1, max=60,
               help="The daily job sends each instalment's reminder once (e-mail and SMS to the buyer)."),
    SettingDef(REMINDER_LANGUAGE, "choice", "bn", "Language of the reminders to buyers",
               "ক্রেতাকে পাঠানো অনুস্মারকের ভাষা", choices=("bn", "en")),
)
_DEFAULTS = {d.key: d.default for d in SETTINGS}


def _value(key: str) -> Any:
    names = {m.name for m in runtime.current().registry.modules}
    if "configuration" not in names:
        return _DEFAULTS[key]
    from vextrus.modules.configuration.api import setting

    return setting(key)


def delay_percent_per_day() -> Decimal:
    return Decimal(str(_value(DELAY_PERCENT)))


def deduction_percent() -> Decimal:
    return Decimal(str(_value(DEDUCTION_PERCENT)))


def due_soon_days() -> int:
    return int(_value(DUE_SOON_DAYS))


def reminder_days() -> int:
    return int(_value(REMINDER_DAYS))


def reminder_language() -> str:
    value = str(_value(REMINDER_LANGUAGE))
    return value if value in ("bn", "en") else "bn"
