"""The master-data module's DTOs (pydantic): what its commands take and its queries return, so
idempotent commands can replay them and GraphQL types, REST schemas and pages derive from one
declaration."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from pydantic import BaseModel, Field


class ContactIn(BaseModel):
    name: str
    designation: str | None = None
    mobile: str | None = None
    email: str | None = None
    is_primary: bool = False


class AddressIn(BaseModel):
    line1: str
    line2: str | None = None
    city: str | None = None
    division: str | None = None
    district: str | None = None
    upazila: str | None = None
    postcode: str | None = None
    country: str = "BD"
    kind: str = "registered"


class BankAccountIn(BaseModel):
    bank_name: str
    account_name: str
    account_number: str
    routing_number: str
    branch_name: str | None = None
    is_default: bool = False


class WalletIn(BaseModel):
    provider: str
    number: str


class DocumentIn(BaseModel):
    kind: str
    number: str
    expires_on: date | None = None
    issued_on: date | None = None
    issuing_authority: str | None = None
    file_id: str | None = None


class PartyInput(BaseModel):
    legal_name: str
    party_type: str = "company"
    roles: list[str] = Field(default_factory=lambda: ["customer"])
    legal_name_bn: str | None = None
    code: str | None = None  # assigned (P-000001) when absent
    tin: str | None = None
    bin: str | None = None
    nid: str | None = None
    trade_licence: str | None = None
    trade_licence_authority: str | None = None
    mobile: str | None = None
    email: str | None = None
    payment_terms_days: int = 30
    payment_terms_text: str | None = None
    credit_limit: Decimal | None = None
    currency: str = "BDT"
    vendor_categories: list[str] = Field(default_factory=list)
    default_vat_category: str | None = None
    default_withholding_category: str | None = None
    retention_percent: Decimal | None = None
    contacts: list[ContactIn] = Field(default_factory=list)
    addresses: list[AddressIn] = Field(default_factory=list)
    bank_accounts: list[BankAccountIn] = Field(default_factory=list)
    wallets: list[WalletIn] = Field(default_factory=list)
    documents: list[DocumentIn] = Field(default_factory=list)


class DuplicateWarning(BaseModel):
    party_id: UUID
    code: str
    legal_name: str
    reasons: list[str]
    score: float


class PartyView(PartyInput):
    id: UUID
    code: str  # type: ignore[assignment]
    status: str
    vendor_status: str | None = None
    status_reason: str | None = None
    merged_into: UUID | None = None
    flags: list[str] = Field(default_factory=list)
    version: int
    created_at: datetime | None = None
    updated_at: datetime | None = None
    warnings: list[DuplicateWarning] = Field(default_factory=list)

    @property
    def is_vendor(self) -> bool:
        return "vendor" in self.roles


class PartySummary(BaseModel):
    id: UUID
    code: str
    legal_name: str
    legal_name_bn: str | None = None
    party_type: str
    roles: list[str]
    status: str
    vendor_status: str | None = None
    tin: str | None = None
    mobile: str | None = None
    version: int
    # the party's other scalar fields, so a list answers as the single party does (it said bin: null)
    bin: str | None = None
    nid: str | None = None
    email: str | None = None
    status_reason: str | None = None
    payment_terms_days: int | None = None
    credit_limit: Decimal | None = None
    merged_into: UUID | None = None


class ConversionIn(BaseModel):
    from_unit: str
    to_unit: str
    factor: Decimal


class ItemInput(BaseModel):
    code: str
    name: str
    name_bn: str
    kind: str = "material"
    base_unit: str
    hs_code: str | None = None
    vat_category: str | None = None
    withholding_category: str | None = None
    standard_cost: Decimal | None = None
    currency: str = "BDT"
    conversions: list[ConversionIn] = Field(default_factory=list)
    specification: dict[str, str] = Field(default_factory=dict)


class ItemView(ItemInput):
    id: UUID
    status: str
    version: int
    created_at: datetime | None = None
    updated_at: datetime | None = None


class ItemBrief(BaseModel):
    """An item as a document line names it (no conversions, prices or specification): what a module posting
    many lines needs of each item, read for many items at once (`api.items_by_id`)."""

    id: UUID
    code: str
    name: str
    name_bn: str
    base_unit: str
    status: str


class PriceView(BaseModel):
    item_id: UUID
    item_code: str
    price_list: str
    unit: str
    price: Decimal
    currency: str
    valid_from: date
    valid_to: date | None = None


class ReferenceView(BaseModel):
    target_kind: str
    target_id: UUID
    by_module: str
    document_id: str


class ExpiringDocument(BaseModel):
    party_id: UUID
    party_code: str
    party_name: str
    kind: str
    number: str
    expires_on: date
    days_left: int


class MergeResult(BaseModel):
    survivor: PartyView
    merged_id: UUID
    conflicts: list[str]
