"""The party/item import page and REST with files as spreadsheets write them (issue 12, "Bad input"):
Windows-1252 and UTF-16 files are read, a workbook or binary file is refused naming the problem, and a
file with unknown columns shows its message on the page (it was a bare 422), on both databases."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from vextrus.platform.ui import CSRF_COOKIE

HEADER = "legal_name,roles,address_line1\r\n"
ROWS = "Café Rahman & Sons,vendor,Cox’s Bazar\r\nMeghna Traders,vendor,Dhaka\r\n"


@pytest.fixture
def client(db, admin):
    from vextrus.app import create_app

    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda request: admin])
    with TestClient(app) as c:
        c.get("/master_data/import")
        yield c


def _page(client: TestClient, body: bytes, lang: str = "en"):
    token = client.cookies.get(CSRF_COOKIE) or ""
    return client.post(f"/master_data/import?lang={lang}", data={"kind": "parties", "dry_run": "1", "csrf_token": token},
                       files={"file": ("p.csv", body, "text/csv")}, headers={"x-csrf-token": token})


@pytest.mark.parametrize("encoding", ["cp1252", "utf-16", "utf-8-sig"])
def test_excel_encodings_are_read_on_the_page_and_over_rest(client, encoding):
    body = (HEADER + ROWS).encode(encoding)
    r = _page(client, body)
    assert r.status_code == 200, r.text
    assert 'id="import-summary">2 / 2 / 0' in r.text
    api = client.post("/api/v1/master_data/import/parties?dry_run=true", files={"file": ("p.csv", body, "text/csv")})
    assert api.status_code == 200 and api.json()["rows"] == 2 and api.json()["errors"] == [], api.text


@pytest.mark.parametrize("body,code,words,words_bn", [
    (b"legal_name,colour,taste\nAlpha,red,sweet\n", "master_data.import_columns", "Unknown columns", "অজানা কলাম"),
    (b"PK\x03\x04\x14\x00\x06\x00\x08\x00" + bytes(range(200)), "file_not_text", "Excel workbook (XLSX)", "এক্সেল"),
    (b"legal_name\nAlpha\nBad \x81\x8d name\n", "file_not_utf8", "byte 0x81 on line 3", "লাইন ৩"),
])
def test_refusals_are_explained_on_the_page_in_both_languages(client, body, code, words, words_bn):
    r = _page(client, body)
    assert r.status_code == 422 and 'id="form-error"' in r.text and words in r.text, r.text
    assert words_bn in _page(client, body, "bn").text
    api = client.post("/api/v1/master_data/import/parties?dry_run=true", files={"file": ("p.csv", body, "text/csv")})
    assert api.status_code == 422 and api.json()["code"] == code and api.json()["field"] == "file"


@pytest.mark.parametrize("cost", ["abc", "12.5.0", "NaN"])
def test_item_cost_that_is_not_a_number_is_a_field_error_in_words(client, cost):
    token = client.cookies.get(CSRF_COOKIE) or ""
    form = {"csrf_token": token, "code": "CEM-BAD", "name": "Cement", "name_bn": "সিমেন্ট", "kind": "material",
            "base_unit": "bag", "standard_cost": cost}
    r = client.post("/master_data/items/new", data=form, headers={"x-csrf-token": token})
    assert r.status_code == 422 and f"Standard cost: &#39;{cost}&#39; is not a number" in r.text, r.text[-3000:]
    assert "Decimal" not in r.text and f'value="{cost}"' in r.text  # typed value kept
    # the message also stands next to its field (platform.forms.refused), and the other typed values stay
    assert f'data-field="standard_cost">Standard cost: &#39;{cost}&#39; is not a number' in r.text
    assert 'value="CEM-BAD"' in r.text and 'value="সিমেন্ট"' in r.text
    bn = client.post("/master_data/items/new?lang=bn", data=form, headers={"x-csrf-token": token})
    assert f"আদর্শ ব্যয়: &#39;{cost}&#39; সংখ্যা নয়" in bn.text
