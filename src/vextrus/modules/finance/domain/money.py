"""The ledger's names for the platform's one money module (`vextrus.platform.money`).

Every conversion of a transaction amount into BDT goes through ``to_base``; nothing in the ledger
rounds money any other way. No rule lives here: a module never defines its own rounding.
"""

from __future__ import annotations

from vextrus.platform.money import (
    BASE_CURRENCY,
    ZERO,
    decimals_of,
    minor_units,
    quantum,
    to_base,
)
from vextrus.platform.money import round_amount as round_money

__all__ = ["BASE_CURRENCY", "ZERO", "decimals_of", "minor_units", "quantum", "round_money", "to_base"]
