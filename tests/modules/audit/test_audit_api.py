"""REST, GraphQL and the audit pages on both databases: a request's events become records with its
request id and client address after the response; search, history, export, verify, retention."""

from __future__ import annotations

import io

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from vextrus.app import create_app
from vextrus.modules.audit.api import history_url

PARTY = {"legal_name": "Meghna Cement Mills Ltd.", "party_type": "company", "roles": ["vendor"],
         "vendor_categories": ["supplier"]}


@pytest.fixture
def client(db, admin):
    # the modules these tests use (others in the working tree need not be importable)
    settings = db.settings.model_copy(update={"modules": ["audit", "master_data", "auth"]})
    app = create_app(settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as c:
        yield c


def _party(client) -> dict:
    r = client.post("/api/v1/master_data/parties", json=PARTY, headers={"X-Request-ID": "req-audit-1"})
    assert r.status_code in (200, 201), r.text
    return r.json()


def test_a_requests_event_is_recorded_with_its_request_id_and_client_address(client):
    party = _party(client)
    r = client.get("/api/v1/audit/history", params={"object_type": "master_data.party", "object_id": party["id"]})
    [rec] = r.json()["items"]
    assert (rec["action"], rec["actor"], rec["request_id"], rec["client_address"]) == (
        "created", "admin@test", "req-audit-1", "testclient")
    assert client.get(f"/api/v1/audit/records/{rec['id']}").json()["hash"] == rec["hash"]


def test_rest_search_export_and_verify(client):
    _party(client)
    found = client.get("/api/v1/audit/records", params={"q": "Meghna", "object_type": "master_data.party"}).json()
    assert [r["action"] for r in found["items"]] == ["created"]
    x = client.get("/api/v1/audit/records/export", params={"q": "Meghna", "format": "xlsx"})
    assert x.status_code == 200 and x.headers["content-disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(x.content)).active
    assert sheet.max_row == 2 and sheet.cell(2, 4).value == "master_data.party"
    c = client.get("/api/v1/audit/records/export", params={"actor": "admin@test", "format": "csv"})
    assert c.headers["content-type"].startswith("text/csv") and "master_data.party" in c.content.decode("utf-8-sig")
    v = client.get("/api/v1/audit/verify").json()
    assert v["ok"] and v["checked"] >= 1 and v["findings"] == []
    bad = client.get("/api/v1/audit/records", params={"date_from": "2026-02-01", "date_to": "2026-01-01"})
    assert bad.status_code == 422 and bad.json()["field"] == "date_to"


def test_graphql_search_history_and_verify(client):
    party = _party(client)
    q = """query($id: String!) { auditRecords(text: "Meghna") { items { objectType action actor changes } }
      auditHistory(objectType: "master_data.party", objectId: $id) { items { seq action } nextCursor }
      auditVerify { ok checked findings { seq problem } } }"""
    r = client.post("/graphql", json={"query": q, "variables": {"id": party["id"]}}).json()
    assert "errors" not in r, r
    [rec] = r["data"]["auditRecords"]["items"]
    assert rec["objectType"] == "master_data.party" and rec["changes"]["legal_name"] == {"after": PARTY["legal_name"]}
    assert [h["action"] for h in r["data"]["auditHistory"]["items"]] == ["created"]
    assert r["data"]["auditVerify"]["ok"]


def test_pages_in_english_and_bangla(client):
    party = _party(client)
    page = client.get("/audit", params={"q": "Meghna"})
    assert page.status_code == 200 and "master_data.party" in page.text and "Audit trail" in page.text
    bn = client.get("/audit", params={"q": "Meghna", "lang": "bn"})
    assert "অডিট ট্রেইল" in bn.text and "রপ্তানি" in bn.text
    hist = client.get(history_url("master_data.party", party["id"]) + "&lang=en")  # the Bangla choice is remembered
    assert hist.status_code == 200 and "History of an object" in hist.text and 'data-seq="' in hist.text
    tab = client.get(history_url("master_data.party", party["id"], fragment=True))
    assert tab.text.lstrip().startswith("<table") and "created" in tab.text
    assert "The chain is intact" in client.get("/audit/verify").text
    assert "চেইন অক্ষত" in client.get("/audit/verify", params={"lang": "bn"}).text
    ret = client.get("/audit/retention", params={"lang": "bn"})
    assert "সংরক্ষণকাল" in ret.text and "finance.*" in ret.text


def test_retention_policy_rest_and_refusal(client):
    r = client.put("/api/v1/audit/retention-policies", json={"pattern": "finance.*", "live_days": 400, "retain_years": 8},
                   headers={"Idempotency-Key": "ret-1"})
    assert r.status_code == 200 and r.json()["retain_years"] == 8
    policies = {p["pattern"]: p for p in client.get("/api/v1/audit/retention-policies").json()}
    assert policies["finance.*"]["live_days"] == 400 and policies["*"]["default"]
    bad = client.put("/api/v1/audit/retention-policies", json={"pattern": "fin*ance", "live_days": 1, "retain_years": 1})
    assert bad.status_code == 422 and bad.json()["field"] == "pattern" and bad.json()["message_bn"]
    # the policy change is itself audited, with before and after
    rec = client.get("/api/v1/audit/records", params={"object_type": "audit.retention_policy"}).json()["items"][0]
    assert rec["changes"]["live_days"] == {"before": 730, "after": 400}


def test_edges_refuse_what_the_user_may_not_do(db, tenant_id, admin):
    from vextrus.platform import context

    _client = TestClient(create_app(db.settings.model_copy(update={"modules": ["audit", "master_data", "auth"]}),
                                    start_runtime=False, extra_authenticators=[lambda _req: viewer]))
    viewer = context.RequestContext(tenant_id=tenant_id, permissions=frozenset({"audit.record.view"}),
                                    actor="viewer@test")
    with _client as c:
        assert c.get("/api/v1/audit/records").status_code == 200
        assert c.get("/api/v1/audit/records/export").status_code == 403
        assert c.get("/api/v1/audit/verify").status_code == 403
        assert c.post("/api/v1/audit/archives").status_code == 403
        page = c.get("/audit")
        assert page.status_code == 200 and "/audit/export" not in page.text and "/audit/verify" not in page.text
        assert c.get("/audit/export?format=csv").status_code == 403
        r = c.post("/graphql", json={"query": "{ auditVerify { ok } }"}).json()
        assert r["errors"][0]["extensions"]["code"] == "permission_denied"


def test_a_requests_events_are_recorded_after_its_response_on_the_delivery_thread(client, monkeypatch):
    """Auditing adds nothing to the request: the record is written on one of the relay's threads
    (after the response), not on the thread that ran the endpoint."""
    import threading

    from vextrus.modules.audit import repository

    threads: list[str] = []
    real = repository.append

    def spy(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        threads.append(threading.current_thread().name)
        return real(*args, **kwargs)

    monkeypatch.setattr(repository, "append", spy)
    _party(client)
    # the relay's own threads: the one that delivers after a response, or its poller if it came first
    assert len(threads) == 1 and threads[0] in ("event-delivery", "outbox-relay")


def test_search_links_keep_the_search_words_encoded(client):
    _party(client)
    page = client.get("/audit", params={"q": "Meghna & Co", "lang": "en"})
    assert page.status_code == 200 and "q=Meghna+%26amp%3B+Co" not in page.text
    assert "/audit/export?format=csv&q=Meghna+%26+Co" in page.text
