"""The invoicing subgraph: invoices by id and by company; mutations for what REST does to an invoice (create,
edit and cancel a draft, post, record a payment, submit for approval), their inputs derived from the DTOs."""

from __future__ import annotations

from datetime import date

import strawberry

from vextrus.platform.graphql import Connection, PageInfo, Subgraph, dto_input, dto_type
from vextrus.platform.ids import parse_id

from . import approvals, payment_approvals, service
from .mushak import RegisterView
from .schemas import (
    AdvanceAllocateInput,
    AdvanceAllocationReverseInput,
    AdvanceAllocationView,
    AdvanceInput,
    AdvanceRefundInput,
    AdvanceRefundView,
    AdvanceView,
    AllocationInput,
    InvoiceAgingRow,
    InvoiceAgingView,
    InvoiceInput,
    InvoiceLineInput,
    InvoicePaymentInput,
    InvoicePostedItem,
    InvoicePostRefusal,
    InvoicesPostInput,
    InvoicesPostView,
    InvoiceView,
    PartyStatementLine,
    PartyStatementView,
    PaymentAllocationInput,
    PaymentDraftAllocationView,
    PaymentDraftView,
    StatementEmailedView,
    StatementEmailInput,
)
from .service import mushak


@strawberry.federation.type(keys=["id"], name="InvoicingInvoice")  # type names are unique across modules
class Invoice:
    id: strawberry.ID
    kind: str
    number: str | None
    status: str
    party_name: str
    invoice_date: str
    net: str
    vat: str
    gross: str
    paid: str
    version: int = strawberry.field(description="send it back as expectedVersion to edit, cancel or post")

    @classmethod
    def of(cls, v: InvoiceView) -> Invoice:
        return cls(id=strawberry.ID(str(v.id)), kind=v.kind, number=v.number, status=v.status,
                   party_name=v.party_name, invoice_date=v.invoice_date.isoformat(), net=str(v.net), vat=str(v.vat),
                   gross=str(v.gross), paid=str(v.paid), version=v.version)

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Invoice:  # noqa: A002
        return cls.of(service.get_invoice(parse_id(id, "id")))


@strawberry.type(name="InvoicingRegisterRow")
class RegisterRow:
    serial: int
    doc_date: str
    doc: str
    number: str
    invoice_number: str
    party: str
    party_bin: str
    description: str
    quantity: str | None
    vat_code: str
    vat_rate: str
    value: str
    sd: str
    vat: str
    total: str


@strawberry.type(name="InvoicingRegister", description="Purchase register (Mushak 6.1) or sales register (6.2)")
class Register:
    company_id: strawberry.ID
    side: str
    form: str
    period: str
    rows: list[RegisterRow]
    value: str
    sd: str
    vat: str
    total: str

    @classmethod
    def of(cls, v: RegisterView) -> Register:
        rows = [RegisterRow(serial=r.serial, doc_date=r.doc_date.isoformat(), doc=r.doc, number=r.number,
                            invoice_number=r.invoice_number, party=r.party, party_bin=r.party_bin,
                            description=r.description, quantity=None if r.quantity is None else str(r.quantity),
                            vat_code=r.vat_code, vat_rate=str(r.vat_rate), value=str(r.value), sd=str(r.sd),
                            vat=str(r.vat), total=str(r.total)) for r in v.rows]
        return cls(company_id=strawberry.ID(v.company_id), side=v.side, form=v.form, period=v.period, rows=rows,
                   value=str(v.value), sd=str(v.sd), vat=str(v.vat), total=str(v.total))


@dto_type(InvoiceAgingRow, name="InvoicingAgingRow")
class AgingRow:  # the buckets named as words read (days0To30), not as Strawberry would camel-case them (days030)
    days_0_30: strawberry.auto = strawberry.field(name="days0To30")
    days_31_60: strawberry.auto = strawberry.field(name="days31To60")
    days_61_90: strawberry.auto = strawberry.field(name="days61To90")
    days_over_90: strawberry.auto = strawberry.field(name="daysOver90")


