"""What a contract's client sees in the portal: their construction contracts (contracts' own figures, read
through `contracts.api` as the portal), each RA bill with its amount, deductions, retention held, receipts
and what is outstanding, and the printed RA bill. Another client's contract (or a subcontract, or a draft
bill) is not found: its existence is not told."""

from __future__ import annotations

from uuid import UUID

from vextrus.platform import context
from vextrus.platform.errors import NotFound
from vextrus.platform.money import ZERO
from vextrus.platform.uow import UnitOfWork, query

from .. import MODULE, domain
from ..schemas import PortalBill, PortalBillReceipt, PortalContract
from .accounts import SELF, _mine
from .documents import PrintedDocument, language

VISIBLE = ("certified", "posted", "reversed")  # a draft is still being measured: the contractor's own
PRINTABLE = ("certified", "posted")


def _bill(b, receipts: list | None = None) -> PortalBill:  # noqa: ANN001 - contracts' RaBillView
    return PortalBill(
        bill_id=b.id, number=b.number, bill_date=b.bill_date, final=b.final, status=b.status, gross=b.gross,
        vat=b.vat, retention=b.retention, advance_recovered=b.advance_recovered, security_deposit=b.security_deposit,
        ait=b.ait, deductions=b.deductions, net_payable=b.net_payable, received=b.received,
        outstanding=b.outstanding, printable=b.status in PRINTABLE,
        receipts=[PortalBillReceipt(number=r.number, received_on=r.received_on, amount=r.amount, vds=r.vds,
                                    settled=r.settled, reference=r.reference, status=r.status)
                  for r in receipts or ()])


def _contract(c, bills: list[PortalBill], full: bool) -> PortalContract:  # noqa: ANN001 - contracts' ContractView
    posted = [b for b in bills if b.status == "posted"]
    billed_net = sum((b.net_payable for b in posted), ZERO)
    outstanding = sum((b.outstanding for b in posted), ZERO)
    return PortalContract(
        contract_id=c.id, code=c.code, title=c.title, title_bn=c.title_bn, contract_date=c.contract_date,
        status=c.status, contract_value=c.contract_value, billed_to_date=c.billed_to_date, billed_net=billed_net,
        received=billed_net - outstanding, outstanding=outstanding, retention_held=c.retention_held,
        security_deposit_held=c.security_deposit_held, advance_outstanding=c.advance_outstanding,
        bills=bills if full else [])


def _own(uow: UnitOfWork, contract_id: UUID):  # noqa: ANN202 - contracts' ContractView
    from vextrus.modules.contracts import api as contracts

    me = _mine(uow)
    try:
        c = contracts.get_contract(contract_id)
    except NotFound:
        raise NotFound("contract", contract_id, field="contract_id") from None
    domain.own_contract(contract_id, c.kind, c.client_party_id, me.party_id)
    return c


@query(SELF)
def my_contracts(uow: UnitOfWork) -> list[PortalContract]:
    """The signed-in client's construction contracts with billed, received, outstanding and retention held."""
    from vextrus.modules.contracts import api as contracts

    me = _mine(uow)
    out = []
    with context.calling_as(MODULE):
        for c in contracts.client_contracts(me.party_id):
            bills = [_bill(b) for b in contracts.contract_bills(c.id) if b.status in VISIBLE]
            out.append(_contract(c, bills, full=False))
    return out


@query(SELF)
def my_contract(uow: UnitOfWork, contract_id: UUID) -> PortalContract:
    """One of the client's own contracts with each RA bill (amount, deductions, receipts, outstanding)."""
    from vextrus.modules.contracts import api as contracts

    with context.calling_as(MODULE):
        c = _own(uow, contract_id)
        bills = [_bill(b, contracts.get_bill(b.id).receipts) for b in c.bills if b.status in VISIBLE]
    return _contract(c, bills, full=True)


@query(SELF)
def _own_bill(uow: UnitOfWork, contract_id: UUID, bill_id: UUID) -> None:
    """The bill is one the client may print: of their own contract (this one), and certified or posted."""
    from vextrus.modules.contracts import api as contracts

    with context.calling_as(MODULE):
        _own(uow, contract_id)
        try:
            b = contracts.get_bill(bill_id)
        except NotFound:
            b = None
    if b is None or b.contract_id != contract_id or b.status not in VISIBLE:
        raise NotFound("RA bill", bill_id, field="bill_id")


def bill_pdf(contract_id: UUID, bill_id: UUID, lang: str | None = None) -> PrintedDocument:
    """The printed RA bill (contracts' `ra_bill` document, en/bn; the reader's language) of one of the client's
    own bills; a reversed bill is refused by contracts (409, `status`)."""
    from vextrus.modules.contracts import api as contracts

    _own_bill(contract_id, bill_id)
    lang = language(lang)
    with context.calling_as(MODULE):
        printed = contracts.bill_pdf(bill_id, lang)
    return PrintedDocument(document_id=printed.document_id, number=printed.number, sha256=printed.sha256,
                           lang=lang, filename=printed.filename, content=printed.content)
