"""Fuzzing: schemathesis over every REST operation (/api/v1/openapi.json) and every GraphQL query and
mutation (/graphql), as the signed-in owner of the demo company, on both databases. Valid and invalid
inputs (schemathesis's positive and negative modes); any 5xx fails the test and is listed with the
request that caused it.

A bounded number of examples per operation and mode (VEXTRUS_FUZZ_EXAMPLES, default 5) keeps it to
a few minutes on two cores; raise it locally to dig deeper. VEXTRUS_FUZZ_EXAMPLES_SQLITE, when set, is
the number on SQLite: CI sets it lower, because SQLite takes what PostgreSQL refuses (over-long text,
NUL characters, integers past 64 bits), so the answers that differ between the two are PostgreSQL's. The figures of a run are printed
(`-s`) and recorded in docs/security.md.

The tests are in three files (test_fuzz_rest_1.py, test_fuzz_rest_2.py: the REST operations split in two by a
hash of their label; test_fuzz_graphql.py), so that CI's two workers, which take a file each, share them."""

from __future__ import annotations

import os
import re
import zlib
from dataclasses import dataclass, field

import pytest
import requests
import schemathesis
from fastapi.testclient import TestClient
from graphql import introspection_from_schema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.graphql import nodes

from vextrus.app import create_app
from vextrus.platform import bootstrap, runtime

EXAMPLES = int(os.environ.get("VEXTRUS_FUZZ_EXAMPLES", "5"))
EXAMPLES_SQLITE = int(os.environ.get("VEXTRUS_FUZZ_EXAMPLES_SQLITE", EXAMPLES))
# Custom GraphQL scalars: decimals of any size and precision (as text, like the API takes them), JSON
schemathesis.graphql.scalar("Decimal", st.one_of(
    st.decimals(allow_nan=False, allow_infinity=False).map(str),
    st.from_regex(r"-?[0-9]{1,22}(\.[0-9]{1,14})?", fullmatch=True)).map(nodes.String))
schemathesis.graphql.scalar("JSON", st.one_of(st.text(max_size=30).map(nodes.String), st.integers().map(nodes.Int)))
# Operations that end the fuzzer's own sign-in (it would then only see 401s)
SKIP = re.compile(r"^POST /api/v1/auth/(logout|revoke-all)$")
ONLY = re.compile(os.environ.get("VEXTRUS_FUZZ_ONLY", ""))  # e.g. "export" to dig into some operations


@dataclass
class Tally:
    examples: int  # per operation and mode
    operations: int = 0
    requests: int = 0
    errors: dict[str, str] = field(default_factory=dict)  # "METHOD path -> status": one example
    slow: set[str] = field(default_factory=set)  # operations that did not answer within the client's timeout

    def line(self, kind: str, db: str) -> str:
        return (f"fuzz {kind} [{db}]: {self.operations} operations, {self.requests} requests "
                f"({self.examples} examples per operation and mode), {len(self.errors)} distinct 5xx, "
                f"slow (> 10 s): {sorted(self.slow) or 'none'}")


def _owner_token(app) -> str:  # noqa: ANN001
    """Sign in as the demo owner with the generated demo password, as an integration would."""
    bootstrap.load_demo()
    creds = (runtime.current().settings.data_dir / "demo-credentials.txt").read_text()
    password = creds.split("password for all: ", 1)[1].split(")", 1)[0]
    with TestClient(app) as c:
        r = c.post("/api/v1/auth/login", json={"email": "owner@padma.example", "password": password})
        assert r.status_code == 200, r.text
        return r.json()["access_token"]


def _demo_path_values(client: TestClient, headers: dict[str, str]) -> dict[str, str]:
    """Real path parameters of the demo company, so that examples also reach past 'not found'."""
    get = lambda url: client.get(url, headers=headers).json()  # noqa: E731
    company = get("/api/v1/organization/companies")[0]["id"]
    item = get("/api/v1/master_data/items")["items"][0]
    party = get("/api/v1/master_data/parties")["items"][0]
    return {"book": "PBL", "project": "PADMA-RES", "company_id": company, "item_id": item["id"],
            "party_id": party["id"], "user_id": get("/api/v1/auth/me")["user"]["id"], "account": "1110",
            "kind": "parties"}


