"""An RFQ printed per vendor (documents' PDF `rfq`, English and Bangla) and e-mailed with the PDF attached
through notifications' outbox to the vendor's address in master data, on both databases: the PDF's text (read
with poppler's `pdftotext`) names the vendor, the items and their quantities (Bangla digits on the Bangla
letter); the e-mail reaches a real SMTP server (aiosmtpd) with the PDF and a Bangla subject intact; refusals
(an RFQ no longer open, a vendor not on it, a vendor without an e-mail) send nothing; a retried
Idempotency-Key sends once; the page shows the links, the button and "sent on" in both languages."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from bangla_text import latin_words
from conftest import Setup, pick, quote, requisition
from smtp_mailbox import smtp_server
from vextrus.app import create_app
from vextrus.modules.master_data import service as master_data
from vextrus.modules.master_data.schemas import AddressIn, PartyInput
from vextrus.modules.notifications import config
from vextrus.modules.notifications.service import outbox
from vextrus.modules.notifications.tables import Delivery
from vextrus.modules.procurement import service
from vextrus.modules.procurement.schemas import RfqInput
from vextrus.platform import context
from vextrus.platform.errors import ValidationFailed
from vextrus.platform.ids import new_id
from vextrus.platform.uow import unit_of_work

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) not installed")

LINES = {"CEM": "500", "ROD": "1250.25", "SAND": "300"}


def _text(pdf: bytes) -> str:
    assert pdf.startswith(b"%PDF")
    out = subprocess.run(["pdftotext", "-raw", "-", "-"], input=pdf, capture_output=True, check=True, timeout=60)
    return " ".join(out.stdout.decode("utf-8").split())


@pytest.fixture
def smtp():  # noqa: ANN201
    with smtp_server() as box:
        yield box


@pytest.fixture
def mailer(smtp):  # noqa: ANN001, ANN201
    config.use(config.NotifyConfig(smtp_host="127.0.0.1", smtp_port=smtp.port, mail_from="Padma <erp@test.local>",
                                   timeout_seconds=5))
    yield smtp
    config.use(None)


def _rfq(co: Setup, email: str | None = "sales@rahman.test"):
    """An open RFQ of three items to a new vendor with an address (and e-mail) and to two others."""
    p = master_data.create_party(PartyInput(
        legal_name="Rahman Construction & Supply Ltd.", legal_name_bn="রহমান কনস্ট্রাকশন অ্যান্ড সাপ্লাই লিমিটেড",
        roles=["vendor"], vendor_categories=["supplier"], email=email,
        addresses=[AddressIn(line1="12 Karwan Bazar", city="Dhaka", district="Dhaka", postcode="1215")]))
    master_data.change_vendor_status(p.id, "approved")
    req = service.create_requisition(requisition(co, LINES))
    service.submit_requisition(req.id)
    service.approve_requisition(req.id)
    return service.create_rfq(RfqInput(requisition_id=req.id, vendor_ids=[p.id, *co.vendors[:2]])), p.id


def _dispatch(tenant_id):  # noqa: ANN001, ANN202
    with context.acting_as(context.system_context(tenant_id, actor="job:notifications.dispatch")):
        return outbox.dispatch_pending()


def _queued() -> list[Delivery]:
    with unit_of_work() as uow:
        rows = uow.session.execute(select(Delivery).where(Delivery.event == "procurement.rfq.sent")).scalars().all()
        uow.session.expunge_all()
    return rows


def test_the_pdf_in_english_and_bangla(db, admin, co):
    rfq, vendor = _rfq(co)
    en = _text(service.issue_rfq_pdf(rfq.id, vendor, "en").content)
    for part in ("Request for quotation", rfq.number, "Rahman Construction & Supply Ltd.", "12 Karwan Bazar",
                 "Portland composite cement", "MS deformed bar 500W", "Sylhet sand", "500", "1,250.25", "300",
                 "Site store Purbachal", "Padma Builders Ltd."):
        assert part in en, part
    assert "Tk" not in en.split("Terms")[0].replace("Taka", "")  # no prices
    bn_doc = service.issue_rfq_pdf(rfq.id, vendor, "bn")
    bn = _text(bn_doc.content)
    for part in ("দরপত্র আহ্বান", "RFQ-০০০০১", "রহমান কনস্ট্রাকশন অ্যান্ড সাপ্লাই লিমিটেড", "সিমেন্ট", "রড",
                 "সিলেট বালু", "৫০০", "১,২৫০.২৫", "৩০০", "সাইট গুদাম পূর্বাচল"):
        assert part in bn, part
    again = service.issue_rfq_pdf(rfq.id, vendor, "bn")  # stored once per content
    assert (again.document_id, again.sha256) == (bn_doc.document_id, bn_doc.sha256)
    with pytest.raises(ValidationFailed) as refused:
        service.issue_rfq_pdf(rfq.id, new_id(), "en")
    assert (refused.value.code, refused.value.field) == ("procurement.vendor_not_invited", "vendor_id")


def test_sent_by_email_with_the_pdf_and_a_bangla_subject(db, admin, co, tenant_id, mailer):
    rfq, vendor = _rfq(co)
    service.send_rfq(rfq.id, vendor, "bn", idempotency_key="send-1")
    service.send_rfq(rfq.id, vendor, "bn", idempotency_key="send-1")  # a retry: queued once
    assert len(_queued()) == 1
    assert _dispatch(tenant_id).sent == 1 and _dispatch(tenant_id).sent == 0
    assert len(mailer.messages) == 1
    msg = mailer.messages[0]
    assert mailer.envelopes[0][1] == ["sales@rahman.test"]
    assert msg["Subject"] == f"দরপত্র আহ্বান {rfq.number.replace('0', '০').replace('1', '১')}"
    pdfs = [p for p in msg.iter_attachments() if p.get_content_type() == "application/pdf"]
    assert len(pdfs) == 1 and pdfs[0].get_filename() == f"{rfq.number}-bn.pdf"
    text = _text(pdfs[0].get_content())
    assert "রহমান কনস্ট্রাকশন অ্যান্ড সাপ্লাই লিমিটেড" in text and "১,২৫০.২৫" in text
    v = next(x for x in service.get_rfq(rfq.id).vendors if x.party_id == vendor)
    assert v.sent_at is not None and v.sent_to == "sales@rahman.test"
    service.send_rfq(rfq.id, vendor, "en", idempotency_key="send-2")  # sent again on purpose: a second e-mail
    assert _dispatch(tenant_id).sent == 1 and mailer.messages[1]["Subject"] == f"Request for quotation {rfq.number}"


def test_refusals_send_nothing(db, admin, co, tenant_id, mailer):
    rfq, vendor = _rfq(co, email=None)
    with pytest.raises(ValidationFailed) as refused:
        service.send_rfq(rfq.id, vendor, "en")
    assert (refused.value.code, refused.value.field) == ("procurement.vendor_no_email", "vendor_id")
    assert "ইমেইল" in refused.value.message_bn
    with pytest.raises(ValidationFailed) as refused:
        service.send_rfq(rfq.id, co.vendors[3], "en")  # an approved vendor not on this RFQ
    assert (refused.value.code, refused.value.field) == ("procurement.vendor_not_invited", "vendor_id")
    with pytest.raises(ValidationFailed) as refused:
        service.send_rfq(rfq.id, vendor, "fr")
    assert refused.value.field == "lang"
    # an RFQ whose quotations are closed (vendors selected) is not sent any more
    for v in (0, 1):
        quote(co, rfq.id, v, {k: "100" for k in LINES})
    service.select_vendors(rfq.id, [pick(co, code, 0, "the only full quotation") for code in LINES])
    with pytest.raises(ValidationFailed) as refused:
        service.send_rfq(rfq.id, vendor, "en")
    assert (refused.value.code, refused.value.field) == ("procurement.rfq_not_open", "status")
    assert _queued() == [] and _dispatch(tenant_id).sent == 0 and mailer.messages == []
    assert all(v.sent_at is None for v in service.get_rfq(rfq.id).vendors)


@pytest.fixture
def client(db, admin, co):
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as c:
        c.get("/procurement")
        c.headers["X-CSRF-Token"] = c.cookies.get("vx_csrf") or ""
        yield c


@pytest.mark.parametrize("lang,label,sent", [("en", "Send by e-mail", "Sent on"), ("bn", "ইমেইলে পাঠান", "পাঠানো হয়েছে")])
def test_rest_graphql_and_the_page(client, admin, co, tenant_id, mailer, lang, label, sent):
    rfq, vendor = _rfq(co)
    api = client.get(f"/api/v1/procurement/rfqs/{rfq.id}/vendors/{vendor}/pdf?lang={lang}")
    assert api.status_code == 200 and api.headers["content-type"] == "application/pdf"
    assert "Rahman" in _text(api.content) or "রহমান" in _text(api.content)
    assert client.get(f"/api/v1/procurement/rfqs/{rfq.id}/vendors/{new_id()}/pdf").status_code == 422
    page = client.get(f"/procurement/rfqs/{rfq.id}?lang={lang}")
    href = f'/procurement/rfqs/{rfq.id}/vendors/{vendor}/rfq.pdf?lang={lang}'
    assert page.status_code == 200 and href in page.text and label in page.text and sent not in page.text
    got = client.get(href)
    assert got.status_code == 200 and got.headers["x-document-id"] == api.headers["x-document-id"]
    section = page.text.split('id="rfq-vendors"')[1].split("</section>")[0]
    if lang == "bn":
        assert latin_words(section.split("</h2>", 1)[1].replace("lang", "")) == [], latin_words(section)
    key = {"Idempotency-Key": f"k-{lang}"}
    first = client.post(f"/api/v1/procurement/rfqs/{rfq.id}/vendors/{vendor}/send", json={"lang": lang}, headers=key)
    again = client.post(f"/api/v1/procurement/rfqs/{rfq.id}/vendors/{vendor}/send", json={"lang": lang}, headers=key)
    assert first.status_code == again.status_code == 200 and first.json() == again.json()
    assert len(_queued()) == 1
    no_mail = client.post(f"/api/v1/procurement/rfqs/{rfq.id}/vendors/{co.vendors[0]}/send", json={"lang": lang})
    body = no_mail.json()
    assert (no_mail.status_code, body["code"], body["field"]) == (422, "procurement.vendor_no_email", "vendor_id")
    form = client.post(f"/procurement/rfqs/{rfq.id}/vendors/{vendor}/send", data={"lang": lang},
                       follow_redirects=False)
    assert form.status_code == 303 and len(_queued()) == 2
    page = client.get(f"/procurement/rfqs/{rfq.id}?lang={lang}")
    assert sent in page.text
    gql = client.post("/graphql", json={"query": "mutation($id: ID!, $v: ID!, $l: String!) { issueProcurementRfq(id: $id, "
                                                 "vendorId: $v, lang: $l) { documentId rfqNumber downloadPath sent } }",
                                        "variables": {"id": str(rfq.id), "v": str(vendor), "l": lang}})
    data = gql.json()["data"]["issueProcurementRfq"]
    assert data["rfqNumber"] == rfq.number and data["sent"] is False
    assert client.get(data["downloadPath"]).content == api.content
    assert _dispatch(tenant_id).sent == 2 and len(mailer.messages) == 2
