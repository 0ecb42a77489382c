"""Bad input is refused by name, never an HTTP 500 (issue 10): one test per cause schemathesis and
hand-probing found, each on SQLite and PostgreSQL, through the REST API as the signed-in demo owner.
Every refusal is the error body `{code, message, message_bn, field, details}`.

And what no validation can prevent: a database outage answers 503 `database_unavailable` with
Retry-After, anything unexpected a JSON 500 `internal_error` naming the request id, logged once."""

from __future__ import annotations

from decimal import Decimal

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.exc import OperationalError

from vextrus.app import create_app
from vextrus.platform import bootstrap, money

_tokens: dict[str, str] = {}


@pytest.fixture
def api(db):
    """A client signed in as the demo owner (Padma Builders: book PBL, project PADMA-RES)."""
    app = create_app(db.settings, start_runtime=False)
    with TestClient(app, raise_server_exceptions=False) as c:
        if db.settings.database_url not in _tokens:
            bootstrap.load_demo()
            creds = (db.settings.data_dir / "demo-credentials.txt").read_text()
            password = creds.split("password for all: ", 1)[1].split(")", 1)[0]
            r = c.post("/api/v1/auth/login", json={"email": "owner@padma.example", "password": password})
            assert r.status_code == 200, r.text
            _tokens[db.settings.database_url] = r.json()["access_token"]
        c.headers["Authorization"] = f"Bearer {_tokens[db.settings.database_url]}"
        yield c


def refused(r, code: str, field: str | None, status: int = 422) -> dict:  # noqa: ANN001
    assert r.status_code == status, r.text
    body = r.json()
    assert body["code"] == code, body
    assert body["field"] == field, body
    assert body["message"] and body["message_bn"] and body["message_bn"] != body["message"]
    return body


def _postable(api) -> list[str]:  # noqa: ANN001
    accounts = api.get("/api/v1/finance/books/PBL/accounts").json()
    return [a["code"] for a in accounts if not a["is_group"] and a["is_active"] and not a["currency"]
            and a["account_type"] in ("asset", "expense")][:2]


def test_huge_or_negative_offsets_and_limits(api):
    refused(api.get("/api/v1/finance/books/PBL/entries?offset=99999999999999999999"), "offset_invalid", "offset")
    refused(api.get("/api/v1/finance/books/PBL/entries?offset=-1"), "offset_invalid", "offset")
    refused(api.get("/api/v1/finance/books/PBL/entries?limit=-1"), "page_size", "limit")
    refused(api.get("/api/v1/finance/books/PBL/rates?limit=0"), "page_size", "limit")
    assert api.get("/api/v1/finance/books/PBL/entries?offset=1000000&limit=500").json() == []


def test_unknown_identifier_kind(api):
    body = refused(api.get("/api/v1/master_data/identifiers/zzz/validate?value=1"),
                   "master_data.invalid_choice", "kind")
    assert "tin" in body["details"]["allowed"]


def test_timezone_aware_evm_status_date_is_read_as_dhaka_time(api):
    aware = api.get("/api/v1/projects/projects/PADMA-RES/evm", params={"status_date": "2025-06-30T11:00:00Z"})
    naive = api.get("/api/v1/projects/projects/PADMA-RES/evm", params={"status_date": "2025-06-30T17:00:00"})
    assert aware.status_code == 200, aware.text
    assert aware.json()["status_date"] == naive.json()["status_date"] == "2025-06-30T17:00:00"
    assert aware.json()["ac"] == naive.json()["ac"]


def test_rates_and_prices_with_too_many_decimals(api):
    body = refused(api.post("/api/v1/finance/books/PBL/rates",
                            json={"currency": "USD", "rate_date": "2025-07-02", "rate": "110.12345678901"}),
                   "amount_precision", "rate")
    assert body["details"]["scale"] == 10
    item = api.get("/api/v1/master_data/items").json()["items"][0]["id"]
    refused(api.post(f"/api/v1/master_data/items/{item}/prices",
                     json={"price": "1.123456789", "unit": "kg", "valid_from": "2025-01-01"}), "amount_precision", "price")
    refused(api.post("/api/v1/master_data/items", json={"code": "PREC-1", "name": "x", "name_bn": "x",
                                                       "base_unit": "kg", "standard_cost": "1.00001"}),
            "amount_precision", "standard_cost")


def test_empty_or_unknown_enum_values(api):
    refused(api.post("/api/v1/master_data/parties", json={"legal_name": "Empty Type Ltd.", "party_type": ""}),
            "master_data.invalid_choice", "party_type")
    refused(api.post("/api/v1/master_data/parties", json={"legal_name": "Empty Role Ltd.", "roles": [""]}),
            "master_data.invalid_choice", "roles")
    refused(api.post("/api/v1/master_data/items", json={"code": "EK-1", "name": "x", "name_bn": "x",
                                                       "base_unit": "kg", "kind": ""}),
            "master_data.invalid_choice", "kind")


