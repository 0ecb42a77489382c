"""REST, GraphQL and UI edges of the ledger: same rules, same error shape, exports, pages render."""

from __future__ import annotations

import io
from decimal import Decimal as D

import pytest
from fastapi.testclient import TestClient

from vextrus.app import create_app
from vextrus.modules.finance import demo


@pytest.fixture
def client(db, admin, tenant_id):
    demo.load(tenant_id)
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as c:
        yield c


ENTRY = {"entry_date": "2026-01-10", "narration": "Cement", "lines": [
    {"account_code": "5110", "debit": "1000.00"}, {"account_code": "2110", "credit": "1000.00"}]}


def test_rest_post_is_idempotent_and_errors_name_the_field(client):
    r1 = client.post("/api/v1/finance/books/PADMA/entries", json=ENTRY, headers={"Idempotency-Key": "k1"})
    r2 = client.post("/api/v1/finance/books/PADMA/entries", json=ENTRY, headers={"Idempotency-Key": "k1"})
    assert r1.status_code == 201 and r1.json()["number"] == r2.json()["number"]  # created (REST convention)
    assert r1.headers["location"] == f"/api/v1/finance/books/PADMA/entries/{r1.json()['id']}"
    assert client.get(r1.headers["location"]).json()["number"] == r1.json()["number"]
    bad = {**ENTRY, "lines": [{"account_code": "5110", "debit": "1000"}, {"account_code": "2110", "credit": "999"}]}
    r = client.post("/api/v1/finance/books/PADMA/entries", json=bad)
    assert r.status_code == 422 and r.json()["code"] == "entry_unbalanced" and r.json()["field"] == "lines"
    closed = {**ENTRY, "entry_date": "2025-08-10"}  # the demo closed July–December
    r = client.post("/api/v1/finance/books/PADMA/entries", json=closed)
    assert r.json()["code"] == "period_not_open" and r.json()["field"] == "entry_date"


def test_report_exports_csv_and_xlsx(client):
    csv = client.get("/api/v1/finance/books/PADMA/reports/trial-balance?format=csv")
    assert csv.status_code == 200 and csv.text.splitlines()[0].startswith("account,name,type")
    total = csv.text.splitlines()[-1].split(",")
    assert total[1] == "Total" and total[7] == total[8]
    x = client.get("/api/v1/finance/books/PADMA/reports/balance-sheet?format=xlsx")
    import zipfile

    assert zipfile.ZipFile(io.BytesIO(x.content)).namelist()  # a real xlsx (zip) file


def test_graphql_connection_and_mutation(client):
    q = 'query { journalEntries(book: "PADMA", first: 5) { nodes { number status } pageInfo { hasNextPage endCursor } } }'
    r = client.post("/graphql", json={"query": q}).json()
    page = r["data"]["journalEntries"]
    assert len(page["nodes"]) == 5 and page["pageInfo"]["hasNextPage"]
    q2 = f'query {{ journalEntries(book: "PADMA", first: 5, after: "{page["pageInfo"]["endCursor"]}") {{ nodes {{ number }} }} }}'
    nxt = client.post("/graphql", json={"query": q2}).json()["data"]["journalEntries"]["nodes"]
    assert not {n["number"] for n in nxt} & {n["number"] for n in page["nodes"]}
    m = """mutation { postJournalEntry(book: "PADMA", idempotencyKey: "g1", input: {entryDate: "2026-02-01",
      lines: [{accountCode: "5150", debit: "10"}, {accountCode: "1111", credit: "10"}]}) { number total } }"""
    a = client.post("/graphql", json={"query": m}).json()["data"]["postJournalEntry"]
    b = client.post("/graphql", json={"query": m}).json()["data"]["postJournalEntry"]
    assert a == b and a["number"].startswith("JV/2025-26/")


@pytest.mark.parametrize("path", ["/finance/PADMA/accounts", "/finance/PADMA/journal", "/finance/PADMA/periods",
                                  "/finance/PADMA/reports/trial-balance", "/finance/PADMA/reports/income-statement",
                                  "/finance/PADMA/reports/balance-sheet", "/finance/PADMA/reports/cash-flow",
                                  "/finance/PADMA/reports/general-ledger?account=1120"])
def test_pages_render(client, path):
    r = client.get(path)
    assert r.status_code == 200, r.text[:500]
    if "income-statement" in path or "balance-sheet" in path:
        assert "<svg" in r.text


def test_reports_compare_with_the_previous_period_and_speak_bangla(client):
    # January's trial balance next to December's closing balances
    r = client.get("/finance/PADMA/reports/trial-balance?date_from=2026-01-01&date_to=2026-01-31&compare=period")
    assert r.status_code == 200 and "Previous 2025-12-31" in r.text
    bs = client.get("/finance/PADMA/reports/balance-sheet?date_to=2026-06-30&compare=year&lang=bn")
    assert bs.status_code == 200
    assert "স্থিতিপত্র" in bs.text and "পূর্ববর্তী 2025-06-30" in bs.text and "Balance sheet" not in bs.text
    tb = client.get("/finance/PADMA/reports/trial-balance?lang=bn")
    assert "রেওয়ামিল" in tb.text and "প্রারম্ভিক ডেবিট" in tb.text and "Opening Dr" not in tb.text


