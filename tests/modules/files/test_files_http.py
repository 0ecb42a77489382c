"""The files API and panel through the real app: a streamed raw-body upload (Bangla name), download,
the size limit as a 413, the signed link without signing in, the attachments panel, and GraphQL."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from vextrus.platform.ids import new_id

PDF = b"%PDF-1.7\n" + b"stream data " * 500 + b"\n%%EOF\n"


@pytest.fixture
def client(db, admin, blob_store):
    from vextrus.app import create_app

    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda request: admin])
    with TestClient(app) as c:
        yield c


def _gen(data: bytes, size: int = 700):
    for i in range(0, len(data), size):
        yield data[i:i + size]


def test_upload_list_download_and_link(client, blob_store):
    entry = new_id()
    r = client.post(f"/api/v1/files/objects/finance.journal_entry/{entry}/import",
                    params={"name": "ভাউচার ০১.pdf"}, content=_gen(PDF), headers={"Idempotency-Key": "u1"})
    assert r.status_code == 200, r.text
    f = r.json()
    assert f["name"] == "ভাউচার ০১.pdf" and f["versions"][0]["content_type"] == "application/pdf"
    again = client.post(f"/api/v1/files/objects/finance.journal_entry/{entry}/import",
                        params={"name": "ভাউচার ০১.pdf"}, content=PDF, headers={"Idempotency-Key": "u1"})
    assert again.json()["id"] == f["id"]  # a retried upload gives the first answer
    listed = client.get(f"/api/v1/files/objects/finance.journal_entry/{entry}").json()
    assert [x["id"] for x in listed] == [f["id"]]
    got = client.get(f"/api/v1/files/{f['id']}/content", follow_redirects=False)
    if blob_store.kind == "s3":
        assert got.status_code == 307 and "X-Amz-Signature" in got.headers["location"]
    else:
        assert got.status_code == 200 and got.content == PDF
        assert got.headers["x-content-type-options"] == "nosniff"
        link = client.get(f"/api/v1/files/{f['id']}/link").json()
        anonymous = TestClient(client.app)  # no session: the link alone is enough until it expires
        assert anonymous.get(link["url"]).content == PDF


def test_html_is_never_served_as_html(client, blob_store):
    entry = new_id()
    f = client.post(f"/api/v1/files/objects/master_data.party/{entry}/import", params={"name": "x.pdf"},
                    content=b"<html><script>alert(1)</script></html>").json()
    assert f["versions"][0]["content_type"] == "text/html"
    if blob_store.kind == "s3":  # S3 serves it: the presigned link makes it a download
        link = client.get(f"/api/v1/files/{f['id']}/content", follow_redirects=False).headers["location"]
        assert "response-content-disposition=attachment" in link
        return
    r = client.get(f"/api/v1/files/{f['id']}/content?inline=true")
    assert r.headers["content-type"] == "application/octet-stream" and r.headers["content-disposition"].startswith("attachment")


def test_oversized_upload_is_a_413_or_refused_and_nothing_is_kept(client, db, blob_store):
    entry = new_id()
    limit = db.settings.max_upload_bytes
    big = b"%PDF" + b"0" * (limit + 10)
    r = client.post(f"/api/v1/files/objects/finance.journal_entry/{entry}/import", content=_gen(big, 1 << 20))
    assert r.status_code in (413, 422) and r.json()["code"] in ("body_too_large", "file_too_large")
    assert blob_store.list_keys() == []


def test_panel_uploads_and_deletes(client):
    entry = new_id()
    page = client.get(f"/files/objects/finance.journal_entry/{entry}")
    assert page.status_code == 200 and f"/files/panel/finance.journal_entry/{entry}" in page.text
    token = client.cookies.get("vx_csrf")
    r = client.post(f"/files/objects/finance.journal_entry/{entry}/import?name=scan.pdf", content=PDF,
                    headers={"X-CSRF-Token": token, "Content-Type": "application/octet-stream"})
    assert r.status_code == 200 and "scan.pdf" in r.text and "Not scanned" in r.text
    bn = client.get(f"/files/panel/finance.journal_entry/{entry}?lang=bn")
    assert "সংযুক্ত ফাইল" in bn.text and "পরীক্ষা করা হয়নি" in bn.text
    bad = client.post(f"/files/objects/finance.journal_entry/{entry}/import?name=x.exe", content=b"MZ" + b"\0" * 100,
                      headers={"X-CSRF-Token": token})
    assert bad.status_code == 422 and "প্রোগ্রাম বা স্ক্রিপ্ট সংযুক্ত করা যায় না" in bad.text  # ?lang=bn stays chosen
    file_id = client.get(f"/api/v1/files/objects/finance.journal_entry/{entry}").json()[0]["id"]
    gone = client.post(f"/files/{file_id}/delete", headers={"X-CSRF-Token": token})
    assert gone.status_code == 200 and "এখনও কোনো ফাইল সংযুক্ত নেই।" in gone.text and "ফিরিয়ে আনুন" in gone.text


def test_graphql_lists_and_deletes(client):
    entry = new_id()
    f = client.post(f"/api/v1/files/objects/projects.project/{entry}/import?name=drawing.pdf", content=PDF).json()
    q = f'{{ attachments(objectType: "projects.project", objectId: "{entry}") {{ id name versions {{ scanStatus sha256 }} }} }}'
    data = client.post("/graphql", json={"query": q}).json()["data"]["attachments"]
    assert data[0]["name"] == "drawing.pdf" and data[0]["versions"][0]["scanStatus"] == "not_scanned"
    m = f'mutation {{ deleteAttachment(id: "{f["id"]}", idempotencyKey: "d1") {{ deletedAt }} }}'
    assert client.post("/graphql", json={"query": m}).json()["data"]["deleteAttachment"]["deletedAt"]
    bad = client.post("/graphql", json={"query": '{ attachments(objectType: "x.y", objectId: "1") { id } }'}).json()
    assert bad["errors"][0]["extensions"]["code"] == "object_type_unknown"


def test_uploads_get_the_upload_limit_not_the_body_limit(client, db, blob_store):
    """3 MiB is over the 1 MiB limit of ordinary request bodies; upload paths (…/import) take up to
    VEXTRUS_MAX_UPLOAD_BYTES."""
    assert db.settings.max_body_bytes < 3 * 1024 * 1024 < db.settings.max_upload_bytes
    big = b"%PDF-1.7\n" + b"x" * (3 * 1024 * 1024)
    r = client.post(f"/api/v1/files/objects/finance.journal_entry/{new_id()}/import?name=big.pdf",
                    content=_gen(big, 64 * 1024))
    assert r.status_code == 200, r.text
    assert r.json()["versions"][0]["size"] == len(big)


def test_readiness_reports_the_store(client, blob_store):
    from vextrus.modules.files import config
    from vextrus.modules.files.storage import S3Store

    ok = client.get("/health/ready").json()
    assert ok["checks"]["module:files"]["status"] == "ok"
    if blob_store.kind == "s3":
        config.use_store(S3Store("no-such-bucket", endpoint=blob_store.client.meta.endpoint_url,
                                 client=blob_store.client))
        bad = client.get("/health/ready")
        assert bad.status_code == 503 and bad.json()["checks"]["module:files"]["status"] == "failing"
