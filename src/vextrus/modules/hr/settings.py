"""Per-tenant settings of hr, declared in the manifest and stored by `configuration` (read through
`configuration.api.setting`; the declared default applies when configuration does not run)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from vextrus.platform import runtime
from vextrus.platform.modules import SettingDef

OFFICE_START = "hr.office_start"
CARRY_CAP = "hr.annual_leave_carry_cap"

SETTINGS = (
    SettingDef(OFFICE_START, "str", "09:00", "Office start time (HH:MM): a first check-in after it is late",
               "অফিস শুরুর সময় (ঘণ্টা:মিনিট): এর পরে প্রথম প্রবেশ হলে দেরি"),
    SettingDef(CARRY_CAP, "int", 60, "Annual leave carried forward to the next year, at most (days; BLA 2006 "
               "s.117: 60 for adults in a shop, commercial or industrial establishment, 40 in a factory)",
               "পরের বছরে সর্বোচ্চ জমা বার্ষিক ছুটি (দিন; শ্রম আইন ২০০৬ ধারা ১১৭: দোকান, বাণিজ্যিক বা শিল্প "
               "প্রতিষ্ঠানে প্রাপ্তবয়স্কের ৬০, কারখানায় ৪০)", min=0, max=365),
)
_DEFAULTS = {d.key: d.default for d in SETTINGS}


def value(key: str) -> Any:
    if "configuration" not in runtime.current().registry.names:
        return _DEFAULTS[key]
    from vextrus.modules.configuration.api import setting

    return setting(key)


def office_start() -> str:
    return str(value(OFFICE_START) or _DEFAULTS[OFFICE_START])


def carry_cap() -> Decimal:
    v = value(CARRY_CAP)
    return Decimal(60 if v is None else v)
