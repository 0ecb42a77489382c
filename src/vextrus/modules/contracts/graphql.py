"""The contracts subgraph: contracts with their items, bills and movements; RA bills with their lines; the value
billed on a project (reads: REST and pages write). Types derive from the service's DTOs (schemas.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry

from vextrus.platform.graphql import Connection, PageInfo, Subgraph, dto_type
from vextrus.platform.ids import parse_id

from . import service
from .schemas import (
    ContractItemView,
    ContractMovementView,
    ContractView,
    RaBillLineView,
    RaBillPaymentView,
    RaBillReversalInput,
    RaBillView,
    RaReceiptInput,
    RaReceiptReversalInput,
    RaReceiptView,
    SubcontractAllocationInput,
    SubcontractAllocationView,
    SubcontractInput,
    SubcontractItemInput,
    SubcontractPayablesView,
    SubcontractPaymentInput,
    SubcontractPaymentReversalInput,
    SubcontractPaymentView,
)


@dto_type(ContractItemView, name="ContractsItem")
class Item:
    id: strawberry.ID


@dto_type(RaBillLineView, name="ContractsBillLine")
class BillLine:
    pass


@dto_type(RaReceiptView, name="ContractsReceipt")
class Receipt:
    id: strawberry.ID


@dto_type(RaBillPaymentView, name="ContractsBillPayment")
class BillPayment:
    payment_id: strawberry.ID


@dto_type(SubcontractAllocationView, name="ContractsPaymentAllocation")
class Allocation:
    bill_id: strawberry.ID


@dto_type(SubcontractPaymentView, name="ContractsSubcontractPayment")
class Payment:
    id: strawberry.ID


@dto_type(SubcontractPayablesView, name="ContractsPayables")
class Payables:
    pass


@dto_type(RaBillView, name="ContractsBill", keys=["id"])
class Bill:
    id: strawberry.ID

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Bill:  # noqa: A002
        return cls.of(service.get_bill(parse_id(id, "id")))


@dto_type(ContractMovementView, name="ContractsMovement")
class Movement:
    id: strawberry.ID


@dto_type(ContractView, name="ContractsContract", keys=["id"])
class Contract:
    id: strawberry.ID

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Contract:  # noqa: A002
        return cls.of(service.get_contract(parse_id(id, "id")))


@strawberry.type(name="ContractsBillPdf")
class BillPdf:
    """An RA bill printed as a PDF, stored by the documents module (once per content)."""

    document_id: strawberry.ID
    number: str  # the document's archive number
    bill_number: str
    lang: str
    sha256: str
    download_path: str  # the PDF: GET /api/v1/contracts/bills/{bill id}/pdf?lang=


@strawberry.type
class ContractsQuery:
    @strawberry.field(description="Contracts of a company (optionally of one project; `kind` client or "
                      "subcontract, both when not given), by code")
    def contracts_contracts(self, company_id: strawberry.ID, project_id: strawberry.ID | None = None,
                            first: int = 50, after: str | None = None, kind: str | None = None) -> Connection[Contract]:
        page = service.list_contracts(parse_id(company_id, "company_id"),
                                      parse_id(project_id, "project_id") if project_id else None, first, after, kind)
        return Connection(nodes=[Contract.of(v) for v in page.items],
                          page_info=PageInfo(has_next_page=page.has_next_page, end_cursor=page.end_cursor))

    @strawberry.field(description="A client contract with its items, RA bills, advances and releases")
    def contracts_contract(self, id: strawberry.ID) -> Contract:  # noqa: A002
        return Contract.of(service.get_contract(parse_id(id, "id")))

    @strawberry.field(description="An RA bill with its sheet (per item: contract, previous, this, cumulative)")
    def contracts_bill(self, id: strawberry.ID) -> Bill:  # noqa: A002
        return Bill.of(service.get_bill(parse_id(id, "id")))

    @strawberry.field(description="A payment to a subcontractor with its allocations over the subcontract's bills")
    def contracts_subcontract_payment(self, id: strawberry.ID) -> Payment:  # noqa: A002
        return Payment.of(service.get_payment(parse_id(id, "id")))

    @strawberry.field(description="Σ gross value of work of the project's posted RA bills (exact decimal text)")
    def contracts_billed_to_date(self, project_id: strawberry.ID) -> str:
        return str(service.billed_to_date(parse_id(project_id, "project_id")))


@strawberry.input(name="ContractsSubcontractItemInput")
class SubcontractItem:
    """A BOQ item at the subcontract rate (quantity: the BOQ's unless a part is given), or a free item."""

    item_no: str
    rate: Decimal
    quantity: Decimal | None = None
    description: str = ""
    unit: str = ""
    free: bool = False


@strawberry.input(name="ContractsAllocationInput")
class AllocationIn:
    """What the payment pays of one posted bill of the subcontract."""

    bill_id: strawberry.ID
    amount: Decimal


@strawberry.type
class ContractsMutation:
    @strawberry.mutation(description="Pay the subcontractor against posted bills of one subcontract (one journal: "
                         "Dr 2111 / Cr bank or cash), allocated per bill; each allocation no more than that bill's "
                         "outstanding net")
    def contracts_pay_subcontractor(self, contract_id: strawberry.ID, paid_on: date, allocations: list[AllocationIn],
                                    account_code: str = "1120", reference: str = "",
                                    expected_version: int | None = None,
                                    idempotency_key: str | None = None) -> Payment:
        data = SubcontractPaymentInput(paid_on=paid_on, account_code=account_code, reference=reference, allocations=[
            SubcontractAllocationInput(bill_id=parse_id(a.bill_id, f"allocations[{i}].bill_id"), amount=a.amount)
            for i, a in enumerate(allocations)])
        return Payment.of(service.pay_subcontractor(parse_id(contract_id, "contract_id"), data, expected_version,
                                                    idempotency_key=idempotency_key))

    @strawberry.mutation(description="Reverse a whole payment to a subcontractor (finance reverses its journal; the "
                         "bills it paid are outstanding again); the date defaults to today")
    def contracts_reverse_subcontract_payment(self, payment_id: strawberry.ID, reason: str,
                                              reversal_date: date | None = None,
                                              idempotency_key: str | None = None) -> Payment:
        data = SubcontractPaymentReversalInput(reason=reason, reversal_date=reversal_date)
        return Payment.of(service.reverse_subcontract_payment(parse_id(payment_id, "payment_id"), data,
                                                              idempotency_key=idempotency_key))

    @strawberry.mutation(description="Create a subcontract with an approved subcontractor (vendor) on a project")
    def contracts_create_subcontract(self, company_id: strawberry.ID, project_id: strawberry.ID,
                                     vendor_party_id: strawberry.ID, code: str, title: str, contract_date: date,
                                     items: list[SubcontractItem], title_bn: str = "",
                                     retention_pct: Decimal = Decimal(0), advance_amount: Decimal = Decimal(0),
                                     advance_recovery_pct: Decimal = Decimal(0), vat_code: str = "S004.00",
                                     ait_section: str = "89", idempotency_key: str | None = None) -> Contract:
        data = SubcontractInput(
            company_id=parse_id(company_id, "company_id"), project_id=parse_id(project_id, "project_id"),
            vendor_party_id=parse_id(vendor_party_id, "vendor_party_id"), code=code, title=title, title_bn=title_bn,
            contract_date=contract_date, retention_pct=retention_pct, advance_amount=advance_amount,
            advance_recovery_pct=advance_recovery_pct, vat_code=vat_code, ait_section=ait_section,
            items=[SubcontractItemInput(item_no=i.item_no, rate=i.rate, quantity=i.quantity, description=i.description,
                                        unit=i.unit, free=i.free) for i in items])
        return Contract.of(service.create_subcontract(data, idempotency_key=idempotency_key))

    @strawberry.mutation(description="Record the client's payment of a posted RA bill (cash, and VDS deducted)")
    def contracts_record_receipt(self, bill_id: strawberry.ID, received_on: date, amount: Decimal,
                                 vds: Decimal = Decimal(0), certificate_no: str = "", account_code: str = "1120",
                                 reference: str = "", idempotency_key: str | None = None) -> Bill:
        data = RaReceiptInput(received_on=received_on, amount=amount, vds=vds, certificate_no=certificate_no,
                              account_code=account_code, reference=reference)
        return Bill.of(service.record_receipt(parse_id(bill_id, "bill_id"), data, idempotency_key=idempotency_key))

    @strawberry.mutation(description="Print a certified or posted RA bill as a PDF (en or bn), stored once per "
                         "content: the same bill, language and content give back the same document")
    def contracts_print_bill(self, bill_id: strawberry.ID, lang: str = "en") -> BillPdf:
        bid = parse_id(bill_id, "bill_id")
        p = service.bill_pdf(bid, lang)
        return BillPdf(document_id=strawberry.ID(str(p.document_id)), number=p.number, bill_number=p.bill_number,
                       lang=p.lang, sha256=p.sha256, download_path=f"/api/v1/contracts/bills/{bid}/pdf?lang={p.lang}")

    @strawberry.mutation(description="Reverse the contract's last posted RA bill (no receipt recorded against it)")
    def contracts_reverse_bill(self, bill_id: strawberry.ID, reversal_date: date, expected_version: int | None = None,
                               idempotency_key: str | None = None) -> Bill:
        return Bill.of(service.reverse_bill(parse_id(bill_id, "bill_id"), RaBillReversalInput(reversal_date=reversal_date),
                                            expected_version, idempotency_key=idempotency_key))

    @strawberry.mutation(description="Reverse a receipt (a wrong amount, a bounced cheque): finance reverses its "
                         "journal and the bill is outstanding again; the date defaults to today")
    def contracts_reverse_receipt(self, receipt_id: strawberry.ID, reason: str, reversal_date: date | None = None,
                                  idempotency_key: str | None = None) -> Bill:
        data = RaReceiptReversalInput(reason=reason, reversal_date=reversal_date)
        return Bill.of(service.reverse_receipt(parse_id(receipt_id, "receipt_id"), data,
                                               idempotency_key=idempotency_key))


SUBGRAPH = Subgraph(query=ContractsQuery, mutation=ContractsMutation, types=(Contract, Bill))
