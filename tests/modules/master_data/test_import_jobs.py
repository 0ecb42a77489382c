"""Party and item imports as background runs (issue 10, "long imports as jobs with progress"): the REST
route answers 202 with a Location to the run, the page polls a progress bar, and the run ends with
the report the synchronous import gives; a failing import ends `failed` with nothing written; another
tenant cannot read the run; /health/live answers while an import runs. A real huey consumer thread."""

from __future__ import annotations

import random
import threading
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from vextrus.modules.master_data import imports, service
from vextrus.modules.master_data.service import items as item_service
from vextrus.platform import background, context
from vextrus.platform.ids import new_id
from vextrus.platform.tables import Tenant

PASSWORD = "a long enough password 1"
WORDS = ["Meghna", "Padma", "Jamuna", "Rahman", "Karim", "Sonali", "Bengal", "Apex", "Delta", "Shapla"]


def _user(tenant_id: UUID, email: str) -> context.RequestContext:
    from vextrus.modules.auth import service as auth
    from vextrus.modules.auth.service import sessions
    from vextrus.modules.organization import api as org

    with context.acting_as(context.system_context(tenant_id)):
        c = org.create_company(org.CompanyInput(code="B", name="Bench Ltd."))
        auth.seed_default_roles(c.id)
        u = auth.create_user(auth.UserInput(email=email, name="Importer"), PASSWORD, c.id, ["owner"])
    return sessions.context_for(u.id, tenant_id, company_id=c.id)


def _tenant(db) -> UUID:  # noqa: ANN001
    tid = new_id()
    with context.acting_as(context.system_context()), db.session_factory.begin() as s:
        s.add(Tenant(id=tid, code=f"t{tid.hex[-12:]}", name="Test Builders Ltd.", is_demo=False))
    return tid


@pytest.fixture
def user(db, tenant_id) -> context.RequestContext:
    return _user(tenant_id, f"u{tenant_id.hex[-12:]}@imp.example")


@pytest.fixture
def consumer(db, monkeypatch):
    monkeypatch.setattr(background, "PROGRESS_INTERVAL", 0)  # every progress call writes
    db.jobs.start_consumer(workers=1, periodic=False)
    yield db.jobs
    db.jobs.stop_consumer()


@pytest.fixture
def client(db, user):
    from vextrus.app import create_app

    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda request: user])
    with TestClient(app) as c:
        c.get("/master_data/import")  # sets the CSRF cookie
        yield c


def _parties(n: int, seed: int = 7) -> bytes:
    rng = random.Random(seed)
    rows = ["legal_name,roles,mobile"]
    for i in range(n):
        rows.append(f"{rng.choice(WORDS)} {rng.choice(WORDS)} Traders {i},customer,0171{i:07d}")
    rows.append(f"{rows[1].split(',')[0]},customer,01710000000")  # the first row's mobile again: one error
    return ("\n".join(rows) + "\n").encode()


def _writes(monkeypatch) -> list[tuple[object, str, int, int]]:  # noqa: ANN001
    """Progress writes of every run the consumer works on (other tests' runs may still be queued):
    the test keeps its own run's by id."""
    seen: list[tuple[object, str, int, int]] = []
    real = background._write

    def spy(run_id, values):  # noqa: ANN001, ANN202
        if "phase" in values and "status" not in values:
            seen.append((run_id, values["phase"], values["done"], values["total"]))
        return real(run_id, values)

    monkeypatch.setattr(background, "_write", spy)
    return seen


def test_a_submitted_import_runs_to_done_with_rising_progress_and_the_inline_report(user, consumer, monkeypatch):
    data = _parties(450)
    with context.acting_as(user):
        inline = imports.run_import("parties", data, dry_run=True)
        writes = _writes(monkeypatch)
        run = imports.submit_import("parties", data, dry_run=True)
        assert background.wait(run.id, timeout=300) == "done"
        finished, report = imports.import_run(run.id)
    assert report == inline and finished.result == inline.model_dump(mode="json")
    assert [e.code for e in report.errors] == ["master_data.duplicate_party"]
    seen = [w[1:] for w in writes if w[0] == run.id]
    assert seen and [p for p, *_ in seen] == ["check"] * len(seen)
    dones = [d for _, d, _ in seen]
    assert dones == sorted(dones) and len(set(dones)) == len(dones) and dones[-1] == 451
    assert {t for *_, t in seen} == {451}
    assert (finished.status, finished.phase, finished.done, finished.total) == ("done", "check", 451, 451)


