"""hledger/Beancount books through the page and REST: the same import as `vextrus ledger import`
(balances equal the hand-worked golden figures), errors naming the line with nothing written, and a
download that imports back to the same balances."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from vextrus.app import create_app
from vextrus.modules.finance import service
from vextrus.modules.finance.service import reporting

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture
def client(db, admin):
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as c:
        c.get("/finance/import")
        c.headers["X-CSRF-Token"] = c.cookies.get("vx_csrf") or ""
        yield c


def _golden(section: str) -> dict[tuple[str, str], D]:
    out, current = {}, ""
    for line in (GOLDEN / "construction.expected").read_text(encoding="utf-8").splitlines():
        if line.startswith("["):
            current = line.strip("[]")
        elif line.strip() and not line.startswith("#") and current == section:
            acct, cur, amt = (x.strip() for x in line.split("|"))
            out[(acct, cur)] = D(amt)
    return out


def _expected() -> dict[tuple[str, str], D]:
    """The golden units, the lot held at cost (the shares) at its cost: what `ledger report` lists."""
    units = {k: v for k, v in _golden("units").items() if k[0] != "assets:investments"}
    units[("assets:investments", "৳")] = _golden("at_cost")[("assets:investments", "৳")]
    return units


def _beancount_names(balances: dict[tuple[str, str], D]) -> dict[tuple[str, str], D]:
    symbols = {"৳": "BDT", "$": "USD"}
    return {(":".join(p[:1].upper() + p[1:].replace(" ", "-") for p in a.split(":")),
             symbols.get(c, c.replace(" ", "-"))): v for (a, c), v in balances.items()}


def _balances(book: str) -> dict[tuple[str, str], D]:
    return {(b.account, b.commodity): b.amount for b in reporting.commodity_balances(book) if b.amount}


def test_a_journal_uploaded_on_the_page_lands_with_the_hand_worked_balances(client):
    page = client.get("/finance/import")
    assert page.status_code == 200 and 'enctype="multipart/form-data"' in page.text
    r = client.post("/finance/import", data={"company": "HL", "name": "Hledger Ltd.", "format": ""},
                    files={"file": ("construction.journal", (GOLDEN / "construction.journal").read_bytes())})
    assert r.status_code == 200, r.text[-2000:]
    assert 'href="/finance/HL/accounts"' in r.text and "construction.journal:33" in r.text  # warnings by line
    assert _balances("HL") == _expected()
    assert service.book_view("HL").name == "Hledger Ltd."


def test_a_beancount_file_is_recognised_by_its_name(client):
    r = client.post("/finance/import", data={"company": "BC"},
                    files={"file": ("books.beancount", (GOLDEN / "construction.beancount").read_bytes())})
    assert r.status_code == 200 and "Imported into" in r.text
    assert reporting.verify("BC").differences == []


def test_a_syntax_error_names_the_line_and_writes_nothing(client):
    bad = "2025-07-01 ok\n  assets:cash  ৳100\n  equity:capital\n\n2025-07-02 broken\n  assets:cash  ৳abc\n  equity:capital\n"
    r = client.post("/finance/import", data={"company": "BAD", "format": "hledger"},
                    files={"file": ("bad.journal", bad.encode())})
    assert r.status_code == 422 and "bad.journal:6" in r.text
    assert 'value="BAD"' in r.text  # the form keeps the book code
    assert "BAD" not in {b.code for b in service.list_books()}
    r = client.post("/finance/import", data={"company": ""}, files={"file": ("x.journal", b"")})
    assert r.status_code == 422 and "Name the company book" in r.text
    r = client.post("/finance/import", data={"company": "X"}, files={"file": ("x.journal", b"\xff\xfe\x00bad")})
    assert r.status_code == 422 and "not UTF-8" in r.text


def test_rest_import_and_the_page_download_round_trip_to_the_same_balances(client):
    text = (GOLDEN / "construction.journal").read_text(encoding="utf-8")
    r = client.post("/api/v1/finance/import", params={"company": "API", "format": "hledger"}, content=text.encode(),
                    headers={"Content-Type": "text/plain", "Idempotency-Key": "imp-1"})
    assert r.status_code == 200 and r.json()["book"] == "API" and r.json()["entries"] > 0
    again = client.post("/api/v1/finance/import", params={"company": "API", "format": "hledger"},
                        content=text.encode(), headers={"Content-Type": "text/plain", "Idempotency-Key": "imp-1"})
    assert again.json() == r.json() and len(service.list_entries("API", limit=500)) == r.json()["entries"]
    down = client.get("/finance/API/export", params={"format": "beancount"})
    assert down.status_code == 200 and 'filename="API.beancount"' in down.headers["content-disposition"]
    back = client.post("/api/v1/finance/import", params={"company": "BACK", "format": "beancount"},
                       content=down.content, headers={"Content-Type": "text/plain"})
    assert back.status_code == 200, back.text
    # Beancount keeps the lot at cost; its names follow Beancount's rules (Assets:Bank:City, BDT for ৳)
    assert _beancount_names(_balances("API")) == _balances("BACK")
    # hledger has no lots: the download writes the shares `@ cost`, so they come back priced, not held
    # at cost; every other balance is the same
    hl = client.get("/api/v1/finance/books/API/export", params={"format": "hledger"})
    again = client.post("/api/v1/finance/import", params={"company": "HL2"}, content=hl.content,
                        headers={"Content-Type": "text/plain"})
    assert again.status_code == 200, again.text
    lot = ("assets:investments", "SQUR PHARMA")
    assert {k: v for k, v in _balances("HL2").items() if k != lot} == {
        k: v for k, v in _expected().items() if k[0] != "assets:investments"}
    bad = client.post("/api/v1/finance/import", params={"company": "B2"}, content="2025-07-01 x\n  assets:a  ৳1\n  assets:b  ৳2\n".encode())
    assert bad.status_code == 422 and bad.json()["field"].startswith("upload:")
