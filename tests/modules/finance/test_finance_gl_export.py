"""The general ledger page exports CSV and XLSX like the other reports (issue 12, "First steps"):
the page links to them with its account, dates and dimension filter; the files hold the opening
balance, each line with its running balance, and the closing balance. Both databases."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal as D
from html import unescape

import openpyxl
import pytest
from fastapi.testclient import TestClient

from vextrus.modules.finance import service
from vextrus.modules.finance.service import EntryIn, LineIn


@pytest.fixture
def client(db, admin):
    b = service.ensure_book("PADMA", "Padma Builders Ltd.")
    service.open_fiscal_year(b.code, "2025-26")
    for day, amount in ((3, "1000.50"), (10, "250"), (20, "99.25")):
        service.post_entry(b.code, EntryIn(entry_date=date(2025, 7, day), narration=f"Cement {day}", lines=[
            LineIn(account_code="5110", debit=D(amount), memo="site"), LineIn(account_code="2110", credit=D(amount))]))
    from vextrus.app import create_app

    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as c:
        yield c


def test_general_ledger_page_links_to_csv_and_xlsx_with_its_filter(client):
    page = client.get("/finance/PADMA/reports/general-ledger",
                      params={"account": "5110", "date_from": "2025-07-05", "date_to": "2025-07-31"})
    assert page.status_code == 200
    links = {fmt: unescape(page.text.split(f'id="gl-{fmt}" href="')[1].split('"')[0]) for fmt in ("csv", "xlsx")}
    assert links["csv"] == ("/api/v1/finance/books/PADMA/reports/general-ledger/5110?format=csv"
                            "&date_from=2025-07-05&date_to=2025-07-31")
    r = client.get(links["csv"])
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert 'filename="general-ledger-5110.csv"' in r.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(r.content.decode())))
    assert rows[0] == ["date", "entry", "narration", "memo", "commodity", "quantity", "debit", "credit", "balance"]
    assert rows[1][2].endswith("opening balance") and D(rows[1][-1]) == D("1000.50")  # the 3 July line is before
    body = [(x[0], x[2], x[3], D(x[6]), D(x[8])) for x in rows[2:-1]]
    assert body == [("2025-07-10", "Cement 10", "site", D(250), D("1250.50")),
                    ("2025-07-20", "Cement 20", "site", D("99.25"), D("1349.75"))]
    assert rows[-1][2] == "closing balance" and D(rows[-1][6]) == D("349.25") and D(rows[-1][-1]) == D("1349.75")
    x = client.get(links["xlsx"])
    assert x.status_code == 200 and "spreadsheetml" in x.headers["content-type"]
    sheet = openpyxl.load_workbook(io.BytesIO(x.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0] == rows[0] and len(values) == len(rows)
    assert D(str(values[-1][-1])) == D("1349.75")


def test_json_stays_the_default(client):
    r = client.get("/api/v1/finance/books/PADMA/reports/general-ledger/5110")
    assert r.status_code == 200 and r.json()["closing"] in ("1349.75", 1349.75) and len(r.json()["lines"]) == 3