def test_nul_characters_in_text(api):
    """PostgreSQL text cannot hold NUL: refused by name when written, as 422 when only looked up."""
    refused(api.post("/api/v1/organization/companies", json={"code": "NUL1", "name": "Nul\u0000 Ltd."}),
            "invalid_character", "name")
    r = api.post("/api/v1/master_data/parties", json={"legal_name": "Nul\u0000 Ltd."})  # looked up before written
    assert r.status_code == 422 and r.json()["code"] == "invalid_character", r.text
    me = api.get("/api/v1/auth/me").json()
    r = api.post("/api/v1/auth/assignments", json={"user_id": me["user"]["id"], "company_id": me["company_id"],
                                                  "role_code": "own\u0000er"})
    assert r.status_code in (404, 422) and r.json()["code"] in ("invalid_character", "not_found"), r.text
    r = api.post("/graphql", json={"query": 'mutation { updateAccount(book: "\\u0000PBL", code: "1000", name: "x") '
                                            "{ code } }"}).json()
    assert r["errors"][0]["extensions"]["code"] != "internal_error", r


def test_empty_wallet_provider(api):
    refused(api.post("/api/v1/master_data/parties", json={"legal_name": "Wallet Ltd.",
                                                         "wallets": [{"provider": "", "number": "01711000000"}]}),
            "master_data.invalid_choice", "wallets.provider")


def test_duplicate_cost_reference_is_a_conflict(api):
    cost = {"amount": "100", "cost_date": "2025-03-01", "reference": "DUP-REF-1"}
    assert api.post("/api/v1/projects/projects/PADMA-RES/costs", json=cost).status_code == 201
    refused(api.post("/api/v1/projects/projects/PADMA-RES/costs", json=cost), "cost_duplicate", "reference", 409)


def test_one_maximum_amount_for_every_money_column(api):
    too_big = str(money.MAX_AMOUNT)  # 10^12; 9.2 x 10^12 overflowed BIGINT at 6 decimals before
    body = refused(api.post("/api/v1/projects/projects/PADMA-RES/costs",
                            json={"amount": too_big, "cost_date": "2025-03-01"}), "amount_too_large", "amount")
    assert Decimal(body["details"]["max"]) == money.MAX_AMOUNT
    refused(api.post("/api/v1/projects/projects/PADMA-RES/boq", json={
        "item_no": "BIG-1", "description": "d", "unit": "m", "quantity": "1", "rate": "9300000000000"}),
        "amount_too_large", "rate")
    refused(api.post("/api/v1/master_data/items", json={"code": "BIG-2", "name": "x", "name_bn": "x",
                                                       "base_unit": "kg", "standard_cost": "1e17"}),
            "amount_too_large", "standard_cost")
    debit, credit = _postable(api)
    entry = {"journal_type": "general", "entry_date": "2026-06-15", "narration": "too big",
             "lines": [{"account_code": debit, "debit": "9300000000000"}, {"account_code": credit, "credit": "9300000000000"}]}
    for post in ("true", "false"):  # posted, or kept as a draft
        r = api.post(f"/api/v1/finance/books/PBL/entries?post={post}", json=entry)
        assert r.status_code == 422 and r.json()["code"] == "amount_too_large", r.text
    ok = api.post("/api/v1/projects/projects/PADMA-RES/costs", json={"amount": "999999999999.99", "cost_date": "2025-03-01"})
    assert ok.status_code == 201 and ok.json()["amount"] == "999999999999.99"


def test_year_one_dates(api):
    refused(api.get("/api/v1/finance/books/PBL/reports/trial-balance?date_from=0001-01-01&date_to=0001-12-31"),
            "date_out_of_range", "date_from")
    refused(api.get("/api/v1/finance/books/PBL/reports/income-statement?date_from=0001-01-01&date_to=2025-06-30"
                    "&compare=year"), "date_out_of_range", "date_from")
    refused(api.get("/api/v1/finance/books/PBL/reports/balance-sheet?as_of=0001-01-01&compare=year"),
            "date_out_of_range", "date_to")
    refused(api.get("/api/v1/finance/books/PBL/reports/cash-flow?date_from=0001-01-01&date_to=0001-01-02"),
            "date_out_of_range", "date_from")
    refused(api.post("/api/v1/projects/projects/PADMA-RES/schedule", json={"data_date": "0001-01-01T00:00:00"}),
            "date_out_of_range", "data_date")
    refused(api.post("/api/v1/projects/projects/PADMA-RES/costs", json={"amount": "1", "cost_date": "0001-03-01"}),
            "date_out_of_range", "cost_date")


def test_over_long_strings_are_refused_on_both_databases(api):
    body = refused(api.post("/api/v1/master_data/parties", json={"legal_name": "x" * 5000}), "too_long", "legal_name")
    assert body["details"] == {"max_length": 300, "length": 5000}
    refused(api.post("/api/v1/projects/projects/PADMA-RES/activities", json={"code": "A" * 500, "name": "n"}),
            "too_long", "code")
    refused(api.post("/api/v1/auth/api-keys", json={"name": "n" * 1000, "scopes": ["finance.book.read"]}),
            "too_long", "name")


