"""REST, GraphQL and the rules page: the same rules, positions of errors, test/explain, both languages."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from vextrus.app import create_app


@pytest.fixture
def client(db, admin):
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as c:
        yield c


BODY = {"subject": "tax.withholding", "name": "WHT", "name_bn": "উৎসে কর", "mode": "first", "rules": [
    {"key": "big", "condition": "amount > 5000000.0", "priority": 1,
     "outcome": {"kind": "value", "value": {"rate": "5"}}},
    {"key": "small", "condition": "true", "priority": 2, "outcome": {"kind": "value", "value": {"rate": "3"}}}]}
SAMPLE = {"payment_kind": "contractor", "amount": "6000000", "payee_has_tin": True, "on": "2025-08-01"}


def test_rest_save_test_and_refuse_with_position(client):
    r = client.put("/api/v1/rules/rule-sets/wht", json=BODY, headers={"Idempotency-Key": "k1"})
    assert r.status_code == 200 and r.json()["current_version"] == 1
    again = client.put("/api/v1/rules/rule-sets/wht", json=BODY, headers={"Idempotency-Key": "k1"})
    assert again.json() == r.json()
    t = client.post("/api/v1/rules/rule-sets/wht/test", json={"data": SAMPLE}).json()
    assert t["matched"] == ["big"] and t["values"] == [{"rate": "5"}] and t["rule_set_version"] == 1
    assert [c["matched"] for c in t["checked"]] == [True, True]
    bad = {**BODY, "rules": [{**BODY["rules"][0], "condition": "amount > 5000000.0 && tin"}]}
    r = client.put("/api/v1/rules/rule-sets/wht", json=bad)
    body = r.json()
    assert r.status_code == 422 and body["code"] == "condition_unknown_field"
    assert body["field"] == "rules[0].condition" and body["details"]["column"] == 23 and body["message_bn"]


def test_graphql_test_rule_set_and_error_code(client):
    client.put("/api/v1/rules/rule-sets/wht", json=BODY)
    q = "query($d: JSON!) { testRuleSet(code: \"wht\", data: $d) { ruleSetVersion matched checked { key matched } } }"
    r = client.post("/graphql", json={"query": q, "variables": {"d": {**SAMPLE, "amount": "100"}}}).json()
    assert r["data"]["testRuleSet"] == {"ruleSetVersion": 1, "matched": ["small"],
                                        "checked": [{"key": "big", "matched": False}, {"key": "small", "matched": True}]}
    m = "mutation($i: JSON!) { saveRuleSet(code: \"wht\", input: $i) { currentVersion } }"
    bad = {**BODY, "rules": [{**BODY["rules"][0], "condition": "amount >"}]}
    r = client.post("/graphql", json={"query": m, "variables": {"i": bad}}).json()
    assert r["errors"][0]["extensions"]["code"] == "condition_syntax"
    assert r["errors"][0]["extensions"]["details"] == {"line": 1, "column": 9}


def test_rules_page_tests_explains_and_edits_in_bangla(client):
    client.post("/api/v1/rules/seed-defaults")
    page = client.get("/rules?lang=bn")
    assert page.status_code == 200 and "ব্যবসায়িক নিয়ম" in page.text and "bd.vat_category" in page.text
    page = client.get("/rules/bd.vat_category")
    assert "Standard rate 15%" in page.text
    token = client.cookies.get("vx_csrf")
    r = client.post("/rules/bd.vat_category/test", data={"supply": "export", "service_code": "S099.00",
                                                         "reduced_rate": "0", "on": "2025-08-01"},
                    headers={"X-CSRF-Token": token, "HX-Request": "true"})
    assert r.status_code == 200 and "zero_rated_export" in r.text and "zero_rated" in r.text
    r = client.post("/rules/bd.vat_category/edit", data={"csrf_token": token, "rules": '[{"key": "a", "condition": '
                    '"supply == ", "outcome": {"kind": "value"}}]', "active": "on"})
    assert r.status_code == 422 and "কলাম ১১" in r.text and "rules[0].condition" in r.text
