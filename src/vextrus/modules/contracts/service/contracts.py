"""Client contracts: created from the project's BOQ, variation items, the mobilisation advance received and
retention/security deposit released (each posted as its journal through finance.api as contracts on behalf
of the user). Shape: load → guard → pure rule (domain) → store → emit → view."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import Select, func, select

from vextrus.platform import context
from vextrus.platform.errors import Conflict, DomainError, NotFound, ValidationFailed
from vextrus.platform.money import ZERO
from vextrus.platform.pagination import paginate
from vextrus.platform.uow import UnitOfWork, command, query
from vextrus.platform.versioning import check_version, touch

from .. import domain
from ..events import ContractCreated, ContractMovementPosted, VariationAdded
from ..repository import contract_view, items, posted_sums
from ..schemas import (
    ContractAdvanceInput,
    ContractInput,
    ContractPage,
    ContractReleaseInput,
    ContractVariationInput,
    ContractView,
    RaCredit,
    RaReceivableView,
    VatSupplyBillView,
    VatSupplyView,
)
from ..tables import ContractRow, ItemRow, MovementRow


def party_name(party_id: UUID) -> tuple[str, str]:
    """The client's legal name and its Bangla name ("" when it has none)."""
    from vextrus.modules.master_data import api as master_data

    from .. import MODULE

    with context.calling_as(MODULE):
        p = master_data.get_party(party_id)
    return p.legal_name, p.legal_name_bn or ""


def check_tax_codes(vat_code: str, ait_section: str, on) -> None:  # noqa: ANN001
    """The VAT code and AIT section exist in the tax module's tables on the contract date."""
    from vextrus.modules.tax import api as tax

    for fn, field in ((lambda: tax.vat_for(vat_code, ZERO, on), "vat_code"),
                      (lambda: tax.withholding_for(ait_section, ZERO, on), "ait_section")):
        try:
            fn()
        except ValidationFailed as exc:
            raise ValidationFailed(exc.code, exc.message, exc.message_bn, field=field, details=exc.details) from exc


PARTY_LINES = ("receivable", "retention", "advance", "deposit", "sub_payable", "retention_payable", "sub_advance",
               "tds_payable", "vds_payable")
"""The balance lines that carry the counterparty (the client, or the subcontractor: its payable, retention, advance
and the taxes deducted from it, so its certificates can be listed per payee)."""


def post_journal(company_id: UUID, on, journal_type: str, postings, narration: str, reference: str,  # noqa: ANN001
                 party_id: UUID, project_id: UUID, bank_code: str = "") -> tuple[UUID, str]:
    """Post the domain's postings through finance.api as contracts on behalf of the user; the client party on
    its balance lines, the project on the revenue line. Returns (entry id, entry number)."""
    from vextrus.modules.finance import api as finance

    from .. import MODULE

    lines = []
    for p in postings:
        code = bank_code if p.account == "bank" and bank_code else domain.ACCOUNTS[p.account]
        lines.append(finance.LineIn(
            account_code=code, debit=p.debit, credit=p.credit, memo=reference[:200],
            party_id=party_id if p.account in PARTY_LINES else None,
            project_id=project_id if p.account in ("revenue", "sub_cost") else None))
    with context.calling_as(MODULE):
        try:
            entry = finance.post_entry(company_id, finance.EntryIn(journal_type=journal_type, entry_date=on,
                                                                   lines=lines, narration=narration,
                                                                   reference=reference[:100]))
        except DomainError as exc:
            if bank_code and exc.field and ".account_code" in exc.field:
                raise ValidationFailed(exc.code, exc.message, exc.message_bn, field="account_code",
                                       details=exc.details) from exc
            raise
    return entry.id, entry.number or ""


def _check_company(company_id: UUID) -> None:
    from vextrus.modules.organization import api as organization

    context.require_company(company_id, "company", company_id, field="company_id")
    if organization.get_company(company_id) is None:
        raise ValidationFailed("contracts.company_unknown", f"Company {company_id} does not exist",
                               "কোম্পানিটি নেই", field="company_id")


