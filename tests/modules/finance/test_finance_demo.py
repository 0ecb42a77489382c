"""The demo company's year: loads through the bulk path, lands in the company's own book, and its
statements balance."""

from datetime import date, timedelta

from vextrus.modules.finance import demo, service
from vextrus.modules.finance.service import reporting
from vextrus.modules.organization import api as org
from vextrus.platform import clock


def test_demo_year_loads_into_the_company_book_and_balances(db, tenant_id, admin):
    company = org.create_company(org.CompanyInput(code="PBL", name="Padma Builders Ltd."))
    db.relay.drain()  # the finance handler opens the company's book
    demo.load(tenant_id)  # its speed is bench/startup.py's to measure, not a test's
    books = service.list_books()
    assert [(b.code, b.company_id) for b in books] == [("PBL", company.id)]
    book = company.id  # reports find the book by the company's id
    tb = reporting.trial_balance(book, date(2025, 7, 1), date(2026, 6, 30))
    assert tb.is_balanced and len(tb.lines) > 20
    bs = reporting.balance_sheet(book, date(2026, 6, 30))
    assert bs.is_balanced
    inc = reporting.income_statement(book, date(2025, 7, 1), date(2026, 6, 30))
    assert inc.revenue.total > 0 and inc.net_profit == bs.current_year_earnings
    cf = reporting.cash_flow(book, date(2025, 7, 1), date(2026, 6, 30))
    assert cf.reconciles
    by = {ln.account_code for ln in tb.lines}
    assert {"1131", "2142", "2150", "1150", "2130", "5120"} <= by  # retention, VDS, AIT, input VAT, advance
    assert reporting.verify(book).differences == []
    # the year before (a comparison) and every year up to the one holding today are open, so a new
    # user posts today's date on the first day
    years = service.list_fiscal_years(book)
    assert years[0].label == "2024-25" and years[-1].start_date <= clock.today() <= years[-1].end_date
    assert all(b.start_date == a.end_date + timedelta(days=1) for a, b in zip(years, years[1:], strict=False))


def test_demo_without_a_company_keeps_a_stand_alone_book(db, tenant_id, admin):
    demo.load(tenant_id)
    assert [(b.code, b.company_id) for b in service.list_books()] == [(demo.BOOK, None)]


def test_demo_posts_into_the_demo_company_not_one_added_beside_it(db, tenant_id, admin):
    """A company someone added that sorts before the demo company (code "AAA" < "PBL") gets no demo
    ledger: the demo takes organization.api.demo_company(), not the first company by code."""
    org.create_company(org.CompanyInput(code="AAA", name="Another Ltd."))
    company = org.create_company(org.CompanyInput(code="PBL", name="Padma Builders Ltd."))
    db.relay.drain()
    demo.load(tenant_id)
    posted = {b.code: len(service.list_entries(b.code, limit=5)) for b in service.list_books()}
    assert posted["PBL"] > 0 and posted.get("AAA", 0) == 0
    assert demo.demo_book() == ("PBL", company.id)