def test_over_long_idempotency_key(api):
    refused(api.post("/api/v1/master_data/parties", json={"legal_name": "Keyed Ltd."},
                     headers={"Idempotency-Key": "k" * 201}), "idempotency_key_invalid", "Idempotency-Key")
    r = api.post("/api/v1/master_data/parties", json={"legal_name": "Keyed Ltd."}, headers={"Idempotency-Key": "k" * 200})
    assert r.status_code == 201, r.text


def test_non_utf8_bodies_even_before_sign_in(api):
    anonymous = {"Authorization": ""}
    r = api.post("/api/v1/auth/login", content=b'{"email": "\xff\xfe"}',
                 headers={**anonymous, "content-type": "application/json"})
    refused(r, "bad_request", "body", 400)
    r = api.post("/graphql", content=b'{"query": "\xff"}', headers={**anonymous, "content-type": "application/json"})
    assert 400 <= r.status_code < 500 or "errors" in r.json(), r.text
    refused(api.post("/api/v1/finance/books/PBL/rates/import", content=b"USD,2025-07-01,\xff\xfe\n",
                     headers={"content-type": "text/csv"}), "file_not_utf8", "file")


def test_bad_xer_date_or_nan_duration(api):
    def xer(date: str, duration: str) -> bytes:
        return ("ERMHDR\t8.0\t2025-01-01\n%T\tPROJECT\n%F\tproj_id\tproj_short_name\tplan_start_date\n"
                f"%R\t1\tBAD-XER\t{date}\n%T\tTASK\n%F\ttask_id\tproj_id\ttask_code\ttarget_drtn_hr_cnt\n"
                f"%R\t10\t1\tA1\t{duration}\n%E\n").encode()

    for date, duration in (("not-a-date", "8"), ("2025-01-01 08:00", "NaN"), ("0001-01-01 08:00", "8")):
        r = api.post("/api/v1/projects/import", files={"file": ("p.xer", xer(date, duration))})
        assert r.status_code == 422 and r.json()["code"] == "xer_invalid", r.text


def test_malformed_csv(api):
    refused(api.post("/api/v1/finance/books/PBL/rates/import", content=b'USD,"2025-07-01,1\nEUR,2025-07-01,2\n',
                     headers={"content-type": "text/csv"}), "csv_malformed", "file")
    refused(api.post("/api/v1/finance/books/PBL/rates/import", content=b"USD,2025-07-01\n",
                     headers={"content-type": "text/csv"}), "rate_row_invalid", "rows[0]")


def test_api_key_expiry_without_time_zone(api):
    refused(api.post("/api/v1/auth/api-keys", json={"name": "k", "scopes": ["finance.book.read"],
                                                   "expires_at": "2030-01-01T00:00:00"}),
            "auth.expires_at_naive", "expires_at")


def test_graphql_introspection_and_bad_ids(api):
    r = api.post("/graphql", json={"query": "{ __type(name: \"ItemInput\") { inputFields { name defaultValue } } }"})
    assert "errors" not in r.json(), r.text
    r = api.post("/graphql", json={"query": "{ party(id: \"\") { id } }"}).json()
    assert r["errors"][0]["extensions"]["code"] == "id_invalid", r


# ---- what validation cannot prevent ------------------------------------------------------------


def _app_failing_with(db, exc: Exception):  # noqa: ANN001
    def authenticator(_request):  # noqa: ANN001, ANN202 - the first thing every request does
        raise exc

    return create_app(db.settings, start_runtime=False, extra_authenticators=[authenticator])


def test_database_outage_is_503_with_a_code_and_retry_after(db):
    for error in (OperationalError("SELECT 1", {}, Exception("connection refused")),
                  OperationalError("BEGIN IMMEDIATE", {}, Exception("database is locked"))):
        with TestClient(_app_failing_with(db, error), raise_server_exceptions=True) as c:
            r = c.get("/api/v1/auth/me", headers={"X-Request-ID": "outage-1"})
        assert r.status_code == 503 and r.headers["retry-after"] == "5", r.text
        body = r.json()
        assert body["code"] == "database_unavailable" and body["details"]["request_id"] == "outage-1"
        assert body["message_bn"] != body["message"]


def test_unexpected_error_is_json_500_with_the_request_id_logged_once(db, capsys):
    with TestClient(_app_failing_with(db, RuntimeError("boom")), raise_server_exceptions=True) as c:
        r = c.get("/api/v1/auth/me", headers={"X-Request-ID": "req-500"})
    assert r.status_code == 500 and r.headers["x-request-id"] == "req-500"
    body = r.json()
    assert body["code"] == "internal_error" and body["details"] == {"request_id": "req-500"}
    assert "boom" not in r.text  # no internals to the client
    logged = capsys.readouterr()
    out = logged.out + logged.err
    assert out.count("[error") == 1 and "unhandled error" in out and "req-500" in out
    assert "Traceback" in out and "RuntimeError: boom" in out
