"""Journal entries: drafts, posting (one entry, or many in one transaction), reversal, reading.

Lines are validated with `domain.journal` (the bulk path's common case with `domain.fastpath`), what
they name in other modules with `references`, and written with `posting.insert_posted`, so the balance
projection moves in the same transaction as the journal. A posted entry announces its project cost
lines (`finance.journal.posted`)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import Select, delete, select

from vextrus.platform import context
from vextrus.platform.errors import DomainError, NotFound
from vextrus.platform.i18n import to_bangla_digits
from vextrus.platform.money import check_amount, to_decimal
from vextrus.platform.pagination import Page, check_limit_offset, paginate
from vextrus.platform.uow import UnitOfWork, command, query

from .. import approvals, posting
from ..domain import accounts as dacc
from ..domain import costs as dcost
from ..domain import entries as dentries
from ..domain import fastpath
from ..domain import journal as dj
from ..domain.errors import LedgerError
from ..domain.money import minor_units
from ..events import JournalBulkPosted, JournalPosted, JournalReversed
from ..posting import DIMENSIONS, NewEntry, NewLine
from ..schemas import ZERO, BulkResult, EntryIn, EntryView, LineIn
from ..tables import Account, Book, JournalEntry, JournalLine
from .lookups import accounts_of, domain_chart, entry_view, entry_views, get_book, load_entry, rate_on
from .references import (
    check_payees,
    check_references,
    has_references,
    hold_parties,
    line_parties,
    named_lines,
)

ONE = Decimal(1)


def activity_of(ln: Any, i: int) -> str | None:
    code = ln.activity_code
    return None if code is None else dcost.activity_code(code, ln.project_id is not None, f"lines[{i}].activity_code")


def dims_of(ln: Any) -> dict[str, UUID | None] | None:
    """The line's dimension ids, or None when it has none (the common case, kept cheap)."""
    vals = (ln.cost_centre_id, ln.project_id, ln.department_id, ln.party_id)
    if vals == (None, None, None, None):
        return None
    return dict(zip(DIMENSIONS, vals, strict=True))


def build_entry(uow: UnitOfWork, b: Book, accts: dict[str, Account], entry: EntryIn,
                chart: dict[str, dacc.Account], rates: dict[tuple[str, date], Decimal | None]) -> NewEntry:
    """Validate an entry with the domain rules and turn it into rows (amounts in base and transaction currency)."""
    lines = []
    for i, ln in enumerate(entry.lines):
        cur = ln.currency or b.base_currency
        rate = ln.rate
        if rate is None:
            if cur == b.base_currency:
                rate = Decimal(1)
            else:
                key = (cur, entry.entry_date)
                if key not in rates:
                    rates[key] = rate_on(uow, b.id, cur, entry.entry_date)
                rate = rates[key]
                if rate is None:
                    raise LedgerError("rate_missing", f"Line {i + 1}: no {cur} exchange rate on or before "
                                      f"{entry.entry_date.isoformat()}; enter one or give the rate.",
                                      f"লাইন {to_bangla_digits(str(i + 1))}: {cur}-এর বিনিময় হার নেই।", field=f"lines[{i}].rate",
                                      details={"currency": cur})
        lines.append(dj.LineInput(ln.account_code, ln.debit, ln.credit, cur, rate, ln.memo))
    built = dj.validate_entry(dj.EntryInput(entry.journal_type, entry.entry_date, lines, entry.narration,
                                            entry.reference, b.base_currency), chart)
    out = []
    for i, (ln_in, jl) in enumerate(zip(entry.lines, built.lines, strict=True)):
        commodity = b.base_commodity if jl.currency == b.base_currency else jl.currency
        out.append(NewLine(account_id=accts[jl.account_code].id, commodity=commodity, quantity=jl.signed_amount,
                           base_debit=jl.base_debit, base_credit=jl.base_credit, rate=jl.rate, memo=jl.memo,
                           dims=dims_of(ln_in), activity_code=activity_of(ln_in, i)))
    return NewEntry(journal_type=built.journal_type.value, entry_date=entry.entry_date, lines=out,
                    narration=entry.narration, reference=entry.reference)


