"""Per-tenant settings of procurement, declared in the manifest and stored by `configuration` (read through
`configuration.api.setting`; the declared defaults apply when configuration does not run)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from vextrus.platform import runtime
from vextrus.platform.modules import SettingDef

MIN_QUOTATIONS = "procurement.min_quotations"
QTY_TOLERANCE = "procurement.match_quantity_tolerance_pct"
PRICE_TOLERANCE = "procurement.match_price_tolerance_pct"

SETTINGS = (
    SettingDef(MIN_QUOTATIONS, "int", 3, "Quotations needed per item before a selection without a reason",
               "কারণ ছাড়া বাছাইয়ের আগে প্রতি পণ্যে যত দর লাগবে", min=1, max=20,
               help="Public Procurement Rules 2008, Request for Quotations method: at least three."),
    SettingDef(QTY_TOLERANCE, "decimal", Decimal("0"), "3-way match: quantity tolerance (%)",
               "তিন-পথ মিলান: পরিমাণের সহনসীমা (%)", min=Decimal("0"), max=Decimal("25")),
    SettingDef(PRICE_TOLERANCE, "decimal", Decimal("1"), "3-way match: price tolerance (%)",
               "তিন-পথ মিলান: দরের সহনসীমা (%)", min=Decimal("0"), max=Decimal("25")),
)
_DEFAULTS = {d.key: d.default for d in SETTINGS}


def value(key: str) -> Any:
    if "configuration" not in runtime.current().registry.names:
        return _DEFAULTS[key]
    from vextrus.modules.configuration.api import setting

    return setting(key)


def min_quotations() -> int:
    return int(value(MIN_QUOTATIONS))


def tolerances() -> tuple[Decimal, Decimal]:
    return Decimal(str(value(QTY_TOLERANCE))), Decimal(str(value(PRICE_TOLERANCE)))
