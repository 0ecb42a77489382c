"""Tables of contracts (schema `contracts`; every name starts with `contracts_`). Company-owned rows carry
`company_id` (organization's company); `project_id` is projects', `client_party_id` master data's party, and
`entry_id` finance's journal entry: ids, no foreign keys across modules."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from vextrus.platform.db import Amount, IdPk, TenantScoped, Timestamped, declarative_base
from vextrus.platform.versioning import Versioned

Base = declarative_base("contracts")
_C = "contracts.contracts_contract.id"


class ContractRow(IdPk, TenantScoped, Timestamped, Versioned, Base):
    """A contract on a project: its items (from the BOQ, or free items for a subcontract), terms and what its
    bills moved. `kind` client (the counterparty, `client_party_id`, is the client; the sales side) or
    subcontract (`client_party_id` is the subcontractor, an approved vendor; the purchase side: `vat_code` is
    the code whose VAT is deducted at source, empty when the subcontractor is not VAT-registered)."""

    __tablename__ = "contracts_contract"
    company_id: Mapped[UUID] = mapped_column(Uuid)
    project_id: Mapped[UUID] = mapped_column(Uuid, index=True)
    client_party_id: Mapped[UUID] = mapped_column(Uuid)
    code: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    title_bn: Mapped[str] = mapped_column(String(200), default="")  # empty: pages show `title`
    contract_date: Mapped[date] = mapped_column(Date)
    currency: Mapped[str] = mapped_column(String(3), default="BDT")
    contract_value: Mapped[Decimal] = mapped_column(Amount(2))
    retention_pct: Mapped[Decimal] = mapped_column(Amount(4))
    advance_amount: Mapped[Decimal] = mapped_column(Amount(2))
    advance_recovery_pct: Mapped[Decimal] = mapped_column(Amount(4))
    security_deposit_pct: Mapped[Decimal] = mapped_column(Amount(4))
    vat_code: Mapped[str] = mapped_column(String(20))
    ait_section: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(12), default="active")
    kind: Mapped[str] = mapped_column(String(12), default="client", server_default="client")  # client | subcontract
    __table_args__ = (UniqueConstraint("tenant_id", "company_id", "code"),)


class ItemRow(IdPk, TenantScoped, Base):
    """A contract item: a BOQ line copied at signing (kind boq) or a variation order item (kind variation)."""

    __tablename__ = "contracts_item"
    contract_id: Mapped[UUID] = mapped_column(ForeignKey(_C, ondelete="CASCADE"))
    line_no: Mapped[int] = mapped_column(Integer)
    item_no: Mapped[str] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(String(400))
    unit: Mapped[str] = mapped_column(String(20))
    quantity: Mapped[Decimal] = mapped_column(Amount(4))
    rate: Mapped[Decimal] = mapped_column(Amount(2))
    amount: Mapped[Decimal] = mapped_column(Amount(2))
    kind: Mapped[str] = mapped_column(String(10), default="boq")
    __table_args__ = (UniqueConstraint("contract_id", "item_no"),)


class BillRow(IdPk, TenantScoped, Timestamped, Versioned, Base):
    """An RA bill: draft → certified → posted (its journal through finance) → reversed (finance's reversal of
    that journal; the bill's quantities no longer count)."""

    __tablename__ = "contracts_bill"
    company_id: Mapped[UUID] = mapped_column(Uuid)
    contract_id: Mapped[UUID] = mapped_column(ForeignKey(_C, ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(60))
    bill_date: Mapped[date] = mapped_column(Date)
    final: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(12), default="draft")
    gross: Mapped[Decimal] = mapped_column(Amount(2))
    vat_rate: Mapped[Decimal] = mapped_column(Amount(4))
    vat: Mapped[Decimal] = mapped_column(Amount(2))
    retention: Mapped[Decimal] = mapped_column(Amount(2))
    advance_recovered: Mapped[Decimal] = mapped_column(Amount(2))
    security_deposit: Mapped[Decimal] = mapped_column(Amount(2))
    ait_rate: Mapped[Decimal] = mapped_column(Amount(4))
    ait: Mapped[Decimal] = mapped_column(Amount(2))
    net_payable: Mapped[Decimal] = mapped_column(Amount(2))
    vds_rate: Mapped[Decimal] = mapped_column(Amount(4), default=Decimal(0), server_default="0")  # subcontract
    vds: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0), server_default="0")  # VAT deducted at source
    certified_by: Mapped[str] = mapped_column(String(200), default="")
    entry_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    entry_number: Mapped[str] = mapped_column(String(40), default="")
    reversal_entry_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    reversal_entry_number: Mapped[str] = mapped_column(String(40), default="")
    __table_args__ = (UniqueConstraint("contract_id", "seq"), Index("ix_contracts_bill_company", "company_id"))


