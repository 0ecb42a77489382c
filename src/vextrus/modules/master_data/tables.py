"""Tables of the master_data module (schema `master_data`).

Parties and items are aggregates (a root row plus child rows replaced as a whole on save).
`search_term` is a derived index: every word of a name, the code and the digits of each
identifier, normalised, so that prefix search is one B-tree range scan on either database.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vextrus.platform.db import Amount, IdPk, TenantScoped, Timestamped, UtcDateTime, declarative_base
from vextrus.platform.versioning import Versioned

Base = declarative_base("master_data")
S = "master_data"


def _child(owner: str) -> Any:
    return mapped_column(Uuid, ForeignKey(f"{S}.{owner}.id", ondelete="CASCADE"), index=True)


class PartyRow(IdPk, TenantScoped, Timestamped, Versioned, Base):
    """A customer and/or vendor. `status`: active | inactive | archived."""

    __tablename__ = "master_data_party"
    code: Mapped[str] = mapped_column(String(40))
    legal_name: Mapped[str] = mapped_column(String(300))
    legal_name_bn: Mapped[str | None] = mapped_column(String(300))
    party_type: Mapped[str] = mapped_column(String(20))
    tin: Mapped[str | None] = mapped_column(String(12))
    bin: Mapped[str | None] = mapped_column(String(13))
    nid: Mapped[str | None] = mapped_column(String(17))
    trade_licence: Mapped[str | None] = mapped_column(String(80))
    trade_licence_authority: Mapped[str | None] = mapped_column(String(200))
    mobile: Mapped[str | None] = mapped_column(String(16))
    email: Mapped[str | None] = mapped_column(String(200))
    payment_terms_days: Mapped[int] = mapped_column(Integer, default=30)
    payment_terms_text: Mapped[str | None] = mapped_column(String(200))
    credit_limit: Mapped[Decimal | None] = mapped_column(Amount(2))
    currency: Mapped[str] = mapped_column(String(3), default="BDT")
    vendor_categories: Mapped[list[str]] = mapped_column(JSON, default=list)
    default_vat_category: Mapped[str | None] = mapped_column(String(64))
    default_withholding_category: Mapped[str | None] = mapped_column(String(64))
    retention_percent: Mapped[Decimal | None] = mapped_column(Amount(4))
    vendor_status: Mapped[str | None] = mapped_column(String(20))
    status_reason: Mapped[str | None] = mapped_column(String(500))
    flags: Mapped[list[str]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(20), default="active")
    merged_into: Mapped[UUID | None] = mapped_column(Uuid, ForeignKey(f"{S}.master_data_party.id"))
    search_key: Mapped[str] = mapped_column(String(300))
    # the user who created it (None: created by the system, an import, or before master_data_0006): read by
    # `api.party_creator` for segregation of duties (who created a vendor may not approve paying it)
    created_by: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)

    roles: Mapped[list[PartyRoleRow]] = relationship(cascade="all, delete-orphan", lazy="selectin")
    contacts: Mapped[list[ContactRow]] = relationship(cascade="all, delete-orphan", lazy="selectin",
                                                      order_by="ContactRow.position")
    addresses: Mapped[list[AddressRow]] = relationship(cascade="all, delete-orphan", lazy="selectin",
                                                       order_by="AddressRow.position")
    bank_accounts: Mapped[list[BankAccountRow]] = relationship(cascade="all, delete-orphan", lazy="selectin",
                                                               order_by="BankAccountRow.position")
    wallets: Mapped[list[WalletRow]] = relationship(cascade="all, delete-orphan", lazy="selectin",
                                                    order_by="WalletRow.position")
    documents: Mapped[list[ComplianceDocumentRow]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="ComplianceDocumentRow.position")
    identifiers: Mapped[list[PartyIdentifierRow]] = relationship(cascade="all, delete-orphan", lazy="selectin")
    __table_args__ = (UniqueConstraint("tenant_id", "code"), Index("ix_party_tenant_search_key", "tenant_id",
                                                                   "search_key"))


class PartyRoleRow(IdPk, TenantScoped, Base):
    __tablename__ = "master_data_party_role"
    party_id: Mapped[UUID] = _child("master_data_party")
    role: Mapped[str] = mapped_column(String(20))
    __table_args__ = (UniqueConstraint("party_id", "role"),)


class PartyIdentifierRow(IdPk, TenantScoped, Base):
    """Every identifier a party is known by (its own and its contacts'/wallets' mobiles), normalised:
    the lookup table for duplicate detection."""

    __tablename__ = "master_data_party_identifier"
    party_id: Mapped[UUID] = _child("master_data_party")
    kind: Mapped[str] = mapped_column(String(20))  # tin | bin | bin_registration | nid | mobile | trade_licence
    value: Mapped[str] = mapped_column(String(240))
    __table_args__ = (Index("ix_party_identifier_lookup", "tenant_id", "kind", "value"),)


class ContactRow(IdPk, TenantScoped, Base):
    __tablename__ = "master_data_party_contact"
    party_id: Mapped[UUID] = _child("master_data_party")
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(200))
    designation: Mapped[str | None] = mapped_column(String(120))
    mobile: Mapped[str | None] = mapped_column(String(16))
    email: Mapped[str | None] = mapped_column(String(200))
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False)


class AddressRow(IdPk, TenantScoped, Base):
    __tablename__ = "master_data_party_address"
    party_id: Mapped[UUID] = _child("master_data_party")
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(20), default="registered")
    line1: Mapped[str] = mapped_column(String(300))
    line2: Mapped[str | None] = mapped_column(String(300))
    city: Mapped[str | None] = mapped_column(String(120))
    division: Mapped[str | None] = mapped_column(String(4))
    district: Mapped[str | None] = mapped_column(String(4))
    upazila: Mapped[str | None] = mapped_column(String(10))
    postcode: Mapped[str | None] = mapped_column(String(8))
    country: Mapped[str] = mapped_column(String(2), default="BD")


class BankAccountRow(IdPk, TenantScoped, Base):
    __tablename__ = "master_data_party_bank_account"
    party_id: Mapped[UUID] = _child("master_data_party")
    position: Mapped[int] = mapped_column(Integer, default=0)
    bank_name: Mapped[str] = mapped_column(String(200))
    branch_name: Mapped[str | None] = mapped_column(String(200))
    account_name: Mapped[str] = mapped_column(String(200))
    account_number: Mapped[str] = mapped_column(String(40))
    routing_number: Mapped[str] = mapped_column(String(9))
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)


class WalletRow(IdPk, TenantScoped, Base):
    __tablename__ = "master_data_party_wallet"
    party_id: Mapped[UUID] = _child("master_data_party")
    position: Mapped[int] = mapped_column(Integer, default=0)
    provider: Mapped[str] = mapped_column(String(20))
    number: Mapped[str] = mapped_column(String(16))


class ComplianceDocumentRow(IdPk, TenantScoped, Base):
    """Trade licence, TIN certificate, VAT registration; `reminded_for` = the expiry date a
    reminder was already sent for (a renewed document with a new date is reminded again)."""

    __tablename__ = "master_data_party_document"
    party_id: Mapped[UUID] = _child("master_data_party")
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(30))
    number: Mapped[str] = mapped_column(String(80))
    issued_on: Mapped[date | None] = mapped_column(Date)
    expires_on: Mapped[date | None] = mapped_column(Date, index=True)
    issuing_authority: Mapped[str | None] = mapped_column(String(200))
    file_id: Mapped[str | None] = mapped_column(String(64))
    reminded_for: Mapped[date | None] = mapped_column(Date)


class PartyMergeRow(IdPk, TenantScoped, Base):
    """History of a merge: who, when, the field decisions and the merged party as it was."""

    __tablename__ = "master_data_party_merge"
    survivor_id: Mapped[UUID] = mapped_column(Uuid, ForeignKey(f"{S}.master_data_party.id"), index=True)
    merged_id: Mapped[UUID] = mapped_column(Uuid, ForeignKey(f"{S}.master_data_party.id"), index=True)
    decisions: Mapped[list[Any]] = mapped_column(JSON)
    merged_snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)
    actor: Mapped[str] = mapped_column(String(120))
    merged_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ItemRow(IdPk, TenantScoped, Timestamped, Versioned, Base):
    """A material, service, equipment or labour category. `status`: active | inactive | archived."""

    __tablename__ = "master_data_item"
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(300))
    name_bn: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20))
    base_unit: Mapped[str] = mapped_column(String(10))
    hs_code: Mapped[str | None] = mapped_column(String(12))
    vat_category: Mapped[str | None] = mapped_column(String(64))
    withholding_category: Mapped[str | None] = mapped_column(String(64))
    standard_cost: Mapped[Decimal | None] = mapped_column(Amount(4))
    currency: Mapped[str] = mapped_column(String(3), default="BDT")
    specification: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(20), default="active")
    search_key: Mapped[str] = mapped_column(String(300))
    conversions: Mapped[list[ItemConversionRow]] = relationship(cascade="all, delete-orphan", lazy="selectin")
    __table_args__ = (UniqueConstraint("tenant_id", "code"),)


class ItemConversionRow(IdPk, TenantScoped, Base):
    """1 `from_unit` of this item = `factor` `to_unit` (1 bag cement = 50 kg). Units themselves are
    the fixed catalogue in domain/units.py."""

    __tablename__ = "master_data_item_conversion"
    item_id: Mapped[UUID] = _child("master_data_item")
    from_unit: Mapped[str] = mapped_column(String(10))
    to_unit: Mapped[str] = mapped_column(String(10))
    factor: Mapped[Decimal] = mapped_column(Amount(6))


class PriceRow(IdPk, TenantScoped, Timestamped, Base):
    """One dated price of an item in a named price list."""

    __tablename__ = "master_data_item_price"
    item_id: Mapped[UUID] = _child("master_data_item")
    price_list: Mapped[str] = mapped_column(String(40), default="standard")
    unit: Mapped[str] = mapped_column(String(10))
    price: Mapped[Decimal] = mapped_column(Amount(4))
    currency: Mapped[str] = mapped_column(String(3), default="BDT")
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    __table_args__ = (UniqueConstraint("item_id", "price_list", "unit", "valid_from"),)


class SearchTermRow(TenantScoped, Base):
    """Derived search index: (kind, entity, term). Terms are normalised (casefolded, Bangla
    digits folded) and include their 1..3-character prefixes, so a short word is an equality
    read in entity order and a long one a B-tree range scan (search.py)."""

    __tablename__ = "master_data_search_term"
    kind: Mapped[str] = mapped_column(String(10), primary_key=True)  # party | item
    entity_id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    term: Mapped[str] = mapped_column(String(300), primary_key=True)
    __table_args__ = (Index("ix_search_term_key", "tenant_id", "kind", "term", "entity_id",
                            postgresql_ops={"term": "text_pattern_ops"}),)


class ReferenceRow(IdPk, TenantScoped, Base):
    """A document of another module that points at a party or item: while any exists, the
    party/item cannot be deleted or deactivated (only archived)."""

    __tablename__ = "master_data_master_reference"
    target_kind: Mapped[str] = mapped_column(String(10))  # party | item
    target_id: Mapped[UUID] = mapped_column(Uuid)
    by_module: Mapped[str] = mapped_column(String(40))
    document_id: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    __table_args__ = (UniqueConstraint("tenant_id", "target_kind", "target_id", "by_module", "document_id"),
                      Index("ix_master_reference_target", "tenant_id", "target_kind", "target_id"))


class CodeCounterRow(TenantScoped, Base):
    """The last number handed out per tenant and code series (`party` → P-000001): incremented
    inside the creating transaction, so concurrent creates get distinct, gapless codes."""

    __tablename__ = "master_data_code_counter"
    tenant_id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    series: Mapped[str] = mapped_column(String(20), primary_key=True)
    last_value: Mapped[int] = mapped_column(Integer, default=0)
