"""Loading what every command and query of the ledger starts from: the company's book (company
scoped), its accounts (and their domain form), an entry, a rate; and the entry views, built for a
whole page of entries at once."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import select

from vextrus.platform import context
from vextrus.platform.errors import NotFound
from vextrus.platform.uow import UnitOfWork

from ..domain import accounts as dacc
from ..domain.errors import LedgerError
from ..posting import DIMENSIONS
from ..schemas import ZERO, AccountView, BookView, EntryView, LineView
from ..tables import Account, Book, ExchangeRate, JournalEntry, JournalLine


def get_book(uow: UnitOfWork, book: UUID | str) -> Book:
    """A book by id, by organization company id, or by code; only a book of the active company
    (NotFound for another company's, so its existence is not revealed; system work reaches all).
    Every read and write of a book's accounts, entries, periods, rates and reports comes through here."""
    q = select(Book)
    scope = context.company_scope()
    if scope is not None:
        q = q.where(Book.company_id == scope)
    if isinstance(book, UUID):
        q = q.where((Book.id == book) | (Book.company_id == book))
    else:
        try:
            q = q.where((Book.id == UUID(str(book))) | (Book.company_id == UUID(str(book))))
        except ValueError:
            q = q.where(Book.code == str(book))
    row = uow.session.execute(q).scalars().first()
    if row is None:
        raise NotFound("company book", book, field="company")
    return row


def book_visible(uow: UnitOfWork, book_id: UUID) -> bool:
    """Whether the book with this id is in the tenant and reachable from the active company
    (for rows found by their own id, e.g. federation references to an account or entry)."""
    b = uow.session.get(Book, book_id)
    if b is None or b.tenant_id != context.current().tenant_id:
        return False
    scope = context.company_scope()
    return scope is None or b.company_id == scope


def book_view_of(b: Book) -> BookView:
    return BookView(id=b.id, code=b.code, name=b.name, company_id=b.company_id, base_currency=b.base_currency,
                    base_commodity=b.base_commodity, fy_start_month=b.fy_start_month)


def account_view(a: Account) -> AccountView:
    return AccountView(id=a.id, code=a.code, name=a.name, name_bn=a.name_bn, account_type=a.account_type,
                       subtype=a.subtype, parent_code=a.parent_code, is_group=a.is_group, is_active=a.is_active,
                       currency=a.currency, tags=list(a.tags or []), version=a.version)


_VIEW_COLUMNS = tuple(Account.__table__.c[k] for k in ("id", "code", "name", "name_bn", "account_type", "subtype",
                                                       "parent_code", "is_group", "is_active", "currency", "tags",
                                                       "version"))


def account_views(uow: UnitOfWork, book_id: UUID) -> list[AccountView]:
    """The book's chart as views, by code, read as plain columns: building an ORM object and re-validating a
    view per account was two thirds of the GraphQL chart read."""
    rows = uow.session.connection().execute(select(*_VIEW_COLUMNS).where(Account.__table__.c.book_id == book_id)).all()
    return [AccountView(id=r[0], code=r[1], name=r[2], name_bn=r[3], account_type=r[4], subtype=r[5],
                        parent_code=r[6], is_group=r[7], is_active=r[8], currency=r[9],
                        tags=list(r[10] or []), version=r[11])
            for r in sorted(rows, key=lambda r: r[1])]


def accounts_of(uow: UnitOfWork, book_id: UUID, codes: Iterable[str] | None = None) -> dict[str, Account]:
    """The book's accounts by code; with `codes`, only those (one entry's lines need a handful of a chart
    of hundreds: loading them all was a fifth of posting one entry). A code the book lacks is absent."""
    stmt = select(Account).where(Account.book_id == book_id)
    if codes is not None:
        stmt = stmt.where(Account.code.in_(set(codes)))
    return {a.code: a for a in uow.session.execute(stmt).scalars().all()}


def domain_account(a: Account) -> dacc.Account:
    return dacc.Account(code=a.code, name=a.name, account_type=dacc.AccountType(a.account_type),
                        subtype=dacc.AccountSubtype(a.subtype) if a.subtype else None, parent_code=a.parent_code,
                        is_group=a.is_group, is_active=a.is_active, currency=a.currency, tags=tuple(a.tags or ()))


def domain_chart(accts: dict[str, Account]) -> dict[str, dacc.Account]:
    return {c: domain_account(a) for c, a in accts.items()}


def tagged(accts: dict[str, Account], tag: str) -> Account:
    """The one account carrying `tag` (retained earnings, FX gain/loss)."""
    found = [a for a in accts.values() if tag in (a.tags or [])]
    if len(found) != 1:
        raise LedgerError("account_tag_missing", f"This book has no single account tagged {tag!r}.",
                          "এই খাতায় এই ভূমিকার (ট্যাগ) একটি হিসাব নেই।", field="tags", details={"tag": tag})
    return found[0]


def load_entry(uow: UnitOfWork, b: Book, entry: UUID | str, lock: bool = False) -> JournalEntry:
    """An entry of the book by id or by number (locked for update when asked)."""
    q = select(JournalEntry).where(JournalEntry.book_id == b.id)
    try:
        q = q.where(JournalEntry.id == UUID(str(entry)))
    except ValueError:
        q = q.where(JournalEntry.number == str(entry))
    if lock:
        q = q.with_for_update()
    row = uow.session.execute(q).scalar_one_or_none()
    if row is None:
        raise NotFound("journal entry", entry, field="entry")
    return row


def entry_view(uow: UnitOfWork, e: JournalEntry, with_lines: bool = True) -> EntryView:
    return entry_views(uow, [e], with_lines)[0]


def entry_views(uow: UnitOfWork, entries: Sequence[Any], with_lines: bool = True) -> list[EntryView]:
    """The views of a page of entries (ORM objects or rows of `journal.ENTRY_COLUMNS`) with their lines, read in
    one query for the whole page. Views are built by their validating constructors on purpose: pydantic's
    validation runs in Rust, and `model_construct` (Python, field by field) counted 5 M more instructions for a
    page of 50 entries (bench/read_instructions.py)."""
    by_entry: dict[UUID, list[LineView]] = {e.id: [] for e in entries}
    if by_entry:
        # plain columns of the tables, not ORM rows: a page's lines are only read, and building an
        # identity-mapped object per line was half of the journal entries page's time. The entries were
        # read through the tenant-filtered ORM; their lines are found by those entries' ids.
        ln, acc = JournalLine.__table__.c, Account.__table__.c
        rows = uow.session.execute(
            select(ln.entry_id, ln.line_no, acc.code, acc.name, ln.commodity, ln.quantity, ln.rate, ln.base_debit,
                   ln.base_credit, ln.memo, ln.activity_code, *(ln[d] for d in DIMENSIONS))
            .join_from(JournalLine.__table__, Account.__table__, acc.id == ln.account_id)
            .where(ln.entry_id.in_(list(by_entry))).order_by(ln.entry_id, ln.line_no)).all()
        for (entry_id, line_no, code, name, commodity, quantity, rate, base_debit, base_credit, memo, activity,
             *dims) in rows:
            by_entry[entry_id].append(LineView(
                line_no=line_no, account_code=code, account_name=name, commodity=commodity,
                quantity=quantity, rate=rate, debit=quantity if quantity > 0 else ZERO,
                credit=-quantity if quantity < 0 else ZERO, base_debit=base_debit,
                base_credit=base_credit, memo=memo, activity_code=activity, **dict(zip(DIMENSIONS, dims, strict=True))))
    out = []
    for e in entries:
        lines = by_entry[e.id]
        out.append(EntryView(id=e.id, number=e.number, journal_type=e.journal_type, entry_date=e.entry_date,
                             status=e.status, narration=e.narration, reference=e.reference, payee=e.payee,
                             source=e.source, reverses_id=e.reverses_id, reversed_by_id=e.reversed_by_id,
                             total=sum((ln.base_debit for ln in lines), ZERO), lines=lines if with_lines else [],
                             version=e.version))
    return out


def rate_on(uow: UnitOfWork, book_id: UUID, currency: str, on: date) -> Decimal | None:
    """The book's latest rate of `currency` on or before `on`."""
    return uow.session.execute(
        select(ExchangeRate.rate).where(ExchangeRate.book_id == book_id, ExchangeRate.currency == currency,
                                        ExchangeRate.rate_date <= on)
        .order_by(ExchangeRate.rate_date.desc()).limit(1)).scalar_one_or_none()


def to_plain(value: Any) -> Any:
    """JSON-friendly values for CLI/REST output."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (date, UUID)):
        return str(value)
    return value
