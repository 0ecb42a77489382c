"""Kernel issue #21, finding 3: one money module.

Found on main: `platform/money.py` and `finance/domain/money.py` both claimed to be the one rounding
rule and disagreed (`minor_units("KRW")` was 2 in one, 0 in the other). Now minor units come from one
table (CLDR's currency data shipped by Babel, which follows ISO 4217), finance's names are the
platform's functions, and no module picks a rounding mode of its own.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

import vextrus.modules
from vextrus.modules.finance.domain import money as ledger_money
from vextrus.platform import money

MODULES = Path(vextrus.modules.__file__).parent
# Unit-of-measure conversion keeps quantities at a fixed precision with banker's rounding: a quantity,
# not money, and the reason is written beside the rule there.
NOT_MONEY = {MODULES / "master_data" / "domain" / "units.py"}


@pytest.mark.parametrize(("currency", "places"), [("BDT", 2), ("USD", 2), ("krw", 0), ("JPY", 0), ("KWD", 3),
                                                   ("BHD", 3), ("OMR", 3), ("CLF", 4), ("৳", 2)])
def test_minor_units_come_from_one_table(currency: str, places: int):
    assert money.minor_units(currency) == places == ledger_money.minor_units(currency)


def test_the_ledger_rounds_with_the_platforms_functions():
    assert ledger_money.round_money is money.round_amount and ledger_money.to_base is money.to_base
    assert ledger_money.to_base(Decimal("100.005"), Decimal("1")) == Decimal("100.01")  # half-up
    assert ledger_money.to_base(Decimal("3.3333"), Decimal("1"), "KRW") == Decimal("3")


def test_no_module_defines_its_own_rounding():
    offenders = []
    for path in sorted(MODULES.rglob("*.py")):
        if path in NOT_MONEY:
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"\bROUND_(HALF_UP|HALF_EVEN|HALF_DOWN|UP|DOWN|CEILING|FLOOR|05UP)\b", line):
                offenders.append(f"{path.relative_to(MODULES)}:{n}: {line.strip()}")
    assert offenders == [], "round through vextrus.platform.money instead:\n" + "\n".join(offenders)
