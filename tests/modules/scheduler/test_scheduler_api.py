"""REST, GraphQL and pages of the scheduler (issue 14): the jobs list in English and Bangla shows the jobs
modules declare; run now from the page records a run in the history; a schedule made from the form can be
paused and resumed; REST refuses a bad cron with its field; GraphQL lists jobs and runs one."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from vextrus.app import create_app
from vextrus.modules.scheduler import service


@pytest.fixture
def client(db, admin):
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as c:
        c.get("/scheduler")
        yield c


def test_jobs_page_in_both_languages_lists_declared_jobs_and_runs_one_now(client):
    en = client.get("/scheduler")
    assert en.status_code == 200 and "master_data.document_expiry_reminders" in en.text and "Dhaka time" in en.text
    bn = client.get("/scheduler?lang=bn")
    assert "নির্ধারিত কাজ" in bn.text and "ঢাকা সময়" in bn.text and "এখনই চালান" in bn.text
    token = client.cookies.get("vx_csrf")
    r = client.post("/scheduler/run/notifications.dispatch", data={"csrf_token": token})
    assert r.status_code == 200 and "সফল" in r.text and "হাতে" in r.text  # the page stays in Bangla
    runs = client.get("/api/v1/scheduler/runs?job=notifications.dispatch").json()
    assert len(runs) == 1 and runs[0]["status"] == "succeeded" and runs[0]["duration_ms"] is not None


def test_a_schedule_from_the_form_pauses_and_resumes(client):
    service.register_action("test.page", lambda: None, "page test")
    token = client.cookies.get("vx_csrf")
    r = client.post("/scheduler/jobs", data={"csrf_token": token, "name": "nightly", "action": "test.page",
                                             "kind": "cron", "cron": "0 2 * * *", "max_retries": 2,
                                             "timeout_seconds": 60})
    assert r.status_code == 200 and "nightly" in r.text
    job = next(j for j in client.get("/api/v1/scheduler/jobs").json() if j["name"] == "nightly")
    assert job["next_run_at"] and not job["system"]
    r = client.post(f"/scheduler/jobs/{job['id']}/paused", data={"csrf_token": token, "paused": "true",
                                                                 "version": job["version"]})
    assert r.status_code == 200 and "paused" in r.text
    again = client.put(f"/api/v1/scheduler/jobs/{job['id']}/paused", json={"paused": False},
                       headers={"Idempotency-Key": "resume-1"})
    assert again.status_code == 200 and again.json()["paused"] is False and again.json()["next_run_at"]
    bad = client.post("/api/v1/scheduler/jobs", json={"name": "bad", "action": "test.page", "kind": "cron",
                                                      "cron": "0 25 * * *"})
    assert bad.status_code == 422 and bad.json()["code"] == "cron_invalid" and bad.json()["field"] == "cron"
    form_bad = client.post("/scheduler/jobs", data={"csrf_token": token, "name": "bad2", "action": "test.page",
                                                    "kind": "cron", "cron": "x"})
    assert form_bad.status_code == 422 and "cron" in form_bad.text


def test_graphql_lists_jobs_and_runs_one(client):
    q = client.post("/graphql", json={"query": "{ scheduledJobs { name system schedule } }"}).json()
    names = {j["name"]: j for j in q["data"]["scheduledJobs"]}
    assert names["notifications.digest"]["system"] and names["notifications.digest"]["schedule"].startswith("cron 0 8")
    m = client.post("/graphql", json={"query": 'mutation { runJobNow(name: "notifications.digest", '
                                               'idempotencyKey: "gq-1") { status trigger } }'}).json()
    assert m["data"]["runJobNow"] == {"status": "succeeded", "trigger": "manual"}
    h = client.post("/graphql", json={"query": '{ jobRuns(job: "notifications.digest") { status } }'}).json()
    assert [r["status"] for r in h["data"]["jobRuns"]] == ["succeeded"]


def test_a_declared_job_pauses_from_the_page_rest_and_graphql(client):
    token = client.cookies.get("vx_csrf")
    name = "master_data.document_expiry_reminders"
    r = client.post(f"/scheduler/declared/{name}/paused?lang=bn", data={"csrf_token": token, "paused": "true",
                                                                          "version": 0})
    assert r.status_code == 200 and "বিরতিতে" in client.get("/scheduler?lang=bn").text
    row = next(j for j in client.get("/api/v1/scheduler/jobs").json() if j["name"] == name)
    assert row["system"] and row["paused"] and row["version"] == 1
    resumed = client.put(f"/api/v1/scheduler/declared/{name}/paused", json={"paused": False, "expected_version": 1},
                         headers={"Idempotency-Key": "declared-resume-1"})
    assert resumed.status_code == 200 and resumed.json()["paused"] is False
    stale = client.put(f"/api/v1/scheduler/declared/{name}/paused", json={"paused": True, "expected_version": 1})
    assert stale.status_code == 409
    m = client.post("/graphql", json={"query": f'mutation {{ pauseJob(name: "{name}", paused: true) '
                                               '{ name paused system } }'}).json()
    assert m["data"]["pauseJob"] == {"name": name, "paused": True, "system": True}
    missing = client.put("/api/v1/scheduler/declared/no.such/paused", json={"paused": True})
    assert missing.status_code == 404 and missing.json()["field"] == "name"
