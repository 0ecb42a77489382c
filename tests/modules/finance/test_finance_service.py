"""Posting, reversal, periods, closing, revaluation and recurring entries through the service, on both databases."""

from datetime import date
from decimal import Decimal as D

import pytest
from sqlalchemy import text

from vextrus.modules.finance import service
from vextrus.modules.finance.domain.errors import LedgerError
from vextrus.modules.finance.service import EntryIn, LineIn, reporting
from vextrus.platform import context
from vextrus.platform.errors import DomainError, PermissionDenied


@pytest.fixture
def book(admin):
    b = service.ensure_book("PADMA", "Padma Builders Ltd.")
    service.open_fiscal_year(b.code, "2025-26")
    return b.code


def entry(d="2025-07-10", *lines, jtype="general", narration="test"):
    return EntryIn(journal_type=jtype, entry_date=date.fromisoformat(d), narration=narration,
                   lines=[LineIn(account_code=a, debit=D(dr), credit=D(cr)) for a, dr, cr in lines])


def counts(db):
    with db.engine.connect() as c:
        e = c.execute(text("select count(*) from finance.finance_journal_entry" if db.engine.dialect.name ==
                           "postgresql" else "select count(*) from finance_journal_entry")).scalar()
        return e


def test_post_moves_balances_and_numbers_are_sequential(db, book):
    a = service.post_entry(book, entry("2025-07-10", ("1120", "1000000", "0"), ("3100", "0", "1000000")))
    b = service.post_entry(book, entry("2025-07-11", ("5110", "100000", "0"), ("1150", "15000", "0"),
                                       ("1120", "0", "115000")))
    assert (a.number, b.number) == ("JV/2025-26/000001", "JV/2025-26/000002")
    tb = reporting.trial_balance(book, date(2025, 7, 1), date(2025, 7, 31))
    by = {ln.account_code: ln for ln in tb.lines}
    assert by["1120"].closing_debit == D("885000.00")
    assert tb.totals.debit == tb.totals.credit == D("1115000.00")
    assert reporting.verify(book).differences == []


def test_unbalanced_entry_names_the_field_and_writes_nothing(db, book):
    before = counts(db)
    with pytest.raises(LedgerError) as e:
        service.post_entry(book, entry("2025-07-10", ("1120", "100", "0"), ("3100", "0", "99")))
    assert e.value.code == "entry_unbalanced" and e.value.field == "lines"
    assert counts(db) == before


def test_closed_period_refuses_general_entries_and_reopen_needs_reason(db, book):
    service.close_period(book, "2025-26", 1)
    with pytest.raises(LedgerError) as e:
        service.post_entry(book, entry("2025-07-10", ("1120", "100", "0"), ("3100", "0", "100")))
    assert e.value.code == "period_not_open" and e.value.field == "entry_date"
    with pytest.raises(DomainError):
        service.reopen_period(book, "2025-26", 1, " ")
    service.reopen_period(book, "2025-26", 1, "late supplier bill")
    service.post_entry(book, entry("2025-07-10", ("1120", "100", "0"), ("3100", "0", "100")))


def test_inactive_account_and_deactivation_with_balance(db, book):
    service.post_entry(book, entry("2025-07-10", ("1110", "500", "0"), ("3100", "0", "500")))
    with pytest.raises(LedgerError) as e:
        service.set_account_active(book, "1110", False)
    assert e.value.code == "account_has_balance"
    service.set_account_active(book, "1111", False)
    with pytest.raises(LedgerError) as e:
        service.post_entry(book, entry("2025-07-10", ("1111", "500", "0"), ("3100", "0", "500")))
    assert e.value.code == "account_inactive" and e.value.field == "lines[0].account_code"


def test_wrong_currency_and_malformed_amount(db, book):
    with pytest.raises(LedgerError) as e:
        service.post_entry(book, EntryIn(entry_date=date(2025, 7, 5), lines=[
            LineIn(account_code="1121", debit=D("100"), currency="EUR", rate=D("130")),
            LineIn(account_code="3100", credit=D("13000"))]))
    assert e.value.code == "currency_mismatch" and e.value.field == "lines[0].currency"
    with pytest.raises(LedgerError) as e:
        service.post_entry(book, entry("2025-07-10", ("1120", "100.001", "0"), ("3100", "0", "100.001")))
    assert e.value.code == "too_many_decimals"


def test_reversal_restores_balances_and_marks_original(db, book):
    a = service.post_entry(book, entry("2025-07-10", ("5150", "2500", "0"), ("1111", "0", "2500")))
    r = service.reverse_entry(book, a.number, date(2025, 8, 1))
    assert r.number == "RJ/2025-26/000001" and r.reverses_id == a.id
    assert service.get_entry(book, a.number).status == "reversed"
    with pytest.raises(LedgerError):
        service.reverse_entry(book, a.number, date(2025, 8, 1))
    tb = reporting.trial_balance(book, date(2025, 7, 1), date(2025, 8, 31))
    assert all(ln.closing_debit == ln.closing_credit == 0 for ln in tb.lines)


