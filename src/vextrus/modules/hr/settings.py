"""Per-tenant settings of hr, declared in the manifest and stored by `configuration` (read through
`configuration.api.setting`; the declared default applies when configuration does not run)."""

from __future__ import annotations

from typing import Any

from vextrus.platform import runtime
from vextrus.platform.modules import SettingDef

OFFICE_START = "hr.office_start"

SETTINGS = (
    SettingDef(OFFICE_START, "str", "09:00", "Office start time (HH:MM): a first check-in after it is late",
               "অফিস শুরুর সময় (ঘণ্টা:মিনিট): এর পরে প্রথম প্রবেশ হলে দেরি"),
)
_DEFAULTS = {d.key: d.default for d in SETTINGS}


def value(key: str) -> Any:
    if "configuration" not in runtime.current().registry.names:
        return _DEFAULTS[key]
    from vextrus.modules.configuration.api import setting

    return setting(key)


def office_start() -> str:
    return str(value(OFFICE_START) or _DEFAULTS[OFFICE_START])