def checked_header(data) -> tuple[str, str, list]:  # noqa: ANN001
    """The checks a client contract and a subcontract share: the company, the code's form, a title, and the project
    in that company. Returns the code, the title and the project's BOQ items (read as this module)."""
    from vextrus.modules.projects import api as projects

    from .. import MODULE

    _check_company(data.company_id)
    code = domain.contract_code(data.code)
    title = data.title.strip()
    if not title:
        raise ValidationFailed("contracts.title_missing", "A contract needs a title", "চুক্তির শিরোনাম দিন",
                               field="title")
    if projects.project_companies([data.project_id]).get(data.project_id, "none") != data.company_id:
        raise ValidationFailed("contracts.project_unknown", "No such project in this company",
                               "এই কোম্পানিতে এমন প্রকল্প নেই", field="project_id")
    context.require_scope_to_create(data.project_id, "project_id")  # a role assigned for other projects: 403
    with context.calling_as(MODULE):
        return code, title, projects.boq_items(data.project_id)


def refuse_taken_code(s, company_id: UUID, code: str) -> None:  # noqa: ANN001
    """A contract's code is unique within its company, whatever its kind."""
    if s.scalar(select(ContractRow.id).where(ContractRow.company_id == company_id, ContractRow.code == code)):
        raise Conflict("contracts.code_exists", f"Contract {code} already exists", f"চুক্তি {code} আগে থেকেই আছে",
                       field="code")


@command("contracts.contract.manage", scope="contracts.create_contract")
def create_contract(uow: UnitOfWork, data: ContractInput) -> ContractView:
    """A client contract on the project, its items copied from the project's BOQ (all, or `item_nos`)."""
    code, title, boq = checked_header(data)
    if data.item_nos is not None:
        wanted = [n.strip() for n in data.item_nos]
        by_code = {b.code: b for b in boq}
        for i, n in enumerate(wanted):
            if n not in by_code:
                item_no = n  # as typed
                raise ValidationFailed("contracts.boq_item_unknown", f"BOQ item {n} is not in the project",
                                       f"বিওকিউ আইটেম {item_no} প্রকল্পে নেই", field=f"item_nos[{i}]")
        boq = [by_code[n] for n in dict.fromkeys(wanted)]
    its = domain.check_items([domain.Item(b.code, b.description, b.unit, b.quantity, b.rate) for b in boq])
    value = domain.contract_value(its)
    terms = domain.check_terms(domain.Terms(data.retention_pct, data.advance_amount, data.advance_recovery_pct,
                                            data.security_deposit_pct), value)
    check_tax_codes(data.vat_code.strip(), data.ait_section.strip(), data.contract_date)
    try:
        name = party_name(data.client_party_id)
    except DomainError as exc:
        raise ValidationFailed("contracts.client_unknown", f"No party {data.client_party_id}: pick the client",
                               "পার্টিটি নেই: গ্রাহক বাছুন", field="client_party_id") from exc
    s = uow.session
    refuse_taken_code(s, data.company_id, code)
    tenant = context.require_tenant()
    row = ContractRow(tenant_id=tenant, company_id=data.company_id, project_id=data.project_id,
                      client_party_id=data.client_party_id, code=code, title=title, title_bn=data.title_bn.strip(),
                      contract_date=data.contract_date,
                      currency="BDT", contract_value=value, retention_pct=terms.retention_pct,
                      advance_amount=terms.advance, advance_recovery_pct=terms.advance_recovery_pct,
                      security_deposit_pct=terms.security_deposit_pct, vat_code=data.vat_code.strip(),
                      ait_section=data.ait_section.strip(), status="active")
    s.add(row)
    s.flush()
    s.add_all(ItemRow(tenant_id=tenant, contract_id=row.id, line_no=i + 1, item_no=it.item_no,
                      description=it.description, unit=it.unit, quantity=it.quantity, rate=it.rate,
                      amount=it.amount, kind="boq") for i, it in enumerate(its))
    s.flush()
    uow.emit(ContractCreated(contract_id=row.id, company_id=row.company_id, project_id=row.project_id,
                             code=code, contract_value=value))
    return contract_view(s, row, name)


