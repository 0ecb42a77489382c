"""Reconciliation: suggestions, manual match and unmatch, posting a bank-only line, the report."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from uuid import UUID

from sqlalchemy import select

from vextrus.platform import clock, context
from vextrus.platform.errors import Conflict, ValidationFailed
from vextrus.platform.uow import UnitOfWork, command, query
from vextrus.platform.versioning import check_version

from .. import MODULE
from ..domain import BankingRowMissing, bn
from ..domain import matching as dm
from ..events import StatementLineMatched, StatementLineUnmatched
from ..repository import line_view
from ..schemas import (
    BookLineView,
    MatchInput,
    PostAndMatchInput,
    ReconciliationReportView,
    ReportItemView,
    StatementLineView,
    SuggestionView,
)
from ..tables import BankAccountRow, MatchRow, StatementLineRow, StatementRow
from .common import ledger_lines, load_account

PERFORM = "banking.reconciliation.perform"
VIEW = "banking.reconciliation.view"


def _matched_ids(uow: UnitOfWork, account_id: UUID) -> dict[UUID, list[UUID]]:
    out: dict[UUID, list[UUID]] = defaultdict(list)
    for s_id, j_id in uow.session.execute(select(MatchRow.statement_line_id, MatchRow.journal_line_id)
                                          .where(MatchRow.account_id == account_id)):
        out[s_id].append(j_id)
    return out


def _book(account: BankAccountRow, date_to: date | None = None) -> list[dm.BookLine]:
    return [dm.BookLine(ln.line_id, ln.entry_id, ln.entry_date, ln.debit - ln.credit,
                        " ".join((ln.number or "", ln.narration, ln.reference, ln.memo)))
            for ln in ledger_lines(account, date_to)]


@query(VIEW, scope="banking.statement_lines")
def statement_lines(uow: UnitOfWork, account_id: UUID, status: str | None = None, limit: int = 500
                    ) -> list[StatementLineView]:
    account = load_account(uow, account_id)
    q = select(StatementLineRow).where(StatementLineRow.account_id == account.id)
    if status:
        q = q.where(StatementLineRow.status == status)
    rows = uow.session.scalars(q.order_by(StatementLineRow.line_date, StatementLineRow.statement_id,
                                          StatementLineRow.line_no).limit(min(max(limit, 1), 5000))).all()
    matched = _matched_ids(uow, account.id)
    return [line_view(r, matched.get(r.id)) for r in rows]


@query(VIEW, scope="banking.book_lines")
def book_lines(uow: UnitOfWork, account_id: UUID, unmatched_only: bool = True) -> list[BookLineView]:
    account = load_account(uow, account_id)
    taken = {j for js in _matched_ids(uow, account.id).values() for j in js} if unmatched_only else set()
    return [BookLineView(journal_line_id=ln.line_id, entry_id=ln.entry_id, entry_number=ln.number,
                         entry_date=ln.entry_date, narration=ln.narration, reference=ln.reference,
                         amount=ln.debit - ln.credit)
            for ln in ledger_lines(account) if ln.line_id not in taken]


@query(VIEW, scope="banking.suggestions")
def suggestions(uow: UnitOfWork, account_id: UUID, window_days: int = 3, per_line: int = 5
                ) -> dict[UUID, list[SuggestionView]]:
    """For each unmatched statement line, unreconciled ledger lines of the same amount and sign within the
    window, best first (reference/cheque number in the entry's text scores higher)."""
    account = load_account(uow, account_id)
    if not 0 <= window_days <= 60:
        raise ValidationFailed("banking.window_invalid", "The date window is 0 to 60 days",
                               "তারিখের সীমা ০ থেকে ৬০ দিন", field="window_days")
    taken = {j for js in _matched_ids(uow, account.id).values() for j in js}
    raw = ledger_lines(account)
    info = {ln.line_id: ln for ln in raw}
    book = [dm.BookLine(ln.line_id, ln.entry_id, ln.entry_date, ln.debit - ln.credit,
                        " ".join((ln.number or "", ln.narration, ln.reference, ln.memo)))
            for ln in raw if ln.line_id not in taken]
    stmt = [dm.StmtLine(r.id, r.line_date, r.amount, r.reference, r.description)
            for r in uow.session.scalars(select(StatementLineRow).where(
                StatementLineRow.account_id == account.id, StatementLineRow.status == "unmatched"))]
    found = dm.suggest(stmt, book, window_days, per_line)
    return {s: [SuggestionView(statement_line_id=x.statement_line_id, journal_line_id=x.journal_line_id,
                               entry_id=x.entry_id, entry_number=info[x.journal_line_id].number,
                               entry_date=info[x.journal_line_id].entry_date,
                               narration=info[x.journal_line_id].narration,
                               amount=info[x.journal_line_id].debit - info[x.journal_line_id].credit,
                               score=x.score, days_apart=x.days_apart, reference_found=x.reference_found)
                for x in xs] for s, xs in found.items()}


def _load_line(uow: UnitOfWork, line_id: UUID) -> tuple[StatementLineRow, BankAccountRow]:
    row = uow.session.get(StatementLineRow, line_id)
    if row is None or row.tenant_id != context.require_tenant():
        raise BankingRowMissing("statement line", "স্টেটমেন্ট লাইন", line_id)
    return row, load_account(uow, row.account_id, lock=True)


def _match(uow: UnitOfWork, line: StatementLineRow, account: BankAccountRow, journal_line_ids: list[UUID]
           ) -> StatementLineView:
    if line.status == "matched":
        raise Conflict("banking.line_already_matched", f"Statement line {line.line_no} is already matched",
                       f"স্টেটমেন্ট লাইন {bn(line.line_no)} আগেই মেলানো হয়েছে", field="statement_line_id")
    if len(set(journal_line_ids)) != len(journal_line_ids):
        raise ValidationFailed("banking.journal_line_repeated", "A journal line is named twice",
                               "একটি জাবেদা লাইন দুবার দেওয়া হয়েছে", field="journal_line_ids")
    lines = {ln.line_id: ln for ln in ledger_lines(account)}
    taken = set(uow.session.scalars(select(MatchRow.journal_line_id).where(
        MatchRow.account_id == account.id, MatchRow.journal_line_id.in_(journal_line_ids))))
    total = Decimal(0)
    for i, j in enumerate(journal_line_ids):
        ln = lines.get(j)
        if ln is None:
            raise ValidationFailed("banking.journal_line_unknown",
                                   f"Journal line {j} is not a posted line of ledger account "
                                   f"{account.ledger_account_code}",
                                   f"জাবেদা লাইনটি লেজার হিসাব {bn(account.ledger_account_code)}-এর পোস্ট করা লাইন নয়",
                                   field=f"journal_line_ids[{i}]")
        if j in taken:
            raise Conflict("banking.journal_line_matched", f"Journal line {j} is already matched",
                           "জাবেদা লাইনটি আগেই মেলানো হয়েছে", field=f"journal_line_ids[{i}]")
        total += ln.debit - ln.credit
    if total != line.amount:
        raise ValidationFailed("banking.match_amount_differs",
                               f"The journal lines add up to {total}, the statement line is {line.amount}",
                               f"জাবেদা লাইনগুলোর যোগফল {bn(total)}, স্টেটমেন্ট লাইন {bn(line.amount)}",
                               field="journal_line_ids", details={"total": str(total), "line": str(line.amount)})
    who = context.current().recorded_actor
    for j in journal_line_ids:
        ln = lines[j]
        uow.session.add(MatchRow(tenant_id=line.tenant_id, account_id=account.id, statement_line_id=line.id,
                                 journal_line_id=j, entry_id=ln.entry_id, amount=ln.debit - ln.credit,
                                 matched_by=who[:120]))
    line.status = "matched"
    uow.session.flush()
    uow.emit(StatementLineMatched(statement_line_id=line.id, account_id=account.id,
                                  journal_line_ids=list(journal_line_ids)))
    return line_view(line, list(journal_line_ids))


@command(PERFORM, scope="banking.match")
def match(uow: UnitOfWork, data: MatchInput, expected_version: int | None = None) -> StatementLineView:
    """Match one statement line to one or several journal lines whose amounts (debit - credit) sum exactly."""
    line, account = _load_line(uow, data.statement_line_id)
    check_version(line, expected_version, f"statement line {line.line_no}")
    return _match(uow, line, account, data.journal_line_ids)


@command(PERFORM, scope="banking.unmatch")
def unmatch(uow: UnitOfWork, statement_line_id: UUID) -> StatementLineView:
    line, account = _load_line(uow, statement_line_id)
    for m in uow.session.scalars(select(MatchRow).where(MatchRow.statement_line_id == line.id)):
        uow.session.delete(m)
    line.status = "unmatched"
    uow.session.flush()
    uow.emit(StatementLineUnmatched(statement_line_id=line.id, account_id=account.id))
    return line_view(line)


@command(PERFORM, scope="banking.post_and_match")
def post_and_match(uow: UnitOfWork, data: PostAndMatchInput) -> StatementLineView:
    """A line the books lack (bank charges, interest): post it through finance (a withdrawal: Dr the contra
    account / Cr bank; a deposit: Dr bank / Cr the contra account) on the statement date and match it."""
    from vextrus.modules.finance import api as finance

    line, account = _load_line(uow, data.statement_line_id)
    if line.status == "matched":
        raise Conflict("banking.line_already_matched", f"Statement line {line.line_no} is already matched",
                       f"স্টেটমেন্ট লাইন {bn(line.line_no)} আগেই মেলানো হয়েছে", field="statement_line_id")
    amount = abs(line.amount)
    contra = (data.contra_account_code or "").strip()
    bank_dr, bank_cr = (amount, Decimal(0)) if line.amount > 0 else (Decimal(0), amount)
    narration = (data.narration.strip() or line.description or "Bank statement line")[:500]
    entry = finance.EntryIn(
        journal_type="receipt" if line.amount > 0 else "payment", entry_date=line.line_date, narration=narration,
        reference=line.reference, lines=[
            finance.LineIn(account_code=account.ledger_account_code, debit=bank_dr, credit=bank_cr),
            finance.LineIn(account_code=contra, debit=bank_cr, credit=bank_dr)])
    with context.calling_as(MODULE):
        posted = finance.post_entry(account.company_id, entry)
    ids = [ln.line_id for ln in ledger_lines(account, line.line_date) if ln.entry_id == posted.id]
    return _match(uow, line, account, ids)


@query(VIEW, scope="banking.reconciliation_report")
def reconciliation_report(uow: UnitOfWork, account_id: UUID, as_of: date | None = None
                          ) -> ReconciliationReportView:
    account = load_account(uow, account_id)
    day = as_of or clock.today()
    first = uow.session.scalar(select(StatementRow).where(StatementRow.account_id == account.id)
                               .order_by(StatementRow.seq).limit(1))
    stmt = [dm.StmtLine(r.id, r.line_date, r.amount, r.reference, r.description or r.reference)
            for r in uow.session.scalars(select(StatementLineRow).where(StatementLineRow.account_id == account.id))]
    pairs = [(s, j) for s, js in _matched_ids(uow, account.id).items() for j in js]
    rep = dm.reconcile(day, first.opening if first else Decimal(0), first.date_from if first else None,
                       stmt, _book(account, day), pairs)

    def items(xs: list[dm.Item]) -> list[ReportItemView]:
        return [ReportItemView(id=i.id, on=i.on, amount=i.amount, text=i.text.strip()) for i in xs]

    return ReconciliationReportView(
        account_id=account.id, as_of=day, statement_balance=rep.statement_balance, book_balance=rep.book_balance,
        opening_difference=rep.opening_difference, outstanding_cheques=items(rep.outstanding_cheques),
        deposits_in_transit=items(rep.deposits_in_transit),
        unmatched_statement_lines=items(rep.unmatched_statement_lines),
        adjusted_book_balance=rep.adjusted_book_balance, difference=rep.difference)