@command("finance.journal.create", scope="finance.create_draft")
def create_draft(uow: UnitOfWork, book: UUID | str, entry: EntryIn) -> EntryView:
    """Save an entry without posting: it is validated when posted, so drafts may be incomplete."""
    b = get_book(uow, book)
    hold_parties(b, line_parties(entry.lines))
    check_references(b, named_lines(entry.lines))
    accts = accounts_of(uow, b.id, (ln.account_code for ln in entry.lines))
    cal = posting.load_calendar(uow.session, b.id)
    new = NewEntry(journal_type=entry.journal_type, entry_date=entry.entry_date, lines=[],
                   narration=entry.narration, reference=entry.reference)
    new.period = cal.for_date(entry.entry_date)
    for i, ln in enumerate(entry.lines):
        a = accts.get(ln.account_code)
        if a is None:
            raise LedgerError("account_unknown", f"Line {i + 1}: account {ln.account_code} does not exist.",
                              f"লাইন {to_bangla_digits(str(i + 1))}: হিসাব {ln.account_code} নেই।", field=f"lines[{i}].account_code")
        for name in ("debit", "credit", "rate"):  # rows go in driver-ready: bound them as the columns would
            value = getattr(ln, name)
            if value is not None:
                check_amount(to_decimal(value, f"lines[{i}].{name}"), f"lines[{i}].{name}")
        new.lines.append(NewLine(account_id=a.id, commodity=ln.currency or b.base_commodity,
                                 quantity=Decimal(ln.debit) - Decimal(ln.credit), base_debit=ZERO, base_credit=ZERO,
                                 rate=ln.rate or Decimal(1), memo=ln.memo,
                                 dims=dims_of(ln), activity_code=activity_of(ln, i)))
    tid = context.require_tenant()
    posting.write_rows(uow.session, JournalEntry.__table__, posting.ENTRY_COLS,
                       posting.entry_rows([new], b.id, tid, "draft"))
    posting.write_rows(uow.session, JournalLine.__table__, posting.LINE_COLS,
                       posting.line_rows([new], b.id, tid, posted=False))
    return entry_view(uow, uow.session.get(JournalEntry, new.id))


def draft_input(uow: UnitOfWork, b: Book, e: JournalEntry) -> EntryIn:
    rows = uow.session.execute(select(JournalLine, Account.code).join(Account, Account.id == JournalLine.account_id)
                               .where(JournalLine.entry_id == e.id).order_by(JournalLine.line_no)).all()
    lines = []
    for ln, code in rows:
        cur = b.base_currency if ln.commodity == b.base_commodity else ln.commodity
        q = dentries.trimmed(ln.quantity)  # stored at 6 places; the entry's rules count the written decimals
        lines.append(LineIn(account_code=code, debit=q if q > 0 else ZERO, credit=-q if q < 0 else ZERO,
                            currency=cur, rate=None if cur == b.base_currency else ln.rate, memo=ln.memo,
                            activity_code=ln.activity_code, **{d: getattr(ln, d) for d in DIMENSIONS}))
    return EntryIn(journal_type=e.journal_type, entry_date=e.entry_date, lines=lines, narration=e.narration,
                   reference=e.reference)


@command("finance.journal.post", scope="finance.post_draft")
def post_draft(uow: UnitOfWork, book: UUID | str, entry: UUID | str) -> EntryView:
    b = get_book(uow, book)
    e = load_entry(uow, b, entry, lock=True)
    dentries.check_draft(e.status, e.number)
    data = draft_input(uow, b, e)
    approvals.check_may_post(b, e.id, data)  # an entry that needs approval waits for it (issue 13)
    uow.session.execute(delete(JournalLine.__table__).where(JournalLine.entry_id == e.id))
    uow.session.execute(delete(JournalEntry.__table__).where(JournalEntry.id == e.id))
    uow.session.expunge(e)
    view = post_one(uow, b, data, entry_id=e.id)
    return view