@dto_type(InvoiceAgingView, name="InvoicingAging")
class Aging:
    pass


@dto_type(PartyStatementLine, name="InvoicingStatementLine")
class StatementLine:
    pass


@dto_type(PartyStatementView, name="InvoicingStatement")
class Statement:
    pass


@dto_type(StatementEmailedView, name="InvoicingStatementEmailed")
class StatementEmailed:
    pass


@dto_input(StatementEmailInput, name="InvoicingStatementEmailInput",
           description="The statement to e-mail to its party (dates as on the statement; lang en or bn)")
class StatementEmailIn:
    pass


@dto_type(PaymentDraftAllocationView, name="InvoicingPaymentDraftAllocation")
class PaymentDraftAllocation:
    pass


@dto_type(PaymentDraftView, name="InvoicingPaymentDraft",
          description="A payment or receipt saved as a draft: draft, submitted (waiting for approval), approved "
                      "(not posted: see error), posted or cancelled")
class PaymentDraft:
    pass


@dto_type(AdvanceAllocationView, name="InvoicingAdvanceAllocation")
class AdvanceAllocation:
    pass


@dto_type(AdvanceRefundView, name="InvoicingAdvanceRefund",
          description="Part of an advance's unallocated remainder given back (to the client, or by the vendor)")
class AdvanceRefund:
    pass


@dto_type(AdvanceView, name="InvoicingAdvance",
          description="An advance paid to a vendor (kind purchase) or received from a customer (sales) before the "
                      "invoice: open, partly_allocated, allocated, partly_refunded, refunded or reversed")
class Advance:
    pass


@dto_type(InvoicePostedItem, name="InvoicingPostedItem")
class PostedItem:
    pass


@dto_type(InvoicePostRefusal, name="InvoicingPostRefusal")
class PostRefusal:
    pass


@dto_type(InvoicesPostView, name="InvoicingBulkPost",
          description="Drafts posted at once: those posted, and those refused with their error (still drafts)")
class BulkPost:
    pass


@strawberry.type
class InvoicingQuery:
    @strawberry.field
    def invoicing_invoices(self, company_id: strawberry.ID, kind: str | None = None, first: int = 50,
                           after: str | None = None) -> Connection[Invoice]:
        page = service.list_invoices(parse_id(company_id, "company_id"), kind, first, after)
        return Connection(nodes=[Invoice.of(v) for v in page.items],
                          page_info=PageInfo(has_next_page=page.has_next_page, end_cursor=page.end_cursor))

    @strawberry.field(description="The month's purchase (side: purchase, Mushak 6.1) or sales (6.2) register")
    def invoicing_register(self, company_id: strawberry.ID, side: str, month: str, lang: str = "en") -> Register:
        return Register.of(mushak.register_view(parse_id(company_id, "company_id"), side, month, lang))


    @strawberry.field(description="An advance: its amount, what is allocated and to which invoices")
    def invoicing_advance(self, id: strawberry.ID) -> Advance:  # noqa: A002
        return Advance.of(service.get_advance(parse_id(id, "id")))

    @strawberry.field(description="The company's advances, newest first (openOnly: those with something unallocated)")
    def invoicing_advances(self, company_id: strawberry.ID, kind: str | None = None,
                           open_only: bool = False) -> list[Advance]:
        return [Advance.of(a) for a in service.list_advances(parse_id(company_id, "company_id"), kind, None,
                                                              open_only)]

    @strawberry.field(description="A payment draft: its invoices, split, status")
    def invoicing_payment_draft(self, id: strawberry.ID) -> PaymentDraft:  # noqa: A002
        return PaymentDraft.of(service.get_payment_draft(parse_id(id, "id")))

    @strawberry.field(description="The company's payment drafts not yet posted or cancelled, newest first (invoiceId: "
                                  "those allocated to that invoice)")
    def invoicing_payment_drafts(self, company_id: strawberry.ID,
                                 invoice_id: strawberry.ID | None = None) -> list[PaymentDraft]:
        drafts = service.list_payment_drafts(parse_id(company_id, "company_id"),
                                             parse_id(invoice_id, "invoice_id") if invoice_id else None)
        return [PaymentDraft.of(d) for d in drafts]

    @strawberry.field(description="What customers (kind: sales, RA bills included) or vendors (purchase) are owed "
                                  "on as_of, by party and source, by days past due: 0-30, 31-60, 61-90, over 90")
    def invoicing_aging(self, company_id: strawberry.ID, kind: str, as_of: date) -> Aging:
        return Aging.of(service.aging(parse_id(company_id, "company_id"), kind, as_of))


    @strawberry.field(description="A customer's (kind: sales) or vendor's (purchase) statement: invoices, notes, "
                                  "payments, advances, their allocations and reversals by date with the running "
                                  "balance; closingBalance = openInvoices - unallocatedAdvances on dateTo")
    def invoicing_statement(self, company_id: strawberry.ID, kind: str, party_id: strawberry.ID, date_to: date,
                            date_from: date | None = None) -> Statement:
        return Statement.of(service.party_statement(parse_id(company_id, "company_id"), kind,
                                                    parse_id(party_id, "party_id"), date_to, date_from))

