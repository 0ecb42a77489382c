"""DTOs of sales: the one declaration of each concept (REST, GraphQL and pages derive from these)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from pydantic import BaseModel, Field

ZERO = Decimal(0)


class BuildingInput(BaseModel):
    project_id: UUID
    code: str = Field(max_length=30)
    name: str = Field(max_length=200)
    name_bn: str = Field(default="", max_length=200)
    floors: int = Field(ge=1, le=200)


class BuildingView(BaseModel):
    id: UUID
    company_id: UUID
    project_id: UUID
    code: str
    name: str
    name_bn: str
    floors: int
    units: int = 0
    version: int


class BuildingPage(BaseModel):
    items: list[BuildingView]
    end_cursor: str | None
    has_next_page: bool


class UnitInput(BaseModel):
    building_id: UUID
    code: str = Field(max_length=30)
    kind: str = "flat"  # flat | shop | parking
    floor: int = Field(ge=-5, le=200)  # 0 ground, negative basements
    size_sft: Decimal = ZERO
    facing: str = ""


class SalesUnitView(BaseModel):
    id: UUID
    building_id: UUID
    project_id: UUID
    code: str
    kind: str
    floor: int
    size_sft: Decimal
    facing: str
    status: str
    version: int


class UnitPage(BaseModel):
    items: list[SalesUnitView]
    end_cursor: str | None
    has_next_page: bool


class UnitStatusChange(BaseModel):
    """A hand move of a unit's status: hold, release a hold or a cancelled unit (bookings move the rest)."""

    status: str
    expected_version: int | None = None


class PriceInput(BaseModel):
    project_id: UUID
    effective_from: date
    rate_per_sft: Decimal
    shop_rate_per_sft: Decimal = ZERO  # zero: shops at the flat rate
    parking_charge: Decimal = ZERO
    utility_charge: Decimal = ZERO  # gas, water, electricity connection per flat or shop


class SalesPriceView(PriceInput):
    id: UUID


class GridCell(BaseModel):
    id: UUID
    code: str
    kind: str
    size_sft: Decimal
    facing: str
    status: str


class GridFloor(BaseModel):
    floor: int
    units: list[GridCell]


class UnitGrid(BaseModel):
    """A building's units floor by floor (top floor first), with counts by status."""

    building: BuildingView
    floors: list[GridFloor]
    counts: dict[str, int]


class PricedUnit(BaseModel):
    """A unit offered on the project's price list of a date (a quotation's lines): its base (size × the rate
    per sft, or a parking slot's fixed charge) and the utility connection charge; `price` is their sum, the
    price a booking on that date would take."""

    unit_id: UUID
    project_id: UUID
    building_code: str
    code: str
    kind: str
    floor: int
    size_sft: Decimal
    facing: str
    status: str
    price_list_from: date
    rate: Decimal  # per sft; a parking slot's fixed charge
    base: Decimal
    utility_charge: Decimal
    price: Decimal


class UnitChoice(BaseModel):
    """An available or held unit, for a pick list (a quotation's units)."""

    unit_id: UUID
    project_id: UUID
    building_code: str
    code: str
    kind: str
    size_sft: Decimal
    status: str


class MilestoneInput(BaseModel):
    label: str = Field(max_length=120)
    label_bn: str = Field(default="", max_length=120)
    activity_code: str = Field(max_length=80)
    percent: Decimal


class ScheduleInput(BaseModel):
    booking_money: Decimal = ZERO
    down_payment: Decimal = ZERO
    down_payment_due: date | None = None
    monthly_count: int = 0
    monthly_start: date | None = None
    milestones: list[MilestoneInput] = Field(default_factory=list)


class BookingInput(BaseModel):
    unit_id: UUID
    buyer_party_id: UUID
    booking_date: date
    price: Decimal | None = None  # default: the unit's price on the price list of the booking date
    schedule: ScheduleInput = Field(default_factory=ScheduleInput)


class InstalmentView(BaseModel):
    id: UUID | None = None  # None in a preview
    seq: int
    kind: str
    label: str
    label_bn: str
    amount: Decimal
    paid: Decimal = ZERO
    due_date: date | None
    activity_code: str | None = None


class SchedulePreview(BaseModel):
    price: Decimal
    instalments: list[InstalmentView]


class BookingView(BaseModel):
    id: UUID
    company_id: UUID
    project_id: UUID
    unit_id: UUID
    unit_code: str
    number: str
    buyer_party_id: UUID
    booking_date: date
    price: Decimal
    status: str
    agreement_date: date | None = None
    agreement_ref: str = ""
    cancelled_on: date | None = None
    deduction: Decimal | None = None
    refund: Decimal | None = None
    handover_date: date | None = None
    registration_date: date | None = None
    deed_number: str = ""
    registry_office: str = ""
    instalments: list[InstalmentView] = Field(default_factory=list)
    version: int


