"""A company's own document templates (issue 15, the template editor), on both databases: a saved text is
used for the documents made after it (read back from the PDF with pdftotext) in English and Bangla, the
shipped one before it and again after "restore"; a text that does not compile, names a field the document
does not have, or reaches Python internals is refused with the line and nothing is saved; a stale editor is
refused; only `documents.template.manage` saves; the editor page in English and Bangla keeps what was typed."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess

import pytest
from fastapi.testclient import TestClient

from vextrus.modules.documents import rendering, service
from vextrus.modules.documents.schemas import TemplateInput
from vextrus.modules.organization import api as organization
from vextrus.platform import context
from vextrus.platform.errors import Conflict, PermissionDenied, ValidationFailed

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils are installed by scripts/test")

VOUCHER = {"voucher_date": "2026-02-01", "payee": "Jamuna Steel", "pay_mode": "bank", "reference": "TT-77",
           "lines": [{"account_code": "5110", "account_name": "Materials", "amount": "250000"}]}


def _text(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode()


@pytest.fixture
def company(db, admin):
    organization.create_company(organization.CompanyInput(code="JB", name="Jamuna Builders", name_bn="যমুনা বিল্ডার্স"))


def _shipped(lang: str) -> str:
    return rendering.packaged_source("payment_voucher", lang)


def test_a_saved_template_makes_the_next_documents_and_restore_brings_back_the_shipped_one(company):
    before = service.get_template("payment_voucher", "en")
    assert (before.revision, before.own, before.history) == (0, False, [])
    assert before.body == before.shipped_body == _shipped("en")
    first = service.generate("payment_voucher", "en", VOUCHER)
    en = _shipped("en").replace("<h1>PAYMENT VOUCHER", "<h1>CASH AND BANK PAYMENT VOUCHER")
    saved = service.save_template("payment_voucher", "en", TemplateInput(body=en, expected_revision=0,
                                                                        note="longer heading"))
    assert (saved.revision, saved.own, saved.body) == (1, True, en)
    assert [(r.revision, r.note, r.restored_default) for r in saved.history] == [(1, "longer heading", False)]
    bn = _shipped("bn").replace("<h1>পেমেন্ট ভাউচার", "<h1>নগদ ও ব্যাংক পরিশোধ ভাউচার")
    service.save_template("payment_voucher", "bn", TemplateInput(body=bn))
    second = service.generate("payment_voucher", "en", VOUCHER)
    third = service.generate("payment_voucher", "bn", VOUCHER)
    assert "CASH AND BANK PAYMENT VOUCHER" in _text(service.pdf_bytes(second.id, "pdf")[1])
    assert "নগদ ও ব্যাংক পরিশোধ ভাউচার" in _text(service.pdf_bytes(third.id, "pdf")[1])
    assert "CASH AND BANK" in _text(service.sample_pdf("payment_voucher", "en"))
    first_text = _text(service.pdf_bytes(first.id, "pdf")[1])  # a document made before keeps its PDF
    assert "PAYMENT VOUCHER" in first_text and "CASH AND BANK" not in first_text
    restored = service.save_template("payment_voucher", "en", TemplateInput(body="", expected_revision=1))
    assert (restored.revision, restored.own, restored.body) == (2, False, _shipped("en"))
    assert [r.restored_default for r in restored.history] == [True, False]
    fourth = service.generate("payment_voucher", "en", VOUCHER)
    assert "CASH AND BANK" not in _text(service.pdf_bytes(fourth.id, "pdf")[1])
    same = service.save_template("payment_voucher", "en", TemplateInput(body=_shipped("en") + "\n"))
    assert same.own is False  # the shipped text saved unchanged is the shipped template (it follows updates)


@pytest.mark.parametrize("body,code,line", [
    ('{% extends "_base.html" %}\n{% block body %}\n{% for l in data.lines %}\n{{ l.amount }\n{% endblock %}',
     "documents.template_syntax", 4),
    ('{% extends "_base.html" %}\n{% block body %}{{ data.no_such_field }}{% endblock %}', "documents.template_render", None),
    ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "documents.template_unsafe", None),
    ("{{ data.lines.append(1) }}", "documents.template_unsafe", None),
])
def test_a_template_that_would_fail_is_refused_with_the_line_and_nothing_is_saved(company, body, code, line):
    with pytest.raises(ValidationFailed) as e:
        service.save_template("payment_voucher", "en", TemplateInput(body=body))
    assert (e.value.code, e.value.field) == (code, "body") and e.value.message_bn
    if line:
        assert e.value.details["line"] == line and str(line) in e.value.message
    with pytest.raises(ValidationFailed):
        service.preview_template("payment_voucher", "en", body)
    assert service.get_template("payment_voucher", "en").revision == 0


def test_a_stale_editor_and_a_reader_are_refused(company, admin):
    service.save_template("payment_voucher", "en", TemplateInput(body=_shipped("en").replace("PAYMENT", "PAY")))
    with pytest.raises(Conflict) as e:
        service.save_template("payment_voucher", "en", TemplateInput(body=_shipped("en"), expected_revision=0))
    assert e.value.code == "stale_version" and e.value.details["revision"] == 1
    reader = dataclasses.replace(admin, permissions=frozenset({"documents.template.view", "documents.document.view"}))
    with context.acting_as(reader):
        assert service.get_template("payment_voucher", "en").revision == 1
        with pytest.raises(PermissionDenied):
            service.save_template("payment_voucher", "en", TemplateInput(body=""))
    with pytest.raises(ValidationFailed) as e:  # a Word document type has no HTML template
        service.get_template("work_order", "en")
    assert e.value.code == "documents.template_not_editable"


@pytest.fixture
def client(db, admin, company):
    from vextrus.app import create_app

    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda request: admin])
    with TestClient(app) as c:
        c.get("/documents")  # sets the CSRF cookie
        yield c


def test_the_editor_page_saves_previews_and_keeps_a_refused_text(client):
    page = client.get("/documents/types/payment_voucher?lang=bn")
    assert "/documents/types/payment_voucher/edit/bn" in page.text and "বাংলা টেমপ্লেট সম্পাদনা" in page.text
    editor = client.get("/documents/types/payment_voucher/edit/en?lang=bn")
    assert editor.status_code == 200 and "ভেক্সট্রাসের সঙ্গে আসা টেমপ্লেট" in editor.text
    assert "Save as a new revision" not in editor.text and "নতুন সংস্করণ হিসেবে সংরক্ষণ" in editor.text
    csrf = client.cookies.get("vx_csrf")
    bad = '{% extends "_base.html" %}\n{% block body %}{{ data.payee }\n{% endblock %}'
    refused = client.post("/documents/types/payment_voucher/edit/en?lang=bn",
                          data={"csrf_token": csrf, "body": bad, "expected_revision": "0"})
    assert refused.status_code == 422 and "লাইন" in refused.text and "data.payee }" in refused.text
    mine = _shipped("en").replace("<h1>PAYMENT VOUCHER", "<h1>SITE PAYMENT VOUCHER")
    preview = client.post("/documents/types/payment_voucher/edit/en/preview",
                          data={"csrf_token": csrf, "body": mine, "expected_revision": "0"})
    assert preview.headers["content-type"] == "application/pdf" and "SITE PAYMENT VOUCHER" in _text(preview.content)
    assert client.get("/api/v1/documents/templates/payment_voucher/en").json()["revision"] == 0  # nothing saved
    saved = client.post("/documents/types/payment_voucher/edit/en", follow_redirects=False,
                        data={"csrf_token": csrf, "body": mine, "expected_revision": "0", "note": "site copy"})
    assert saved.status_code == 303
    after = client.get("/documents/types/payment_voucher/edit/en?lang=en")
    assert "The company&#39;s own template, revision 1" in after.text and "site copy" in after.text
    stale = client.put("/api/v1/documents/templates/payment_voucher/en", json={"body": "", "expected_revision": 0})
    assert stale.status_code == 409 and stale.json()["code"] == "stale_version"
    back = client.put("/api/v1/documents/templates/payment_voucher/en", json={"body": "", "expected_revision": 1},
                      headers={"Idempotency-Key": "tpl-restore-1"})
    assert back.status_code == 200 and back.json()["own"] is False and back.json()["revision"] == 2
    q = '{ documentTemplate(docType: "payment_voucher", lang: "en") { revision own history { revision restoredDefault } } }'
    out = client.post("/graphql", json={"query": q}).json()["data"]["documentTemplate"]
    assert out["revision"] == 2 and out["history"][0] == {"revision": 2, "restoredDefault": True}
