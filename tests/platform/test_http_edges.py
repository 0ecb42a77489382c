"""Health, metrics and request ids at the HTTP edge."""

from __future__ import annotations

from fastapi.testclient import TestClient

from vextrus.app import create_app


def test_ready_lists_every_module_and_dependency(db):
    with TestClient(create_app(db.settings, start_runtime=False)) as c:
        body = c.get("/health/ready").json()
        assert body["status"] == "ok"
        assert {"database", "bus"} <= set(body["checks"])
        assert {f"module:{n}" for n in db.registry.names} <= set(body["checks"])
        assert c.get("/health/live").json() == {"status": "ok"}


def test_ready_is_503_with_the_failing_check_when_the_database_is_gone(db, monkeypatch):
    with TestClient(create_app(db.settings, start_runtime=False)) as c:
        def broken():
            raise ConnectionError("database went away")

        monkeypatch.setattr(db.engine, "connect", broken)
        r = c.get("/health/ready")
        assert r.status_code == 503 and r.json()["checks"]["database"]["status"] == "failing"
        assert "went away" in r.json()["checks"]["database"]["error"]


def test_request_id_is_echoed_and_requests_are_counted(db):
    with TestClient(create_app(db.settings, start_runtime=False)) as c:
        r = c.get("/health/live", headers={"X-Request-ID": "abc-123"})
        assert r.headers["x-request-id"] == "abc-123"
        assert c.get("/status").headers["x-request-id"]
        metrics = c.get("/metrics").text
        assert 'vextrus_http_requests_total{method="GET",route="/health/live",status="200"}' in metrics
