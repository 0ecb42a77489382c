"""Issue 20: each included router refuses a path outside its literal start before trying its routes, and an
authenticator's cached answer is used without the thread-pool hop. Neither may change what answers a request."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from starlette.requests import Request

from vextrus.app import create_app
from vextrus.platform.errors import Unauthenticated
from vextrus.platform.http import NEEDS_DATABASE


def test_every_route_lies_under_its_routers_guard(db):
    app = create_app(db.settings, start_runtime=False)
    guarded = [r for r in app.router.routes if hasattr(r, "_literal_start")]
    assert len(guarded) > 20  # the modules' REST and page routers
    for router in guarded:
        start = router._literal_start()
        for ctx in router.effective_route_contexts():
            route = ctx.starlette_route or ctx.original_route
            path = getattr(ctx, "path_format", None) or getattr(route, "path", "")
            assert path.startswith(start), (start, path)


def test_answers_are_unchanged_by_the_guard(db):
    with TestClient(create_app(db.settings, start_runtime=False)) as c:
        assert c.get("/health/live").status_code == 200
        assert c.get("/api/v1/finance/books").status_code == 401  # matched, then refused: nobody signed in
        assert c.get("/api/v1/finance/no-such-thing").status_code == 404
        assert c.get("/api/v1/financeX/books").status_code == 404
        assert c.patch("/api/v1/finance/books").status_code == 405  # a path matched by another method stays 405
        assert c.get("/graphql/sdl").status_code in (200, 401)
        assert c.post("/graphql", json={"query": "{ __typename }"}).status_code in (200, 401)


def _request(headers: dict[str, str]) -> Request:
    return Request({"type": "http", "method": "GET", "path": "/", "headers": [
        (k.lower().encode(), v.encode()) for k, v in headers.items()], "query_string": b""})


def test_cached_authentication_answers_as_the_authenticator_or_asks_for_the_database(db):
    from vextrus.modules.auth.web_auth import authenticate, authenticate_cached

    assert authenticate.cached is authenticate_cached
    assert authenticate_cached(_request({})) is None  # nobody
    assert authenticate_cached(_request({"X-API-Key": "vx_something"})) is NEEDS_DATABASE  # its use is recorded
    assert authenticate_cached(_request({"Cookie": "vx_session=not-a-token"})) is None  # a bad cookie: anonymous
    with pytest.raises(Unauthenticated):
        authenticate_cached(_request({"Authorization": "Basic abc"}))
    with pytest.raises(Exception) as bad:  # noqa: PT011  # the same refusal as the authenticator's
        authenticate_cached(_request({"Authorization": "Bearer not-a-token"}))
    with pytest.raises(type(bad.value)):
        authenticate(_request({"Authorization": "Bearer not-a-token"}))