def _fuzz(schema, headers: dict[str, str], dbname: str, known: dict[str, str] | None = None,  # noqa: ANN001
          shard: tuple[int, int] = (0, 1)) -> Tally:
    """Fuzz the schema's operations of one shard (index, count): those whose label hashes to the index."""
    tally = Tally(EXAMPLES_SQLITE if dbname == "sqlite" else EXAMPLES)
    index, count = shard
    for result in schema.get_all_operations():
        op = result.ok()
        label = op.label
        if SKIP.match(label) or not ONLY.search(label) or zlib.crc32(label.encode()) % count != index:
            continue
        tally.operations += 1
        names = set(re.findall(r"{(\w+)}", getattr(op, "path", "") or ""))
        fixed = {k: v for k, v in (known or {}).items() if k in names}
        variants = [(m, None) for m in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)]
        if fixed:
            variants += [(m, fixed) for m in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)]
        for mode, path_parameters in variants:
            try:
                strategy = op.as_strategy(generation_mode=mode, path_parameters=path_parameters)
            except Exception:  # noqa: BLE001 - an operation schemathesis cannot negate
                continue
            try:
                _examples(strategy, label, headers, tally)()
            except Unsatisfiable:  # nothing to make invalid (an operation without inputs)
                pass
    return tally


def _examples(strategy, label: str, headers: dict[str, str], tally: Tally):  # noqa: ANN001, ANN202
    @settings(max_examples=tally.examples, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(case=strategy)
    def run(case) -> None:  # noqa: ANN001
        tally.requests += 1
        try:
            response = case.call(headers=dict(headers))
            status, text = response.status_code, response.content.decode("utf-8", "replace")  # downloads are bytes
        except requests.Timeout:  # not an error answer; a slow operation under a loaded machine (reported)
            tally.slow.add(label)
            return
        except Exception as exc:  # noqa: BLE001 - the in-process client re-raises what a server answers with 500
            status, text = 500, f"raised {type(exc).__name__}: {exc}"[:300]
        if status < 500 and "internal_error" in text:  # GraphQL answers 200 with the error in the body
            status = 500
        if status >= 500:
            curl = case.as_curl_command(headers={"Authorization": "Bearer ..."})
            tally.errors.setdefault(f"{label} -> {status}", f"{curl}\n  {text[:300]}")

    return run


@pytest.fixture
def signed_in(db):
    app = create_app(db.settings, start_runtime=False)
    return app, {"Authorization": f"Bearer {_owner_token(app)}"}, db.engine.dialect.name


def rest_operations_never_answer_5xx(signed_in, shard: tuple[int, int]) -> None:  # noqa: ANN001
    """Every REST operation of the shard, positive and negative examples: no 5xx."""
    app, headers, dbname = signed_in
    # the schema of every module is built on the first request (seconds; schemathesis waits 10 s by default,
    # which a loaded CI machine once exceeded): how long it takes is not what this test is about
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app, timeout=120)
    with TestClient(app) as client:
        known = _demo_path_values(client, headers)
    tally = _fuzz(schema, headers, dbname, known, shard)
    print(tally.line(f"REST (shard {shard[0] + 1} of {shard[1]})", dbname))
    assert tally.operations > 100 // shard[1] or ONLY.pattern
    assert tally.errors == {}, "\n".join(f"{k}\n  {v}" for k, v in tally.errors.items())


def graphql_operations_never_answer_5xx(signed_in) -> None:  # noqa: ANN001
    """Every GraphQL query and mutation, positive and negative examples: no 5xx."""
    app, headers, dbname = signed_in
    # the schema as introspection shows it, computed in process: the standard introspection query is
    # deeper than the depth the endpoint allows other queries (graphql_bounds)
    schema = schemathesis.graphql.from_dict(introspection_from_schema(app.state.schema._schema))
    schema.app, schema.location = app, "/graphql"
    tally = _fuzz(schema, headers, dbname)
    print(tally.line("GraphQL", dbname))
    assert tally.operations > 20 or ONLY.pattern
    assert tally.errors == {}, "\n".join(f"{k}\n  {v}" for k, v in tally.errors.items())