@command("contracts.contract.manage", scope="contracts.add_variation")
def add_variation(uow: UnitOfWork, contract_id: UUID, data: ContractVariationInput,
                  expected_version: int | None = None) -> ContractView:
    """A variation order item: an extra item (kind variation) billed like the others; the value grows."""
    row = load(uow, contract_id)
    check_version(row, expected_version, f"contract {row.code}")
    s = uow.session
    current = items(s, row.id)
    it = domain.Item(data.item_no.strip(), data.description.strip(), data.unit.strip(), data.quantity, data.rate,
                     "variation")
    if not it.description:
        raise ValidationFailed("contracts.description_missing", "A variation item needs a description",
                               "পরিবর্তন আইটেমের বিবরণ দিন", field="description")
    try:
        domain.check_items([*(domain.Item(r.item_no, r.description, r.unit, r.quantity, r.rate, r.kind)
                              for r in current), it])
    except ValidationFailed as exc:
        raise ValidationFailed(exc.code, exc.message, exc.message_bn, field=(exc.field or "").split(".")[-1],
                               details=exc.details) from exc
    s.add(ItemRow(tenant_id=row.tenant_id, contract_id=row.id, line_no=len(current) + 1, item_no=it.item_no,
                  description=it.description, unit=it.unit, quantity=it.quantity, rate=it.rate, amount=it.amount,
                  kind="variation"))
    row.contract_value += it.amount
    touch(row)
    s.flush()
    uow.emit(VariationAdded(contract_id=row.id, item_no=it.item_no, amount=it.amount,
                            contract_value=row.contract_value))
    return contract_view(s, row, party_name(row.client_party_id))


def _movement_number(uow: UnitOfWork, row: ContractRow, kind: str) -> str:
    n = uow.session.scalar(select(func.count()).select_from(MovementRow).where(
        MovementRow.contract_id == row.id, MovementRow.kind == kind)) or 0
    return f"{row.code}/{'ADV' if kind == 'advance' else 'REL'}-{n + 1:02d}"


@command("contracts.bill.post", scope="contracts.receive_advance")
def receive_advance(uow: UnitOfWork, contract_id: UUID, data: ContractAdvanceInput) -> ContractView:
    """The mobilisation advance (or part) received: Dr bank (the account given), Cr mobilisation advance from
    clients (the client on it); never more than the contract's advance. On a subcontract the advance is paid to
    the subcontractor: Dr mobilisation advance to subcontractors 1140 (the subcontractor on it), Cr bank."""
    row = load(uow, contract_id)
    s = uow.session
    sums = posted_sums(s, row.id)
    domain.check_advance_receipt(data.amount, row.advance_amount, sums.get("advance_amount", ZERO))
    touch(row)  # claim the contract first: two receipts at once cannot both pass the check above
    s.flush()
    number = _movement_number(uow, row, "advance")
    if row.kind == "subcontract":  # paid to the subcontractor: Dr 1140, Cr bank
        entry_id, entry_no = post_journal(row.company_id, data.received_on, "payment",
                                          domain.subcontract_advance_journal(data.amount),
                                          f"Mobilisation advance paid {row.code}", number, row.client_party_id,
                                          row.project_id, data.account_code.strip())
    else:
        entry_id, entry_no = post_journal(row.company_id, data.received_on, "receipt",
                                          domain.advance_journal(data.amount), f"Mobilisation advance {row.code}",
                                          number, row.client_party_id, row.project_id, data.account_code.strip())
    m = MovementRow(tenant_id=row.tenant_id, company_id=row.company_id, contract_id=row.id, kind="advance",
                    number=number, on_date=data.received_on, amount=data.amount, security_deposit=ZERO,
                    account_code=data.account_code.strip(), memo="", entry_id=entry_id, entry_number=entry_no)
    s.add(m)
    s.flush()
    uow.emit(ContractMovementPosted(contract_id=row.id, kind="advance", number=number, amount=data.amount,
                                    security_deposit=ZERO, entry_id=entry_id))
    return contract_view(s, row, party_name(row.client_party_id))


