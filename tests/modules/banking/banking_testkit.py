"""Helpers of the banking tests: the sample files and a bank posting."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from vextrus.modules.finance import api as finance

DATA = Path(__file__).resolve().parents[2] / "data" / "banking"
Z = Decimal(0)

def post(cid, on: date, narration: str, bank: Decimal, contra: str = "2110", reference: str = ""):
    """An entry moving the bank (1120) by `bank` (positive: a deposit) against `contra`."""
    lines = [finance.LineIn(account_code="1120", debit=max(bank, Z), credit=max(-bank, Z)),
             finance.LineIn(account_code=contra, debit=max(-bank, Z), credit=max(bank, Z))]
    return finance.post_entry(cid, finance.EntryIn(journal_type="payment" if bank < 0 else "receipt",
                                                   entry_date=on, narration=narration, reference=reference,
                                                   lines=lines))


