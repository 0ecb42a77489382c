"""Fixtures of the banking tests: a company's book with the Bangladesh chart, a bank account on 1120."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from banking_testkit import post

from vextrus.modules.banking import service
from vextrus.modules.banking.schemas import BankAccountInput
from vextrus.modules.finance import service as fin
from vextrus.platform.ids import new_id


@pytest.fixture
def company(db, admin):
    cid = new_id()
    book = fin.ensure_book("PADMA", "Padma Builders Ltd.", company_id=cid)
    fin.open_fiscal_year(book.id, "2025-26")
    post(cid, date(2026, 2, 20), "Share capital paid in", Decimal("1000000.00"), contra="3100")
    return cid


@pytest.fixture
def account(company):
    return service.create_account(BankAccountInput(company_id=company, bank_name="Dutch-Bangla Bank PLC",
                                                   branch="Motijheel", account_number="1101100012345",
                                                   ledger_account_code="1120"))