@strawberry.type(description="An invoice's approval (workflow): its page is /workflow/instances/{id}")
class InvoiceApproval:
    id: strawberry.ID
    invoice_id: strawberry.ID
    status: str
    definition_code: str


@dto_input(InvoiceLineInput, name="InvoicingInvoiceLineInput")
class InvoiceLineIn:
    pass


@dto_input(InvoiceInput, name="InvoicingInvoiceInput")
class InvoiceIn:
    pass


@dto_input(InvoicePaymentInput, name="InvoicingPaymentInput")
class InvoicePaymentIn:
    pass


@dto_input(AllocationInput, name="InvoicingAllocationInput")
class AllocationIn:
    pass


@dto_input(PaymentAllocationInput, name="InvoicingPaymentDraftInput",
           description="A payment or receipt allocated to invoices of one party and kind, as REST's POST /payments")
class PaymentDraftIn:
    pass


@dto_input(AdvanceInput, name="InvoicingAdvanceInput")
class AdvanceIn:
    pass


@dto_input(AdvanceAllocationReverseInput, name="InvoicingAdvanceAllocationReverseInput",
           description="Undo one allocation of an advance: the date (not before the allocation) and why")
class AdvanceAllocationReverseIn:
    pass


@dto_input(AdvanceRefundInput, name="InvoicingAdvanceRefundInput",
           description="Give back part or all of an advance's unallocated remainder, by a bank, cash or MFS account")
class AdvanceRefundIn:
    pass


@dto_input(AdvanceAllocateInput, name="InvoicingAdvanceAllocateInput",
           description="Allocations of an advance to posted invoices of its party (amount: what each settles)")
class AdvanceAllocateIn:
    pass


@strawberry.type(description="A payment draft's approval (workflow): its page is /workflow/instances/{id}")
class PaymentApproval:
    id: strawberry.ID
    draft_id: strawberry.ID
    status: str
    definition_code: str


