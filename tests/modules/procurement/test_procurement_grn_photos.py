"""Photos on a goods receipt note (issue 17: "goods receipt note at a site store (... challan number, vehicle,
photos as files)"), on both databases: photos uploaded over REST (Idempotency-Key) and on the GRN's page in English
and Bangla, listed with thumbnails and links; a PDF refused as not a photo (code, English and Bangla, field
`file`, nothing stored); a user of another company and a user without the GRN's permissions refused before anything
is read."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal as D

import pytest
from fastapi.testclient import TestClient
from PIL import Image
from sqlalchemy import func, select

from conftest import DAY, sourced
from vextrus.app import create_app
from vextrus.modules.files.tables import File
from vextrus.modules.procurement import service
from vextrus.modules.procurement.schemas import GrnInput, GrnLineInput
from vextrus.platform import context
from vextrus.platform.errors import DomainError, PermissionDenied
from vextrus.platform.ids import new_id


def _image(fmt: str, colour: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (640, 480), colour).save(out, fmt)
    return out.getvalue()


PNG, JPEG = _image("PNG", (200, 120, 40)), _image("JPEG", (90, 90, 200))
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def grn(db, admin, co):
    rfq = sourced(co, {"CEM": "100"}, {0: {"CEM": "500"}, 1: {"CEM": "510"}, 2: {"CEM": "520"}}, {"CEM": (0, "")})
    po = service.approve_order(service.create_orders(rfq, DAY)[0].id)
    return service.receive_goods(GrnInput(order_id=po.id, receipt_date=date(2025, 8, 12), challan_no="CH-77",
                                          vehicle_no="DHAKA-METRO-TA-11", lines=[
                                              GrnLineInput(line_no=1, received=D(60), accepted=D(58), rejected=D(2))]))


@pytest.fixture
def client(db, admin, co):
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as c:
        c.get("/procurement")
        c.headers["X-CSRF-Token"] = c.cookies.get("vx_csrf") or ""
        yield c


def _files(db, grn_id) -> int:
    with db.session_factory() as s:
        return s.scalar(select(func.count()).select_from(File).where(File.object_type == "procurement.grn",
                                                                      File.object_id == grn_id))


def test_photos_are_uploaded_listed_and_replayed_by_their_key(client, db, grn):
    url = f"/api/v1/procurement/receipts/{grn.id}/photos"
    first = client.post(f"{url}/import?name=truck.png", content=PNG, headers={"Idempotency-Key": "ph-1"})
    again = client.post(f"{url}/import?name=truck.png", content=PNG, headers={"Idempotency-Key": "ph-1"})
    assert first.status_code == 201, first.text
    assert again.json()["id"] == first.json()["id"]
    second = client.post(f"{url}/import?name=চালান.jpg", content=JPEG, headers={"Idempotency-Key": "ph-2"})
    assert second.status_code == 201, second.text
    listed = client.get(url).json()
    assert [(f["name"], f["versions"][-1]["content_type"]) for f in listed] == [
        ("truck.png", "image/png"), ("চালান.jpg", "image/jpeg")]
    assert all(f["versions"][-1]["has_thumbnail"] for f in listed)
    assert _files(db, grn.id) == 2
    thumb = client.get(f"/api/v1/files/{listed[0]['id']}/thumbnail")  # files' own endpoint, the GRN's view rule
    assert thumb.status_code == 200 and Image.open(io.BytesIO(thumb.content)).size == (256, 192)
    assert client.get(f"/files/{listed[1]['id']}/download?inline=true").content == JPEG


@pytest.mark.parametrize("lang,words", [("en", ["Photos", "Challan number", "CH-77"]),
                                        ("bn", ["ছবি", "চালান নম্বর", "মাল পৌঁছানোর ছবি"])])
def test_the_grn_page_uploads_and_shows_photos_in_english_and_bangla(client, db, grn, lang, words):
    page = client.get(f"/procurement/receipts/{grn.id}?lang={lang}")
    assert page.status_code == 200 and 'id="no-photos"' in page.text
    assert 'type="file"' in page.text and "multiple" in page.text
    for w in words:
        assert w in page.text, w
    r = client.post(f"/procurement/receipts/{grn.id}/photos/import?name=truck.png&lang={lang}", content=PNG)
    assert r.status_code == 200 and 'id="photo-list"' in r.text and "/thumbnail" in r.text
    bad = client.post(f"/procurement/receipts/{grn.id}/photos/import?name=bill.pdf&lang={lang}", content=PDF)
    assert bad.status_code == 422 and 'data-field="file"' in bad.text and 'aria-invalid="true"' in bad.text
    assert ("শুধু ছবি" if lang == "bn" else "Only photos") in bad.text
    assert _files(db, grn.id) == 1
    shown = client.get(f"/procurement/receipts/{grn.id}?lang={lang}").text
    assert "truck.png" in shown and f'href="/procurement/receipts/{grn.id}"' in client.get(
        f"/procurement/orders/{grn.order_id}?lang={lang}").text


def test_a_file_that_is_not_a_photo_is_refused_with_nothing_stored(client, db, grn):
    url = f"/api/v1/procurement/receipts/{grn.id}/photos/import"
    for name, body in (("bill.pdf", PDF), ("photo.jpg", b"just text pretending to be a photo\n"),
                       ("x.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')):
        r = client.post(f"{url}?name={name}", content=body, headers={"Idempotency-Key": f"bad-{name}"})
        assert r.status_code == 422, name
        err = r.json()
        assert (err["code"], err["field"]) == ("procurement.grn_photo_not_image", "file")
        assert "Only photos" in err["message"] and "শুধু ছবি" in err["message_bn"]
    assert _files(db, grn.id) == 0 and client.get(url.removesuffix("/import")).json() == []


def test_another_company_and_users_without_the_grn_permissions_are_refused(db, admin, tenant_id, grn):
    service.attach_grn_photo(grn.id, "truck.png", [PNG])
    other = context.RequestContext(tenant_id=tenant_id, user_id=new_id(), actor="other@test",
                                   permissions=admin.permissions, company_id=new_id())
    with context.acting_as(other):
        for call in (lambda: service.list_grn_photos(grn.id), lambda: service.attach_grn_photo(grn.id, "x.png", [PNG])):
            with pytest.raises(DomainError) as hidden:
                call()
            assert hidden.value.status == 404
    reader = context.RequestContext(tenant_id=tenant_id, user_id=new_id(), actor="reader@test",
                                    permissions=frozenset({"procurement.receipt.view", "files.file.view"}))
    with context.acting_as(reader):
        assert [f.name for f in service.list_grn_photos(grn.id)] == ["truck.png"]
        with pytest.raises(PermissionDenied):  # refused before the GRN is read: an unknown id is refused the same
            service.attach_grn_photo(new_id(), "x.png", [PNG])
    stranger = context.RequestContext(tenant_id=tenant_id, user_id=new_id(), actor="stranger@test",
                                      permissions=frozenset({"files.file.view", "files.file.create"}))
    with context.acting_as(stranger):
        with pytest.raises(PermissionDenied):
            service.list_grn_photos(new_id())
        with pytest.raises(DomainError) as hidden:  # nor through the files module's own door
            from vextrus.modules.files import api as files

            files.list_files("procurement.grn", grn.id)
        assert hidden.value.status == 404
    assert _files(db, grn.id) == 1
