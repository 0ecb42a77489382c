"""Documents through the real app: the template preview in both languages, the voucher form (draft
preview, generate, the document page with its PDF and attachments panel, the verification page),
REST and GraphQL."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from vextrus.modules.organization import api as organization
from vextrus.platform.ids import new_id

VOUCHER = {"voucher_date": "2026-02-01", "payee": "Jamuna Steel", "pay_mode": "bank", "reference": "TT-77",
           "lines": [{"account_code": "5110", "account_name": "Materials", "amount": "250000"}]}


@pytest.fixture
def client(db, admin):
    from vextrus.app import create_app

    organization.create_company(organization.CompanyInput(code=f"D{new_id().hex[-6:]}".upper(),
                                                          name="Jamuna Builders", name_bn="যমুনা বিল্ডার্স"))
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda request: admin])
    with TestClient(app) as c:
        c.get("/documents")  # sets the CSRF cookie
        yield c


def _form(client, **extra):
    data = {"csrf_token": client.cookies.get("vx_csrf"), "voucher_date": "2026-02-01", "payee": "যমুনা স্টিল",
            "pay_mode": "cheque", "reference": "CHQ 1", "narration": "রড ক্রয়", "lang": "bn",
            "lines-0-account_code": "5110", "lines-0-account_name": "নির্মাণ সামগ্রী", "lines-0-amount": "125000",
            "lines-1-account_code": "", "lines-1-account_name": "", "lines-1-amount": ""}
    return data | extra


def test_template_preview_in_both_languages(client):
    page = client.get("/documents/types/payment_voucher")
    assert page.status_code == 200 and "sample.pdf?lang=en" in page.text and "sample.pdf?lang=bn" in page.text
    for lang in ("en", "bn"):
        pdf = client.get(f"/documents/types/payment_voucher/sample.pdf?lang={lang}")
        assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
        assert pdf.content.startswith(b"%PDF")


def test_voucher_form_previews_generates_and_verifies(client):
    form = client.get("/documents/types/payment_voucher/new")
    assert form.status_code == 200 and 'name="lines-0-amount"' in form.text
    draft = client.post("/documents/types/payment_voucher/preview", data=_form(client))
    assert draft.status_code == 200 and draft.content.startswith(b"%PDF")
    assert client.get("/api/v1/documents").json() == []  # a preview stores nothing
    key = re.search(r'name="idempotency_key" value="([0-9a-f]+)"', form.text).group(1)
    made = client.post("/documents/types/payment_voucher/new", data=_form(client, idempotency_key=key),
                       follow_redirects=False)
    twice = client.post("/documents/types/payment_voucher/new", data=_form(client, idempotency_key=key),
                        follow_redirects=False)
    assert made.status_code == 303, made.text
    assert twice.headers["location"] == made.headers["location"]  # a double click makes one voucher
    page = client.get(made.headers["location"])
    assert page.status_code == 200 and "PV/2025-26/000001" in page.text
    assert "/files/panel/documents.document/" in page.text
    doc = client.get("/api/v1/documents").json()[0]
    assert doc["data"]["lines"][0]["amount"] == "125000" and doc["lang"] == "bn"
    pdf = client.get(f"/documents/{doc['id']}/pdf?download=true")
    assert pdf.content.startswith(b"%PDF") and pdf.headers["content-disposition"].startswith("attachment")
    panel = client.get(f"/files/panel/documents.document/{doc['id']}")
    assert "PV-2025-26-000001-bn.pdf" in panel.text
    ok = client.get(doc["verify_path"])
    assert ok.status_code == 200 and 'id="verdict"' in ok.text and "Genuine" in ok.text
    bad = client.post("/documents/types/payment_voucher/new", data=_form(client, **{"lines-0-amount": "abc"}))
    assert bad.status_code == 422 and "lines[0].amount" in bad.text


def test_rest_and_graphql(client):
    r = client.post("/api/v1/documents/types/payment_voucher?lang=en", json=VOUCHER, headers={"Idempotency-Key": "g1"})
    again = client.post("/api/v1/documents/types/payment_voucher?lang=en", json=VOUCHER, headers={"Idempotency-Key": "g1"})
    assert r.status_code == 200 and r.json()["number"] == again.json()["number"] == "PV/2025-26/000001"
    assert client.get(f"/api/v1/documents/{r.json()['id']}/verify").json()["genuine"] is True
    bad = client.post("/api/v1/documents/types/payment_voucher?lang=en", json={**VOUCHER, "lines": []})
    assert bad.status_code == 422 and bad.json()["field"] == "lines"
    m = """mutation($d: JSON!) { generateDocument(docType: "payment_voucher", lang: "bn", data: $d) { number lang pdfPath } }"""
    made = client.post("/graphql", json={"query": m, "variables": {"d": VOUCHER}}).json()["data"]["generateDocument"]
    assert made["number"] == "PV/2025-26/000002" and made["lang"] == "bn"
    q = "{ documentTypes { code titleBn } generatedDocuments(docType: \"payment_voucher\") { number } }"
    data = client.post("/graphql", json={"query": q}).json()["data"]
    titles = {t["code"]: t["titleBn"] for t in data["documentTypes"]}
    assert titles["payment_voucher"] == "পেমেন্ট ভাউচার" and titles["work_order"] == "কার্যাদেশ"
    assert len(data["generatedDocuments"]) == 2


def test_a_voucher_for_a_journal_entry_from_a_link(client):
    """Another module's page links to the form with the entry's figures; the voucher names the entry."""
    entry = new_id()
    form = client.get(f"/documents/types/payment_voucher/new?journal_entry_id={entry}&journal_number=JV/2025-26/000777"
                      "&payee=Meghna%20Cement&voucher_date=2026-02-10&line=5110|Materials|125000.00&line=2110|Cash|")
    assert f'name="source_id" value="{entry}"' in form.text and 'value="JV/2025-26/000777"' in form.text
    data = _form(client, source_id=str(entry), journal_number="JV/2025-26/000777", lang="en")
    made = client.post("/documents/types/payment_voucher/new", data=data, follow_redirects=False)
    assert made.status_code == 303, made.text
    docs = client.get(f"/api/v1/documents?source_id={entry}").json()
    assert [(d["source_type"], d["data"]["journal_number"]) for d in docs] == [("finance.journal_entry",
                                                                                "JV/2025-26/000777")]
    assert str(entry) in client.get(made.headers["location"]).text
