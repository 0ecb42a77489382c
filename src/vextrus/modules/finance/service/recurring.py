"""Recurring entries (rent, depreciation): templates saved with their lines checked, made from an
existing entry, paused and resumed, and posted when due (catching up missed months)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from sqlalchemy import select

from vextrus.platform import context
from vextrus.platform.errors import DomainError, NotFound
from vextrus.platform.pagination import Page, paginate
from vextrus.platform.uow import UnitOfWork, command, query

from ..domain import entries as dentries
from ..domain import recurring as drec
from ..events import RecurringJournalFailed, RecurringJournalPosted
from ..schemas import ZERO, EntryIn, LineIn, RecurringInput, RecurringView
from ..tables import Book, RecurringTemplate
from .journal import build_entry, draft_input, post_one
from .lookups import accounts_of, domain_chart, get_book, load_entry
from .references import check_references, hold_parties, line_parties, named_lines


@command("finance.recurring.manage", scope="finance.create_recurring")
def create_recurring(uow: UnitOfWork, book: UUID | str, data: RecurringInput) -> RecurringView:
    return _create_recurring(uow, get_book(uow, book), data)


def _create_recurring(uow: UnitOfWork, b: Book, data: RecurringInput) -> RecurringView:
    hold_parties(b, line_parties(data.lines))
    check_references(b, named_lines(data.lines))
    accts = accounts_of(uow, b.id)
    name = drec.check_name(data.name)
    # validate the lines once now, so a broken template fails when it is saved, not at month end
    build_entry(uow, b, accts, EntryIn(journal_type=data.journal_type, entry_date=data.start_date, lines=data.lines,
                                       narration=data.narration), domain_chart(accts), {})
    drec.check_schedule(data.interval_months, data.start_date, data.end_date)
    r = RecurringTemplate(book_id=b.id, name=name, journal_type=data.journal_type,
                          narration=data.narration, lines=[ln.model_dump(mode="json") for ln in data.lines],
                          day_of_month=data.start_date.day, interval_months=data.interval_months,
                          next_date=data.start_date, end_date=data.end_date, is_active=True)
    uow.session.add(r)
    uow.session.flush()
    return _recurring_view(r)


def _recurring_view(r: RecurringTemplate) -> RecurringView:
    total = sum((Decimal(str(ln.get("debit") or 0)) for ln in r.lines), ZERO)
    return RecurringView(id=r.id, name=r.name, next_date=r.next_date, end_date=r.end_date, is_active=r.is_active,
                         journal_type=r.journal_type, interval_months=r.interval_months, total=total)


@command("finance.recurring.manage", scope="finance.recurring_from_entry")
def recurring_from_entry(uow: UnitOfWork, book: UUID | str, entry: UUID | str, name: str, start_date: date,
                         interval_months: int = 1, end_date: date | None = None) -> RecurringView:
    """A recurring entry with the lines of an existing entry (this month's rent, posted again monthly)."""
    b = get_book(uow, book)
    e = load_entry(uow, b, entry)
    data = draft_input(uow, b, e)
    return _create_recurring(uow, b, RecurringInput(
        name=name, lines=[ln.model_copy(update={"rate": None}) for ln in data.lines],  # the rate of each date
        start_date=start_date, end_date=end_date, journal_type=data.journal_type
        if data.journal_type not in dentries.NOT_REPEATABLE else "general",
        narration=e.narration, interval_months=interval_months))


@command("finance.recurring.manage", scope="finance.set_recurring_active")
def set_recurring_active(uow: UnitOfWork, book: UUID | str, recurring: UUID | str, active: bool) -> RecurringView:
    """Pause or resume a recurring entry (a resumed one catches up from its next date)."""
    b = get_book(uow, book)
    r = uow.session.get(RecurringTemplate, UUID(str(recurring)), with_for_update=True)
    if r is None or r.book_id != b.id:
        raise NotFound("recurring entry", str(recurring), field="recurring")
    r.is_active = active
    uow.session.flush()
    return _recurring_view(r)


@command("finance.journal.post", scope="finance.generate_recurring")
def generate_recurring(uow: UnitOfWork, as_of: date, book: UUID | str | None = None,
                       recurring: UUID | None = None) -> list[str]:
    """Post every recurring entry due on or before `as_of` (catching up missed months); returns numbers.
    `recurring` limits it to one template (the daily job posts each on its own, so one that cannot
    post — its date in a closed period — does not hold back the others)."""
    q = select(RecurringTemplate).where(RecurringTemplate.is_active.is_(True), RecurringTemplate.next_date <= as_of)
    if book is not None:
        q = q.where(RecurringTemplate.book_id == get_book(uow, book).id)
    elif (scope := context.company_scope()) is not None:  # every book of the active company only
        q = q.where(RecurringTemplate.book_id.in_(select(Book.id).where(Book.company_id == scope)))
    if recurring is not None:
        q = q.where(RecurringTemplate.id == recurring)
    numbers: list[str] = []
    for r in uow.session.execute(q.order_by(RecurringTemplate.next_date).with_for_update()).scalars().all():
        b = uow.session.get(Book, r.book_id)
        while r.is_active and r.next_date <= as_of:
            if r.end_date is not None and r.next_date > r.end_date:
                r.is_active = False
                break
            entry = EntryIn(journal_type=r.journal_type, entry_date=r.next_date, narration=r.narration or r.name,
                            reference=f"recurring:{r.name}", lines=[LineIn(**ln) for ln in r.lines])
            posted = post_one(uow, b, entry, source="recurring")
            numbers.append(posted.number or "")
            uow.emit(RecurringJournalPosted(book_id=b.id, book_code=b.code, company_id=b.company_id,
                                            recurring_id=r.id, recurring_name=r.name, entry_id=posted.id,
                                            number=posted.number or "", entry_date=r.next_date, total=posted.total,
                                            currency=b.base_currency))
            r.next_date = drec.add_months(r.next_date, r.interval_months, r.day_of_month)
    uow.session.flush()
    return numbers


@command("finance.journal.post", scope="finance.recurring_failed")
def recurring_failed(uow: UnitOfWork, book: UUID | str, recurring: UUID, error: DomainError) -> None:
    """Announce that a due recurring entry could not be posted (the morning job, after its own
    transaction was rolled back), so the people who follow it hear of it."""
    b = get_book(uow, book)
    r = uow.session.get(RecurringTemplate, recurring)
    if r is None or r.book_id != b.id:
        return
    uow.emit(RecurringJournalFailed(book_id=b.id, book_code=b.code, company_id=b.company_id, recurring_id=r.id,
                                    recurring_name=r.name, due_date=r.next_date, code=error.code,
                                    reason=error.message[:400], reason_bn=(error.message_bn or "")[:400],
                                    field=error.field))


@query("finance.journal.view", scope="finance.list_recurring")
def list_recurring(uow: UnitOfWork, book: UUID | str) -> list[RecurringView]:
    b = get_book(uow, book)
    rows = uow.session.execute(select(RecurringTemplate).where(RecurringTemplate.book_id == b.id)
                               .order_by(RecurringTemplate.next_date, RecurringTemplate.name)).scalars()
    return [_recurring_view(r) for r in rows]


@query("finance.journal.view", scope="finance.page_recurring")
def page_recurring(uow: UnitOfWork, book: UUID | str, first: int = 50,
                   after: str | None = None) -> Page[RecurringView]:
    """One cursor page of the book's recurring entries, by id (the order they were made)."""
    b = get_book(uow, book)
    page = paginate(uow.session, select(RecurringTemplate).where(RecurringTemplate.book_id == b.id),
                    RecurringTemplate.id, first=first, after=after, convert=UUID)
    return Page([_recurring_view(r) for r in page.items], page.end_cursor, page.has_next_page)


@query("finance.journal.view", scope="finance.get_recurring")
def get_recurring(uow: UnitOfWork, book: UUID | str, recurring: UUID) -> RecurringView:
    """One recurring entry of the book (the `Location` of its create)."""
    b = get_book(uow, book)
    r = uow.session.get(RecurringTemplate, recurring)
    if r is None or r.book_id != b.id:
        raise NotFound("recurring entry", str(recurring), field="recurring")
    return _recurring_view(r)
