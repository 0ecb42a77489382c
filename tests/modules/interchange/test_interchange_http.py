"""interchange over HTTP on both databases: the page flow (upload → mapping → dry-run table → commit with
a mode → result) in English and Bangla, REST (201 + Location, the dry run, the commit, the result file,
exports), and a large file checked and committed as a background run with progress (202 + /api/v1/jobs)."""

from __future__ import annotations

import csv
import io
import re
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from vextrus.modules.interchange.service import imports
from vextrus.modules.master_data import api as master_data
from vextrus.platform import background, context

PASSWORD = "a long enough password 1"


def _user(tenant_id: UUID, email: str) -> context.RequestContext:
    from vextrus.modules.auth import service as auth
    from vextrus.modules.auth.service import sessions
    from vextrus.modules.organization import api as org

    with context.acting_as(context.system_context(tenant_id)):
        c = org.create_company(org.CompanyInput(code="IX", name="Interchange Builders Ltd."))
        auth.seed_default_roles(c.id)
        u = auth.create_user(auth.UserInput(email=email, name="Importer"), PASSWORD, c.id, ["owner"])
    return sessions.context_for(u.id, tenant_id, company_id=c.id)


@pytest.fixture
def user(db, tenant_id) -> context.RequestContext:
    return _user(tenant_id, f"u{tenant_id.hex[-12:]}@ix.example")


@pytest.fixture
def client(db, user):
    from vextrus.app import create_app

    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda request: user])
    with TestClient(app) as c:
        c.get("/interchange")  # sets the CSRF cookie
        yield c


@pytest.fixture
def consumer(db, monkeypatch):
    monkeypatch.setattr(background, "PROGRESS_INTERVAL", 0)
    db.jobs.start_consumer(workers=1, periodic=False)
    yield db.jobs
    db.jobs.stop_consumer()


def _csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


BAD = _csv([["Legal name", "Mobile"], ["Good One Ltd", "01711000031"], ["Bad Mobile Ltd", "12345"],
            ["Good Two Ltd", "01711000032"]])


def _post(client, url, data):  # noqa: ANN001, ANN202
    return client.post(url, data={**data, "csrf_token": client.cookies.get("vx_csrf")}, follow_redirects=False)


@pytest.mark.parametrize("lang", ["en", "bn"])
def test_the_page_flow_upload_mapping_dry_run_commit_result_in_each_language(client, user, lang):
    client.cookies.set("vx_lang", lang)
    home = client.get(f"/interchange?lang={lang}")
    assert home.status_code == 200
    assert ("ফাইল আমদানি" if lang == "bn" else "Import a file") in home.text
    up = client.post(f"/interchange/import?lang={lang}", data={"target": "master_data.parties",
                                                               "csrf_token": client.cookies.get("vx_csrf")},
                     files={"file": ("parties.csv", BAD, "text/csv")}, follow_redirects=False)
    assert up.status_code == 303, up.text
    run_url = up.headers["location"]
    mapping = client.get(f"{run_url}?lang={lang}")
    assert mapping.status_code == 200 and 'id="mapping-form"' in mapping.text
    assert ("কোন কলাম কোন ঘর পূরণ করবে" if lang == "bn" else "Which column fills which field") in mapping.text
    assert re.search(r'<option value="legal_name" selected>', mapping.text)  # proposed by the header
    checked = _post(client, f"{run_url}/check?lang={lang}", {"col_0": "legal_name", "col_1": "mobile"})
    assert checked.status_code == 303
    table = client.get(f"{run_url}?lang={lang}")
    assert 'id="problems"' in table.text and "Bad Mobile Ltd" not in table.text  # the problem, in words
    assert ("পরীক্ষামূলক যাচাই" if lang == "bn" else "Dry run") in table.text and 'id="commit-form"' in table.text
    with context.acting_as(user):
        run = imports.get_run(UUID(run_url.rsplit("/", 1)[1]))
    assert [(p.row, p.column) for p in run.problems] == [(2, "Mobile")]
    msg = run.problems[0].message_bn if lang == "bn" else run.problems[0].message
    assert msg in table.text
    done = _post(client, f"{run_url}/commit?lang={lang}", {"mode": "valid_only", "result_format": "csv"})
    assert done.status_code == 303
    result = client.get(f"{run_url}?lang={lang}")
    assert 'id="rows-written">2<' in result.text or 'id="rows-written">২<' in result.text
    assert ("সংরক্ষিত" if lang == "bn" else "Saved") in result.text
    refused = client.get(f"{run_url}/result")
    assert refused.status_code == 200 and "attachment" in refused.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(refused.content.decode("utf-8-sig"))))
    assert rows[0][-1] == ("ত্রুটি" if lang == "bn" else "Error") and [r[0] for r in rows[1:]] == ["Bad Mobile Ltd"]
    export = client.get(f"/interchange/export?target=master_data.parties&format=csv&lang={lang}&q=Good")
    assert export.status_code == 200
    head = export.content.decode("utf-8-sig").splitlines()[0]
    assert head.startswith("কোড,আইনি নাম" if lang == "bn" else "Code,Legal name")


