"""Many vouchers as one background run (a real huey consumer thread, run as the signed-in user who
asked): 202 with the run's location, progress per document, each good one generated and numbered in
order, a bad one reported with its index and field without stopping the others."""

from __future__ import annotations

from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from vextrus.platform import background, context

PASSWORD = "a long enough password 1"
GOOD = {"voucher_date": "2026-05-01", "payee": "Shapla Tiles", "lines": [
    {"account_code": "5110", "account_name": "Tiles", "amount": "15000"}]}


@pytest.fixture
def user(db, tenant_id) -> context.RequestContext:
    from vextrus.modules.auth import service as auth
    from vextrus.modules.auth.service import sessions
    from vextrus.modules.organization import api as org

    with context.acting_as(context.system_context(tenant_id)):
        c = org.create_company(org.CompanyInput(code="BATCH", name="Batch Builders Ltd."))
        auth.seed_default_roles(c.id)
        u = auth.create_user(auth.UserInput(email=f"b{tenant_id.hex[-10:]}@docs.example", name="Accountant"),
                             PASSWORD, c.id, ["accountant"])
    return sessions.context_for(u.id, tenant_id, company_id=c.id)


@pytest.fixture
def consumer(db, monkeypatch):
    monkeypatch.setattr(background, "PROGRESS_INTERVAL", 0)
    db.jobs.start_consumer(workers=1, periodic=False)
    yield db.jobs
    db.jobs.stop_consumer()


def test_a_batch_runs_in_the_background_and_reports_each_document(db, user, consumer):
    from vextrus.app import create_app

    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda request: user])
    bad = {**GOOD, "lines": [{**GOOD["lines"][0], "amount": "0"}]}
    with TestClient(app) as client:
        r = client.post("/api/v1/documents/types/payment_voucher/batch?lang=bn", json=[GOOD, bad, GOOD],
                        headers={"Idempotency-Key": "batch-1"})
        assert r.status_code == 202 and r.headers["location"] == f"/api/v1/jobs/{r.json()['id']}"
        assert background.wait(UUID(r.json()["id"])) == "done"
        run = client.get(r.headers["location"]).json()
    assert run["status"] == "done" and (run["done"], run["total"]) == (3, 3)
    result = run["result"]
    assert [(g["index"], g["number"]) for g in result["generated"]] == [(0, "PV/2025-26/000001"),
                                                                         (2, "PV/2025-26/000002")]
    assert [(x["index"], x["field"]) for x in result["refused"]] == [(1, "lines[0].amount")]