class BookingPage(BaseModel):
    items: list[BookingView]
    end_cursor: str | None
    has_next_page: bool


class AgreementInput(BaseModel):
    agreement_date: date
    agreement_ref: str = Field(max_length=80)
    expected_version: int | None = None


class RegistrationInput(BaseModel):
    """The deed of sale registered at a sub-registry office (after the agreement and full payment)."""

    registration_date: date
    deed_number: str = Field(max_length=80)
    registry_office: str = Field(default="", max_length=120)
    expected_version: int | None = None


class ReceiptInput(BaseModel):
    receipt_date: date
    amount: Decimal
    method: str = "bank"  # bank | cash
    reference: str = Field(default="", max_length=80)


class AllocationView(BaseModel):
    instalment_id: UUID
    seq: int
    amount: Decimal


class ReceiptView(BaseModel):
    id: UUID
    booking_id: UUID
    number: str
    receipt_date: date
    amount: Decimal
    method: str
    reference: str
    entry_id: UUID | None
    allocations: list[AllocationView] = Field(default_factory=list)


class CancelInput(BaseModel):
    cancelled_on: date
    deduction_percent: Decimal | None = None  # default: the setting sales.cancellation_deduction_percent
    expected_version: int | None = None


class TransferInput(BaseModel):
    to_party_id: UUID
    transfer_date: date
    note: str = Field(default="", max_length=200)
    expected_version: int | None = None


class HandoverInput(BaseModel):
    handover_date: date
    expected_version: int | None = None


class StatementLine(BaseModel):
    seq: int
    kind: str
    label: str
    label_bn: str
    due_date: date | None
    activity_code: str | None
    amount: Decimal
    paid: Decimal
    outstanding: Decimal
    days_overdue: int
    delay_charge: Decimal


class CustomerStatement(BaseModel):
    """A booking's schedule with what was paid, what is owed and overdue, and delay charges (computed at
    the setting's rate per day, not posted) as of a date."""

    booking: BookingView
    as_of: date
    lines: list[StatementLine]
    receipts: list[ReceiptView]
    total: Decimal
    paid: Decimal
    balance: Decimal
    due: Decimal  # owed on instalments due by `as_of`
    overdue: Decimal  # owed on instalments due before `as_of`
    delay_charges: Decimal
    delay_percent_per_day: Decimal


class FinalStatement(BaseModel):
    """A closed booking's final statement: at handover (or cancellation) everything billed (the schedule),
    received (the receipts), the delay charges computed to the closing date (at the setting's rate; never
    posted, so shown beside the balance, not in it), the deduction kept and the refund paid on a cancellation,
    and the balance: kept − received + refunded (kept = the price at handover, the deduction on a
    cancellation), which is zero when the books are square."""

    booking: BookingView
    closed_by: str  # handover | cancellation
    closing_date: date
    lines: list[StatementLine]
    receipts: list[ReceiptView]
    billed: Decimal
    received: Decimal
    delay_charges: Decimal
    delay_percent_per_day: Decimal
    deduction: Decimal
    refunded: Decimal
    balance: Decimal
    balance_with_charges: Decimal  # the balance and the delay charges


class CollectionLine(BaseModel):
    instalment_id: UUID
    booking_id: UUID
    booking_number: str
    buyer_party_id: UUID
    unit_code: str
    seq: int
    label: str
    label_bn: str
    due_date: date
    outstanding: Decimal
    days_overdue: int


class ProjectSales(BaseModel):
    """One real-estate project in the sales-by-project report."""

    project_id: UUID
    units: dict[str, int]  # by status: available, held, booked, sold, handed_over, cancelled
    units_total: int
    bookings: int  # live ones: booked, sold, handed over
    booked_value: Decimal  # the price of the live bookings
    received: Decimal  # what their buyers paid
    outstanding: Decimal  # booked value less received


class SalesByProject(BaseModel):
    projects: list[ProjectSales]
    units: dict[str, int]
    booked_value: Decimal
    received: Decimal
    outstanding: Decimal


class CollectionsReport(BaseModel):
    """Instalments owed by a date: overdue (before `as_of`, by age) and due within `horizon_days`."""

    as_of: date
    horizon_days: int
    buckets: dict[str, Decimal]  # due_soon, overdue_1_30, overdue_31_90, overdue_91_plus
    counts: dict[str, int]
    total_overdue: Decimal
    total_due_soon: Decimal
    lines: list[CollectionLine]  # the oldest first, at most `limit`
    truncated: bool
