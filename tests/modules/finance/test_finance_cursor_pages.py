"""Cursor pages on the ledger's remaining lists (REST convention in docs/modules.md, issue 21 item 8): books,
accounts, fiscal years, exchange rates and recurring entries take `?first&after` and answer `{items,
end_cursor, has_next_page}`; walking the pages gives every row of the whole list exactly once, in the same
order on a second walk; without `first`/`after` the old array still answers (kept for one release). And a
recurring entry's `Location` answers a GET. Both databases."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from cursor_pages import walk_pages as _walk
from vextrus.app import create_app
from vextrus.modules.finance import service

API = "/api/v1/finance/books"


@pytest.fixture
def client(db, admin):
    for code in ("PADMA", "JAMUNA", "MEGHNA"):
        service.ensure_book(code, f"{code.title()} Builders Ltd.")
    for label in ("2023-24", "2024-25", "2025-26"):
        service.open_fiscal_year("PADMA", label)
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as c:
        c.get("/finance/PADMA/rates")  # the CSRF cookie
        c.headers["X-CSRF-Token"] = c.cookies.get("vx_csrf") or ""
        yield c




def _key(row: dict) -> str:
    return str(row.get("id") or row.get("code") or (row["currency"], row["rate_date"]))


def test_books_accounts_years_rates_and_recurring_page_by_cursor(client):
    for day, rate in (("2025-07-01", "121.50"), ("2025-07-02", "121.60"), ("2025-07-03", "121.70")):
        assert client.post(f"{API}/PADMA/rates", json={"currency": "USD", "rate_date": day, "rate": rate}).status_code == 200
    assert client.post(f"{API}/PADMA/rates", json={"currency": "EUR", "rate_date": "2025-07-01",
                                                   "rate": "131.75"}).status_code == 200
    for i, name in enumerate(("Office rent", "Site guard", "Generator lease")):
        r = client.post(f"{API}/PADMA/recurring", json={
            "name": name, "start_date": f"2025-0{7 + i}-01",
            "lines": [{"account_code": "5220", "debit": "1000"}, {"account_code": "1120", "credit": "1000"}]})
        assert r.status_code == 201, r.text
        read = client.get(r.headers["location"])  # the Location answers a GET with the entry just made
        assert read.status_code == 200 and read.json() == r.json()

    for url, params in ((API, {}), (f"{API}/PADMA/accounts", {}), (f"{API}/PADMA/fiscal-years", {}),
                        (f"{API}/PADMA/rates", {}), (f"{API}/PADMA/rates", {"currency": "USD"}),
                        (f"{API}/PADMA/recurring", {})):
        whole = client.get(url, params=params).json()
        assert isinstance(whole, list) and len(whole) >= 3, url  # the old answer, without first/after
        paged = _walk(client, url, **params)
        assert len(paged) == len(whole), url  # every row once
        assert {_key(r): r for r in paged} == {_key(r): r for r in whole}, url  # the same views, field by field
        assert _walk(client, url, first=3, **params) == paged, url  # a stable order, whatever the page size

    assert [y["label"] for y in _walk(client, f"{API}/PADMA/fiscal-years")] == ["2023-24", "2024-25", "2025-26"]
    assert all(len(y["periods"]) == 12 for y in _walk(client, f"{API}/PADMA/fiscal-years"))
    assert client.get(API, params={"first": 0}).status_code == 422
    assert client.get(f"{API}/PADMA/accounts", params={"first": 2, "after": "not-a-cursor"}).status_code == 422
    assert client.get(f"{API}/NOPE/recurring", params={"first": 2}).status_code == 404
    missing = client.get(f"{API}/PADMA/recurring/0190a5c0-0000-7000-8000-000000000000")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
