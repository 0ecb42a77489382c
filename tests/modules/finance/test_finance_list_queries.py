"""Kernel issue #21, item 7: no per-row queries in the ledger's list endpoints.

Each list is read for a 10-row and a 100-row page and the SQL statements sent to the database are
counted (SQLAlchemy `before_cursor_execute` on the runtime engine, this thread only: the event relay
may be reading the outbox meanwhile). A list that builds each row's view with its own query (an
entry's lines, a fiscal year's periods) would take ~90 more statements for the larger page.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from statement_count import counting
from vextrus.modules.finance import service
from vextrus.modules.finance.service import AccountInput, EntryIn, LineIn, RecurringInput, rates
from vextrus.platform import runtime


def statements(rt: runtime.Runtime, read: Callable[[], Any], rows: int) -> tuple[int, Any]:
    with counting(rt) as seen:
        out = read()
    items = out.items if hasattr(out, "items") and not isinstance(out, dict) else out
    assert len(items) == rows, f"expected a {rows}-row page, got {len(items)}"
    return len(seen), out


def same_for_10_and_100(rt: runtime.Runtime, name: str, read: Callable[[int], Any]) -> tuple[Any, Any]:
    """`read(n)` lists n rows (a page of n, or the list of a book that has n)."""
    ten, small = statements(rt, lambda: read(10), 10)
    hundred, large = statements(rt, lambda: read(100), 100)
    print(f"{rt.engine.dialect.name} finance.{name}: 10 rows {ten}, 100 rows {hundred} statements")
    assert hundred == ten, f"{name}: {ten} statements for 10 rows, {hundred} for 100"
    return small, large


def _entry(i: int) -> EntryIn:
    """Entries of two and three lines, some in dollars, some naming a memo."""
    amount = Decimal(1000 + i)
    lines = [LineIn(account_code="1110", debit=amount, memo=f"cash {i}"),
             LineIn(account_code="3100", credit=amount)]
    if i % 3 == 0:
        lines = [LineIn(account_code="5110", debit=amount),
                 LineIn(account_code="1150", debit=Decimal(15)),
                 LineIn(account_code="1110", credit=amount + 15)]
    return EntryIn(entry_date=date(2025, 7, 1 + i % 28), narration=f"entry {i}", reference=f"R{i}", lines=lines)


def test_entry_lists_read_the_lines_of_a_page_at_once(db, admin) -> None:
    b = service.ensure_book("LQ", "List Query Builders")
    service.open_fiscal_year(b.code, "2025-26")
    service.post_bulk(b.code, [_entry(i) for i in range(100)])
    service.create_draft(b.code, _entry(100))
    small, large = same_for_10_and_100(db, "list_entries", lambda n: service.list_entries(b.code, limit=n))
    assert [e.id for e in small] == [e.id for e in large[:10]]
    # the views say what the entries hold: each entry with its own lines, accounts named, totals summed
    for v in large:
        one = service.get_entry(b.code, v.id)
        assert v == one
    assert {len(v.lines) for v in large} == {2, 3} and all(v.total > 0 for v in large if v.status == "posted")
    assert any(v.status == "draft" for v in large)
    same_for_10_and_100(db, "list_entries(account)",
                        lambda n: service.list_entries(b.code, account="1110", status="posted", limit=n))
    _, paged = same_for_10_and_100(db, "page_entries", lambda n: service.page_entries(b.code, first=n))
    by_id = {v.id: v for v in large}
    assert all(v == by_id[v.id] for v in paged.items if v.id in by_id) and paged.has_next_page


def test_fiscal_years_read_their_periods_at_once(db, admin) -> None:
    for n, first in ((10, 2020), (100, 1930)):
        b = service.ensure_book(f"FY{n}", f"Fiscal Years {n} Ltd.", template=None)
        for year in range(first, 2030):
            service.open_fiscal_year(b.code, date(year, 7, 1))
    small, large = same_for_10_and_100(db, "list_fiscal_years", lambda n: service.list_fiscal_years(f"FY{n}"))
    assert all(len(fy.periods) == 12 for fy in small + large)
    assert [p.code for p in large[0].periods] == [f"P{i:02d}" for i in range(1, 13)]
    assert [fy.label for fy in small] == [fy.label for fy in large[-10:]]
    fy = large[5]
    assert fy.periods[0].fiscal_year == fy.label and fy.periods[0].start_date == fy.start_date
    assert fy.periods[-1].end_date == fy.end_date and not fy.closed


def _books(n: int) -> str:
    """A book with n recurring entries, n dollar rates and n accounts of its own."""
    b = service.ensure_book(f"N{n}", f"{n} Rows Ltd.", template=None)
    for i in range(n):
        service.create_account(b.code, AccountInput(code=f"1{i:03d}", name=f"Account {i}", account_type="asset"))
    service.create_account(b.code, AccountInput(code="3100", name="Capital", account_type="equity"))
    for i in range(n):
        service.create_recurring(b.code, RecurringInput(
            name=f"Rent {i:03d}", start_date=date(2025, 7, 1 + i % 28), lines=[
                LineIn(account_code=f"1{i:03d}", debit=Decimal(100 + i)),
                LineIn(account_code="3100", credit=Decimal(100 + i))]))
    days = [date.fromordinal(date(2025, 1, 1).toordinal() + i) for i in range(n)]
    rates.import_rates(b.code, "currency,date,rate\n" + "".join(
        f"USD,{d.isoformat()},{Decimal(110) + Decimal(i) / 100}\n" for i, d in enumerate(days)))
    return b.code


def test_small_lists_take_a_fixed_number_of_statements(db, admin) -> None:
    books = {n: _books(n) for n in (10, 100)}
    small, large = same_for_10_and_100(db, "list_recurring", lambda n: service.list_recurring(books[n]))
    assert large[0].name == "Rent 000" or large[0].next_date <= large[-1].next_date
    assert {r.total for r in small} == {Decimal(100 + i) for i in range(10)}
    same_for_10_and_100(db, "list_rates", lambda n: rates.list_rates(books[n], "USD"))
    same_for_10_and_100(db, "list_accounts", lambda n: [a for a in service.list_accounts(books[n]) if a.code != "3100"])
    for i in range(98):  # 100 books in the tenant; the list of 10 is read before the others exist
        if i == 8:
            ten, _ = statements(db, service.list_books, 10)
        service.ensure_book(f"B{i:03d}", f"Book {i}", template=None)
    hundred, _ = statements(db, service.list_books, 100)
    print(f"{db.engine.dialect.name} finance.list_books: 10 rows {ten}, 100 rows {hundred} statements")
    assert hundred == ten


def test_cursor_pages_take_a_fixed_number_of_statements(db, admin) -> None:
    """A cursor page of 10 and of 100 read as many statements (a page's periods in one query)."""
    code = _books(100)
    b = service.ensure_book("PGFY", "Paged Years Ltd.", template=None)
    for year in range(1900, 2030):
        service.open_fiscal_year(b.code, date(year, 7, 1))
    same_for_10_and_100(db, "page_recurring", lambda n: service.page_recurring(code, n))
    same_for_10_and_100(db, "page_rates", lambda n: rates.page_rates(code, "USD", n))
    same_for_10_and_100(db, "page_accounts", lambda n: service.page_accounts(code, n))
    small, large = same_for_10_and_100(db, "page_fiscal_years", lambda n: service.page_fiscal_years("PGFY", n))
    assert all(len(fy.periods) == 12 for fy in small.items + large.items)


def test_a_cursor_page_of_books_takes_a_fixed_number_of_statements(db, admin) -> None:
    """A cursor page of 10 and of 100 books (by code) read as many statements."""
    for i in range(100):
        service.ensure_book(f"BK{i:03d}", f"Book {i} Ltd.", template=None)
    small, large = same_for_10_and_100(db, "page_books", lambda n: service.page_books(n))
    assert [b.code for b in large.items] == [f"BK{i:03d}" for i in range(100)]
    assert [b.name for b in small.items] == [f"Book {i} Ltd." for i in range(10)]