def post_one(uow: UnitOfWork, b: Book, entry: EntryIn, entry_id: UUID | None = None,
             source: str = "manual") -> EntryView:
    """Check, build and post one entry (its references, payees, lines); announce it; its view."""
    hold_parties(b, line_parties(entry.lines))
    check_references(b, named_lines(entry.lines))
    accts = accounts_of(uow, b.id, (ln.account_code for ln in entry.lines))
    check_payees(accts, ((f"lines[{i}].", ln) for i, ln in enumerate(entry.lines)))
    new = build_entry(uow, b, accts, entry, domain_chart(accts), {})
    new.source = source
    if entry_id is not None:
        new.id = entry_id
    posting.insert_posted(uow.session, b.id, context.require_tenant(), [new])
    emit_posted(uow, b, new, dcost.cost_account_ids(accts.values()))
    return entry_view(uow, uow.session.get(JournalEntry, new.id))


def emit_posted(uow: UnitOfWork, b: Book, new: NewEntry, cost_ids: frozenset[UUID]) -> None:
    """`finance.journal.posted` for one posted entry, with its project cost lines."""
    costs = dcost.cost_lines(new, cost_ids, b.base_currency) if dcost.has_project(new) else []
    uow.emit(JournalPosted(book_id=str(b.id), entry_id=str(new.id), number=new.number,
                           journal_type=new.journal_type, entry_date=new.entry_date.isoformat(),
                           total=str(sum((ln.base_debit for ln in new.lines), ZERO)), cost_lines=costs,
                           reverses_id=str(new.reverses_id) if new.reverses_id else None))


@command("finance.journal.post", scope="finance.post_entry")
def post_entry(uow: UnitOfWork, book: UUID | str, entry: EntryIn) -> EntryView:
    """Validate and post one entry; its number and the balances are written in the same transaction."""
    b = get_book(uow, book)
    approvals.check_may_post(b, None, entry)  # above the approval threshold: draft and submit instead
    return post_one(uow, b, entry)


def _bulk_entries(uow: UnitOfWork, b: Book, accts: dict[str, Account], entries: list[EntryIn],
                  source: str) -> list[NewEntry]:
    """Validate and build a bulk post's entries; errors name the entry (`entries[i]...`)."""
    refs = {c: fastpath.AccountRef(a.id, a.is_group, a.is_active, a.currency) for c, a in accts.items()}
    chart: dict[str, dacc.Account] | None = None
    rates: dict[tuple[str, date], Decimal | None] = {}
    base, commodity = b.base_currency, b.base_commodity
    # the fast path's integer amounts are in the base currency's minor units: stored as is when the
    # amount columns keep the same scale (2: BDT, USD, ...), else the writer converts the Decimals
    minor_ok = minor_units(base) == posting.MONEY_SCALE
    built = []
    # ids count up in date order (ties: input order), so the batch goes into every index in key order
    ids: list[UUID] = [None] * len(entries)  # type: ignore[list-item]
    for k, new_id in zip(sorted(range(len(entries)), key=lambda k: entries[k].entry_date),
                         posting.line_ids(len(entries)), strict=True):
        ids[k] = new_id
    for i, e in enumerate(entries):
        try:
            simple = fastpath.simple_lines(e.journal_type, e.lines, refs, base)
            if simple is not None:  # the common case: no domain objects, same rules
                new = NewEntry(journal_type=e.journal_type, entry_date=e.entry_date, narration=e.narration,
                               reference=e.reference, source=source, id=ids[i], lines=[
                                   NewLine(acc.id, commodity, dr - cr, dr, cr, ONE, ln.memo, dims=dims_of(ln),
                                           activity_code=None if ln.activity_code is None else activity_of(ln, j),
                                           minor=units if minor_ok else None)
                                   for j, ((acc, dr, cr, units), ln) in enumerate(zip(simple, e.lines, strict=True))])
                built.append(new)
                continue
            if chart is None:
                chart = domain_chart(accts)
            new = build_entry(uow, b, accts, e, chart, rates)
        except LedgerError as exc:
            exc.field = f"entries[{i}].{exc.field}" if exc.field else f"entries[{i}]"
            exc.details["entry_index"] = i
            raise
        new.source = source
        built.append(new)
    return built