@command("contracts.bill.post", scope="contracts.release_retention")
def release_retention(uow: UnitOfWork, contract_id: UUID, data: ContractReleaseInput) -> ContractView:
    """Retention money and security deposit released by the client (at completion, after the defects
    liability period): Dr trade receivable; Cr retention receivable, Cr security deposit. No more than held.
    On a subcontract the company releases what it held from the subcontractor: Dr retention payable 2120, Cr
    subcontractor payable 2111 (a subcontract holds no security deposit)."""
    row = load(uow, contract_id)
    s = uow.session
    sums = posted_sums(s, row.id)
    held_r = sums["retention"] - sums.get("release_amount", ZERO)
    held_d = sums["deposit"] - sums.get("release_deposit", ZERO)
    domain.check_release(data.retention_amount, data.security_deposit_amount, held_r, held_d)
    touch(row)  # claim the contract first: two releases at once cannot both release what is held
    s.flush()
    number = _movement_number(uow, row, "release")
    postings = (domain.subcontract_release_journal(data.retention_amount) if row.kind == "subcontract" else
                domain.release_journal(data.retention_amount, data.security_deposit_amount))
    entry_id, entry_no = post_journal(row.company_id, data.release_date, "general", postings,
                                      f"Retention release {row.code}", number, row.client_party_id, row.project_id)
    s.add(MovementRow(tenant_id=row.tenant_id, company_id=row.company_id, contract_id=row.id, kind="release",
                      number=number, on_date=data.release_date, amount=data.retention_amount,
                      security_deposit=data.security_deposit_amount, account_code="", memo=data.memo.strip(),
                      entry_id=entry_id, entry_number=entry_no))
    s.flush()
    uow.emit(ContractMovementPosted(contract_id=row.id, kind="release", number=number, amount=data.retention_amount,
                                    security_deposit=data.security_deposit_amount, entry_id=entry_id))
    return contract_view(s, row, party_name(row.client_party_id))


@query("contracts.contract.read")
def get_contract(uow: UnitOfWork, contract_id: UUID) -> ContractView:
    row = load(uow, contract_id)
    return contract_view(uow.session, row, party_name(row.client_party_id))


@query("contracts.contract.read")
def list_contracts(uow: UnitOfWork, company_id: UUID, project_id: UUID | None = None, first: int = 50,
                   after: str | None = None, kind: str | None = None) -> ContractPage:
    """The company's contracts by code; `kind` client or subcontract (None: both)."""
    context.require_company(company_id, "company", company_id, field="company_id")
    stmt = in_reach(select(ContractRow).where(ContractRow.company_id == company_id))
    if kind is not None:
        if kind not in domain.CONTRACT_KINDS:
            raise ValidationFailed("contracts.kind_unknown", "A contract is 'client' or 'subcontract'",
                                   "চুক্তি 'client' বা 'subcontract' হতে হবে", field="kind")
        stmt = stmt.where(ContractRow.kind == kind)
    if project_id is not None:
        stmt = stmt.where(ContractRow.project_id == project_id)
    page = paginate(uow.session, stmt, ContractRow.code, first=first, after=after)
    names: dict[UUID, tuple[str, str]] = {}
    out = []
    for r in page.items:
        if r.client_party_id not in names:
            names[r.client_party_id] = party_name(r.client_party_id)
        out.append(contract_view(uow.session, r, names[r.client_party_id], full=False))
    return ContractPage(items=out, end_cursor=page.end_cursor, has_next_page=page.has_next_page)


