"""Attachments on both databases and both stores (local disk, S3 on a real moto server): upload, sniffed
types, de-duplication, versions, permissions from the owning module, soft delete with retention and
purge, download links that expire, and uploads that fail or are cut off leave nothing behind."""

from __future__ import annotations

import io
import shutil
from datetime import timedelta
from urllib.parse import parse_qs, urlparse
from uuid import uuid4

import httpx
import pytest

from vextrus.modules.files import config, service
from vextrus.modules.files.service import links
from vextrus.platform import clock, context
from vextrus.platform.errors import Conflict, DomainError, NotFound, PermissionDenied
from vextrus.platform.ids import new_id

PDF = b"%PDF-1.7\n" + b"1 0 obj << /Type /Catalog >> endobj\n" * 200 + b"%%EOF\n"
JE = "finance.journal_entry"


def png(size=(600, 300), color=(200, 30, 30)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


def chunks(data: bytes, size: int = 1000):
    for i in range(0, len(data), size):
        yield data[i:i + size]


def content_keys(store) -> list[str]:
    return [k for k in store.list_keys() if "/.staging/" not in f"/{k}"]


def test_upload_sniffs_deduplicates_and_keeps_versions(db, admin, blob_store):
    entry = str(new_id())
    a = service.attach(JE, entry, "voucher-scan.png", chunks(PDF), note="bank copy")  # named .png, is a PDF
    assert a.name == "voucher-scan.png" and a.current.content_type == "application/pdf"
    assert a.current.size == len(PDF) and a.current.scan_status == "not_scanned" and not a.deduplicated
    import hashlib

    assert a.current.sha256 == hashlib.sha256(PDF).hexdigest()
    other = service.attach(JE, str(new_id()), "copy.pdf", [PDF])
    assert other.deduplicated and other.current.sha256 == a.current.sha256
    assert len(content_keys(blob_store)) == 1  # the same bytes are stored once

    image = png()
    b = service.add_version(a.id, "voucher-scan-v2.png", chunks(image, 4096), note="clearer scan",
                            expected_version=a.version)
    assert b.current_number == 2 and [v.number for v in b.versions] == [1, 2]
    assert b.current.content_type == "image/png" and b.current.has_thumbnail
    assert service.open_version(a.id).read() == image
    assert service.open_version(a.id, 1).read() == PDF  # the earlier version stays readable
    assert [f.id for f in service.list_files(JE, entry)] == [a.id]
    with pytest.raises(DomainError) as stale:
        service.add_version(a.id, None, [PDF + b"x"], expected_version=a.version)  # read before version 2
    assert stale.value.code == "stale_version"


def test_thumbnail_is_a_small_png(db, admin, blob_store):
    from PIL import Image

    f = service.attach(JE, str(new_id()), "site photo.png", [png((1200, 800))])
    c = service.open_version(f.id)
    thumb = Image.open(io.BytesIO(b"".join(config.store().read(c.thumbnail_key))))
    assert thumb.format == "PNG" and max(thumb.size) == 256


@pytest.mark.skipif(not shutil.which("pdftocairo"), reason="poppler-utils is installed by scripts/test")
def test_a_pdf_gets_a_thumbnail_of_its_first_page(db, admin, blob_store):
    from PIL import Image

    pages = io.BytesIO()
    Image.new("RGB", (595, 842), (255, 255, 255)).save(pages, "PDF", save_all=True,
                                                       append_images=[Image.new("RGB", (595, 842), (0, 0, 0))])
    f = service.attach(JE, str(new_id()), "drawing.pdf", [pages.getvalue()])
    assert f.current.content_type == "application/pdf" and f.current.has_thumbnail
    thumb = Image.open(io.BytesIO(b"".join(config.store().read(service.open_version(f.id).thumbnail_key))))
    assert max(thumb.size) == 256 and thumb.convert("L").getpixel((10, 10)) > 200  # the white first page


def test_programs_empty_and_oversized_uploads_are_refused_and_leave_nothing(db, admin, blob_store, monkeypatch):
    entry = str(new_id())
    with pytest.raises(DomainError) as exe:
        service.attach(JE, entry, "invoice.pdf", [b"MZ\x90\x00" + b"\x00" * 5000])
    assert exe.value.code == "file_executable" and exe.value.field == "file"
    with pytest.raises(DomainError) as empty:
        service.attach(JE, entry, "x.txt", [])
    assert empty.value.code == "file_empty"
    monkeypatch.setattr(config, "max_bytes", lambda: 10_000)
    with pytest.raises(DomainError) as big:
        service.attach(JE, entry, "big.pdf", chunks(PDF + b"0" * 20_000, 4000))
    assert big.value.code == "file_too_large" and big.value.details["limit"] == 10_000
    assert blob_store.list_keys() == [] and service.list_files(JE, entry) == []


def test_an_upload_cut_off_midway_leaves_nothing(db, admin, blob_store):
    """The client goes away after 9 MiB (on S3 that is past the first multipart part)."""

    def cut_off():
        for _ in range(9):
            yield b"%PDF" + b"a" * (1024 * 1024 - 4)
        raise ConnectionResetError("client disconnected")

    entry = str(new_id())
    with pytest.raises(ConnectionResetError):
        service.attach(JE, entry, "big.pdf", cut_off())
    assert blob_store.list_keys() == []  # no object, no staging file, no unfinished multipart upload
    assert service.list_files(JE, entry) == []


def test_a_refused_recording_removes_the_bytes_it_stored(db, admin, blob_store):
    entry = str(new_id())
    service.attach(JE, entry, "a.pdf", [PDF], idempotency_key="up-1")
    before = blob_store.list_keys()
    other = PDF.replace(b"Catalog", b"Catalox")
    with pytest.raises(Conflict) as reused:  # same key, different request: the command refuses after upload
        service.attach(JE, entry, "b.pdf", [other], idempotency_key="up-1")
    assert reused.value.code == "idempotency_key_reused"
    assert blob_store.list_keys() == before and len(service.list_files(JE, entry)) == 1


def test_permissions_come_from_the_owning_module(db, tenant_id, blob_store):
    entry = str(new_id())

    def acting(*perms):
        return context.acting_as(context.RequestContext(tenant_id=tenant_id, user_id=new_id(),
                                                        permissions=frozenset(perms), actor="clerk@test"))

    with acting("files.file.create", "files.file.view", "finance.journal.create", "finance.journal.view"):
        f = service.attach(JE, entry, "a.pdf", [PDF])
    with acting("files.file.create", "files.file.view", "finance.journal.view"), pytest.raises(PermissionDenied):
        service.attach(JE, entry, "b.pdf", [PDF])  # may see the entry, may not change it
    with acting("files.file.view", "projects.project.read"), pytest.raises(PermissionDenied):
        service.list_files(JE, entry)  # no right to see journal entries
    with acting("files.file.view", "projects.project.read"), pytest.raises(PermissionDenied):
        service.open_version(f.id)
    with acting("finance.journal.view"), pytest.raises(PermissionDenied):
        service.list_files(JE, entry)  # the files module's own permission is needed too
    with acting("files.file.view", "finance.journal.view"):
        assert [x.id for x in service.list_files(JE, entry)] == [f.id]
    with acting("files.file.view", "finance.journal.view"), pytest.raises(DomainError) as unknown:
        service.list_files("nobody.thing", entry)
    assert unknown.value.code == "object_type_unknown"
    with acting("files.file.view", "finance.journal.view"), pytest.raises(DomainError) as bad_id:
        service.list_files(JE, "../../etc")
    assert bad_id.value.field == "object_id"


def test_soft_delete_restore_and_purge_after_retention(db, admin, blob_store):
    entry = str(new_id())
    kept = service.attach(JE, entry, "shared.pdf", [PDF])
    gone = service.attach(JE, entry, "alone.png", [png()])
    shared = service.attach(JE, str(new_id()), "shared-too.pdf", [PDF])
    service.delete_file(gone.id)
    service.delete_file(shared.id)
    assert [f.id for f in service.list_files(JE, entry)] == [kept.id]
    with pytest.raises(NotFound):
        service.open_version(gone.id)
    service.restore_file(gone.id)
    assert {f.id for f in service.list_files(JE, entry)} == {kept.id, gone.id}
    service.delete_file(gone.id)

    soon = service.purge(clock.now() + timedelta(days=29))
    assert soon.files == 0 and len(content_keys(blob_store)) == 3  # PDF, PNG and its thumbnail
    later = service.purge(clock.now() + timedelta(days=31))
    assert later.files == 2 and later.blobs == 1  # the PDF is still used by `kept`
    assert len(content_keys(blob_store)) == 1 and service.open_version(kept.id).read() == PDF
    with pytest.raises(NotFound):
        service.restore_file(gone.id)


def test_download_links_expire(db, admin, blob_store, monkeypatch):
    f = service.attach(JE, str(new_id()), "রসিদ.pdf", [PDF])  # a Bangla name
    link = service.download_link(f.id, seconds=600)
    assert link.expires_at - clock.now() <= timedelta(seconds=600)
    if blob_store.kind == "s3":
        assert link.direct
        q = parse_qs(urlparse(link.url).query)
        assert q["X-Amz-Expires"] == ["600"] and "X-Amz-Signature" in q
        r = httpx.get(link.url)
        assert r.status_code == 200 and r.content == PDF
        assert "filename*=UTF-8''%E0%A6%B0" in r.headers["content-disposition"]
        # moto does not enforce X-Amz-Expires; S3 and MinIO answer 403 after it
    else:
        assert not link.direct and link.url.startswith("/api/v1/files/links/")
        token = link.url.rsplit("/", 1)[1]
        assert b"".join(config.store().read(links.resolve(token).storage_key)) == PDF
        later = clock.now() + timedelta(seconds=601)
        monkeypatch.setattr(clock, "_now", lambda: later)
        with pytest.raises(DomainError) as expired:
            links.resolve(token)
        assert expired.value.code == "link_expired" and expired.value.status == 410
        body, _, sig = token.partition(".")
        with pytest.raises(DomainError) as forged:
            links.resolve(body + "." + sig[:-2] + ("AA" if not sig.endswith("AA") else "BB"))
        assert forged.value.code == "link_invalid"


def test_tenants_do_not_share_files(db, admin, blob_store):
    entry = new_id()
    f = service.attach(JE, entry, "a.pdf", [PDF])
    from vextrus.platform.tables import Tenant

    other = new_id()
    with context.acting_as(context.system_context()), db.session_factory.begin() as s:
        s.add(Tenant(id=other, code=f"t{uuid4().hex[:12]}", name="Other Ltd."))
    ctx = context.RequestContext(tenant_id=other, user_id=new_id(), permissions=frozenset({"*"}), actor="x@test")
    with context.acting_as(ctx):
        assert service.list_files(JE, entry) == []
        with pytest.raises(NotFound):
            service.open_version(f.id)
        g = service.attach(JE, entry, "a.pdf", [PDF])
    assert not g.deduplicated  # content is addressed per tenant


def test_contents_written_by_a_rolled_back_transaction_are_swept_a_day_later(db, admin, blob_store):
    from vextrus.platform.uow import unit_of_work

    kept = service.attach(JE, str(new_id()), "kept.pdf", [PDF])
    with pytest.raises(RuntimeError), unit_of_work():  # e.g. a document command that fails after storing
        service.attach(JE, str(new_id()), "lost.pdf", [PDF + b"lost"])
        raise RuntimeError("the surrounding command failed")
    assert len(content_keys(blob_store)) == 2  # the bytes are in the store, no row names them
    assert service.purge().blobs == 0  # too young: it may be an upload about to record its row
    assert service.purge(clock.now() + timedelta(days=2)).blobs == 1
    assert len(content_keys(blob_store)) == 1 and service.open_version(kept.id).read() == PDF
