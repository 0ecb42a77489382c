"""A new user's first minutes, against a real `vextrus serve --demo` process over HTTP."""

from __future__ import annotations

import httpx


def test_fresh_start_is_ready_for_every_module(live_server):
    r = httpx.get(live_server.url + "/health/ready")
    checks = r.json()["checks"]
    assert r.status_code == 200 and all(c["status"] == "ok" for c in checks.values())
    assert sum(1 for name in checks if name.startswith("module:")) >= 1
    assert (live_server.workdir / "vextrus.db").exists()  # created and migrated on first run


def test_startup_prints_the_url(live_server):
    assert f"on {live_server.url}" in live_server.output
    assert "Demo company: Padma Builders Ltd." in live_server.output


def test_openapi_and_graphql_are_published(live_server):
    spec = httpx.get(live_server.url + "/api/v1/openapi.json").json()
    assert any(p.startswith("/api/v1/configuration/") for p in spec["paths"])
    # the schema is for signed-in users (docs/security.md); the gateway takes it from `vextrus schema export`
    sdl = httpx.get(live_server.url + "/graphql/sdl")
    assert sdl.status_code == 401 and sdl.json()["code"] == "unauthenticated"


def test_graphql_without_sign_in_is_refused_with_a_code(live_server):
    r = httpx.post(live_server.url + "/graphql", json={"query": "{ settings { key } }"}).json()
    assert r["errors"][0]["extensions"]["code"] == "unauthenticated"


def test_graphql_syntax_error_is_a_bad_request_code(live_server):
    r = httpx.post(live_server.url + "/graphql", json={"query": "{ settings { "}).json()
    assert r["errors"][0]["extensions"]["code"] == "bad_request"
