"""Tender documents (issue 19: "tenders: notice, documents (files)"): the files module takes files attached to
a tender (object type `crm.tender`, seen with crm.tender.view, attached with crm.tender.manage); the tender
register links each tender to its documents page, where the files panel uploads and lists them, in English and
Bangla. Both databases; the files go to a local store in a temporary folder."""

from __future__ import annotations

import tempfile
from datetime import datetime
from decimal import Decimal as D
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from vextrus.app import create_app
from vextrus.modules.crm import service
from vextrus.modules.crm.schemas import TenderInput
from vextrus.modules.files import config
from vextrus.modules.files.storage import LocalStore
from vextrus.platform import context

NOTICE = b"%PDF-1.7\n" + b"tender notice " * 200 + b"\n%%EOF\n"


@pytest.fixture
def client(db, admin):
    config.use_store(LocalStore(Path(tempfile.mkdtemp()) / "files"))
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    try:
        with TestClient(app) as c:
            c.get("/crm/tenders")
            c.headers["X-CSRF-Token"] = c.cookies.get("vx_csrf") or ""
            yield c
    finally:
        config.use_store(None)


@pytest.mark.parametrize(
    "lang,words", [("en", ["Documents", "Attachments"]), ("bn", ["নথিপত্র", "সংযুক্ত ফাইল"])]
)
def test_a_tenders_notice_is_attached_listed_and_read_back(client, lang, words):
    t = service.create_tender(
        TenderInput(
            procuring_entity="Roads and Highways Department",
            egp_reference="eGP-874512",
            title="Widening of Dhaka–Mawa road",
            closing_at=datetime(2027, 1, 5, 12, 0),
            bid_security_amount=D("2500000"),
        )
    )
    register = client.get(f"/crm/tenders?lang={lang}")
    assert f'href="/files/objects/crm.tender/{t.id}"' in register.text and words[0] in register.text
    up = client.post(
        f"/api/v1/files/objects/crm.tender/{t.id}/import",
        params={"name": "দরপত্র বিজ্ঞপ্তি.pdf"},
        content=NOTICE,
        headers={"Idempotency-Key": f"notice-{lang}"},
    )
    assert up.status_code == 200, up.text
    listed = client.get(f"/api/v1/files/objects/crm.tender/{t.id}").json()
    assert [f["name"] for f in listed] == ["দরপত্র বিজ্ঞপ্তি.pdf"]
    assert client.get(f"/api/v1/files/{listed[0]['id']}/content").content == NOTICE
    panel = client.get(f"/files/panel/crm.tender/{t.id}?lang={lang}")
    assert panel.status_code == 200 and "দরপত্র বিজ্ঞপ্তি.pdf" in panel.text and words[1] in panel.text
    assert client.get(f"/files/objects/crm.tender/{t.id}?lang={lang}").status_code == 200


def test_a_reader_without_the_tender_register_sees_no_tender_files(client, db, tenant_id):
    t = service.create_tender(
        TenderInput(procuring_entity="LGED", title="Upazila road", closing_at=datetime(2027, 1, 5, 12, 0))
    )
    client.post(
        f"/api/v1/files/objects/crm.tender/{t.id}/import", params={"name": "notice.pdf"}, content=NOTICE
    )
    outsider = context.RequestContext(
        tenant_id=tenant_id,
        user_id=None,
        permissions=frozenset({"files.file.view"}),
        roles=frozenset(),
        actor="clerk@test",
    )
    from vextrus.modules.files import api as files
    from vextrus.platform.errors import PermissionDenied

    with context.acting_as(outsider), pytest.raises(PermissionDenied):
        files.list_files("crm.tender", t.id)
