"""REST and GraphQL edges of the configuration module: same rules, same error shape."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from vextrus.app import create_app
from vextrus.platform import context


@pytest.fixture
def client(db, admin):
    """An app whose caller is the test's admin. (Sign-in is the auth module's job and is tested there;
    this authenticator only stands in for it at the edge.)"""
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as c:
        yield c


def test_rest_put_then_get_with_idempotency_key(client):
    r1 = client.put("/api/v1/configuration/settings/general.weekend_days", json={"value": "Fri,Sat"},
                    headers={"Idempotency-Key": "abc"})
    r2 = client.put("/api/v1/configuration/settings/general.weekend_days", json={"value": "Fri,Sat"},
                    headers={"Idempotency-Key": "abc"})
    assert r1.status_code == 200 and r2.json() == r1.json() and r1.json()["version"] == 1
    assert client.get("/api/v1/configuration/settings/general.weekend_days").json()["value"] == "Fri,Sat"


def test_rest_error_body_names_code_field_and_bangla(client):
    r = client.put("/api/v1/configuration/settings/general.fiscal_year_start_month", json={"value": "thirteen"})
    body = r.json()
    assert r.status_code == 422 and body["code"] == "setting_invalid" and body["field"] == "value"
    assert "পূর্ণসংখ্যা" in body["message_bn"]


def test_rest_malformed_body_is_a_clear_422(client):
    r = client.put("/api/v1/configuration/flags/projects.beta", json={"enabled": "maybe"})
    assert r.status_code == 422 and r.json()["code"] == "invalid_input" and r.json()["field"] == "enabled"


def test_graphql_mutation_and_query(client):
    q = """mutation { saveFeatureFlag(input: {key: "finance.beta", enabled: true, rolloutPercent: 100},
             idempotencyKey: "g1") { key enabled version } }"""
    r = client.post("/graphql", json={"query": q}).json()
    assert r["data"]["saveFeatureFlag"] == {"key": "finance.beta", "enabled": True, "version": 1}
    r = client.post("/graphql", json={"query": '{ featureEnabled(key: "finance.beta") { enabled reason } }'}).json()
    assert r["data"]["featureEnabled"] == {"enabled": True, "reason": "on"}


def test_graphql_domain_error_has_extensions_code(client):
    r = client.post("/graphql", json={"query": 'mutation { setSetting(key: "general.bangla_digits", value: "maybe") { key } }'}).json()
    ext = r["errors"][0]["extensions"]
    assert ext["code"] == "setting_invalid" and ext["field"] == "value" and ext["message_bn"]


def test_settings_page_renders_in_bangla_and_saves_inline(client):
    page = client.get("/configuration?lang=bn")
    assert page.status_code == 200 and "কোম্পানির সেটিংস" in page.text
    token = client.cookies.get("vx_csrf")
    r = client.post("/configuration/settings/general.timezone", data={"value": "Asia/Dhaka", "version": 0},
                    headers={"X-CSRF-Token": token})
    assert r.status_code == 200 and "পরিবর্তিত" in r.text


def test_plain_form_post_with_csrf_field_keeps_its_body(client):
    client.get("/configuration")
    r = client.post("/configuration/settings/general.weekend_days",
                    data={"value": "Fri,Sat", "version": 0, "csrf_token": client.cookies.get("vx_csrf")})
    assert r.status_code == 200
    assert client.get("/api/v1/configuration/settings/general.weekend_days").json()["value"] == "Fri,Sat"


def test_form_post_without_csrf_token_is_refused(client):
    client.get("/configuration")
    r = client.post("/configuration/settings/general.timezone", data={"value": "UTC", "version": 0})
    assert r.status_code == 403 and r.json()["code"] == "csrf_failed"


def test_anonymous_caller_is_refused(db):
    app = create_app(db.settings, start_runtime=False)
    with TestClient(app) as c:
        r = c.get("/api/v1/configuration/settings")
        assert r.status_code == 401 and r.json()["code"] == "unauthenticated"
        g = c.post("/graphql", json={"query": "{ settings { key } }"}).json()
        assert g["errors"][0]["extensions"]["code"] == "unauthenticated"
    assert context.current().tenant_id is None