@query("contracts.contract.read")
def billed_to_date(uow: UnitOfWork, project_id: UUID, as_of=None) -> Decimal:  # noqa: ANN001
    """Σ gross value of work of the posted RA bills of the project's contracts (dated on or before `as_of`)."""
    from ..tables import BillRow

    if not context.reaches(project_id):
        raise NotFound("project", project_id, field="project_id")
    stmt = select(func.sum(BillRow.gross)).join(ContractRow, ContractRow.id == BillRow.contract_id).where(
        ContractRow.project_id == project_id, ContractRow.kind == "client", BillRow.status == "posted")
    scope = context.company_scope()
    if scope is not None:
        stmt = stmt.where(ContractRow.company_id == scope)
    if as_of is not None:
        stmt = stmt.where(BillRow.bill_date <= as_of)
    return uow.session.scalar(stmt) or ZERO


@query("contracts.contract.read")
def vat_supplies(uow: UnitOfWork, company_id: UUID, date_from: date, date_to: date) -> list[VatSupplyView]:
    """The company's posted RA bills dated in the window, by VAT code and rate: value of work and output
    VAT, the supplies a VAT return counts beside invoices (a running bill is a taxable supply when it is
    certified and billed: VAT Act 2012 §2(33), supply; Mushak 6.3 is issued with it)."""
    from ..tables import BillRow

    context.require_company(company_id, "company", company_id, field="company_id")
    rows = uow.session.execute(in_reach(
        select(ContractRow.vat_code, BillRow.vat_rate, func.sum(BillRow.gross), func.sum(BillRow.vat), func.count())
        .join(ContractRow, ContractRow.id == BillRow.contract_id)
        .where(BillRow.company_id == company_id, ContractRow.kind == "client", BillRow.status == "posted",
               BillRow.bill_date >= date_from, BillRow.bill_date <= date_to))
        .group_by(ContractRow.vat_code, BillRow.vat_rate).order_by(ContractRow.vat_code, BillRow.vat_rate)).all()
    return [VatSupplyView(vat_code=code, vat_rate=Decimal(rate), value=Decimal(value), vat=Decimal(vat), bills=n)
            for code, rate, value, vat, n in rows]


@query("contracts.contract.read")
def vat_supply_bills(uow: UnitOfWork, company_id: UUID, date_from: date, date_to: date) -> list[VatSupplyBillView]:
    """The same posted RA bills one by one (the sales register, Mushak 6.2, lists each supply with its client):
    their sums by code and rate are `vat_supplies`."""
    from ..tables import BillRow

    context.require_company(company_id, "company", company_id, field="company_id")
    rows = uow.session.execute(in_reach(
        select(BillRow.id, BillRow.bill_date, BillRow.number, ContractRow.code, ContractRow.title, ContractRow.title_bn,
               ContractRow.client_party_id, ContractRow.vat_code, BillRow.vat_rate, BillRow.gross, BillRow.vat)
        .join(ContractRow, ContractRow.id == BillRow.contract_id)
        .where(BillRow.company_id == company_id, ContractRow.kind == "client", BillRow.status == "posted",
               BillRow.bill_date >= date_from, BillRow.bill_date <= date_to))
        .order_by(BillRow.bill_date, BillRow.number)).all()
    return [VatSupplyBillView(bill_id=r.id, bill_date=r.bill_date, number=r.number, contract_code=r.code,
                              contract_title=r.title, contract_title_bn=r.title_bn,
                              client_party_id=r.client_party_id, vat_code=r.vat_code, vat_rate=Decimal(r.vat_rate),
                              value=Decimal(r.gross), vat=Decimal(r.vat)) for r in rows]


