"""The running account (RA) bill a contractor hands its client, printed as a PDF through the documents module
(one declaration: the data it takes, its archive number prefix, sample data for the documents' template
preview, the total written in words).

It carries the client and the contract (number, title, project), the bill's number, date and period, the
measurement sheet per contract item (item, unit, rate, contract quantity; previous, this bill and cumulative
quantity; previous, this bill and cumulative amount), then this bill's gross value of work, the VAT on it,
the deductions the contracts domain computed (retention, mobilisation advance recovery, security deposit,
AIT deducted by the client) and the net payable, in words. Every figure is the bill's stored figure (the
service copies them, nothing is recomputed here). The templates are
`documents/templates/pdf/ra_bill.{en,bn}.html` (the documents module renders only from its own folder)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, Field

from vextrus.modules.documents import api as documents
from vextrus.platform.money import places_to_print

SOURCE_TYPE = "contracts.ra_bill"


class RaBillPrintLine(BaseModel):
    serial: int
    item_no: str = Field(max_length=40)
    description: str = Field(max_length=400)
    unit: str = Field(default="", max_length=20)
    variation: bool = False  # a variation order item, not the original BOQ
    rate: Decimal
    contract_quantity: Decimal
    previous_quantity: Decimal
    this_quantity: Decimal
    cumulative_quantity: Decimal
    previous_amount: Decimal
    this_amount: Decimal
    cumulative_amount: Decimal


class RaBillPrintData(BaseModel):
    """An RA bill as printed: a certified or posted bill of a client contract."""

    doc_date: date  # the bill's date
    bill_number: str = Field(max_length=60)
    final: bool = False
    period_from: date  # the day after the previous bill (the contract's date for the first bill)
    period_to: date  # the bill's date
    client_name: str = Field(max_length=200)
    client_address: str = Field(default="", max_length=500)
    client_bin: str = Field(default="", max_length=20)
    contract_code: str = Field(max_length=40)
    contract_title: str = Field(max_length=200)
    contract_date: date
    contract_value: Decimal
    project: str = Field(default="", max_length=260)  # "code — name"
    currency: str = "BDT"
    lines: list[RaBillPrintLine] = Field(min_length=1, max_length=2000)
    previous_amount: Decimal  # Σ of the lines
    cumulative_amount: Decimal
    gross: Decimal  # this bill's value of work (Σ this amount)
    vat_rate: Decimal
    vat: Decimal
    retention_pct: Decimal
    retention: Decimal
    advance_recovered: Decimal
    security_deposit_pct: Decimal
    security_deposit: Decimal
    ait_rate: Decimal
    ait: Decimal
    deductions: Decimal
    net_payable: Decimal
    certified_by: str = Field(default="", max_length=200)


def _totals(data: RaBillPrintData) -> dict[str, Any]:
    qty = [q for ln in data.lines for q in (ln.contract_quantity, ln.previous_quantity, ln.this_quantity,
                                            ln.cumulative_quantity)]
    return {"total": data.net_payable, "qty_places": places_to_print(qty), "gross_with_vat": data.gross + data.vat}


def _sample() -> RaBillPrintData:
    lines = [RaBillPrintLine(serial=1, item_no="1.01", description="Earthwork in excavation for foundation", unit="m3",
                             rate=Decimal("450.00"), contract_quantity=Decimal(1000), previous_quantity=Decimal(500),
                             this_quantity=Decimal(300), cumulative_quantity=Decimal(800),
                             previous_amount=Decimal("225000.00"), this_amount=Decimal("135000.00"),
                             cumulative_amount=Decimal("360000.00")),
             RaBillPrintLine(serial=2, item_no="2.01", description="Reinforced cement concrete in foundation",
                             unit="m3", rate=Decimal("12500.00"), contract_quantity=Decimal(200),
                             previous_quantity=Decimal(0), this_quantity=Decimal(40), cumulative_quantity=Decimal(40),
                             previous_amount=Decimal("0.00"), this_amount=Decimal("500000.00"),
                             cumulative_amount=Decimal("500000.00"))]
    return RaBillPrintData(
        doc_date=date(2025, 9, 30), bill_number="MGH/C-01/RA-02", period_from=date(2025, 9, 1),
        period_to=date(2025, 9, 30), client_name="Meghna Housing Ltd.", client_address="45 Motijheel C/A, Dhaka 1000",
        client_bin="000765432-0202", contract_code="MGH/C-01", contract_title="Meghna Tower substructure",
        contract_date=date(2025, 7, 15), contract_value=Decimal("5350000.00"), project="MGH-TWR — Meghna Tower",
        lines=lines, previous_amount=Decimal("225000.00"), cumulative_amount=Decimal("860000.00"),
        gross=Decimal("635000.00"), vat_rate=Decimal(10), vat=Decimal("63500.00"), retention_pct=Decimal(5),
        retention=Decimal("31750.00"), advance_recovered=Decimal("127000.00"), security_deposit_pct=Decimal("2.5"),
        security_deposit=Decimal("15875.00"), ait_rate=Decimal(3), ait=Decimal("19050.00"),
        deductions=Decimal("193675.00"), net_payable=Decimal("504825.00"), certified_by="engineer@padma.example")


RA_BILL = documents.register_type(documents.DocumentType(
    "ra_bill", "Running account bill", "চলতি হিসাব বিল", RaBillPrintData, "RAB", _sample, _totals,
    source_type=SOURCE_TYPE))
