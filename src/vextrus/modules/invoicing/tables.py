"""Tables of invoicing (schema `invoicing`; every name starts with `invoicing_`). Company-owned rows carry
`company_id` (organization's company); `party_id` is master data's party (no foreign keys across modules)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from vextrus.platform.db import Amount, IdPk, TenantScoped, Timestamped, declarative_base
from vextrus.platform.versioning import Versioned

Base = declarative_base("invoicing")


class InvoiceRow(IdPk, TenantScoped, Timestamped, Versioned, Base):
    """A sales invoice or a purchase (vendor) bill: draft → posted → partly_paid → paid. `number` is
    given when posted (gapless per company, kind and fiscal year)."""

    __tablename__ = "invoicing_invoice"
    company_id: Mapped[UUID] = mapped_column(Uuid)
    kind: Mapped[str] = mapped_column(String(10))  # sales | purchase
    number: Mapped[str | None] = mapped_column(String(40), nullable=True)
    fiscal_year: Mapped[str] = mapped_column(String(7), default="")
    status: Mapped[str] = mapped_column(String(12), default="draft")
    party_id: Mapped[UUID] = mapped_column(Uuid)
    invoice_date: Mapped[date] = mapped_column(Date)
    due_date: Mapped[date] = mapped_column(Date)
    reference: Mapped[str] = mapped_column(String(100), default="")  # the vendor's bill number, the PO
    narration: Mapped[str] = mapped_column(String(500), default="")
    net: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))
    vat: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))
    gross: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))
    paid: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))
    credited: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))  # by credit notes (Mushak 6.7)
    debited: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))  # by debit notes (Mushak 6.8)
    entry_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    entry_number: Mapped[str] = mapped_column(String(40), default="")
    __table_args__ = (UniqueConstraint("tenant_id", "company_id", "kind", "number"),
                      Index("ix_invoicing_invoice_company_kind_date", "company_id", "kind", "invoice_date"))


class LineRow(IdPk, TenantScoped, Base):
    __tablename__ = "invoicing_line"
    invoice_id: Mapped[UUID] = mapped_column(ForeignKey("invoicing.invoicing_invoice.id", ondelete="CASCADE"))
    line_no: Mapped[int] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(String(500))
    quantity: Mapped[Decimal] = mapped_column(Amount(3))
    unit_price: Mapped[Decimal] = mapped_column(Amount(2))
    discount: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))
    vat_code: Mapped[str] = mapped_column(String(20))
    vat_rate: Mapped[Decimal] = mapped_column(Amount(4), default=Decimal(0))
    net: Mapped[Decimal] = mapped_column(Amount(2))
    vat: Mapped[Decimal] = mapped_column(Amount(2))
    gross: Mapped[Decimal] = mapped_column(Amount(2))
    project_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    activity_code: Mapped[str | None] = mapped_column(String(40), nullable=True)
    account_code: Mapped[str | None] = mapped_column(String(20), nullable=True)  # None: revenue/expense
    __table_args__ = (UniqueConstraint("invoice_id", "line_no"),)


class PaymentRow(IdPk, TenantScoped, Timestamped, Base):
    """A payment against an invoice (received from a customer, paid to a vendor), posted as its journal."""

    __tablename__ = "invoicing_payment"
    invoice_id: Mapped[UUID] = mapped_column(ForeignKey("invoicing.invoicing_invoice.id", ondelete="CASCADE"))
    paid_on: Mapped[date] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(Amount(2))
    account_code: Mapped[str] = mapped_column(String(20))  # the bank, cash or MFS account
    method: Mapped[str] = mapped_column(String(20), default="bank_transfer")  # cash|cheque|bank_transfer|mfs
    instrument_no: Mapped[str] = mapped_column(String(40), default="")  # cheque number, MFS provider
    instrument_date: Mapped[date | None] = mapped_column(Date, nullable=True)  # the cheque's date
    reference: Mapped[str] = mapped_column(String(60), default="")  # BEFTN/RTGS or MFS transaction id
    vds: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))  # VAT deducted at source
    ait: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))  # income tax deducted at source
    ait_section: Mapped[str] = mapped_column(String(20), default="")
    cash_amount: Mapped[Decimal | None] = mapped_column(Amount(2), nullable=True)  # amount - vds - ait
    entry_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    entry_number: Mapped[str] = mapped_column(String(40), default="")
    __table_args__ = (Index("ix_invoicing_payment_invoice", "invoice_id"),)


class SequenceRow(IdPk, TenantScoped, Base):
    """The last number given per company, kind and fiscal year: moved in the posting transaction (locked
    on PostgreSQL), so a failed post gives its number back and the series has no gaps."""

    __tablename__ = "invoicing_sequence"
    company_id: Mapped[UUID] = mapped_column(Uuid)
    kind: Mapped[str] = mapped_column(String(10))
    fiscal_year: Mapped[str] = mapped_column(String(7))
    last: Mapped[int] = mapped_column(Integer, default=0)
    __table_args__ = (UniqueConstraint("tenant_id", "company_id", "kind", "fiscal_year"),)


class NoteRow(IdPk, TenantScoped, Timestamped, Base):
    """A credit note (Mushak 6.7) or debit note (Mushak 6.8) against a posted invoice or bill, posted as
    its journal when issued; `number` gapless per company, side, kind and fiscal year."""

    __tablename__ = "invoicing_note"
    company_id: Mapped[UUID] = mapped_column(Uuid)
    invoice_id: Mapped[UUID] = mapped_column(ForeignKey("invoicing.invoicing_invoice.id", ondelete="CASCADE"))
    side: Mapped[str] = mapped_column(String(10))  # sales | purchase (the invoice's kind)
    kind: Mapped[str] = mapped_column(String(10))  # credit | debit
    number: Mapped[str] = mapped_column(String(40))
    fiscal_year: Mapped[str] = mapped_column(String(7))
    note_date: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(500))
    net: Mapped[Decimal] = mapped_column(Amount(2))
    vat: Mapped[Decimal] = mapped_column(Amount(2))
    gross: Mapped[Decimal] = mapped_column(Amount(2))
    entry_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    entry_number: Mapped[str] = mapped_column(String(40), default="")
    __table_args__ = (UniqueConstraint("tenant_id", "company_id", "side", "kind", "number"),
                      Index("ix_invoicing_note_invoice", "invoice_id"))


class NoteLineRow(IdPk, TenantScoped, Base):
    __tablename__ = "invoicing_note_line"
    note_id: Mapped[UUID] = mapped_column(ForeignKey("invoicing.invoicing_note.id", ondelete="CASCADE"))
    invoice_line_no: Mapped[int] = mapped_column(Integer)
    quantity: Mapped[Decimal | None] = mapped_column(Amount(3), nullable=True)
    net: Mapped[Decimal] = mapped_column(Amount(2))
    vat: Mapped[Decimal] = mapped_column(Amount(2))
    gross: Mapped[Decimal] = mapped_column(Amount(2))
    __table_args__ = (Index("ix_invoicing_note_line_note", "note_id"),)


class CertificateRow(IdPk, TenantScoped, Timestamped, Base):
    """A deduction at source of one payment: VDS (Mushak 6.6) or AIT/TDS. `issued` by the company when it
    pays a vendor (number gapless per company, tax and fiscal year); `received` from a customer that
    deducted (the customer's number)."""

    __tablename__ = "invoicing_certificate"
    company_id: Mapped[UUID] = mapped_column(Uuid)
    invoice_id: Mapped[UUID] = mapped_column(Uuid)
    payment_id: Mapped[UUID] = mapped_column(ForeignKey("invoicing.invoicing_payment.id", ondelete="CASCADE"))
    party_id: Mapped[UUID] = mapped_column(Uuid)
    tax: Mapped[str] = mapped_column(String(4))  # vds | ait
    direction: Mapped[str] = mapped_column(String(10))  # issued | received
    number: Mapped[str] = mapped_column(String(40))
    issued_on: Mapped[date] = mapped_column(Date)
    invoice_number: Mapped[str] = mapped_column(String(40))
    basis: Mapped[str] = mapped_column(String(20))  # the VAT code or the withholding section
    base: Mapped[Decimal] = mapped_column(Amount(2))  # the payment's value (VDS) or base excluding VAT (AIT)
    amount: Mapped[Decimal] = mapped_column(Amount(2))
    __table_args__ = (Index("ix_invoicing_certificate_company", "company_id", "issued_on"),)


class SettingRow(IdPk, TenantScoped, Timestamped, Versioned, Base):
    """A company's invoicing settings: whether it is a VAT withholding entity (VAT and SD Act 2012 s.2(21),
    s.49): then it deducts VDS when it pays vendors."""

    __tablename__ = "invoicing_setting"
    company_id: Mapped[UUID] = mapped_column(Uuid)
    withholding_entity: Mapped[bool] = mapped_column(Boolean, default=False)
    __table_args__ = (UniqueConstraint("tenant_id", "company_id"),)


class AccountMapRow(IdPk, TenantScoped, Base):
    """A company's account for a posting role (`receivable`, `vds_payable`, ...) over the chart's default."""

    __tablename__ = "invoicing_account_map"
    company_id: Mapped[UUID] = mapped_column(Uuid)
    role: Mapped[str] = mapped_column(String(30))
    account_code: Mapped[str] = mapped_column(String(20))
    __table_args__ = (UniqueConstraint("tenant_id", "company_id", "role"),)


class PaymentDraftRow(IdPk, TenantScoped, Timestamped, Versioned, Base):
    """A payment (to a vendor) or receipt (from a customer) saved before it is posted, as `allocate_payment`
    takes it (`payment`: the PaymentAllocationInput as JSON), to be approved through workflow (`invoicing.payment`)
    or posted by a person. draft → submitted → posted; submitted → draft (rejected, withdrawn); submitted →
    approved (approved, but posting it failed: `error`, for a person to post); draft/submitted/approved →
    cancelled. `vds`, `ait` and `cash_amount` are the split as last computed (again when posted)."""

    __tablename__ = "invoicing_payment_draft"
    company_id: Mapped[UUID] = mapped_column(Uuid)
    kind: Mapped[str] = mapped_column(String(10))  # sales (receipt) | purchase (payment)
    party_id: Mapped[UUID] = mapped_column(Uuid)
    status: Mapped[str] = mapped_column(String(12), default="draft")
    paid_on: Mapped[date] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(Amount(2))
    vds: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))
    ait: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))
    cash_amount: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))
    method: Mapped[str] = mapped_column(String(20), default="bank_transfer")
    payment: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_by: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)  # the user who drafted it
    entry_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    entry_number: Mapped[str] = mapped_column(String(40), default="")
    error: Mapped[str] = mapped_column(String(500), default="")  # why an approved draft was not posted
    error_bn: Mapped[str] = mapped_column(String(500), default="")
    reason: Mapped[str] = mapped_column(String(500), default="")  # why it was cancelled
    __table_args__ = (Index("ix_invoicing_payment_draft_company_party", "company_id", "party_id", "status"),)