@strawberry.type
class InvoicingMutation:
    @strawberry.mutation(description="A draft sales invoice (kind: sales) or vendor bill (kind: purchase)")
    def create_invoice(self, invoice: InvoiceIn, idempotency_key: str | None = None) -> Invoice:
        return Invoice.of(service.create_invoice(invoice.to_model(), idempotency_key=idempotency_key))

    @strawberry.mutation(description="Change a draft (the whole draft, as when created); refused for a posted one "
                                     "and while its approval is waiting")
    def update_invoice(self, id: strawberry.ID, invoice: InvoiceIn, expected_version: int | None = None,  # noqa: A002
                       idempotency_key: str | None = None) -> Invoice:
        return Invoice.of(service.update_draft(parse_id(id, "id"), invoice.to_model(), expected_version,
                                               idempotency_key=idempotency_key))

    @strawberry.mutation(description="Cancel a draft (its waiting approval withdrawn); a posted invoice is "
                                     "cancelled by a credit note")
    def cancel_invoice(self, id: strawberry.ID, reason: str, expected_version: int | None = None,  # noqa: A002
                       idempotency_key: str | None = None) -> Invoice:
        return Invoice.of(service.cancel_draft(parse_id(id, "id"), reason, expected_version,
                                               idempotency_key=idempotency_key))

    @strawberry.mutation(description="Number the draft and post its journal")
    def post_invoice(self, id: strawberry.ID, expected_version: int | None = None,  # noqa: A002
                     idempotency_key: str | None = None) -> Invoice:
        return Invoice.of(service.post_invoice(parse_id(id, "id"), expected_version, idempotency_key=idempotency_key))

    @strawberry.mutation(description="Post many drafts at once (invoiceIds, or the company's drafts by kind and "
                                     "dateTo), each as postInvoice would; those refused stay drafts")
    def post_invoices(self, company_id: strawberry.ID, invoice_ids: list[strawberry.ID] | None = None,
                      kind: str | None = None, date_to: date | None = None,
                      idempotency_key: str | None = None) -> BulkPost:
        data = InvoicesPostInput(company_id=parse_id(company_id, "company_id"), kind=kind, date_to=date_to,
                                 invoice_ids=None if invoice_ids is None else [
                                     parse_id(i, f"invoice_ids[{k}]") for k, i in enumerate(invoice_ids)])
        return BulkPost.of(service.post_invoices(data, idempotency_key=idempotency_key))

    @strawberry.mutation(description="A payment received or made against a posted invoice or bill (VDS and AIT/TDS "
                                     "split out)")
    def record_invoice_payment(self, id: strawberry.ID, payment: InvoicePaymentIn,  # noqa: A002
                               idempotency_key: str | None = None) -> Invoice:
        return Invoice.of(service.record_payment(parse_id(id, "id"), payment.to_model(),
                                                 idempotency_key=idempotency_key))

    @strawberry.mutation(description="E-mail a party's statement (its PDF attached) to the party's address in master "
                                     "data")
    def email_party_statement(self, statement: StatementEmailIn,
                              idempotency_key: str | None = None) -> StatementEmailed:
        return StatementEmailed.of(service.email_statement(statement.to_model(), idempotency_key=idempotency_key))

    @strawberry.mutation(description="Record an advance paid to a vendor or received from a customer (posted at once)")
    def record_advance(self, advance: AdvanceIn, idempotency_key: str | None = None) -> Advance:
        return Advance.of(service.record_advance(advance.to_model(), idempotency_key=idempotency_key))

    @strawberry.mutation(description="Allocate an advance to posted invoices of its party (VDS and AIT/TDS split out "
                                     "as a payment would)")
    def allocate_advance(self, id: strawberry.ID, allocation: AdvanceAllocateIn,  # noqa: A002
                         idempotency_key: str | None = None) -> Advance:
        return Advance.of(service.allocate_advance(parse_id(id, "id"), allocation.to_model(),
                                                   idempotency_key=idempotency_key))

    @strawberry.mutation(description="Reverse an advance nothing was allocated from (a reversing journal)")
    def reverse_advance(self, id: strawberry.ID, reversed_on: date, reason: str,  # noqa: A002
                        expected_version: int | None = None, idempotency_key: str | None = None) -> Advance:
        return Advance.of(service.reverse_advance(parse_id(id, "id"), reversed_on, reason, expected_version,
                                                  idempotency_key=idempotency_key))

    @strawberry.mutation(description="Undo one allocation of an advance to an invoice: its journal reversed, the "
                                     "invoice open again, the advance's part (and the VDS/AIT split out) given back")
    def reverse_advance_allocation(self, id: strawberry.ID, allocation_id: strawberry.ID,  # noqa: A002
                                   reversal: AdvanceAllocationReverseIn,
                                   idempotency_key: str | None = None) -> Advance:
        return Advance.of(service.reverse_advance_allocation(parse_id(id, "id"),
                                                             parse_id(allocation_id, "allocation_id"),
                                                             reversal.to_model(), idempotency_key=idempotency_key))

    @strawberry.mutation(description="Refund part or all of an advance's unallocated remainder (to the client, or "
                                     "from the vendor): partly_refunded while some is left, refunded when none")
    def refund_advance(self, id: strawberry.ID, refund: AdvanceRefundIn,  # noqa: A002
                       idempotency_key: str | None = None) -> Advance:
        return Advance.of(service.refund_advance(parse_id(id, "id"), refund.to_model(),
                                                 idempotency_key=idempotency_key))

    @strawberry.mutation(description="Send a draft invoice or bill that needs approval to the invoice workflow; "
                                     "once approved, invoicing posts it")
    def submit_invoice_for_approval(self, invoice_id: strawberry.ID,
                                    idempotency_key: str | None = None) -> InvoiceApproval:
        inst = approvals.submit_invoice(parse_id(invoice_id, "invoice_id"), idempotency_key=idempotency_key)
        return InvoiceApproval(id=strawberry.ID(str(inst.id)), invoice_id=strawberry.ID(str(inst.document_id)),
                               status=inst.status, definition_code=inst.definition_code)


    @strawberry.mutation(description="Save a payment or receipt as a draft (checked as a payment; nothing posted)")
    def create_payment_draft(self, payment: PaymentDraftIn, idempotency_key: str | None = None) -> PaymentDraft:
        return PaymentDraft.of(service.create_payment_draft(payment.to_model(), idempotency_key=idempotency_key))

    @strawberry.mutation(description="Change a payment draft (the whole of it); refused once submitted")
    def update_payment_draft(self, id: strawberry.ID, payment: PaymentDraftIn,  # noqa: A002
                             expected_version: int | None = None, idempotency_key: str | None = None) -> PaymentDraft:
        return PaymentDraft.of(service.update_payment_draft(parse_id(id, "id"), payment.to_model(), expected_version,
                                                            idempotency_key=idempotency_key))

    @strawberry.mutation(description="Cancel a payment draft (its waiting approval withdrawn)")
    def cancel_payment_draft(self, id: strawberry.ID, reason: str, expected_version: int | None = None,  # noqa: A002
                             idempotency_key: str | None = None) -> PaymentDraft:
        return PaymentDraft.of(service.cancel_payment_draft(parse_id(id, "id"), reason, expected_version,
                                                            idempotency_key=idempotency_key))

    @strawberry.mutation(description="Post a payment draft (one that needs approval only once approved)")
    def post_payment_draft(self, id: strawberry.ID, expected_version: int | None = None,  # noqa: A002
                           idempotency_key: str | None = None) -> PaymentDraft:
        return PaymentDraft.of(service.post_payment_draft(parse_id(id, "id"), expected_version,
                                                          idempotency_key=idempotency_key))

    @strawberry.mutation(description="Send a payment draft that needs approval to the payment workflow; once "
                                     "approved, invoicing posts it")
    def submit_payment_for_approval(self, draft_id: strawberry.ID,
                                    idempotency_key: str | None = None) -> PaymentApproval:
        inst = payment_approvals.submit_payment(parse_id(draft_id, "draft_id"), idempotency_key=idempotency_key)
        return PaymentApproval(id=strawberry.ID(str(inst.id)), draft_id=strawberry.ID(str(inst.document_id)),
                               status=inst.status, definition_code=inst.definition_code)

    @strawberry.mutation(description="Save a payment that needs approval as a draft and submit it, in one call; "
                                     "the draft waits as submitted and is posted once approved")
    def submit_payment_as_draft(self, payment: PaymentDraftIn, idempotency_key: str | None = None) -> PaymentDraft:
        return PaymentDraft.of(payment_approvals.submit_direct_payment(payment.to_model(),
                                                                       idempotency_key=idempotency_key))


SUBGRAPH = Subgraph(query=InvoicingQuery, mutation=InvoicingMutation, types=(Invoice, Register, RegisterRow))