@command("finance.journal.import", scope="finance.post_bulk")
def post_bulk(uow: UnitOfWork, book: UUID | str, entries: list[EntryIn], source: str = "bulk") -> BulkResult:
    """Post many entries in one transaction (imports, integrations): all or nothing.

    Errors name the entry (`entries[i]...`). Rows go in driver-ready with one executemany per table and
    balances with one aggregated upsert, which is what makes this path fast."""
    b = get_book(uow, book)
    hold_parties(b, (pair for i, e in enumerate(entries) for pair in line_parties(e.lines, f"entries[{i}].")))
    check_references(b, ((f"entries[{i}].lines[{j}].", ln) for i, e in enumerate(entries)
                          for j, ln in enumerate(e.lines) if has_references(ln)))  # no string per plain line
    accts = accounts_of(uow, b.id)
    check_payees(accts, ((f"entries[{i}].lines[{j}].", ln) for i, e in enumerate(entries)
                          for j, ln in enumerate(e.lines) if ln.party_id is not None))
    with posting.gc_paused(len(entries)):
        built = _bulk_entries(uow, b, accts, entries, source)
        posting.insert_posted(uow.session, b.id, context.require_tenant(), built)
    cost_ids: frozenset[UUID] | None = None
    for new in built:  # projects hear of each entry that carries project costs (few in a bulk import)
        if dcost.has_project(new):
            cost_ids = cost_ids or dcost.cost_account_ids(accts.values())
            emit_posted(uow, b, new, cost_ids)
    first = min((e.number for e in built), default=None)
    last = max((e.number for e in built), default=None)
    uow.emit(JournalBulkPosted(book_id=str(b.id), count=len(built), first_number=first, last_number=last,
                               source=source))
    return BulkResult(count=len(built), lines=sum(len(e.lines) for e in built), first_number=first, last_number=last,
                      ids=[e.id for e in built] if len(built) <= 1000 else [])


@query("finance.journal.import", scope="finance.check_bulk")
def check_bulk(uow: UnitOfWork, book: UUID | str, entries: list[EntryIn]) -> list[tuple[int, DomainError]]:
    """What `post_bulk` would refuse, entry by entry (the first problem of each), posting nothing: an
    import's dry run names every bad entry at once, not only the first. Errors' fields are the entry's
    own (`lines[1].account_code`); the index says which entry."""
    b = get_book(uow, book)
    accts = accounts_of(uow, b.id)
    chart = domain_chart(accts)
    cal = posting.load_calendar(uow.session, b.id)
    rates: dict[tuple[str, date], Decimal | None] = {}
    out: list[tuple[int, DomainError]] = []
    for i, e in enumerate(entries):
        try:
            check_references(b, named_lines(e.lines))
            check_payees(accts, ((f"lines[{j}].", ln) for j, ln in enumerate(e.lines) if ln.party_id is not None))
            posting.check_periods([build_entry(uow, b, accts, e, chart, rates)], cal)
        except DomainError as exc:
            out.append((i, exc))
    return out


def _reversal_of(uow: UnitOfWork, b: Book, e: JournalEntry, on: date, narration: str | None) -> NewEntry:
    rows = uow.session.execute(select(JournalLine).where(JournalLine.entry_id == e.id).order_by(JournalLine.line_no)
                               ).scalars().all()
    lines = [NewLine(account_id=ln.account_id, commodity=ln.commodity, quantity=-ln.quantity,
                     base_debit=ln.base_credit, base_credit=ln.base_debit, rate=ln.rate, memo=ln.memo,
                     price_commodity=ln.price_commodity, price=ln.price, cost_commodity=ln.cost_commodity,
                     cost_quantity=-ln.cost_quantity if ln.cost_quantity is not None else None,
                     dims=dims_of(ln), activity_code=ln.activity_code) for ln in rows]
    return NewEntry(journal_type="reversal", entry_date=on, lines=lines,
                    narration=narration if narration is not None else f"Reversal of {e.number}",
                    reference=e.number or "", reverses_id=e.id, source="reversal")