@query("contracts.contract.read")
def receivables(uow: UnitOfWork, company_id: UUID, as_of: date) -> list[RaReceivableView]:
    """The company's posted RA bills and retention releases dated on or before `as_of`, each with what it left
    receivable from the client on that date (receivables aging reads these). The client's payment (a receipt
    recorded here, `record_receipt`, or a journal posted in finance) credits 1130 Trade receivables with the
    bill's number as its reference, so what was received against a document is what the ledger's 1130 lines
    carrying its number (or its entry's number: finance's reversal of it; or one of its receipts' entry numbers:
    finance's reversal of a receipt, which debits 1130 back from its date) credited by then."""
    from vextrus.modules.finance import api as finance

    from .. import MODULE
    from ..tables import BillRow

    context.require_company(company_id, "company", company_id, field="company_id")
    s = uow.session
    docs = [("ra_bill", *r) for r in s.execute(in_reach(
        select(BillRow.id, BillRow.number, BillRow.bill_date, ContractRow.code, ContractRow.client_party_id,
               BillRow.net_payable, BillRow.entry_id, BillRow.entry_number)
        .join(ContractRow, ContractRow.id == BillRow.contract_id)
        .where(BillRow.company_id == company_id, ContractRow.kind == "client",
               BillRow.status.in_(("posted", "reversed")), BillRow.bill_date <= as_of)))]  # a reversed bill: due until its reversal's date (credit by entry no.)
    docs += [("release", m_id, number, on, code, party, amount + deposit, entry, entry_no)
             for m_id, number, on, code, party, amount, deposit, entry, entry_no in s.execute(in_reach(
        select(MovementRow.id, MovementRow.number, MovementRow.on_date, ContractRow.code, ContractRow.client_party_id,
               MovementRow.amount, MovementRow.security_deposit, MovementRow.entry_id, MovementRow.entry_number)
        .join(ContractRow, ContractRow.id == MovementRow.contract_id)
        .where(MovementRow.company_id == company_id, ContractRow.kind == "client", MovementRow.kind == "release",
               MovementRow.on_date <= as_of)))]
    if not docs:
        return []
    with context.calling_as(MODULE):
        lines = finance.account_lines(company_id, domain.ACCOUNTS["receivable"], as_of)
    own = {d[7] for d in docs}
    credited: dict[str, list[RaCredit]] = defaultdict(list)  # by reference, the documents' own entries left out
    for ln in lines:
        if ln.entry_id not in own and ln.reference.strip():
            credited[ln.reference.strip()].append(RaCredit(entry_date=ln.entry_date, entry_number=ln.number,
                                                           amount=ln.credit - ln.debit))
    # a receipt's reversal (finance's, by contracts or directly) carries the receipt entry's number as reference
    from ..tables import ReceiptRow

    by_receipt: dict[UUID, list[str]] = defaultdict(list)
    bill_ids = [d[1] for d in docs if d[0] == "ra_bill"]
    for i in range(0, len(bill_ids), 500):  # bounded IN lists
        for bill_id, entry_no in s.execute(select(ReceiptRow.bill_id, ReceiptRow.entry_number).where(
                ReceiptRow.bill_id.in_(bill_ids[i:i + 500]), ReceiptRow.entry_number != "")):
            by_receipt[bill_id].append(entry_no)
    out = []
    for kind, doc_id, number, on, code, party, amount, _entry, entry_no in docs:
        credits = [*credited.get(number, ()), *(credited.get(entry_no, ()) if entry_no else ()),
                   *(c for n in by_receipt.get(doc_id, ()) for c in credited.get(n, ()))]
        got = sum((c.amount for c in credits), ZERO)
        out.append(RaReceivableView(kind=kind, document_id=doc_id, number=number, document_date=on, due_date=on,
                                    contract_code=code, client_party_id=party, receivable=amount, received=got,
                                    outstanding=amount - got, credits=sorted(credits, key=lambda c: c.entry_date)))
    out.sort(key=lambda v: (v.document_date, v.number))
    return out


def load(uow: UnitOfWork, contract_id: UUID) -> ContractRow:
    """Every read and write of a contract, its bills, receipts and payments loads the contract here: another
    company's contract, or one of a project the user's role is not assigned to (docs/auth.md, "Scoped roles"),
    is not even said to exist."""
    row = uow.session.get(ContractRow, contract_id)
    scope = context.company_scope()
    if row is None or row.tenant_id != context.current().tenant_id or (scope is not None and row.company_id != scope) \
            or not context.reaches(row.project_id):
        raise domain.ContractNotFound(contract_id)
    return row


def in_reach(stmt: Select[Any]) -> Select[Any]:
    """`stmt` (over contracts) limited to the projects a role assigned for some projects only reaches."""
    reach = context.scope_reach()
    return stmt if reach is None else stmt.where(ContractRow.project_id.in_(reach))