def test_year_end_closing_moves_profit_to_retained_earnings_and_reopens(db, book):
    service.post_entry(book, entry("2025-08-10", ("1130", "500000", "0"), ("4100", "0", "500000")))
    service.post_entry(book, entry("2025-09-10", ("5120", "300000", "0"), ("2111", "0", "300000")))
    service.close_fiscal_year(book, "2025-26")
    bs = reporting.balance_sheet(book, date(2026, 6, 30))
    assert bs.is_balanced
    re_line = {ln.account_code: ln.amount for ln in bs.equity.lines}
    assert re_line["3200"] == D("200000.00")
    inc = reporting.income_statement(book, date(2025, 7, 1), date(2026, 6, 30))
    assert inc.net_profit == D("200000.00")  # the closing entry does not hide the year's profit
    service.reopen_fiscal_year(book, "2025-26", "audit adjustment")
    bs = reporting.balance_sheet(book, date(2026, 6, 30))
    assert {ln.account_code for ln in bs.equity.lines} == set() and bs.current_year_earnings == D("200000.00")
    assert reporting.verify(book).differences == []


def test_fx_revaluation_posts_gain_and_reverses_next_day(db, book):
    service.set_rate(book, "USD", date(2025, 7, 1), D("120"))
    service.post_entry(book, EntryIn(entry_date=date(2025, 7, 5), lines=[
        LineIn(account_code="1121", debit=D("1000"), currency="USD"),
        LineIn(account_code="3100", credit=D("120000"))]))
    reval = service.revalue(book, date(2025, 7, 31), {"USD": D("122.50")})
    assert reval is not None and reval.total == D("2500.00")
    gl = reporting.trial_balance(book, date(2025, 7, 1), date(2025, 7, 31))
    by = {ln.account_code: ln for ln in gl.lines}
    assert by["1121"].closing_debit == D("122500.00") and by["4310"].closing_credit == D("2500.00")
    tb8 = {ln.account_code: ln for ln in reporting.trial_balance(book, date(2025, 8, 1), date(2025, 8, 31)).lines}
    assert tb8["1121"].closing_debit == D("120000.00") and "4310" not in tb8 or tb8["4310"].closing_credit == 0


def test_recurring_entries_catch_up_monthly(db, book):
    service.create_recurring(book, service.RecurringInput(
        name="Office rent", start_date=date(2025, 7, 31), lines=[
            LineIn(account_code="5220", debit=D("50000")), LineIn(account_code="1120", credit=D("50000"))]))
    nums = service.generate_recurring(date(2025, 9, 30))
    assert len(nums) == 3
    assert service.generate_recurring(date(2025, 9, 30)) == []
    rent = {ln.account_code: ln for ln in reporting.trial_balance(book, date(2025, 7, 1), date(2025, 9, 30)).lines}
    assert rent["5220"].closing_debit == D("150000.00")


def test_permissions_are_checked_in_the_service(db, book, tenant_id):
    clerk = context.RequestContext(tenant_id=tenant_id, permissions=frozenset({"finance.journal.create"}))
    with context.acting_as(clerk), pytest.raises(PermissionDenied):
        service.post_entry(book, entry("2025-07-10", ("1120", "100", "0"), ("3100", "0", "100")))


def test_bulk_posting_by_copy_writes_the_same_journal(db, book, monkeypatch):
    """PostgreSQL's COPY path (through a temporary twin, since COPY refuses RLS tables) posts what
    executemany posts: same numbers, lines, projection; twice in one transaction works too."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("COPY is PostgreSQL's")
    from vextrus.modules.finance import posting

    monkeypatch.setattr(posting, "COPY_MIN_ROWS", 1)
    ents = [entry("2025-07-10", ("5110", f"{100 + i}.25", "0"), ("2110", "0", f"{100 + i}.25")) for i in range(30)]
    r = service.post_bulk(book, ents)
    assert (r.count, r.lines, r.first_number, r.last_number) == (30, 60, "JV/2025-26/000001", "JV/2025-26/000030")
    e = service.post_entry(book, entry("2025-07-11", ("5110", "1", "0"), ("2110", "0", "1")))
    service.reverse_entry(book, e.id, date(2025, 7, 12))  # two inserts in one unit of work
    tb = reporting.trial_balance(book, date(2025, 7, 1), date(2025, 7, 31))
    by = {ln.account_code: ln for ln in tb.lines}
    assert by["5110"].closing_debit == sum(D(f"{100 + i}.25") for i in range(30))
    v = reporting.verify(book)
    assert v.differences == [] and v.unbalanced_entries == [] and v.lines == 64