class AdvanceRow(IdPk, TenantScoped, Timestamped, Versioned, Base):
    """An advance paid to a vendor (`kind` purchase: Dr advances to suppliers / Cr bank) or received from a customer
    (`kind` sales: Dr bank / Cr advances from customers) before its invoice exists, posted as its journal; later
    allocated to the party's posted invoices (AdvanceAllocationRow). `number` gapless per company, kind and fiscal
    year. open → partly_allocated → allocated; open → reversed (a reversing journal, nothing allocated); an allocation
    undone gives its part back; what is left refunded (AdvanceRefundRow): partly_refunded, refunded (0007)."""

    __tablename__ = "invoicing_advance"
    company_id: Mapped[UUID] = mapped_column(Uuid)
    kind: Mapped[str] = mapped_column(String(10))  # purchase (paid to a vendor) | sales (received from a customer)
    party_id: Mapped[UUID] = mapped_column(Uuid)
    number: Mapped[str] = mapped_column(String(40))
    fiscal_year: Mapped[str] = mapped_column(String(7))
    status: Mapped[str] = mapped_column(String(20), default="open")
    paid_on: Mapped[date] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(Amount(2))
    allocated: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))  # the advance used by allocations
    refunded: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))  # given back (0007)
    currency: Mapped[str] = mapped_column(String(3), default="BDT")
    account_code: Mapped[str] = mapped_column(String(20))  # the bank, cash or MFS account
    advance_account: Mapped[str] = mapped_column(String(20))  # advances to suppliers / from customers
    method: Mapped[str] = mapped_column(String(20), default="bank_transfer")
    instrument_no: Mapped[str] = mapped_column(String(40), default="")
    instrument_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    reference: Mapped[str] = mapped_column(String(60), default="")
    project_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    narration: Mapped[str] = mapped_column(String(500), default="")
    entry_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    entry_number: Mapped[str] = mapped_column(String(40), default="")
    reversal_entry_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    reversal_entry_number: Mapped[str] = mapped_column(String(40), default="")
    reversed_on: Mapped[date | None] = mapped_column(Date, nullable=True)  # the reversal's date (0006)
    __table_args__ = (UniqueConstraint("tenant_id", "company_id", "kind", "number"),
                      Index("ix_invoicing_advance_company_party", "company_id", "party_id", "status"))