def reverse_posted(uow: UnitOfWork, b: Book, e: JournalEntry, on: date, narration: str | None = None,
                   allow_closed: bool = False) -> NewEntry:
    dentries.check_reversible(e.status, str(e.number or e.id), e.entry_date, on)
    rev = _reversal_of(uow, b, e, on, narration)
    posting.insert_posted(uow.session, b.id, context.require_tenant(), [rev], allow_closed=allow_closed)
    # the reversal is a posted entry: projects take its (negated) cost lines from finance.journal.posted
    emit_posted(uow, b, rev, dcost.cost_account_ids(accounts_of(uow, b.id).values()))
    e.status, e.reversed_by_id = "reversed", rev.id
    uow.session.flush()  # compare-and-set: a concurrent change of the entry is refused (Versioned)
    uow.emit(JournalReversed(book_id=str(b.id), entry_id=str(e.id), number=e.number or "", reversal_id=str(rev.id),
                             reversal_number=rev.number, reversal_date=on.isoformat()))
    return rev


@command("finance.journal.reverse", scope="finance.reverse_entry")
def reverse_entry(uow: UnitOfWork, book: UUID | str, entry: UUID | str, reversal_date: date,
                  narration: str | None = None) -> EntryView:
    """Cancel a posted entry with a full reversal dated `reversal_date`; the original stays, marked reversed."""
    b = get_book(uow, book)
    e = load_entry(uow, b, entry, lock=True)
    rev = reverse_posted(uow, b, e, reversal_date, narration)
    return entry_view(uow, uow.session.get(JournalEntry, rev.id))


@query("finance.journal.view", scope="finance.get_entry")
def get_entry(uow: UnitOfWork, book: UUID | str, entry: UUID | str) -> EntryView:
    b = get_book(uow, book)
    return entry_view(uow, load_entry(uow, b, entry))


# what `entry_views` reads of an entry (rows carry them by these names, as ORM objects do)
ENTRY_COLUMNS = (JournalEntry.id, JournalEntry.number, JournalEntry.journal_type, JournalEntry.entry_date,
                 JournalEntry.status, JournalEntry.narration, JournalEntry.reference, JournalEntry.payee,
                 JournalEntry.source, JournalEntry.reverses_id, JournalEntry.reversed_by_id, JournalEntry.version)


def _entries_filtered(uow: UnitOfWork, b: Book, status: str | None, date_from: date | None, date_to: date | None,
                      account: str | None) -> Select[Any]:
    """The book's entries with the list's filters (status, dates, an account on any line), as plain columns: a
    list only builds views, and an identity-mapped ORM object per entry was a third of the page's CPU."""
    q = select(*ENTRY_COLUMNS).where(JournalEntry.book_id == b.id)
    if status:
        q = q.where(JournalEntry.status == status)
    if date_from:
        q = q.where(JournalEntry.entry_date >= date_from)
    if date_to:
        q = q.where(JournalEntry.entry_date <= date_to)
    if account:
        acc = accounts_of(uow, b.id).get(account)
        if acc is None:
            raise NotFound("account", account, field="account")
        q = q.where(JournalEntry.id.in_(select(JournalLine.entry_id).where(JournalLine.account_id == acc.id)))
    return q


@query("finance.journal.view", scope="finance.list_entries")
def list_entries(uow: UnitOfWork, book: UUID | str, *, status: str | None = None, date_from: date | None = None,
                 date_to: date | None = None, account: str | None = None, limit: int = 100,
                 offset: int = 0) -> list[EntryView]:
    check_limit_offset(limit, offset)
    b = get_book(uow, book)
    q = _entries_filtered(uow, b, status, date_from, date_to, account)
    q = q.order_by(JournalEntry.entry_date.desc(), JournalEntry.number.desc()).limit(limit).offset(offset)
    return entry_views(uow, uow.session.execute(q).all())


@query("finance.journal.view", scope="finance.page_entries")
def page_entries(uow: UnitOfWork, book: UUID | str, first: int = 50, after: str | None = None, *,
                 status: str | None = None, date_from: date | None = None, date_to: date | None = None,
                 account: str | None = None) -> Page[EntryView]:
    """One page of a book's entries in id order (ids are UUIDv7), for cursor pagination, with the same
    filters as `list_entries` (the cursor is the id, so the next page keeps the filters the caller repeats)."""
    b = get_book(uow, book)
    page = paginate(uow.session, _entries_filtered(uow, b, status, date_from, date_to, account), JournalEntry.id,
                    first=first, after=after, convert=UUID, plain=True)
    return Page(entry_views(uow, page.items), page.end_cursor, page.has_next_page)
