"""The quotation crm prints as a PDF through the documents module (one declaration: the data it takes, its
archive number prefix, sample data for the documents' template preview, the total written in words).

It carries the company's letterhead (the documents module's), the customer (name, address, BIN), the
quotation's number and version, its date and validity, the lines (item, description, unit, quantity, rate,
amount), subtotal, VAT, total, the total in words, and the terms. Every figure is the stored version's
(the service copies them; nothing is recomputed here). Templates: `documents/templates/pdf/quotation.{en,bn}.html`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, Field

from vextrus.modules.documents import api as documents
from vextrus.platform.money import places_to_print

SOURCE_TYPE = "crm.quotation"


class QuotationPrintLine(BaseModel):
    serial: int
    item_no: str = Field(max_length=40)
    description: str = Field(max_length=500)
    unit: str = Field(default="", max_length=20)
    quantity: Decimal
    rate: Decimal
    amount: Decimal


class QuotationPrintData(BaseModel):
    doc_date: date  # the quotation's date
    quotation_number: str = Field(max_length=40)
    revision: int
    valid_until: date | None = None
    title: str = Field(default="", max_length=200)
    customer_name: str = Field(max_length=200)
    customer_address: str = Field(default="", max_length=500)
    customer_bin: str = Field(default="", max_length=20)
    reference: str = Field(default="", max_length=300)  # the opportunity's or tender's title
    currency: str = "BDT"
    lines: list[QuotationPrintLine] = Field(min_length=1, max_length=500)
    subtotal: Decimal
    vat_rate: Decimal | None = None
    vat: Decimal
    total: Decimal
    terms: str = Field(default="", max_length=4000)


def _totals(data: QuotationPrintData) -> dict[str, Any]:
    return {"total": data.total, "qty_places": places_to_print([ln.quantity for ln in data.lines])}


def _sample() -> QuotationPrintData:
    lines = [QuotationPrintLine(serial=1, item_no="1.01", description="Earthwork in excavation for foundation", unit="m3",
                                quantity=Decimal(1000), rate=Decimal("450.00"), amount=Decimal("450000.00")),
             QuotationPrintLine(serial=2, item_no="2.01", description="Reinforced cement concrete in foundation",
                                unit="m3", quantity=Decimal("200.5"), rate=Decimal("12500.00"),
                                amount=Decimal("2506250.00"))]
    return QuotationPrintData(doc_date=date(2025, 9, 1), quotation_number="QT-000001", revision=2,
                              valid_until=date(2025, 10, 1), title="Meghna Tower substructure",
                              customer_name="Meghna Housing Ltd.", customer_address="45 Motijheel C/A, Dhaka 1000",
                              customer_bin="000765432-0202", lines=lines, subtotal=Decimal("2956250.00"),
                              vat_rate=Decimal(10), vat=Decimal("295625.00"), total=Decimal("3251875.00"),
                              terms="Rates hold for 30 days. 20% advance with the work order.")


QUOTATION = documents.register_type(documents.DocumentType(
    "quotation", "Quotation", "দরপ্রস্তাব", QuotationPrintData, "QTN", _sample, _totals, source_type=SOURCE_TYPE))
