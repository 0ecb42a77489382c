"""The Mushak forms invoicing prints as PDFs through the documents module (one declaration each: the data
a form takes, its archive number prefix, sample data for the documents' template preview):

- **Mushak 6.3**, the tax invoice (VAT and SD Act 2012 s.51; VAT and SD Rules 2016 r.40(1)(c)): seller's
  and buyer's name, address and BIN, the invoice's number, date and time of issue, per line the
  description, unit, quantity, unit price, value, SD, VAT rate and amount and the total;
- **Mushak 6.6**, the certificate of VAT deducted at source (s.49; Rules r.40(1)(e)): the withholding entity
  and the supplier (name, address, BIN), the invoice's number and date, its value, the VAT deducted, the
  treasury challan's number and date.

Fields as `../shared/domain/bangladesh.md` lists them ("Mushak forms (NBR)"). The templates are
`documents/templates/pdf/vat_mushak_6_3.{en,bn}.html` and `vat_mushak_6_6.{en,bn}.html` (the documents module
renders only from its own template folder)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, Field

from vextrus.modules.documents import api as documents


class Mushak63Line(BaseModel):
    serial: int
    description: str = Field(max_length=500)
    unit: str = Field(default="", max_length=20)
    quantity: Decimal
    unit_price: Decimal
    value: Decimal  # quantity × unit price less discount, before SD and VAT
    sd_rate: Decimal = Decimal(0)
    sd: Decimal = Decimal(0)
    vat_rate: Decimal
    vat: Decimal
    total: Decimal


class Mushak63Data(BaseModel):
    """A tax invoice (Mushak 6.3) of a posted sales invoice."""

    doc_date: date  # the invoice's date
    issued_at: str = Field(default="", max_length=20)  # time of issue, HH:MM (Dhaka)
    invoice_number: str = Field(max_length=40)
    seller_name: str = Field(max_length=200)
    seller_address: str = Field(default="", max_length=500)
    seller_bin: str = Field(default="", max_length=20)
    buyer_name: str = Field(max_length=200)
    buyer_address: str = Field(default="", max_length=500)
    buyer_bin: str = Field(default="", max_length=20)
    delivery_place: str = Field(default="", max_length=200)
    vehicle: str = Field(default="", max_length=60)
    currency: str = "BDT"
    lines: list[Mushak63Line] = Field(min_length=1, max_length=500)
    value: Decimal
    sd: Decimal = Decimal(0)
    vat: Decimal
    total: Decimal


class Mushak66Data(BaseModel):
    """A VDS certificate (Mushak 6.6) for one deduction the company made paying a vendor."""

    doc_date: date  # the payment's date (when the VAT was deducted)
    certificate_number: str = Field(max_length=40)
    withholder_name: str = Field(max_length=200)
    withholder_address: str = Field(default="", max_length=500)
    withholder_bin: str = Field(default="", max_length=20)
    supplier_name: str = Field(max_length=200)
    supplier_address: str = Field(default="", max_length=500)
    supplier_bin: str = Field(default="", max_length=20)
    invoice_number: str = Field(max_length=100)
    invoice_date: date
    vat_code: str = Field(default="", max_length=20)
    value: Decimal  # what the payment settled of the bill
    vat: Decimal  # VAT deducted at source
    challan_number: str = Field(default="", max_length=40)
    challan_date: date | None = None
    currency: str = "BDT"


def _sample_63() -> Mushak63Data:
    return Mushak63Data(
        doc_date=date(2025, 8, 10), issued_at="11:30", invoice_number="SI-2025-26-00001",
        seller_name="Padma Builders Ltd.", seller_address="House 12, Road 5, Dhanmondi, Dhaka 1205",
        seller_bin="000123456-0101", buyer_name="Meghna Housing Ltd.", buyer_address="Motijheel C/A, Dhaka 1000",
        buyer_bin="000765432-0202",
        lines=[Mushak63Line(serial=1, description="RA bill 3: slab casting", unit="job", quantity=Decimal(1),
                            unit_price=Decimal("250000.00"), value=Decimal("250000.00"), vat_rate=Decimal(10),
                            vat=Decimal("25000.00"), total=Decimal("275000.00"))],
        value=Decimal("250000.00"), vat=Decimal("25000.00"), total=Decimal("275000.00"))


def _sample_66() -> Mushak66Data:
    return Mushak66Data(
        doc_date=date(2025, 8, 28), certificate_number="VDS-2025-26-00001", withholder_name="Padma Builders Ltd.",
        withholder_address="House 12, Road 5, Dhanmondi, Dhaka 1205", withholder_bin="000123456-0101",
        supplier_name="BSRM Steels Ltd.", supplier_address="Nasirabad, Chattogram", supplier_bin="000999888-0101",
        invoice_number="PB-2025-26-00001", invoice_date=date(2025, 8, 5), vat_code="VAT15",
        value=Decimal("460000.00"), vat=Decimal("60000.00"))


def _total_63(data: Mushak63Data) -> dict[str, Any]:
    return {"total": data.total}


def _total_66(data: Mushak66Data) -> dict[str, Any]:
    return {"total": data.vat}


MUSHAK_6_3 = documents.register_type(documents.DocumentType(
    "vat_mushak_6_3", "Tax invoice (Mushak 6.3)", "কর চালানপত্র (মূসক ৬.৩)", Mushak63Data, "M63", _sample_63, _total_63,
    source_type="invoicing.invoice"))
MUSHAK_6_6 = documents.register_type(documents.DocumentType(
    "vat_mushak_6_6", "VDS certificate (Mushak 6.6)", "উৎসে কর কর্তন সনদপত্র (মূসক ৬.৬)", Mushak66Data, "M66",
    _sample_66, _total_66, source_type="invoicing.certificate"))


class RegisterRowView(BaseModel):
    serial: int
    doc_date: date
    doc: str  # invoice | credit | debit
    number: str
    invoice_number: str
    party: str
    party_bin: str
    description: str
    quantity: Decimal | None = None
    vat_code: str
    vat_rate: Decimal
    value: Decimal  # signed: credit notes negative
    sd: Decimal
    vat: Decimal
    total: Decimal


class RegisterView(BaseModel):
    """The purchase register (Mushak 6.1, `side` purchase) or sales register (Mushak 6.2, `side` sales) of a
    company for a month, from its posted invoices, bills and notes."""

    company_id: str
    side: str
    form: str
    period: str
    rows: list[RegisterRowView]
    value: Decimal
    sd: Decimal
    vat: Decimal
    total: Decimal