def test_rest_answers_202_with_location_and_the_run_gives_the_report(client, user, consumer, monkeypatch):
    monkeypatch.setattr(imports, "INLINE_MAX_ROWS", 100)  # this file is "large"
    data = _parties(150)
    r = client.post("/api/v1/master_data/import/parties?dry_run=false", files={"file": ("p.csv", data, "text/csv")},
                    headers={"Idempotency-Key": "imp-1"})
    assert r.status_code == 202, r.text
    run_id = UUID(r.json()["id"])
    assert r.headers["location"] == f"/api/v1/jobs/{run_id}" and r.json()["status"] == "queued"
    again = client.post("/api/v1/master_data/import/parties?dry_run=false",
                        files={"file": ("p.csv", data, "text/csv")}, headers={"Idempotency-Key": "imp-1"})
    assert again.status_code == 202 and again.json()["id"] == str(run_id)  # the same run, not a second import
    with context.acting_as(user):
        assert background.wait(run_id, timeout=300) == "done"
    got = client.get(r.headers["location"]).json()
    assert got["status"] == "done" and got["result"]["rows"] == 151 and got["result"]["dry_run"] is False
    assert len(got["result"]["errors"]) == 1 and got["result"]["created"] == []  # one bad row: nothing written
    fixed = data.rsplit(b"\n", 2)[0] + b"\n"  # without the duplicate row
    ok = client.post("/api/v1/master_data/import/parties?dry_run=false&background=true",
                     files={"file": ("p.csv", fixed, "text/csv")})
    assert ok.status_code == 202
    with context.acting_as(user):
        assert background.wait(UUID(ok.json()["id"]), timeout=300) == "done"
        assert len(client.get(ok.headers["location"]).json()["result"]["created"]) == 150
        assert service.search_parties("Traders 149").items
    small = client.post("/api/v1/master_data/import/parties?dry_run=true", files={"file": ("p.csv", _parties(5))})
    assert small.status_code == 200 and small.json()["rows"] == 6  # small files are still answered inline
    forced = client.post("/api/v1/master_data/import/parties?dry_run=true&background=false",
                         files={"file": ("p.csv", data, "text/csv")})
    assert forced.status_code == 200 and forced.json()["rows"] == 151  # the synchronous answer on request


def test_a_failing_import_ends_failed_with_the_error_and_nothing_written(user, consumer, monkeypatch):
    data = "code,name,name_bn,base_unit\n" + "".join(f"IT-{i},Item {i},পণ্য {i},kg\n" for i in range(6))
    real = item_service.create_item
    calls = []

    def breaks_on_the_fourth(item):  # noqa: ANN001, ANN202
        calls.append(item.code)
        if len(calls) == 4:
            raise RuntimeError("disk full")
        return real(item)

    monkeypatch.setattr(item_service, "create_item", breaks_on_the_fourth)
    with context.acting_as(user):
        run = imports.submit_import("items", data.encode(), dry_run=False)
        assert background.wait(run.id, timeout=300) == "failed"
        failed, report = imports.import_run(run.id)
        assert report is None and failed.error.code == "background.failed" and failed.error.message_bn
        assert len(calls) == 4 and item_service.search_items("").items == []  # the three written rolled back
        bad = imports.submit_import("items", b"code,colour\nX,red\n", dry_run=False)
        assert background.wait(bad.id, timeout=300) == "failed"
        refused = background.get_run(bad.id).error
    assert refused.code == "master_data.import_columns" and refused.field == "file" and refused.message_bn


def test_another_tenant_cannot_read_the_run(db, client, user, consumer):
    r = client.post("/api/v1/master_data/import/items?background=true",
                    files={"file": ("i.csv", b"code,name,name_bn,base_unit\nC-1,Cement,\xe0\xa6\xb8,kg\n")})
    assert r.status_code == 202
    with context.acting_as(user):
        assert background.wait(UUID(r.json()["id"]), timeout=300) == "done"
    other = _user(_tenant(db), f"o{new_id().hex[-12:]}@imp.example")
    from vextrus.app import create_app

    with TestClient(create_app(db.settings, start_runtime=False, extra_authenticators=[lambda request: other])) as c:
        api = c.get(r.headers["location"])
        page = c.get(f"/master_data/import/runs/{r.json()['id']}")
    assert api.status_code == 404 and api.json()["code"] == "not_found"
    assert page.status_code == 404
    assert client.get(r.headers["location"]).json()["status"] == "done"  # its submitter still reads it


def test_health_live_answers_and_the_page_polls_while_an_import_runs(client, user, consumer, monkeypatch):
    """The run is held at its first progress call (an event, no timing); meanwhile /health/live and the
    run's page answer, the page with a polling progress bar; released, the page shows the report."""
    reached, release = threading.Event(), threading.Event()
    real = background.Progress.__call__

    def held(self, phase, done, total):  # noqa: ANN001, ANN202
        reached.set()
        assert release.wait(120)
        return real(self, phase, done, total)

    monkeypatch.setattr(background.Progress, "__call__", held)
    r = client.post("/master_data/import", data={"kind": "parties", "dry_run": "1", "background": "1",
                                                 "csrf_token": client.cookies.get("vx_csrf")},
                    files={"file": ("p.csv", _parties(120), "text/csv")}, follow_redirects=False)
    assert r.status_code == 303, r.text
    run_url = r.headers["location"]
    try:
        assert reached.wait(120)
        assert client.get("/health/live").json() == {"status": "ok"}
        page = client.get(run_url)
        assert page.status_code == 200 and 'data-status="running"' in page.text
        assert f'hx-get="{run_url}"' in page.text and "<progress" in page.text
    finally:
        release.set()
    with context.acting_as(user):
        assert background.wait(UUID(run_url.rsplit("/", 1)[1]), timeout=300) == "done"
    fragment = client.get(run_url, headers={"HX-Request": "true"})
    assert 'data-status="done"' in fragment.text and 'id="import-summary"' in fragment.text
    assert "hx-get" not in fragment.text and "<html" not in fragment.text  # no more polling, a fragment
    bn = client.get(run_url + "?lang=bn").text
    assert "শুধু যাচাই" in bn and "dry run" not in bn