def test_a_refused_upload_and_a_bad_mapping_answer_422_pages_in_words(client, user):
    bad = client.post("/interchange/import?lang=bn", data={"target": "master_data.parties",
                                                           "csrf_token": client.cookies.get("vx_csrf")},
                      files={"file": ("old.xls", b"\xd0\xcf\x11\xe0" + b"\0" * 64)}, follow_redirects=False)
    assert bad.status_code == 422 and "পুরোনো এক্সেল" in bad.text
    up = client.post("/interchange/import", data={"target": "master_data.parties",
                                                  "csrf_token": client.cookies.get("vx_csrf")},
                     files={"file": ("p.csv", BAD, "text/csv")}, follow_redirects=False)
    run_url = up.headers["location"]
    unmapped = _post(client, f"{run_url}/check", {"col_0": "", "col_1": "mobile"})
    assert unmapped.status_code == 422 and "Legal name" in unmapped.text


def test_rest_upload_check_commit_and_result(client, user):
    r = client.post("/api/v1/interchange/import", data={"target": "master_data.parties"},
                    files={"file": ("p.csv", BAD, "text/csv")}, headers={"Idempotency-Key": "ix-1"})
    assert r.status_code == 201, r.text
    run_id = r.json()["id"]
    assert r.headers["location"] == f"/api/v1/interchange/imports/{run_id}"
    again = client.post("/api/v1/interchange/import", data={"target": "master_data.parties"},
                        files={"file": ("p.csv", BAD, "text/csv")}, headers={"Idempotency-Key": "ix-1"})
    assert again.json()["id"] == run_id  # the same upload, not a second run
    assert client.get(r.headers["location"]).json()["mapping"] == {"Legal name": "legal_name", "Mobile": "mobile"}
    put = client.put(f"/api/v1/interchange/imports/{run_id}/mapping", json={"columns": {"Mobile": "mobile"}})
    assert put.status_code == 422 and put.json()["code"] == "interchange.mapping_required_missing"
    assert put.json()["message_bn"]
    put = client.put(f"/api/v1/interchange/imports/{run_id}/mapping",
                     json={"columns": {"Legal name": "legal_name", "Mobile": "mobile"}})
    assert put.status_code == 200
    early = client.post(f"/api/v1/interchange/imports/{run_id}/commit", json={"mode": "valid_only"})
    assert early.status_code == 409 and early.json()["code"] == "interchange.not_checked"
    check = client.post(f"/api/v1/interchange/imports/{run_id}/check")
    assert check.status_code == 200 and check.json()["rows_refused"] == 1
    assert check.json()["problems"][0]["column"] == "Mobile" and check.json()["problems"][0]["row"] == 2
    done = client.post(f"/api/v1/interchange/imports/{run_id}/commit", json={"mode": "all_or_nothing"})
    assert done.status_code == 200 and done.json()["status"] == "refused" and done.json()["rows_written"] == 0
    with context.acting_as(user):
        assert master_data.search_parties("Good", limit=10) == []
    result = client.get(f"/api/v1/interchange/imports/{run_id}/result")
    assert result.status_code == 200 and result.content.decode("utf-8-sig").count("\n") == 2
    targets = client.get("/api/v1/interchange/targets").json()
    assert {"master_data.parties", "master_data.items"} <= {t["name"] for t in targets}
    xlsx = client.get("/api/v1/interchange/exports/master_data.items?format=xlsx&lang=bn")
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    unknown = client.get("/api/v1/interchange/exports/nobody.nothing")
    assert unknown.status_code == 422 and unknown.json()["code"] == "interchange.target_unknown"


