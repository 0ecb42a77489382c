"""Per-tenant settings of master data, declared in the manifest and stored by `configuration`.

Read through `configuration.api.setting`; when the configuration module is not running (a
service started with `--modules master_data` only, the search benchmark), the declared
default applies, so master data never depends on it to work.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from vextrus.platform import runtime
from vextrus.platform.modules import SettingDef

NAME_THRESHOLD = "master_data.duplicate_name_threshold"
REMINDER_DAYS = "master_data.document_reminder_days"

SETTINGS = (
    SettingDef(NAME_THRESHOLD, "decimal", Decimal("0.85"), "Similar-name warning threshold (0.50–1.00)",
               "সদৃশ নামের সতর্কতার সীমা (০.৫০–১.০০)", min=Decimal("0.50"), max=Decimal("1.00"),
               help="Two party names at least this similar raise a possible-duplicate warning."),
    SettingDef(REMINDER_DAYS, "int", 30, "Remind this many days before a compliance document expires",
               "কমপ্লায়েন্স নথির মেয়াদ শেষ হওয়ার কত দিন আগে মনে করাবে", min=1, max=365),
)
_DEFAULTS = {d.key: d.default for d in SETTINGS}


def _value(key: str) -> Any:
    names = {m.name for m in runtime.current().registry.modules}
    if "configuration" not in names:
        return _DEFAULTS[key]
    from vextrus.modules.configuration.api import setting

    return setting(key)


def name_threshold() -> float:
    """A similarity score (0..1), not money: compared with `name_similarity`'s float."""
    return float(_value(NAME_THRESHOLD))


def reminder_days() -> int:
    return int(_value(REMINDER_DAYS))
