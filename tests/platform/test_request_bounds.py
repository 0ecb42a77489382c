"""Every request's work is bounded: body sizes per route (counted as streamed, not only as declared),
GraphQL depth, aliases, tokens, cost and page sizes, and the schema only for a signed-in user."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from vextrus.app import create_app
from vextrus.modules.finance.service import plaintext as plaintext_io
from vextrus.platform.errors import DomainError
from vextrus.platform.settings import load_settings

KIB = 1024


def _settings(db, **overrides):  # noqa: ANN001, ANN003
    return load_settings(**{**db.settings.model_dump(), **overrides})


@pytest.fixture
def small(db, admin):
    """An app with small limits (8 KiB bodies, 32 KiB uploads), signed in as an owner."""
    app = create_app(_settings(db, max_body_bytes=8 * KIB, max_upload_bytes=32 * KIB), start_runtime=False,
                     extra_authenticators=[lambda _req: admin])
    with TestClient(app) as c:
        c.get("/finance/import")
        c.headers["X-CSRF-Token"] = c.cookies.get("vx_csrf") or ""
        yield c


@pytest.fixture
def anonymous(db):
    with TestClient(create_app(db.settings, start_runtime=False)) as c:
        yield c


@pytest.fixture
def signed_in(db, admin):
    with TestClient(create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])) as c:
        yield c


def _is_413(r, limit: int) -> None:  # noqa: ANN001
    assert r.status_code == 413, r.text
    body = r.json()
    assert body["code"] == "body_too_large" and body["details"] == {"limit": limit} and body["field"] is None
    assert body["message"] and body["message_bn"] and body["message_bn"] != body["message"]


# ---- body size ---------------------------------------------------------------------------------


def test_json_and_graphql_bodies_over_the_default_limit_are_413(small):
    big = {"query": "{ __typename }", "pad": "x" * 9 * KIB}
    _is_413(small.post("/graphql", json=big), 8 * KIB)
    _is_413(small.post("/api/v1/finance/books/X/rates", json={"currency": "USD", "pad": "x" * 9 * KIB}), 8 * KIB)
    # a page form too, before the CSRF check reads it
    _is_413(small.post("/organization/companies", data={"name": "x" * 9 * KIB}), 8 * KIB)
    assert small.post("/graphql", json={"query": "{ __typename }"}).json() == {"data": {"__typename": "Query"}}


def test_a_streamed_body_without_content_length_is_counted(small, monkeypatch):
    called = []
    monkeypatch.setattr(plaintext_io, "import_plaintext", lambda *a, **k: called.append(1))

    def chunks(n: int):  # noqa: ANN202 - chunked transfer: no Content-Length for the server to trust
        for _ in range(n):
            yield b"; comment line padding the journal out\n" * 25

    r = small.post("/api/v1/finance/import", params={"company": "BIG"}, content=chunks(40))  # ~39 KiB
    assert "content-length" not in {k.lower() for k in r.request.headers}
    _is_413(r, 32 * KIB)
    assert called == []  # the import never ran


def test_import_routes_take_the_upload_limit_and_no_more(small, monkeypatch):
    seen = []

    def fake(text: str, *_a, **_k):  # noqa: ANN002, ANN003, ANN202
        seen.append(len(text))
        raise DomainError("fake_stop", "stopped by the test", "পরীক্ষা থামিয়েছে")

    monkeypatch.setattr(plaintext_io, "import_plaintext", fake)
    body = b"; padding\n" * (2 * KIB)  # 20 KiB: over the default limit, under the upload limit
    r = small.post("/api/v1/finance/import", params={"company": "BIG"}, content=body,
                   headers={"Content-Type": "text/plain"})
    assert r.status_code != 413 and seen == [len(body)]
    _is_413(small.post("/api/v1/finance/import", params={"company": "BIG"}, content=body * 2), 32 * KIB)
    # the page upload (multipart, read by the CSRF check before routing) gets the upload limit too
    page = small.post("/finance/import", data={"company": "P"}, files={"file": ("a.journal", body)})
    assert page.status_code != 413 and seen == [len(body)] * 2
    _is_413(small.post("/finance/import", data={"company": "P"}, files={"file": ("a.journal", body * 2)}), 32 * KIB)
    # the same size on a route that is no upload is refused
    _is_413(small.post("/api/v1/finance/books/X/revaluations", content=body,
                       headers={"Content-Type": "application/json"}), 8 * KIB)


def test_a_declared_length_over_the_limit_is_refused_before_the_app_reads_anything(small, monkeypatch):
    monkeypatch.setattr(plaintext_io, "import_plaintext", lambda *a, **k: pytest.fail("must not run"))
    r = small.post("/api/v1/finance/import", params={"company": "BIG"}, content=b"x" * (33 * KIB))
    _is_413(r, 32 * KIB)


def test_a_raw_import_body_that_is_not_utf8_is_422_with_a_code(signed_in):
    r = signed_in.post("/api/v1/finance/import", params={"company": "BIN"}, content=b"\xff\xfe\x00 not text",
                       headers={"Content-Type": "text/plain"})
    assert r.status_code == 422 and r.json()["code"] == "body_not_text" and r.json()["message_bn"], r.text


def test_limits_come_from_settings_with_documented_defaults(monkeypatch):
    s = load_settings()
    assert (s.max_body_bytes, s.max_upload_bytes) == (1024 * KIB, 20 * 1024 * KIB)
    assert s.graphql_public_schema is False
    monkeypatch.setenv("VEXTRUS_MAX_BODY_BYTES", "65536")
    monkeypatch.setenv("VEXTRUS_GRAPHQL_MAX_DEPTH", "5")
    s = load_settings()
    assert s.max_body_bytes == 65536 and s.graphql_max_depth == 5


# ---- GraphQL request shape -----------------------------------------------------------------------


@pytest.mark.parametrize("body", [b"{}", b"not json", b"\xff\xfe\x00garbage", b"[1, 2]", b'{"query": 5}',
                                  b'{"query": "{ __typename }", "variables": [1]}',
                                  b'{"query": "{ __typename }", "operationName": 7}', b""])
def test_a_graphql_body_that_is_not_a_request_is_400_with_a_code(signed_in, body):
    r = signed_in.post("/graphql", content=body, headers={"Content-Type": "application/json"})
    assert r.status_code == 400, r.text
    err = r.json()["errors"][0]
    assert err["extensions"]["code"] == "bad_request" and err["extensions"]["message_bn"]


# ---- GraphQL bounds ------------------------------------------------------------------------------


def _error(c, query: str, variables: dict | None = None) -> dict:  # noqa: ANN001
    r = c.post("/graphql", json={"query": query, "variables": variables})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["data"] is None and len(body["errors"]) == 1, body
    err = body["errors"][0]
    assert err["message"] and err["extensions"]["message_bn"] and err["extensions"]["message_bn"] != err["message"]
    return err


def test_a_query_nested_too_deep_is_refused(signed_in):
    deep = "{ __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { ofType " \
           "{ ofType { name } } } } } } } } } } } } }"
    err = _error(signed_in, deep)
    assert err["extensions"]["code"] == "query_too_deep" and err["extensions"]["details"] == {"limit": 12}
    # through fragments too
    frag = "fragment T on __Type { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType " \
           "{ ofType { name } } } } } } } } } } { __schema { types { fields { type { ...T } } } } }"
    assert _error(signed_in, frag)["extensions"]["code"] == "query_too_deep"
    ok = signed_in.post("/graphql", json={"query": "{ __schema { types { fields { type { ofType { name } } } } } }"})
    assert "errors" not in ok.json()


def test_too_many_aliases_are_refused(signed_in):
    q = "{ " + " ".join(f"a{i}: __typename" for i in range(31)) + " }"
    err = _error(signed_in, q)
    assert err["extensions"]["code"] == "too_many_aliases"
    assert err["extensions"]["details"] == {"limit": 30, "found": 31}
    ok = signed_in.post("/graphql", json={"query": "{ " + " ".join(f"a{i}: __typename" for i in range(30)) + " }"})
    assert "errors" not in ok.json()


def test_the_issue_attack_many_large_general_ledgers_is_refused_before_running(signed_in, monkeypatch):
    from vextrus.modules.finance.service import reporting

    monkeypatch.setattr(reporting, "general_ledger", lambda *a, **k: pytest.fail("must not run"))
    fields = "lines { entryDate narration debit credit balance }"
    # 100 aliases of generalLedger(limit: 5000) as in the issue
    q = "{ " + " ".join(f'g{i}: generalLedger(book: "X", account: "1000", limit: 5000) {{ {fields} }}'
                        for i in range(100)) + " }"
    assert _error(signed_in, q)["extensions"]["code"] == "too_many_aliases"
    big = _error(signed_in, '{ generalLedger(book: "X", account: "1000", limit: 5001) { closing } }')
    assert big["extensions"]["code"] == "page_too_large" and big["extensions"]["details"]["limit"] == 5000
    by_variable = _error(signed_in, 'query($n: Int!) { generalLedger(book: "X", account: "1000", limit: $n) '
                                    "{ closing } }", {"n": 100000})
    assert by_variable["extensions"]["code"] == "page_too_large"
    # within the page size and the alias count, but too much work together: the cost
    q = "{ " + " ".join(f'g{i}: generalLedger(book: "X", account: "1000", limit: 5000) {{ {fields} }}'
                        for i in range(10)) + " }"
    err = _error(signed_in, q)
    assert err["extensions"]["code"] == "query_too_complex" and err["extensions"]["details"]["limit"] == 200_000


def test_a_document_with_too_many_tokens_is_refused(signed_in):
    q = "{ " + " ".join("__typename" for _ in range(6000)) + " }"
    err = _error(signed_in, q)
    assert err["extensions"]["code"] == "query_too_complex" and err["extensions"]["details"] == {"tokens": 5000}


def test_list_defaults_count_toward_the_cost(db, admin):
    """A field's default page (generalLedger's limit 500) counts when the query does not name one."""
    app = create_app(_settings(db, graphql_max_cost=1000), start_runtime=False,
                     extra_authenticators=[lambda _req: admin])
    with TestClient(app) as c:
        err = _error(c, '{ generalLedger(book: "X", account: "1000") { lines { debit } } }')  # 1 + 500 × 2
        assert err["extensions"]["code"] == "query_too_complex" and err["extensions"]["details"]["cost"] == 1001
        small = c.post("/graphql", json={"query": '{ generalLedger(book: "X", account: "1000", limit: 10) '
                                                  "{ lines { debit } } }"}).json()
        assert small["errors"][0]["extensions"]["code"] != "query_too_complex"  # it ran: the book is unknown


# ---- the schema needs a signed-in user -----------------------------------------------------------


def test_introspection_and_sdl_need_sign_in(anonymous, signed_in):
    err = _error(anonymous, "{ __schema { queryType { name } } }")
    assert err["extensions"]["code"] == "unauthenticated"
    assert _error(anonymous, '{ __type(name: "Query") { name } }')["extensions"]["code"] == "unauthenticated"
    assert _error(anonymous, "fragment S on Query { __schema { types { name } } } { ...S }")["extensions"]["code"] \
        == "unauthenticated"
    assert anonymous.post("/graphql", json={"query": "{ __typename }"}).json() == {"data": {"__typename": "Query"}}
    r = anonymous.get("/graphql/sdl")
    assert r.status_code == 401 and r.json()["code"] == "unauthenticated" and r.json()["message_bn"]
    assert "type Query" in signed_in.get("/graphql/sdl").text
    assert signed_in.post("/graphql", json={"query": "{ __schema { queryType { name } } }"}).json() == {
        "data": {"__schema": {"queryType": {"name": "Query"}}}}


def test_a_setting_makes_the_schema_public(db):
    app = create_app(_settings(db, graphql_public_schema=True), start_runtime=False)
    with TestClient(app) as c:
        assert "type Query" in c.get("/graphql/sdl").text
        assert c.post("/graphql", json={"query": "{ __schema { queryType { name } } }"}).json()["data"]


def test_the_cli_prints_the_schema_without_a_server():
    """How the federation gateway gets the subgraph SDLs (`vextrus schema export`): no HTTP involved."""
    from typer.testing import CliRunner

    from vextrus.cli import app

    r = CliRunner().invoke(app, ["schema", "print"])
    assert r.exit_code == 0 and "type Query" in r.output
