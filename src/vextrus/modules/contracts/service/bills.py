"""RA bills: draft (measured per contract item; VAT and AIT from the tax module) → certified → posted (one
journal through finance.api as contracts on behalf of the user). One open (unposted) bill per contract at a
time, so a bill's previous quantities are the cumulative ones of the bill before it (a reversed bill's do not
count). A posted bill is paid by receipts (cash and VDS, each its journal referenced by the bill's number) and
the contract's last posted bill, while nothing was received against it, is reversed (finance's reversal). A
receipt is reversed too (finance's reversal of its journal; the row stays, status reversed): the bill is
outstanding again by it. A bill's or receipt's journal reversed directly in finance is followed here
(`finance_reversed`, from finance.journal.reversed)."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import insert, select

from vextrus.platform import clock, context
from vextrus.platform.errors import Conflict
from vextrus.platform.ids import new_id
from vextrus.platform.money import ZERO
from vextrus.platform.uow import UnitOfWork, command, query
from vextrus.platform.versioning import check_version, touch

from .. import domain
from ..events import (
    BillCertified,
    BillDiscarded,
    BillDrafted,
    BillPosted,
    BillReceiptRecorded,
    BillReversed,
    ReceiptReversed,
)
from ..repository import (
    bill_lines,
    bill_payments,
    bill_view,
    bills,
    cumulative_of,
    domain_items,
    items,
    last_counting,
    live,
    paid_by_bill,
    posted_sums,
    receipts,
    received_by_bill,
    terms,
)
from ..schemas import RaBillInput, RaBillReversalInput, RaBillView, RaReceiptInput, RaReceiptReversalInput
from ..tables import BillLineRow, BillRow, ContractRow, ReceiptRow
from .contracts import load, post_journal


def _taxes(row: ContractRow, gross, on):  # noqa: ANN001, ANN202
    """VAT on the gross value of work (VAT and SD Act 2012; the code's rate on the bill date) and the AIT the
    client deducts from it (Income Tax Act 2023, the contract's section, base excluding VAT)."""
    from vextrus.modules.tax import api as tax

    vat = tax.vat_for(row.vat_code, gross, on)
    ait = tax.withholding_for(row.ait_section, gross, on)
    return vat, ait


def _sub_taxes(row: ContractRow, gross, on):  # noqa: ANN001, ANN202
    """What the company deducts at source from its subcontractor's bill (the subcontract rates include VAT:
    the bill shows none): VDS = `tax.vds_for(code, gross, 0)`, the code's rate on the VAT-inclusive value,
    gross × rate ÷ (100 + rate) (VAT and SD Act 2012 s.49; a limited company is a withholding entity), only when
    the subcontractor is VAT-registered (`vat_code` set at signing); AIT = `tax.withholding_for(section, base)`
    on the base excluding that VAT (Income Tax Act 2023 s.89), at the no-TIN rate when the subcontractor's
    party has no TIN. Returns (VDS rate, VDS, the withholding result)."""
    from vextrus.modules.master_data import api as master_data
    from vextrus.modules.tax import api as tax

    from .. import MODULE

    vds_rate = vds = ZERO
    if row.vat_code:
        r = tax.vds_for(row.vat_code, gross, ZERO, on)
        vds_rate, vds = r.rate, r.amount
    with context.calling_as(MODULE):
        has_tin = bool((master_data.get_party(row.client_party_id).tin or "").strip())
    return vds_rate, vds, tax.withholding_for(row.ait_section, gross - vds, on, has_tin=has_tin)


@command("contracts.bill.prepare", scope="contracts.draft_bill")
def draft_bill(uow: UnitOfWork, contract_id: UUID, data: RaBillInput) -> RaBillView:
    """Measure the work to date (cumulative quantity or percent complete per item) into the next RA bill."""
    row = load(uow, contract_id)
    s = uow.session
    every = bills(s, row.id)
    earlier = [b for b in every if b.status != "reversed"]  # a reversed bill's quantities do not count
    if earlier and earlier[-1].status != "posted":
        raise Conflict("contracts.bill_open", f"Bill {earlier[-1].number} is not posted yet: finish it first",
                       f"বিল {earlier[-1].number} এখনও পোস্ট হয়নি: আগে সেটি শেষ করুন", field="contract_id",
                       details={"bill_id": str(earlier[-1].id)})
    if earlier and earlier[-1].final:
        raise Conflict("contracts.final_billed", "The final bill is posted: add a variation for more work",
                       "চূড়ান্ত বিল পোস্ট হয়েছে", field="final")
    domain.check_bill_date(data.bill_date, earlier[-1].bill_date if earlier else None, row.contract_date)
    item_rows = items(s, row.id)
    prev_by_id = cumulative_of(s, earlier[-1].id if earlier else None)
    previous = {it.item_no: prev_by_id[it.id] for it in item_rows if it.id in prev_by_id}
    lines = domain.measured_lines(domain_items(item_rows),
                                  previous, [domain.Measure(m.item_no.strip(), m.cumulative_quantity,
                                                            m.percent_complete) for m in data.measures])
    gross = domain.gross(lines)
    recovered = posted_sums(s, row.id)["advance"]
    if row.kind == "subcontract":
        vat_rate, vds_rate, vds, ait = ZERO, *_sub_taxes(row, gross, data.bill_date)
        f = domain.figures(terms(row), gross, ZERO, ait.amount, recovered, data.final, vds=vds)
    else:
        vat, ait = _taxes(row, gross, data.bill_date)
        vat_rate, vds_rate = vat.rate, ZERO
        f = domain.figures(terms(row), gross, vat.vat, ait.amount, recovered, data.final)
    seq = len(every) + 1  # a reversed bill keeps its number
    touch(row)  # a new bill changes the contract: claimed first (compare-and-set), so two drafts at once
    s.flush()  # cannot both take the same place (the loser gets StaleVersion, not a duplicate number)
    b = BillRow(tenant_id=row.tenant_id, company_id=row.company_id, contract_id=row.id, seq=seq,
                number=domain.bill_number(row.code, seq), bill_date=data.bill_date, final=data.final, status="draft",
                gross=f.gross, vat_rate=vat_rate, vat=f.vat, retention=f.retention,
                advance_recovered=f.advance_recovered, security_deposit=f.security_deposit, ait_rate=ait.rate,
                ait=f.ait, vds_rate=vds_rate, vds=f.vds, net_payable=f.net_payable, certified_by="")
    s.add(b)
    s.flush()
    ids = {it.item_no: it.id for it in item_rows}
    s.execute(insert(BillLineRow), [  # one bulk insert (a bill may have hundreds of items)
        dict(id=new_id(), tenant_id=row.tenant_id, bill_id=b.id, item_id=ids[ln.item_no], line_no=i + 1,
             previous_quantity=ln.previous_quantity, cumulative_quantity=ln.cumulative_quantity,
             this_quantity=ln.this_quantity, previous_amount=ln.previous_amount,
             cumulative_amount=ln.cumulative_amount, this_amount=ln.this_amount) for i, ln in enumerate(lines)])
    uow.emit(BillDrafted(bill_id=b.id, contract_id=row.id, number=b.number, gross=b.gross,
                         net_payable=b.net_payable))
    return bill_view(b, row, bill_lines(s, b.id))


def _load_bill(uow: UnitOfWork, bill_id: UUID) -> tuple[BillRow, ContractRow]:
    b = uow.session.get(BillRow, bill_id)
    scope = context.company_scope()
    if b is None or b.tenant_id != context.current().tenant_id or (scope is not None and b.company_id != scope):
        raise domain.ContractNotFound(bill_id, "RA bill", "চলতি বিল")
    return b, load(uow, b.contract_id)


@command("contracts.bill.certify", scope="contracts.certify_bill")
def certify_bill(uow: UnitOfWork, bill_id: UUID, expected_version: int | None = None) -> RaBillView:
    """The engineer/director certifies the measured bill: its figures are fixed from here."""
    b, row = _load_bill(uow, bill_id)
    check_version(b, expected_version, f"bill {b.number}")
    b.status = domain.transition(b.status, "certify", b.number)
    b.certified_by = context.current().actor[:200]
    uow.session.flush()
    uow.emit(BillCertified(bill_id=b.id, contract_id=row.id, number=b.number))
    return bill_view(b, row, bill_lines(uow.session, b.id))


@command("contracts.bill.post", scope="contracts.post_bill")
def post_bill(uow: UnitOfWork, bill_id: UUID, expected_version: int | None = None) -> RaBillView:
    """Post the certified bill's journal (domain.bill_journal): Dr trade receivable net payable, Dr retention
    receivable, Dr mobilisation advance recovered, Dr security deposit, Dr AIT deducted by the client; Cr
    contract revenue (the project on it), Cr output VAT; the client party on its balance lines."""
    b, row = _load_bill(uow, bill_id)
    check_version(b, expected_version, f"bill {b.number}")
    status = domain.transition(b.status, "post", b.number)
    f = domain.Figures(b.gross, b.vat, b.retention, b.advance_recovered, b.security_deposit, b.ait, b.net_payable,
                       b.vds)
    b.status = status
    uow.session.flush()  # claim the bill first (compare-and-set on its version): a second post at once stops here
    if row.kind == "subcontract":  # the purchase side: Dr 5120 / Cr 2111, 2120, 1140, 2150, 2142
        entry_id, entry_no = post_journal(row.company_id, b.bill_date, "purchase", domain.subcontract_bill_journal(f),
                                          f"Subcontractor RA bill {b.number} ({row.title})"[:500], b.number,
                                          row.client_party_id, row.project_id)
    else:
        entry_id, entry_no = post_journal(row.company_id, b.bill_date, "sales", domain.bill_journal(f),
                                          f"RA bill {b.number} ({row.title})"[:500], b.number, row.client_party_id,
                                          row.project_id)
    b.entry_id, b.entry_number = entry_id, entry_no
    uow.session.flush()
    uow.emit(BillPosted(bill_id=b.id, contract_id=row.id, project_id=row.project_id, number=b.number,
                        bill_date=b.bill_date, gross=b.gross, vat=b.vat, retention=b.retention,
                        advance_recovered=b.advance_recovered, security_deposit=b.security_deposit, ait=b.ait,
                        net_payable=b.net_payable, entry_id=entry_id, kind=row.kind, vds=b.vds))
    return bill_view(b, row, bill_lines(uow.session, b.id))


@command("contracts.bill.prepare", scope="contracts.discard_bill")
def discard_bill(uow: UnitOfWork, bill_id: UUID, expected_version: int | None = None) -> bool:
    """Delete a draft (mis-measured) bill so the contract can be measured again; its number is given to the
    next bill (numbers stay gapless). A certified or posted bill is not discarded."""
    b, row = _load_bill(uow, bill_id)
    check_version(b, expected_version, f"bill {b.number}")
    if b.status != "draft":
        raise Conflict("contracts.cannot_discard", f"Bill {b.number} is {b.status}: only a draft is discarded",
                       f"বিল {b.number} খসড়া নয়: শুধু খসড়া বাতিল করা যায়", field="status", details={"status": b.status})
    touch(row)
    uow.session.delete(b)
    uow.session.flush()
    uow.emit(BillDiscarded(bill_id=b.id, contract_id=row.id, number=b.number))
    return True


@command("contracts.bill.post", scope="contracts.record_receipt")
def record_receipt(uow: UnitOfWork, bill_id: UUID, data: RaReceiptInput) -> RaBillView:
    """The client's payment of a posted bill (domain.receipt_journal): Dr the bank/cash account given (the
    company's bank 1120 by default, as the advance), Dr VDS receivable 1151 the VAT it deducted at source;
    Cr trade receivable 1130 both, the entry's reference the bill's number (so receivables aging counts it).
    Never more than is outstanding; not before the bill."""
    b, row = _load_bill(uow, bill_id)
    s = uow.session
    domain.check_client_bill(row.kind, b.number)
    done = receipts(s, b.id)
    received = sum((r.amount + r.vds for r in live(done)), ZERO)
    domain.check_receipt(b.status, b.number, data.amount, data.vds, b.net_payable - received, data.received_on,
                         b.bill_date)
    account = data.account_code.strip() or domain.ACCOUNTS["bank"]
    touch(b)  # claim the bill first (compare-and-set): two receipts at once cannot both pass the check above
    s.flush()
    seq = len(done) + 1  # a reversed receipt keeps its number
    number = f"{b.number}/RCT-{seq:02d}"
    narration = f"Receipt {number} ({row.title}) {data.reference.strip()}".strip()[:500]
    entry_id, entry_no = post_journal(row.company_id, data.received_on, "receipt",
                                      domain.receipt_journal(data.amount, data.vds), narration, b.number,
                                      row.client_party_id, row.project_id, account)
    r = ReceiptRow(tenant_id=b.tenant_id, company_id=b.company_id, bill_id=b.id, seq=seq, number=number,
                   received_on=data.received_on, amount=data.amount, vds=data.vds,
                   certificate_no=data.certificate_no.strip(), account_code=account,
                   reference=data.reference.strip(), entry_id=entry_id, entry_number=entry_no)
    s.add(r)
    s.flush()
    done.append(r)
    view = bill_view(b, row, bill_lines(s, b.id), receipt_rows=done)
    uow.emit(BillReceiptRecorded(bill_id=b.id, contract_id=row.id, number=b.number, receipt_number=number,
                                 received_on=data.received_on, amount=data.amount, vds=data.vds,
                                 outstanding=view.outstanding, entry_id=entry_id))
    return view


@command("contracts.bill.post", scope="contracts.reverse_bill")
def reverse_bill(uow: UnitOfWork, bill_id: UUID, data: RaBillReversalInput,
                 expected_version: int | None = None) -> RaBillView:
    """Reverse a posted bill: finance reverses its journal (dated `reversal_date`), the bill becomes
    reversed, its quantities no longer count (the next bill measures from the bill before it) and it leaves
    receivables aging, billed to date and the VAT supplies. Only the contract's last counting bill, and only
    while no live receipt is recorded against it (a reversed receipt does not stop it). When finance already
    reversed the journal itself (`finance_reversed` recorded it while a receipt was live), the bill is only
    marked reversed: the ledger is not reversed twice."""
    from vextrus.modules.finance import api as finance

    from .. import MODULE

    b, row = _load_bill(uow, bill_id)
    check_version(b, expected_version, f"bill {b.number}")
    s = uow.session
    last = last_counting(bills(s, row.id))
    done = receipts(s, b.id)
    domain.check_reversible(b.status, b.number, last is not None and last.id == b.id, len(live(done)))
    pays = bill_payments(s, b.id) if row.kind == "subcontract" else None
    domain.check_no_payments(b.number, len([p for p in pays or [] if p.status != "reversed"]))
    b.status = "reversed"
    touch(row)  # the contract changes too: a bill drafted at once is refused (StaleVersion)
    s.flush()  # claim the bill first (compare-and-set on its version): a second reversal at once stops here
    assert b.entry_id is not None  # a posted bill has its journal
    on = data.reversal_date
    if b.reversal_entry_id is None:
        with context.calling_as(MODULE):  # finance refuses a date before the bill's (field reversal_date)
            rev = finance.reverse_entry(row.company_id, b.entry_id, data.reversal_date)
        b.reversal_entry_id, b.reversal_entry_number = rev.id, rev.number or ""
        s.flush()
    uow.emit(BillReversed(bill_id=b.id, contract_id=row.id, project_id=row.project_id, number=b.number,
                          reversal_date=on, gross=b.gross, net_payable=b.net_payable,
                          entry_id=b.entry_id, reversal_entry_id=b.reversal_entry_id))
    return bill_view(b, row, bill_lines(s, b.id), receipt_rows=done, payments=pays)


def _load_receipt(uow: UnitOfWork, receipt_id: UUID) -> ReceiptRow:
    r = uow.session.get(ReceiptRow, receipt_id)
    scope = context.company_scope()
    if r is None or r.tenant_id != context.current().tenant_id or (scope is not None and r.company_id != scope):
        raise domain.ContractNotFound(receipt_id, "receipt", "প্রাপ্তি")
    return r


def _receipt_reversed(uow: UnitOfWork, r: ReceiptRow, b: BillRow, row: ContractRow, on, reason: str,  # noqa: ANN001
                      rev_id: UUID, rev_no: str) -> RaBillView:
    """Store a receipt's reversal (finance reversed its journal) and tell: the bill's view after it."""
    s = uow.session
    r.status, r.reversed_at, r.reversal_reason = "reversed", on, reason[:300]
    r.reversal_entry_id, r.reversal_entry_number = rev_id, rev_no
    s.flush()
    view = bill_view(b, row, bill_lines(s, b.id), receipt_rows=receipts(s, b.id))
    assert r.entry_id is not None
    uow.emit(ReceiptReversed(bill_id=b.id, contract_id=row.id, number=b.number, receipt_number=r.number,
                             reversal_date=on, amount=r.amount, vds=r.vds, outstanding=view.outstanding,
                             reason=r.reversal_reason, entry_id=r.entry_id, reversal_entry_id=rev_id))
    return view


@command("contracts.bill.post", scope="contracts.reverse_receipt")
def reverse_receipt(uow: UnitOfWork, receipt_id: UUID, data: RaReceiptReversalInput) -> RaBillView:
    """Undo a receipt (a wrong amount, a bounced cheque): finance reverses its journal (Dr 1130 / Cr bank, Cr
    VDS receivable) dated `reversal_date` (today when not given), the receipt stays, status reversed with the
    date and reason, and the bill is outstanding again by what it settled; the aging counts it back from the
    reversal's date (its reference is the receipt entry's number). Refused: a receipt already reversed (409),
    no reason, a date before the receipt's (422)."""
    from vextrus.modules.finance import api as finance

    from .. import MODULE

    r = _load_receipt(uow, receipt_id)
    b, row = _load_bill(uow, r.bill_id)
    s = uow.session
    on = data.reversal_date or clock.today()
    why = domain.check_receipt_reversible(r.status, r.number, data.reason, on, r.received_on)
    touch(b)  # claim the bill first (compare-and-set): a second reversal at once stops here
    r.status = "reversed"
    s.flush()
    assert r.entry_id is not None  # a receipt has its journal
    with context.calling_as(MODULE):  # finance refuses a closed period (its field)
        rev = finance.reverse_entry(row.company_id, r.entry_id, on)
    return _receipt_reversed(uow, r, b, row, on, why, rev.id, rev.number or "")


def finance_reversed(uow: UnitOfWork, entry_id: UUID, reversal_id: UUID, reversal_number: str, on) -> str:  # noqa: ANN001
    """Finance reversed a journal entry (finance.journal.reversed). When it is a receipt's journal, the receipt
    becomes reversed as `reverse_receipt` does (no reason stored: the page says "reversed in finance"). When it is a
    posted bill's: the contract's last counting bill with no live receipt becomes reversed as `reverse_bill`
    does; any other bill stays posted (its quantities count: the next bill measured from it, or receipts
    settle it) and only records the reversal entry, so the page flags it and the aging (which counts the
    reversal against the bill) still equals the ledger; reversing its receipts (or the later bills) and then
    the bill in contracts completes it without a second ledger reversal. Anything already reversed here (this
    module's own reversal), or not contracts', is left alone (the handler runs again safely). Returns what
    was done: "receipt", "bill", "bill_flagged" or ""."""
    from .payments import finance_reversed_payment

    s = uow.session
    tenant = context.require_tenant()
    if finance_reversed_payment(uow, entry_id, reversal_id, reversal_number, on):
        return "payment"
    r = s.scalar(select(ReceiptRow).where(ReceiptRow.tenant_id == tenant, ReceiptRow.entry_id == entry_id))
    if r is not None:
        if r.status != "posted":
            return ""
        b = s.get(BillRow, r.bill_id)
        row = s.get(ContractRow, b.contract_id) if b is not None else None
        if b is None or row is None:
            return ""
        touch(b)
        s.flush()
        _receipt_reversed(uow, r, b, row, on, "", reversal_id, reversal_number)  # no reason: finance's own
        return "receipt"
    b = s.scalar(select(BillRow).where(BillRow.tenant_id == tenant, BillRow.entry_id == entry_id))
    if b is None or b.status != "posted" or b.reversal_entry_id is not None:
        return ""
    row = s.get(ContractRow, b.contract_id)
    if row is None:
        return ""
    b.reversal_entry_id, b.reversal_entry_number = reversal_id, reversal_number
    last = last_counting(bills(s, row.id))
    if last is None or last.id != b.id or live(receipts(s, b.id)) or paid_by_bill(s, [b.id]):
        touch(b)
        s.flush()
        return "bill_flagged"
    b.status = "reversed"
    touch(row)
    s.flush()
    uow.emit(BillReversed(bill_id=b.id, contract_id=row.id, project_id=row.project_id, number=b.number,
                          reversal_date=on, gross=b.gross, net_payable=b.net_payable, entry_id=entry_id,
                          reversal_entry_id=reversal_id))
    return "bill"


@query("contracts.contract.read")
def get_bill(uow: UnitOfWork, bill_id: UUID) -> RaBillView:
    b, row = _load_bill(uow, bill_id)
    pays = bill_payments(uow.session, b.id) if row.kind == "subcontract" else None
    return bill_view(b, row, bill_lines(uow.session, b.id), receipt_rows=receipts(uow.session, b.id),
                     payments=pays)


@query("contracts.contract.read")
def contract_bills(uow: UnitOfWork, contract_id: UUID) -> list[RaBillView]:
    row = load(uow, contract_id)
    rows = bills(uow.session, row.id)
    got = received_by_bill(uow.session, [b.id for b in rows])
    return [bill_view(b, row, received=got.get(b.id, ZERO)) for b in rows]
