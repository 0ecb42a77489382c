"""A party's statement printed as a PDF through the documents module (issue 16): what a contractor sends its
client (or its supplier) with a covering letter — the lines of `service.statements.party_statement` by date with
their running balance, the opening and closing balance, what is open on invoices and RA bills and what advances
are still unallocated, the closing balance in words. Every figure is the statement's own (nothing is recomputed
here). Templates: `documents/templates/pdf/party_statement.{en,bn}.html`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, Field

from vextrus.modules.documents import api as documents

SOURCE_TYPE = "invoicing.party_statement"


class StatementPrintLine(BaseModel):
    entry_date: date
    description: str = Field(max_length=120)  # in the document's language
    number: str = Field(default="", max_length=80)
    against: str = Field(default="", max_length=80)  # the invoice (or contract) the line settles
    debit: Decimal
    credit: Decimal
    balance: Decimal


class PartyStatementPrintData(BaseModel):
    """A customer's (kind sales) or vendor's (purchase) statement as printed."""

    doc_date: date  # the statement's end date
    kind: str = Field(pattern="^(sales|purchase)$")
    party_name: str = Field(max_length=200)
    date_from: date | None = None
    opening_balance: Decimal
    lines: list[StatementPrintLine] = Field(max_length=5000)
    closing_balance: Decimal
    open_invoices: Decimal
    unallocated_advances: Decimal
    currency: str = "BDT"


def _totals(data: PartyStatementPrintData) -> dict[str, Any]:
    return {"total": abs(data.closing_balance)}


def _sample() -> PartyStatementPrintData:
    lines = [StatementPrintLine(entry_date=date(2025, 8, 31), description="RA bill", number="MGH/C-01/RA-01",
                                against="MGH/C-01", debit=Decimal("1152750.00"), credit=Decimal(0),
                                balance=Decimal("1152750.00")),
             StatementPrintLine(entry_date=date(2025, 10, 15), description="Receipt", number="RV-2025-26-00042",
                                against="MGH/C-01/RA-01", debit=Decimal(0), credit=Decimal("1000000.00"),
                                balance=Decimal("152750.00"))]
    return PartyStatementPrintData(doc_date=date(2025, 10, 31), kind="sales", party_name="Meghna Housing Ltd.",
                                   opening_balance=Decimal(0), lines=lines, closing_balance=Decimal("152750.00"),
                                   open_invoices=Decimal("152750.00"), unallocated_advances=Decimal(0))


PARTY_STATEMENT = documents.register_type(documents.DocumentType(
    "party_statement", "Statement of account", "হিসাব বিবরণী", PartyStatementPrintData, "PST", _sample, _totals,
    source_type=SOURCE_TYPE))
