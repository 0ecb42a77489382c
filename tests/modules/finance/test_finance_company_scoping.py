"""Company scoping of the ledger (security issue 10, finding 2): inside one tenant, a user acting in
company B (accountant there only) neither reads nor writes company A's book — by code, book id or
company id — and sees only B's books in lists. Another company's book is "not found" (its existence
is not revealed); system work (jobs, the demo, the CLI) still reaches every company."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal as D

import pytest
from sqlalchemy import func, select

from vextrus.modules.auth import service as auth
from vextrus.modules.auth.service import sessions
from vextrus.modules.finance import graphql as fgraphql
from vextrus.modules.finance import service
from vextrus.modules.finance.service import AccountInput, EntryIn, LineIn, RecurringInput, reporting
from vextrus.modules.finance.tables import JournalEntry
from vextrus.modules.organization import api as org
from vextrus.platform import context
from vextrus.platform.errors import NotFound


def _entry(amount: str = "1000", day: int = 10) -> EntryIn:
    return EntryIn(entry_date=date(2025, 7, day), narration="Cement", lines=[
        LineIn(account_code="5110", debit=D(amount)), LineIn(account_code="1120", credit=D(amount))])


@pytest.fixture
def two(admin, tenant_id):
    """Companies A (PBL, with a posted entry and a recurring entry) and B (PB2, with its own book),
    and the context of a user who is accountant in B only, acting in B."""
    a = org.create_company(org.CompanyInput(code="PBL", name="Padma Builders Ltd."))
    b = org.create_company(org.CompanyInput(code="PB2", name="Padma Builders Two Ltd."))
    book_a = service.ensure_book("PBL", "Padma Builders Ltd.", a.id)
    book_b = service.ensure_book("PB2", "Padma Builders Two Ltd.", b.id)
    for bk in (book_a, book_b):
        service.open_fiscal_year(bk.code, "2025-26")
    entry_a = service.post_entry("PBL", _entry("5000"))
    service.create_recurring("PBL", RecurringInput(name="Rent", start_date=date(2025, 7, 1), lines=[
        LineIn(account_code="5220", debit=D(100)), LineIn(account_code="1120", credit=D(100))]))
    auth.seed_default_roles(b.id)
    u = auth.create_user(auth.UserInput(email=f"acc@t{tenant_id.hex[-10:]}.example.com", name="Accountant B"),
                         "Rod&Cement-2025", b.id, ["accountant"])
    ctx = sessions.context_for(u.id, tenant_id, company_id=b.id)
    assert ctx.company_id == b.id and ctx.can("finance.journal.post") and not ctx.system
    return a, b, book_a, book_b, entry_a, ctx


def _entries_of(book_id) -> int:
    with context.acting_as(context.system_context(context.current().tenant_id)), service.unit_of_work() as uow:
        return uow.session.execute(select(func.count()).select_from(JournalEntry)
                                   .where(JournalEntry.book_id == book_id)).scalar()


def test_a_user_of_company_b_lists_only_bs_books(db, two):
    _a, _b, book_a, book_b, _e, ctx = two
    assert {bk.code for bk in service.list_books()} == {"PBL", "PB2"}  # no active company: the whole tenant
    with context.acting_as(ctx):
        assert [bk.id for bk in service.list_books()] == [book_b.id]


@pytest.mark.parametrize("ref", ["code", "book_id", "company_id"])
def test_company_a_book_is_not_found_by_any_reference(db, two, ref):
    a, _b, book_a, _bb, entry_a, ctx = two
    key = {"code": "PBL", "book_id": book_a.id, "company_id": a.id}[ref]
    reads = [
        lambda: service.book_view(key), lambda: service.list_accounts(key),
        lambda: service.list_entries(key), lambda: service.get_entry(key, entry_a.id),
        lambda: service.list_fiscal_years(key), lambda: service.list_recurring(key),
        lambda: reporting.trial_balance(key), lambda: reporting.general_ledger(key, "5110"),
        lambda: reporting.balance_sheet(key, date(2026, 6, 30)),
    ]
    with context.acting_as(ctx):
        for read in reads:
            with pytest.raises(NotFound) as e:
                read()
            assert e.value.status == 404 and e.value.message_bn


def test_a_user_of_company_b_cannot_post_or_change_anything_in_as_book(db, two):
    a, _b, book_a, _bb, entry_a, ctx = two
    before = _entries_of(book_a.id)
    writes = [
        lambda: service.post_entry("PBL", _entry()),
        lambda: service.post_entry(a.id, _entry()),
        lambda: service.post_bulk(book_a.id, [_entry(), _entry("7")]),
        lambda: service.create_draft("PBL", _entry()),
        lambda: service.reverse_entry("PBL", entry_a.id, date(2025, 7, 20)),
        lambda: service.create_account("PBL", AccountInput(code="5999", name="Misc", account_type="expense")),
        lambda: service.close_period("PBL", "2025-26", 1),
        lambda: service.set_rate("PBL", "USD", date(2025, 7, 1), D("120")),
        lambda: service.generate_recurring(date(2025, 9, 1), "PBL"),
    ]
    with context.acting_as(ctx), pytest.raises(NotFound):  # the accountant of B, as in the report
        service.post_entry("PBL", _entry())
    with context.acting_as(replace(ctx, permissions=frozenset({"*"}))):  # even every permission in B
        for write in writes:
            with pytest.raises(NotFound):
                write()
    assert _entries_of(book_a.id) == before
    assert [p.state for p in service.list_fiscal_years("PBL")[0].periods][0] == "open"


def test_book_creation_stays_inside_the_active_company(db, two):
    a, b, _ba, book_b, _e, ctx = two
    with context.acting_as(replace(ctx, permissions=frozenset({"finance.*"}))):  # a finance manager in B
        with pytest.raises(NotFound):
            service.ensure_book("X", "Another company's", a.id)  # naming company A
        with pytest.raises(NotFound):
            service.ensure_book("PBL", "A's code")  # A's book by its code
        assert service.ensure_book("PB2", "again").id == book_b.id
        fresh = service.ensure_book("PB2-IMPORT", "an imported ledger", template=None)
        assert fresh.company_id == b.id  # a new book (plain-text import) is the active company's


def test_b_user_works_in_bs_book_and_system_work_reaches_every_company(db, two):
    _a, _b, book_a, book_b, _e, ctx = two
    with context.acting_as(ctx):
        posted = service.post_entry("PB2", _entry("300"))
        assert [e.id for e in service.list_entries("PB2")] == [posted.id]
        assert reporting.trial_balance(book_b.id).lines
        service.generate_recurring(date(2025, 9, 1))  # no book named: B's recurring entries only (none)
    assert _entries_of(book_a.id) == 1  # A's rent was not posted by B's user
    with context.acting_as(context.system_context(context.current().tenant_id)):
        assert len(service.list_books()) == 2 and service.list_entries("PBL")
        assert len(service.generate_recurring(date(2025, 9, 1))) == 3  # A's rent, July to September
    assert _entries_of(book_a.id) == 4


def test_federation_references_to_as_rows_resolve_to_nothing(db, two):
    _a, _b, _ba, _bb, entry_a, ctx = two
    account_id = service.list_accounts("PBL")[0].id
    assert fgraphql.JournalEntry.resolve_reference(str(entry_a.id)) is not None
    with context.acting_as(ctx):
        assert fgraphql.JournalEntry.resolve_reference(str(entry_a.id)) is None
        assert fgraphql.Account.resolve_reference(str(account_id)) is None