class BillLineRow(IdPk, TenantScoped, Base):
    __tablename__ = "contracts_bill_line"
    bill_id: Mapped[UUID] = mapped_column(ForeignKey("contracts.contracts_bill.id", ondelete="CASCADE"))
    item_id: Mapped[UUID] = mapped_column(ForeignKey("contracts.contracts_item.id", ondelete="CASCADE"))
    line_no: Mapped[int] = mapped_column(Integer)
    previous_quantity: Mapped[Decimal] = mapped_column(Amount(4))
    cumulative_quantity: Mapped[Decimal] = mapped_column(Amount(4))
    this_quantity: Mapped[Decimal] = mapped_column(Amount(4))
    previous_amount: Mapped[Decimal] = mapped_column(Amount(2))
    cumulative_amount: Mapped[Decimal] = mapped_column(Amount(2))
    this_amount: Mapped[Decimal] = mapped_column(Amount(2))
    __table_args__ = (UniqueConstraint("bill_id", "line_no"),)


class MovementRow(IdPk, TenantScoped, Timestamped, Base):
    """A posted document of the contract besides its bills: the mobilisation advance received (kind
    advance) or retention and security deposit released (kind release), each with its journal."""

    __tablename__ = "contracts_movement"
    company_id: Mapped[UUID] = mapped_column(Uuid)
    contract_id: Mapped[UUID] = mapped_column(ForeignKey(_C, ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10))  # advance | release
    number: Mapped[str] = mapped_column(String(60))
    on_date: Mapped[date] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(Amount(2))  # advance received; retention released
    security_deposit: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))  # deposit released
    account_code: Mapped[str] = mapped_column(String(20), default="")  # the bank an advance came into
    memo: Mapped[str] = mapped_column(String(300), default="")
    entry_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    entry_number: Mapped[str] = mapped_column(String(40), default="")
    __table_args__ = (UniqueConstraint("contract_id", "number"),)


class ReceiptRow(IdPk, TenantScoped, Timestamped, Base):
    """The client's payment of a posted RA bill: the cash into a bank/cash account and the VAT it deducted at
    source (VDS, its certificate); its journal (Dr bank, Dr VDS receivable / Cr trade receivable) carries the
    bill's number as reference, so receivables aging counts it. posted → reversed (finance's reversal of its
    journal, dated `reversed_at`, with the reason): the row stays, it no longer settles the bill."""

    __tablename__ = "contracts_receipt"
    company_id: Mapped[UUID] = mapped_column(Uuid)
    bill_id: Mapped[UUID] = mapped_column(ForeignKey("contracts.contracts_bill.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(80))
    received_on: Mapped[date] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(Amount(2))  # cash received
    vds: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))  # VAT deducted at source (certificate)
    certificate_no: Mapped[str] = mapped_column(String(60), default="")
    account_code: Mapped[str] = mapped_column(String(20))
    reference: Mapped[str] = mapped_column(String(100), default="")  # cheque / EFT number
    entry_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    entry_number: Mapped[str] = mapped_column(String(40), default="")
    status: Mapped[str] = mapped_column(String(12), default="posted")  # posted | reversed
    reversed_at: Mapped[date | None] = mapped_column(Date, nullable=True)  # the reversal's date
    reversal_reason: Mapped[str] = mapped_column(String(300), default="")
    reversal_entry_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    reversal_entry_number: Mapped[str] = mapped_column(String(40), default="")
    __table_args__ = (UniqueConstraint("bill_id", "seq"),)


class PaymentRow(IdPk, TenantScoped, Timestamped, Base):
    """The company's payment to its subcontractor against posted bills of one subcontract (the purchase side):
    cash out of a bank/cash account, allocated over the bills (`contracts_payment_allocation`); its journal (Dr
    subcontractor payable 2111 the subcontractor / Cr bank) carries the payment's number as reference. posted →
    reversed (finance's reversal of its journal): the row stays, its allocations no longer pay the bills."""

    __tablename__ = "contracts_payment"
    company_id: Mapped[UUID] = mapped_column(Uuid)
    contract_id: Mapped[UUID] = mapped_column(ForeignKey(_C, ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(80))
    paid_on: Mapped[date] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(Amount(2))  # Σ allocations
    account_code: Mapped[str] = mapped_column(String(20))
    reference: Mapped[str] = mapped_column(String(100), default="")  # cheque / transfer number
    entry_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    entry_number: Mapped[str] = mapped_column(String(40), default="")
    status: Mapped[str] = mapped_column(String(12), default="posted")  # posted | reversed
    reversed_at: Mapped[date | None] = mapped_column(Date, nullable=True)
    reversal_reason: Mapped[str] = mapped_column(String(300), default="")
    reversal_entry_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    reversal_entry_number: Mapped[str] = mapped_column(String(40), default="")
    __table_args__ = (UniqueConstraint("contract_id", "seq"),)


class AllocationRow(IdPk, TenantScoped, Base):
    """What one payment pays of one subcontractor bill (≤ the bill's outstanding net when recorded)."""

    __tablename__ = "contracts_payment_allocation"
    payment_id: Mapped[UUID] = mapped_column(ForeignKey("contracts.contracts_payment.id", ondelete="CASCADE"),
                                             index=True)
    bill_id: Mapped[UUID] = mapped_column(ForeignKey("contracts.contracts_bill.id", ondelete="CASCADE"), index=True)
    amount: Mapped[Decimal] = mapped_column(Amount(2))
    __table_args__ = (UniqueConstraint("payment_id", "bill_id"),)
