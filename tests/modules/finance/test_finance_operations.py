"""The ledger's periodic work through REST, GraphQL, the pages and the daily job: exchange rates
(entered, imported), FX revaluation, recurring entries and the year-end close."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal as D

import pytest
from fastapi.testclient import TestClient

from vextrus.app import create_app
from vextrus.modules.finance import jobs, service
from vextrus.modules.finance.service import EntryIn, LineIn, rates, reporting
from vextrus.platform import clock

API = "/api/v1/finance/books/PADMA"


@pytest.fixture
def book(admin):
    b = service.ensure_book("PADMA", "Padma Builders Ltd.")
    service.open_fiscal_year(b.code, "2025-26")
    return b.code


@pytest.fixture
def client(db, admin, book):
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as c:
        c.get("/finance/PADMA/rates")  # the CSRF cookie
        c.headers["X-CSRF-Token"] = c.cookies.get("vx_csrf") or ""
        yield c


def _rent(book: str, day: str = "2025-07-31", amount: str = "250000") -> str:
    e = service.post_entry(book, EntryIn(entry_date=date.fromisoformat(day), narration="Office rent, Gulshan", lines=[
        LineIn(account_code="5220", debit=D(amount)), LineIn(account_code="1120", credit=D(amount))]))
    return str(e.id)


# ---- rates -----------------------------------------------------------------------------------------

def test_rates_entered_and_imported_replace_by_day_newest_first(client):
    r = client.post(f"{API}/rates", json={"currency": "USD", "rate_date": "2025-07-01", "rate": "121.50"})
    assert r.status_code == 200 and D(r.json()["rate"]) == D("121.50")
    csv = "currency,date,rate\nUSD,2025-07-31,122.10\nEUR,2025/07/31,131.75\nUSD,2025-07-01,121.40\n"
    r = client.post(f"{API}/rates/import", content=csv.encode(), headers={"Content-Type": "text/csv"})
    assert r.json() == {"count": 3, "currencies": ["EUR", "USD"], "date_from": "2025-07-01", "date_to": "2025-07-31"}
    listed = client.get(f"{API}/rates").json()
    assert [(x["currency"], x["rate_date"], D(x["rate"]), x["source"]) for x in listed] == [
        ("EUR", "2025-07-31", D("131.75"), "imported"), ("USD", "2025-07-31", D("122.10"), "imported"),
        ("USD", "2025-07-01", D("121.40"), "imported")]  # the import replaced the day's entered rate
    assert [x["currency"] for x in client.get(f"{API}/rates", params={"currency": "EUR"}).json()] == ["EUR"]


@pytest.mark.parametrize(("csv", "code", "field"), [
    ("USD,2025-07-31,122.10\nEUR,31-07-2025,131.75\n", "date_invalid", "rows[1].date"),
    ("USD,2025-07-31,122.10\nEUR,2025-07-31,-1\n", "rate_invalid", "rows[1].rate"),
    ("USD,2025-07-31,122.10\nBDT,2025-07-31,1\n", "rate_base_currency", "rows[1].currency"),
    ("USD,2025-07-31\n", "rate_row_invalid", "rows[0]"),
    ("currency,date,rate\n", "rates_empty", "file"),
])
def test_a_bad_rate_file_names_the_row_and_imports_nothing(client, csv, code, field):
    r = client.post(f"{API}/rates/import", content=csv.encode(), headers={"Content-Type": "text/csv"})
    assert r.status_code == 422 and (r.json()["code"], r.json()["field"]) == (code, field)
    assert r.json()["message_bn"]
    assert client.get(f"{API}/rates").json() == []


def test_revaluation_through_rest_posts_and_reverses_next_day(client, book):
    service.set_rate(book, "USD", date(2025, 7, 1), D("120"))
    service.post_entry(book, EntryIn(entry_date=date(2025, 7, 5), lines=[
        LineIn(account_code="1121", debit=D("1000"), currency="USD"), LineIn(account_code="3100", credit=D("120000"))]))
    client.post(f"{API}/rates", json={"currency": "USD", "rate_date": "2025-07-31", "rate": "122.50"})
    r = client.post(f"{API}/revaluations", json={"as_of": "2025-07-31"}, headers={"Idempotency-Key": "rv-1"})
    assert r.status_code == 200 and D(r.json()["total"]) == D("2500.00")
    again = client.post(f"{API}/revaluations", json={"as_of": "2025-07-31"}, headers={"Idempotency-Key": "rv-1"})
    assert again.json()["id"] == r.json()["id"]  # the same key posts once
    tb = {ln.account_code: ln for ln in reporting.trial_balance(book, date(2025, 7, 1), date(2025, 7, 31)).lines}
    assert tb["1121"].closing_debit == D("122500.00")
    aug = {ln.account_code: ln for ln in reporting.trial_balance(book, date(2025, 8, 1), date(2025, 8, 1)).lines}
    assert aug["1121"].closing_debit == D("120000.00")  # reversed on 1 August
    bad = client.post(f"{API}/revaluations", json={"as_of": "2025-07-30"})
    assert bad.status_code == 422 and bad.json()["field"] == "as_of"


# ---- recurring entries --------------------------------------------------------------------------

def test_recurring_from_a_posted_entry_posts_monthly_and_can_pause(client, book):
    rent = _rent(book)
    r = client.post(f"{API}/recurring/from-entry", json={"entry": rent, "name": "Office rent",
                                                          "start_date": "2025-08-31"})
    assert r.status_code == 201  # created (REST convention, issue 21)
    made = r.json()
    assert (made["next_date"], D(made["total"]), made["interval_months"]) == ("2025-08-31", D("250000"), 1)
    run = client.post(f"{API}/recurring/run", json={"as_of": "2025-10-15"}).json()
    assert len(run["numbers"]) == 2  # August and September; October's is not due yet
    [view] = client.get(f"{API}/recurring").json()
    assert view["next_date"] == "2025-10-31"
    paused = client.post(f"{API}/recurring/{made['id']}/active", json={"active": False}).json()
    assert paused["is_active"] is False
    assert client.post(f"{API}/recurring/run", json={"as_of": "2025-12-31"}).json()["numbers"] == []
    client.post(f"{API}/recurring/{made['id']}/active", json={"active": True})
    assert len(client.post(f"{API}/recurring/run", json={"as_of": "2025-12-31"}).json()["numbers"]) == 3
    tb = {ln.account_code: ln for ln in reporting.trial_balance(book, date(2025, 7, 1), date(2025, 12, 31)).lines}
    assert tb["5220"].closing_debit == D("1500000.00")  # July's own entry + five months generated


def test_a_recurring_entry_must_name_itself_and_end_after_it_starts(client, book):
    rent = _rent(book)
    r = client.post(f"{API}/recurring/from-entry", json={"entry": rent, "name": " ", "start_date": "2025-08-31"})
    assert r.status_code == 422 and r.json()["field"] == "name"
    r = client.post(f"{API}/recurring/from-entry", json={"entry": rent, "name": "Rent", "start_date": "2025-08-31",
                                                          "end_date": "2025-08-01"})
    assert r.status_code == 422 and r.json()["field"] == "end_date"
    assert client.get(f"{API}/recurring").json() == []


@pytest.fixture
def morning():
    def at(day: date) -> None:
        clock.set_clock(lambda: datetime(day.year, day.month, day.day, 1, 0, tzinfo=UTC))
    yield at
    clock.set_clock(None)


def test_the_daily_job_posts_what_is_due_and_one_blocked_entry_does_not_hold_back_another(db, book, morning):
    service.create_recurring(book, service.RecurringInput(name="Depreciation", start_date=date(2025, 7, 28), lines=[
        LineIn(account_code="5260", debit=D("200000")), LineIn(account_code="1290", credit=D("200000"))]))
    service.create_recurring(book, service.RecurringInput(name="Rent", start_date=date(2025, 8, 15), lines=[
        LineIn(account_code="5220", debit=D("250000")), LineIn(account_code="1120", credit=D("250000"))]))
    service.close_period(book, "2025-26", 1)  # July is closed: depreciation dated 28 July cannot post
    morning(date(2025, 9, 20))
    assert jobs.post_due_entries() == 2  # rent for August and September
    by_name = {r.name: r for r in service.list_recurring(book)}
    assert by_name["Rent"].next_date == date(2025, 10, 15)
    assert by_name["Depreciation"].next_date == date(2025, 7, 28)  # waits, tried again the next morning
    assert [j.name for j in jobs.JOBS] == ["finance.post_due_entries"]


# ---- year end -----------------------------------------------------------------------------------

def test_year_end_close_and_reopen_through_rest(client, book):
    service.post_entry(book, EntryIn(entry_date=date(2025, 8, 10), lines=[
        LineIn(account_code="1130", debit=D("500000")), LineIn(account_code="4100", credit=D("500000"))]))
    closing = client.post(f"{API}/fiscal-years/2025-26/close").json()
    assert closing["journal_type"] == "closing" and D(closing["total"]) == D("500000.00")
    assert client.post(f"{API}/fiscal-years/2025-26/close").json()["code"] == "fiscal_year_closed"
    r = client.post(f"{API}/fiscal-years/2025-26/reopen", json={"reason": ""})
    assert r.status_code == 422 and r.json()["field"] == "reason"
    reopened = client.post(f"{API}/fiscal-years/2025-26/reopen", json={"reason": "audit adjustment"}).json()
    assert reopened["journal_type"] == "reversal"
    assert reporting.balance_sheet(book, date(2026, 6, 30)).current_year_earnings == D("500000.00")


# ---- GraphQL --------------------------------------------------------------------------------------

def test_graphql_rates_recurring_and_year_close(client, book):
    def gql(q: str) -> dict:
        body = client.post("/graphql", json={"query": q}).json()
        assert "errors" not in body, body
        return body["data"]
    gql('mutation { setExchangeRate(book: "PADMA", currency: "USD", rateDate: "2025-07-01", rate: "121.5") '
        '{ rate } }')
    assert gql('{ exchangeRates(book: "PADMA") { currency rateDate rate source } }')["exchangeRates"] == [
        {"currency": "USD", "rateDate": "2025-07-01", "rate": "121.5", "source": "entered"}]
    service.recurring_from_entry(book, _rent(book), "Office rent", date(2025, 8, 31))
    [r] = gql('{ recurringEntries(book: "PADMA") { name nextDate total isActive } }')["recurringEntries"]
    assert r == {"name": "Office rent", "nextDate": "2025-08-31", "total": "250000", "isActive": True}
    closed = gql('mutation { closeFiscalYear(book: "PADMA", fiscalYear: "2025-26", idempotencyKey: "y1") '
                 '{ journalType number } }')["closeFiscalYear"]
    assert closed["journalType"] == "closing" and closed["number"]
    assert gql('mutation { runRevaluation(book: "PADMA", asOf: "2025-07-31") { id } }')["runRevaluation"] is None


# ---- pages ----------------------------------------------------------------------------------------

def test_pages_enter_and_import_rates_make_recurring_and_close_the_year(client, book):
    page = client.get("/finance/PADMA/rates")
    assert page.status_code == 200 and "Import rates (CSV)" in page.text and "No rates yet." in page.text
    r = client.post("/finance/PADMA/rates", data={"currency": "USD", "rate_date": "2025-07-31", "rate": "abc"})
    assert r.status_code == 422 and "An exchange rate must be a positive number" in r.text
    r = client.post("/finance/PADMA/rates", data={"currency": "USD", "rate_date": "2025-07-31", "rate": "122.10"},
                    follow_redirects=False)
    assert r.status_code == 303
    up = client.post("/finance/PADMA/rates/import",
                     files={"file": ("rates.csv", b"EUR,2025-07-31,131.75\nGBP,2025-07-31,154.20\n", "text/csv")})
    assert up.status_code == 200 and "Imported 2 rates (EUR, GBP; 2025-07-31 – 2025-07-31)" in up.text
    assert {x.currency for x in rates.list_rates(book)} == {"USD", "EUR", "GBP"}
    bad = client.post("/finance/PADMA/rates/import", files={"file": ("r.csv", b"EUR,2025-07-31\n", "text/csv")})
    assert bad.status_code == 422 and "Row 1" in bad.text
    nothing = client.post("/finance/PADMA/revaluations", data={"as_of": "2025-07-31"})
    assert "No foreign-currency balance to revalue" in nothing.text

    rent = _rent(book)
    entry_page = client.get(f"/finance/PADMA/entries/{rent}").text
    assert "Make recurring" in entry_page
    made = client.post(f"/finance/PADMA/entries/{rent}/recurring", data={
        "name": "Office rent", "start_date": "2025-08-31", "interval_months": "1", "end_date": ""},
        follow_redirects=False)
    assert made.status_code == 303
    rec = client.get("/finance/PADMA/recurring").text.split('id="recurring"')[1].split("</table>")[0]
    assert "Office rent" in rec and "2025-08-31" in rec and ">due<" in rec  # its first date has passed
    [item] = service.list_recurring(book)
    client.post(f"/finance/PADMA/recurring/{item.id}/pause")
    assert service.list_recurring(book)[0].is_active is False
    assert "paused" in client.get("/finance/PADMA/recurring").text
    bn = client.get("/finance/PADMA/recurring?lang=bn").text
    assert "পুনরাবৃত্ত" in bn and "স্থগিত" in bn

    periods = client.get("/finance/PADMA/periods").text
    assert "/finance/PADMA/years/2025-26/close" in periods
    closed = client.post("/finance/PADMA/years/2025-26/close", follow_redirects=False)
    assert closed.status_code == 303 and "/finance/PADMA/entries/" in closed.headers["location"]
    assert "/finance/PADMA/years/2025-26/reopen" in client.get("/finance/PADMA/periods").text
    refused = client.post("/finance/PADMA/years/2025-26/reopen?lang=en", data={"reason": " "})
    assert "Say why the year is reopened" in refused.text

    # the next year opens from the page (only REST could before)
    assert client.post("/finance/PADMA/years/open", follow_redirects=False).status_code == 303
    assert [y.label for y in service.list_fiscal_years(book)] == ["2025-26", "2026-27"]
    assert "2026-27" in client.get("/finance/PADMA/periods").text


# ---- chart of accounts ------------------------------------------------------------------------------

def test_accounts_are_added_renamed_and_deactivated_from_the_chart_page(client, book):
    page = client.get("/finance/PADMA/accounts").text
    assert "Add an account" in page and 'name="parent_code"' in page
    r = client.post("/finance/PADMA/accounts", data={
        "code": "1125", "name": "Sonali Bank, Motijheel", "name_bn": "সোনালী ব্যাংক, মতিঝিল", "account_type": "asset",
        "subtype": "bank", "parent_code": "1100", "currency": ""}, follow_redirects=False)
    assert r.status_code == 303, r.text[-3000:]
    added = {a.code: a for a in service.list_accounts(book)}["1125"]
    assert (added.parent_code, added.subtype, added.name_bn) == ("1100", "bank", "সোনালী ব্যাংক, মতিঝিল")
    # a subtype of another type is refused, and the form keeps what was typed
    bad = client.post("/finance/PADMA/accounts", data={
        "code": "1126", "name": "Odd", "account_type": "asset", "subtype": "payable", "parent_code": "1100"})
    assert bad.status_code == 422 and 'value="Odd"' in bad.text and "payable" in bad.text
    assert "1126" not in {a.code for a in service.list_accounts(book)}

    r = client.post("/finance/PADMA/accounts/1125/rename", data={"name": "Sonali Bank Ltd., Motijheel",
                                                                "name_bn": "সোনালী ব্যাংক", "version": "1"},
                    follow_redirects=False)
    assert r.status_code == 303
    stale = client.post("/finance/PADMA/accounts/1125/rename", data={"name": "Old tab", "version": "1"})
    assert stale.status_code == 422 and "changed by someone else" in stale.text
    assert {a.code: a.name for a in service.list_accounts(book)}["1125"] == "Sonali Bank Ltd., Motijheel"

    service.post_entry(book, EntryIn(entry_date=date(2025, 7, 3), lines=[
        LineIn(account_code="1125", debit=D("5000")), LineIn(account_code="3100", credit=D("5000"))]))
    refused = client.post("/finance/PADMA/accounts/1125/deactivate")
    assert refused.status_code == 422 and "still has a balance" in refused.text
    service.post_entry(book, EntryIn(entry_date=date(2025, 7, 4), lines=[
        LineIn(account_code="1120", debit=D("5000")), LineIn(account_code="1125", credit=D("5000"))]))
    assert client.post("/finance/PADMA/accounts/1125/deactivate", follow_redirects=False).status_code == 303
    assert "(inactive)" in client.get("/finance/PADMA/accounts").text


def test_accounts_through_rest_and_graphql(client, book):
    r = client.patch(f"{API}/accounts/5220", json={"name": "Office rent (Gulshan)", "name_bn": "অফিস ভাড়া"})
    assert r.status_code == 200 and r.json()["version"] == 2
    r = client.patch(f"{API}/accounts/5220", json={"name": "x", "version": 1})
    assert r.status_code == 409 and r.json()["field"] == "version"
    assert client.patch(f"{API}/accounts/5220", json={"name": " "}).json()["field"] == "name"
    q = """mutation { createAccount(book: "PADMA", idempotencyKey: "a1", input: {code: "5295", name: "Site security",
             accountType: "expense", subtype: "operating_expense", parentCode: "5200"}) { code isActive } }"""
    body = client.post("/graphql", json={"query": q}).json()
    assert body["data"]["createAccount"] == {"code": "5295", "isActive": True}
    body = client.post("/graphql", json={"query": 'mutation { setAccountActive(book: "PADMA", code: "5295", '
                                                  "active: false) { isActive } }"}).json()
    assert body["data"]["setAccountActive"] == {"isActive": False}
    body = client.post("/graphql", json={"query": 'mutation { updateAccount(book: "PADMA", code: "9999", '
                                                  'name: "x") { code } }'}).json()
    assert body["errors"][0]["extensions"]["code"] == "not_found"