class AdvanceAllocationRow(IdPk, TenantScoped, Timestamped, Base):
    """Part of an advance applied to an invoice: what it settles of the invoice (`amount`, as a payment of it would)
    = the advance used (`applied`) + the deductions at source split out (`vds`, `ait`). The invoice's payment row
    (`payment_id`, method `advance`) carries the settlement and its certificates. Undone (0007): `reversed_on`, a
    counter-payment row (`reversal_payment_id`, negative) and the reversing journal; the row itself stays."""

    __tablename__ = "invoicing_advance_allocation"
    advance_id: Mapped[UUID] = mapped_column(ForeignKey("invoicing.invoicing_advance.id", ondelete="CASCADE"))
    invoice_id: Mapped[UUID] = mapped_column(Uuid)
    payment_id: Mapped[UUID] = mapped_column(Uuid)
    allocated_on: Mapped[date] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(Amount(2))
    applied: Mapped[Decimal] = mapped_column(Amount(2))
    vds: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))
    ait: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))
    entry_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    entry_number: Mapped[str] = mapped_column(String(40), default="")
    reversed_on: Mapped[date | None] = mapped_column(Date, nullable=True)  # undone on (0007)
    reversal_reason: Mapped[str] = mapped_column(String(500), default="")
    reversal_payment_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    reversal_entry_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    reversal_entry_number: Mapped[str] = mapped_column(String(40), default="")
    __table_args__ = (Index("ix_invoicing_advance_allocation_advance", "advance_id"),)


class AdvanceRefundRow(IdPk, TenantScoped, Timestamped, Base):
    """Part of an advance's unallocated remainder given back: to the client (sales: Dr advances from customers / Cr
    bank) or by the vendor (purchase: Dr bank / Cr advances to suppliers), posted as its journal (0007)."""

    __tablename__ = "invoicing_advance_refund"
    advance_id: Mapped[UUID] = mapped_column(ForeignKey("invoicing.invoicing_advance.id", ondelete="CASCADE"))
    refunded_on: Mapped[date] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(Amount(2))
    account_code: Mapped[str] = mapped_column(String(20))  # the bank, cash or MFS account
    method: Mapped[str] = mapped_column(String(20), default="bank_transfer")
    instrument_no: Mapped[str] = mapped_column(String(40), default="")
    instrument_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    reference: Mapped[str] = mapped_column(String(60), default="")
    reason: Mapped[str] = mapped_column(String(500), default="")
    entry_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    entry_number: Mapped[str] = mapped_column(String(40), default="")
    __table_args__ = (Index("ix_invoicing_advance_refund_advance", "advance_id"),)
