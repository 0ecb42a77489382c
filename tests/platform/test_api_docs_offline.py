"""The REST docs page works offline (issue 12, "First steps"): Swagger UI's script, style and icon
come from the package (vextrus/web/static/swagger-ui, with its licence), never a CDN; every URL the
page references is local and answers 200, and the OpenAPI document it loads is there too."""

from __future__ import annotations

import re
from importlib import resources

import pytest
from fastapi.testclient import TestClient

from vextrus.web import api_docs


@pytest.fixture
def client(db, admin):
    from vextrus.app import create_app

    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as c:
        yield c


def test_docs_page_references_only_local_assets_that_answer(client):
    r = client.get(api_docs.DOCS_URL)
    assert r.status_code == 200 and "SwaggerUIBundle" in r.text
    html = r.text
    assert not re.search(r"(?:src|href)\s*=\s*[\"']?(?:https?:)?//", html), "an asset from another host"
    assert not re.search(r"https?://", html), "an absolute URL in the page (CDN, validator badge)"
    refs = re.findall(r"(?:src|href)=\"([^\"]+)\"", html) + re.findall(r"url: '([^']+)'", html)
    assert {"/static/swagger-ui/swagger-ui-bundle.js", "/static/swagger-ui/swagger-ui.css",
            "/static/swagger-ui/favicon-32x32.png", "/api/v1/openapi.json"} <= set(refs)
    for ref in refs:
        got = client.get(ref)
        assert got.status_code == 200 and got.content, ref
    assert client.get("/api/v1/openapi.json").json()["info"]["title"] == "Vextrus"
    assert '"validatorUrl": null' in html


def test_the_vendored_assets_ship_with_their_licence():
    folder = resources.files("vextrus.web").joinpath("static/swagger-ui")
    names = {p.name for p in folder.iterdir()}
    assert {"swagger-ui-bundle.js", "swagger-ui.css", "LICENSE.txt", "NOTICE.txt", "README.md"} <= names
    assert "Apache License" in folder.joinpath("LICENSE.txt").read_text(encoding="utf-8")
    bundle = folder.joinpath("swagger-ui-bundle.js").read_text(encoding="utf-8")
    assert "SwaggerUIBundle" in bundle and len(bundle) > 500_000  # the real bundle, not a stub
