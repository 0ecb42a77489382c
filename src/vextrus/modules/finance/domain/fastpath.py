"""A lean check for the common entry — every line in the base currency at rate 1 — for bulk posting.

The bulk path runs thousands of entries a second; building the full `journal.validate_entry` objects
for each would cost more than writing them. This check accepts an entry only when it is certain the
full rules accept it (same rules, fewer objects) and returns None otherwise — a foreign currency, a
broken rule, anything unusual — so the full path decides and names the error. A property test holds
the two paths to the same answer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .journal import JournalType
from .money import minor_units

_TYPES = frozenset(t.value for t in JournalType) - {JournalType.REVERSAL.value}  # a reversal names its target
_ONE = Decimal(1)


@dataclass(frozen=True, slots=True)
class AccountRef:
    """What posting needs to know about an account, resolved once per batch."""

    id: Any
    is_group: bool
    is_active: bool
    currency: str | None


def simple_lines(journal_type: str, lines: Sequence[Any], accounts: Mapping[str, AccountRef],
                 base_currency: str) -> list[tuple[AccountRef, Decimal, Decimal, int]] | None:
    """[(account, debit, credit, units)] when the entry is a valid base-currency entry, else None.

    `units` is debit − credit in the currency's minor units (poisha for BDT), an exact integer the
    writer stores without converting the Decimals again. `lines` carry account_code, debit, credit,
    currency (None = base) and rate (None = 1)."""
    if journal_type not in _TYPES or len(lines) < 2:
        return None
    minor = _minor(base_currency)
    out = []
    balance = 0  # debits − credits in minor units: exact integers, cheaper than Decimal sums
    for ln in lines:
        cur = ln.currency
        if cur is not None and cur != base_currency:
            return None
        rate = ln.rate
        if rate is not None and (type(rate) is not Decimal or rate != _ONE):
            return None
        acc = accounts.get(ln.account_code)
        if acc is None or acc.is_group or not acc.is_active or (acc.currency and acc.currency != base_currency):
            return None
        debit, credit = ln.debit, ln.credit
        if type(debit) is not Decimal or type(credit) is not Decimal:
            return None
        if not (debit.is_finite() and credit.is_finite()) or debit < 0 or credit < 0:
            return None
        if (debit > 0) == (credit > 0):  # both or neither
            return None
        amount = debit + credit  # one side is zero
        exp = amount.as_tuple().exponent  # the decimals as written: 100.000 has three, too many for BDT
        if not isinstance(exp, int) or exp < -minor:
            return None
        units = int(amount.scaleb(minor)) if debit else -int(amount.scaleb(minor))
        balance += units
        out.append((acc, debit, credit, units))
    if balance:
        return None
    return out


_minor_cache: dict[str, int] = {}


def _minor(currency: str) -> int:
    found = _minor_cache.get(currency)
    if found is None:
        found = _minor_cache[currency] = minor_units(currency)
    return found