def test_a_large_file_is_checked_and_committed_as_a_background_run_with_progress(client, user, consumer,
                                                                                monkeypatch):
    monkeypatch.setattr(imports, "INLINE_MAX_ROWS", 50)
    rows = [["Legal name", "Mobile"]] + [[f"Bulk Party {i}", f"0171{i:07d}"] for i in range(120)]
    rows.append(["Bulk Party Broken", "999"])
    r = client.post("/api/v1/interchange/import", data={"target": "master_data.parties"},
                    files={"file": ("bulk.csv", _csv(rows), "text/csv")})
    run_id = r.json()["id"]
    check = client.post(f"/api/v1/interchange/imports/{run_id}/check")
    assert check.status_code == 202 and check.headers["location"] == f"/api/v1/jobs/{check.json()['id']}"
    page = client.get(f"/interchange/imports/{run_id}")
    assert page.status_code == 200
    with context.acting_as(user):
        assert background.wait(UUID(check.json()["id"]), timeout=300) == "done"
    job = client.get(check.headers["location"]).json()
    assert job["status"] == "done" and job["result"]["rows_refused"] == 1 and job["result"]["rows_total"] == 121
    assert job["phase"] == "check" and job["done"] == job["total"] > 0
    fragment = client.get(f"/interchange/imports/{run_id}/progress", headers={"HX-Request": "true"})
    assert fragment.headers.get("hx-redirect") == f"/interchange/imports/{run_id}"  # finished: the page reloads
    commit = client.post(f"/api/v1/interchange/imports/{run_id}/commit", json={"mode": "valid_only"})
    assert commit.status_code == 202
    with context.acting_as(user):
        assert background.wait(UUID(commit.json()["id"]), timeout=300) == "done"
    run = client.get(f"/api/v1/interchange/imports/{run_id}").json()
    assert (run["status"], run["rows_written"], run["rows_refused"]) == ("committed", 120, 1)
    with context.acting_as(user):
        assert len(master_data.search_parties("Bulk", limit=500)) == 120


def test_graphql_lists_the_targets_and_reads_an_import_run(client, user):
    r = client.post("/api/v1/interchange/import", data={"target": "master_data.parties"},
                    files={"file": ("p.csv", BAD, "text/csv")})
    run_id = r.json()["id"]
    q = ('{ interchangeTargets { name titleBn importable exportable } '
         f'interchangeImportRun(id: "{run_id}") {{ status fileName rowsTotal }} }}')
    got = client.post("/graphql", json={"query": q}).json()
    assert "errors" not in got, got
    names = {t["name"]: t for t in got["data"]["interchangeTargets"]}
    assert names["master_data.parties"]["titleBn"] == "পার্টি" and names["master_data.parties"]["importable"]
    assert got["data"]["interchangeImportRun"] == {"status": "uploaded", "fileName": "p.csv", "rowsTotal": 0}
    bad = client.post("/graphql", json={"query": '{ interchangeImportRun(id: "nope") { status } }'}).json()
    assert bad["errors"] and bad["errors"][0]["extensions"]["code"]
