"""DTOs of procurement: the one declaration of each concept (REST, GraphQL and pages derive from these)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from pydantic import BaseModel, Field

# ---- requisitions -------------------------------------------------------------------------------------


class RequisitionLineInput(BaseModel):
    item_id: UUID
    quantity: Decimal  # in the item's base unit
    needed_by: date
    boq_line: str = Field(default="", max_length=40)


class RequisitionInput(BaseModel):
    """A purchase requisition from a store (a site store), for a project activity when it names one."""

    company_id: UUID
    store_id: UUID
    requested_on: date
    project_id: UUID | None = None
    activity_code: str | None = Field(default=None, max_length=40)
    note: str = Field(default="", max_length=500)
    lines: list[RequisitionLineInput] = Field(default_factory=list)


class RequisitionLineView(BaseModel):
    line_no: int
    item_id: UUID
    item_code: str
    item_name: str
    unit: str
    quantity: Decimal
    needed_by: date
    boq_line: str = ""


class RequisitionView(BaseModel):
    id: UUID
    company_id: UUID
    number: str
    store_id: UUID
    project_id: UUID | None = None
    activity_code: str | None = None
    requested_on: date
    status: str
    reason: str = ""
    note: str = ""
    version: int
    lines: list[RequisitionLineView] = Field(default_factory=list)


class RequisitionPage(BaseModel):
    items: list[RequisitionView]
    end_cursor: str | None
    has_next_page: bool


# ---- RFQs, quotations, the comparative statement --------------------------------------------------------


class RfqInput(BaseModel):
    requisition_id: UUID
    vendor_ids: list[UUID] = Field(default_factory=list)  # master_data parties, approved vendors


class QuotationLineInput(BaseModel):
    item_id: UUID
    rate: Decimal  # BDT per the item's base unit, before VAT
    delivery_days: int = 0
    terms: str = Field(default="", max_length=200)


class QuotationInput(BaseModel):
    """One vendor's quotation for the RFQ's items (entering it again replaces that vendor's rates)."""

    party_id: UUID
    lines: list[QuotationLineInput] = Field(default_factory=list)


class SelectionInput(BaseModel):
    item_id: UUID
    party_id: UUID
    reason: str = Field(default="", max_length=500)  # needed when not the lowest or too few quotations


class RfqVendorView(BaseModel):
    party_id: UUID
    name: str
    name_bn: str = ""
    sent_at: datetime | None = None  # when the RFQ was e-mailed to the vendor (the first time)
    sent_to: str = ""


class RfqSentView(BaseModel):
    """An RFQ e-mailed to one vendor: its stored letter (document) and the address it went to."""

    rfq_id: UUID
    vendor_id: UUID
    rfq_number: str
    document_id: UUID
    number: str  # the document's number
    sha256: str
    lang: str
    email: str


class CsCell(BaseModel):
    party_id: UUID
    rate: Decimal
    amount: Decimal  # rate × the requisition's quantity
    delivery_days: int
    terms: str = ""
    lowest: bool


class CsRow(BaseModel):
    """One item of the CS: each vendor's quotation in the RFQ's vendor order (None: not quoted)."""

    item_id: UUID
    item_code: str
    item_name: str
    unit: str
    quantity: Decimal
    cells: list[CsCell | None]
    quotations: int
    lowest_rate: Decimal | None = None
    selected_party_id: UUID | None = None
    selection_reason: str = ""


class RfqView(BaseModel):
    id: UUID
    company_id: UUID
    requisition_id: UUID
    number: str
    status: str
    version: int
    vendors: list[RfqVendorView] = Field(default_factory=list)


class ComparativeStatement(BaseModel):
    rfq: RfqView
    min_quotations: int
    rows: list[CsRow]
    totals: list[Decimal]  # per vendor (the RFQ's order): the sum of its quoted amounts


# ---- purchase orders -----------------------------------------------------------------------------------


class OrderLineInput(BaseModel):
    item_id: UUID
    quantity: Decimal
    rate: Decimal


class OrderRevisionInput(BaseModel):
    """A revision: the order's lines as they should now be (a line left out is removed), and why."""

    lines: list[OrderLineInput]
    reason: str = Field(max_length=500)


class OrderLineView(BaseModel):
    line_no: int
    item_id: UUID
    item_code: str
    item_name: str
    quantity: Decimal
    rate: Decimal
    amount: Decimal
    accepted: Decimal
    billed: Decimal
    received_value: Decimal = Decimal(0)  # value of the accepted quantity booked to GRNI (2115) by inventory
    cleared_value: Decimal = Decimal(0)  # of it, taken off GRNI by matched bills


class OrderRevisionView(BaseModel):
    revision: int
    total: Decimal
    reason: str
    revised_by: str
    lines: list[dict[str, str]]


class OrderView(BaseModel):
    id: UUID
    company_id: UUID
    rfq_id: UUID | None = None
    number: str
    party_id: UUID
    party_name: str
    party_name_bn: str = ""
    store_id: UUID
    order_date: date
    status: str
    revision: int
    total: Decimal
    reason: str = ""
    version: int
    lines: list[OrderLineView] = Field(default_factory=list)
    history: list[OrderRevisionView] = Field(default_factory=list)


class OrderPage(BaseModel):
    items: list[OrderView]
    end_cursor: str | None
    has_next_page: bool


# ---- goods receipt notes -------------------------------------------------------------------------------


class GrnLineInput(BaseModel):
    line_no: int  # the order's line
    received: Decimal
    accepted: Decimal
    rejected: Decimal = Decimal(0)


class GrnInput(BaseModel):
    order_id: UUID
    receipt_date: date
    challan_no: str = Field(max_length=60)  # the supplier's delivery challan
    vehicle_no: str = Field(default="", max_length=40)
    lines: list[GrnLineInput] = Field(default_factory=list)


class GrnLineView(BaseModel):
    line_no: int
    item_id: UUID
    received: Decimal
    accepted: Decimal
    rejected: Decimal
    move_id: UUID | None = None


class GrnView(BaseModel):
    id: UUID
    company_id: UUID
    order_id: UUID
    number: str
    store_id: UUID
    receipt_date: date
    challan_no: str
    vehicle_no: str
    value: Decimal  # accepted quantity × the order's rate, posted to inventory
    lines: list[GrnLineView] = Field(default_factory=list)


class OnOrderLine(BaseModel):
    """What is already on order for a store and item (base units): inventory's reorder suggestions count it."""

    store_id: UUID
    item_id: UUID
    requisitioned: Decimal  # approved requisitions not yet ordered
    ordered: Decimal  # open orders' quantity not yet accepted

    @property
    def total(self) -> Decimal:
        return self.requisitioned + self.ordered


# ---- vendor bills: the 3-way match ---------------------------------------------------------------------


class BillLineInput(BaseModel):
    line_no: int  # the order's line
    quantity: Decimal
    rate: Decimal  # before VAT
    vat_code: str = Field(default="VAT15", max_length=20)


class BillInput(BaseModel):
    """A vendor bill against an order: matched against the order's rates and the quantities received."""

    order_id: UUID
    reference: str = Field(max_length=100)  # the vendor's bill number
    bill_date: date
    lines: list[BillLineInput] = Field(default_factory=list)


class MismatchView(BaseModel):
    line_no: int
    kind: str  # quantity | price
    expected: Decimal
    billed: Decimal
    message: str
    message_bn: str


class BillMatchView(BaseModel):
    id: UUID
    company_id: UUID
    order_id: UUID
    reference: str
    bill_date: date
    status: str  # matched | blocked
    net: Decimal
    reasons: list[MismatchView] = Field(default_factory=list)
    invoice_id: UUID | None = None


# ---- vendor performance (domain/performance.py: definitions, rounding, weights) ------------------------


class VendorPerformanceView(BaseModel):
    vendor_id: UUID
    vendor_name: str
    vendor_name_bn: str = ""
    orders: int
    order_value: Decimal
    deliveries: int
    on_time: int
    late: int
    undated: int  # deliveries with no due date (no quotation, no needed-by)
    on_time_pct: Decimal | None
    avg_days_late: Decimal | None
    received: Decimal
    accepted: Decimal
    rejected: Decimal
    rejection_pct: Decimal | None
    billed_at_order_rate: Decimal
    billed_value: Decimal
    price_variance: Decimal
    price_variance_pct: Decimal | None
    quoted: int
    lowest: int
    selected: int
    selected_not_lowest: int
    score: Decimal | None


class VendorPerformanceReport(BaseModel):
    company_id: UUID
    date_from: date
    date_to: date
    project_id: UUID | None = None
    store_id: UUID | None = None
    vendors: list[VendorPerformanceView] = Field(default_factory=list)


class VendorOrderFact(BaseModel):
    order_id: UUID
    number: str
    order_date: date
    status: str
    total: Decimal


class VendorDeliveryFact(BaseModel):
    grn_id: UUID
    grn_number: str
    order_id: UUID
    order_number: str
    line_no: int
    item_code: str
    receipt_date: date
    due: date | None
    days_late: int | None  # > 0 late, ≤ 0 on time, None without a due date
    received: Decimal
    accepted: Decimal
    rejected: Decimal


class VendorBillFact(BaseModel):
    match_id: UUID
    reference: str
    bill_date: date
    order_id: UUID
    order_number: str
    line_no: int
    quantity: Decimal
    bill_rate: Decimal
    order_rate: Decimal


class VendorPerformanceDetail(BaseModel):
    company_id: UUID
    date_from: date
    date_to: date
    project_id: UUID | None = None
    store_id: UUID | None = None
    performance: VendorPerformanceView
    orders: list[VendorOrderFact] = Field(default_factory=list)
    deliveries: list[VendorDeliveryFact] = Field(default_factory=list)
    bills: list[VendorBillFact] = Field(default_factory=list)


class RequisitionFromSuggestionsInput(BaseModel):
    """Chosen reorder suggestions of one store (inventory's `reorder_suggestions`) turned into a DRAFT requisition:
    each chosen item at its suggested quantity, needed by `needed_by` (default a week after `requested_on`,
    itself today by default). The store must serve a project (the requisition's project)."""

    company_id: UUID
    store_id: UUID
    item_ids: list[UUID] = Field(default_factory=list)
    requested_on: date | None = None
    needed_by: date | None = None
    note: str = Field(default="", max_length=500)