def test_rest_reports_set_the_previous_window_beside_the_figures(client):
    base = "/api/v1/finance/books/PADMA/reports"
    jan = client.get(f"{base}/trial-balance?date_from=2026-01-01&date_to=2026-01-31&compare=period").json()
    cmp = jan["compare"]
    assert (cmp["kind"], cmp["date_from"], cmp["date_to"]) == ("period", "2025-12-01", "2025-12-31")
    dec = client.get(f"{base}/trial-balance?date_from=2025-12-01&date_to=2025-12-31").json()
    assert cmp["lines"] == dec["lines"] and cmp["lines"] != jan["lines"]
    csv = client.get(f"{base}/trial-balance?date_from=2026-01-01&date_to=2026-01-31&compare=period&format=csv").text
    header, *rows = [r.split(",") for r in csv.splitlines()]
    assert header[-1] == "previous_closing"
    dec_closing = {ln["account_code"]: D(ln["closing_debit"]) - D(ln["closing_credit"]) for ln in dec["lines"]}
    assert {r[0]: D(r[-1]) for r in rows if r[0]} == {k: dec_closing.get(k, D(0)) for k in (r[0] for r in rows
                                                                                           if r[0])}
    q1 = client.get(f"{base}/income-statement?date_from=2026-01-01&date_to=2026-03-31&compare=period").json()
    oct_dec = client.get(f"{base}/income-statement?date_from=2025-10-01&date_to=2025-12-31").json()
    assert q1["compare"]["net_profit"] == oct_dec["net_profit"] != q1["net_profit"]
    assert q1["compare"]["date_from"] == "2025-10-01"
    bs = client.get(f"{base}/balance-sheet?as_of=2026-06-30&compare=year").json()
    # a year before: the demo's first half-year (January–June 2025, fiscal year 2024-25) had fewer assets
    assert bs["compare"]["as_of"] == "2025-06-30" and 0 < D(bs["compare"]["total_assets"]) < D(bs["total_assets"])
    bad = client.get(f"{base}/balance-sheet?compare=decade")
    assert bad.status_code == 422 and bad.json()["field"] == "compare"


def test_ledger_pages_speak_bangla(client):
    pages = {"accounts": ("হিসাবের তালিকা", "উপধরন", "সম্পদ"), "journal": ("নতুন এন্ট্রি", "কার্যক্রম", "খসড়া সংরক্ষণ"),
             "periods": ("অর্থবছর ও মেয়াদ", "বন্ধ করুন", "লক করুন")}
    english = {"accounts": "Subtype", "journal": "Save draft", "periods": "Fiscal years and periods"}
    for page, words in pages.items():
        r = client.get(f"/finance/PADMA/{page}?lang=bn")
        assert r.status_code == 200 and all(w in r.text for w in words), page
        assert english[page] not in r.text
    entry = client.get("/api/v1/finance/books/PADMA/entries?limit=1").json()[0]
    r = client.get(f"/finance/PADMA/entries/{entry['id']}?lang=bn")
    assert "প্রকল্প" in r.text and "ডেবিট" in r.text and "Commodity" not in r.text


def test_cash_flow_page_rest_and_exports_compare_and_drill_down(client):
    page = client.get("/finance/PADMA/reports/cash-flow?date_from=2026-01-01&date_to=2026-03-31&compare=period")
    assert page.status_code == 200
    html = page.text
    for label in ("Changes in working capital", "Net cash from operating activities", "Investing activities",
                  "Financing activities", "Net change in cash", "Agrees with the change in cash and bank balances"):
        assert label in html, label
    assert "2025-10-01 – 2025-12-31" in html  # the comparison column's window
    assert "/finance/PADMA/reports/general-ledger?account=" in html and "date_from=2026-01-01" in html
    assert "format=csv&date_from=2026-01-01&date_to=2026-03-31&compare=period" in html.replace("&amp;", "&")

    r = client.get("/api/v1/finance/books/PADMA/reports/cash-flow",
                   params={"date_from": "2026-01-01", "date_to": "2026-03-31", "compare": "period"}).json()
    assert r["reconciles"] and r["compare"]["date_from"] == "2025-10-01"
    assert D(r["net_change"]) == D(r["closing_cash"]) - D(r["opening_cash"])
    assert D(r["compare"]["net_change"]) == D(r["compare"]["closing_cash"]) - D(r["compare"]["opening_cash"])

    csv = client.get("/api/v1/finance/books/PADMA/reports/cash-flow",
                     params={"date_from": "2026-01-01", "date_to": "2026-03-31", "compare": "period",
                             "format": "csv"}).text.splitlines()
    assert csv[0] == "section,account,name,amount,previous_amount"
    rows = {r.split(",")[1]: r.split(",") for r in csv[1:] if r.startswith(",")}
    assert D(rows["net_change"][3]) == D(r["net_change"]) and D(rows["net_change"][4]) == D(r["compare"]["net_change"])
    assert D(rows["operating"][3]) == D(r["operating"])
    bn = client.get("/finance/PADMA/reports/cash-flow?date_to=2026-03-31&lang=bn").text
    assert "চলতি মূলধনের পরিবর্তন" in bn and "2025-07-01" in bn  # no start date: the fiscal year's start


def test_balance_sheet_export_follows_the_date_chosen_on_the_page(client):
    def assets_total(**params: str) -> str:
        lines = client.get("/api/v1/finance/books/PADMA/reports/balance-sheet",
                           params={"format": "csv", **params}).text.splitlines()
        return next(ln for ln in lines if ln.startswith("assets,,Total"))
    assert assets_total(date_to="2025-09-30") == assets_total(as_of="2025-09-30") != assets_total()
