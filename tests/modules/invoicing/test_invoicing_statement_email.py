"""A party's statement e-mailed to the party (issue 16), on both databases: from the Bangla statement page the
"E-mail to the party" button queues one e-mail to the address master data holds, which reaches a real SMTP server
(aiosmtpd) with a Bangla subject and the statement's Bangla PDF attached (its text, read with poppler's `pdftotext`,
names the party and the closing balance in Bangla digits); the page says to whom it went; a resent form (same key)
sends nothing more; REST sends the English one; a party without an e-mail, a missing party and a user who may only
read statements are refused with nothing queued."""

from __future__ import annotations

import re
import shutil
import subprocess
from decimal import Decimal as D

import pytest
from sqlalchemy import func, select

from smtp_mailbox import smtp_server
from vextrus.modules.invoicing import service
from vextrus.modules.invoicing.schemas import StatementEmailInput
from vextrus.modules.master_data import service as master_data
from vextrus.modules.master_data.schemas import PartyInput
from vextrus.modules.notifications import config
from vextrus.modules.notifications.service import outbox
from vextrus.modules.notifications.tables import Delivery
from vextrus.platform import context
from vextrus.platform.errors import PermissionDenied, ValidationFailed
from vextrus.platform.ids import new_id
from vextrus.platform.uow import unit_of_work

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) not installed")

ADDRESS = "accounts@karnaphuli.test"


@pytest.fixture
def mailer():  # noqa: ANN201
    with smtp_server() as box:
        config.use(config.NotifyConfig(smtp_host="127.0.0.1", smtp_port=box.port, mail_from="Padma <erp@test.local>",
                                       timeout_seconds=5))
        yield box
        config.use(None)


@pytest.fixture
def client_with_email(co, invoice):
    """A customer with an e-mail address and one posted invoice to it (11,56,350.00 gross)."""
    cust = master_data.create_party(PartyInput(legal_name="Karnaphuli Developers Ltd.",
                                               legal_name_bn="কর্ণফুলী ডেভেলপার্স লিমিটেড", roles=["customer"],
                                               email=ADDRESS))
    inv = service.post_invoice(service.create_invoice(invoice(co, "sales", party_id=cust.id)).id)
    assert inv.gross == D("1156350.00")  # 10,00,000 at S004.00's 10 % + (2.5 × 20,000 − 1,000) at 15 %
    return cust.id, inv


def _queued() -> int:
    with unit_of_work() as uow:
        return uow.session.scalar(select(func.count()).select_from(Delivery)
                                  .where(Delivery.event == "invoicing.statement.emailed"))


def _dispatch(tenant_id):  # noqa: ANN001, ANN202
    with context.acting_as(context.system_context(tenant_id, actor="job:notifications.dispatch")):
        return outbox.dispatch_pending()


def _pdf_text(msg) -> str:  # noqa: ANN001
    pdfs = [p for p in msg.iter_attachments() if p.get_content_type() == "application/pdf"]
    assert len(pdfs) == 1
    out = subprocess.run(["pdftotext", "-raw", "-", "-"], input=pdfs[0].get_content(), capture_output=True, check=True,
                         timeout=60)
    return " ".join(out.stdout.decode().split())


def test_the_bangla_page_emails_the_statement_once_with_its_pdf(client, co, client_with_email, tenant_id, mailer):
    party, inv = client_with_email
    page = client.get(f"/invoicing/statement?company={co.company_id}&kind=sales&party={party}"
                      f"&date_to={inv.invoice_date.isoformat()}&lang=bn")
    assert page.status_code == 200 and "পার্টিকে ইমেইল করুন" in page.text
    form = dict(re.findall(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)"',
                           page.text.split('id="statement-email"', 1)[1].split("</form>", 1)[0]))
    assert form["idempotency_key"] and form["party"] == str(party)

    sent = client.post("/invoicing/statement/email?lang=bn", data=form, follow_redirects=False)
    assert sent.status_code == 303, sent.text
    again = client.post("/invoicing/statement/email?lang=bn", data=form, follow_redirects=False)  # a double click
    assert again.status_code == 303 and _queued() == 1
    shown = client.get(sent.headers["location"] + "&lang=bn")
    assert f"বিবরণী ইমেইল করা হলো: {ADDRESS}" in shown.text

    assert _dispatch(tenant_id).sent == 1
    assert mailer.envelopes == [("erp@test.local", [ADDRESS])]
    msg = mailer.messages[0]
    assert msg["Subject"].endswith("হিসাব বিবরণী, ১০/০৮/২০২৫ পর্যন্ত"), msg["Subject"]
    assert "কর্ণফুলী ডেভেলপার্স লিমিটেড" in msg.get_body(("html",)).get_content()
    text = _pdf_text(msg)
    assert "কর্ণফুলী ডেভেলপার্স লিমিটেড" in text and "১১,৫৬,৩৫০.০০" in text, text


def test_rest_sends_the_english_statement_and_a_retry_sends_nothing_more(client, co, client_with_email, tenant_id,
                                                                        mailer):
    party, inv = client_with_email
    body = {"company_id": str(co.company_id), "party_id": str(party), "kind": "sales",
            "date_to": inv.invoice_date.isoformat(), "lang": "en"}
    first = client.post("/api/v1/invoicing/statement/email", json=body, headers={"Idempotency-Key": "st-1"})
    assert first.status_code == 200, first.text
    assert first.json()["email"] == ADDRESS and first.json()["filename"].endswith("-en.pdf")
    retry = client.post("/api/v1/invoicing/statement/email", json=body, headers={"Idempotency-Key": "st-1"})
    assert retry.json() == first.json() and _queued() == 1
    assert _dispatch(tenant_id).sent == 1
    msg = mailer.messages[0]
    assert msg["Subject"] == "Padma Builders Ltd.: statement of account to 10 Aug 2025"
    text = _pdf_text(msg)
    assert "Statement of account" in text and "Karnaphuli Developers Ltd." in text and "11,56,350.00" in text


def test_refusals_queue_nothing(client, co, client_with_email, tenant_id, mailer):
    party, inv = client_with_email
    no_email = client.post("/api/v1/invoicing/statement/email", json={
        "company_id": str(co.company_id), "party_id": str(co.customer_id), "date_to": "2025-12-31"})
    assert no_email.status_code == 422
    assert (no_email.json()["code"], no_email.json()["field"]) == ("invoicing.party_no_email", "party_id")

    page = client.post("/invoicing/statement/email?lang=bn", data={"company": str(co.company_id), "kind": "sales",
                                                                   "party": "", "idempotency_key": "k"})
    assert page.status_code == 422 and 'role="alert"' in page.text

    reader = context.RequestContext(tenant_id=tenant_id, user_id=new_id(), actor="auditor@test",
                                    permissions=frozenset({"invoicing.invoice.view", "invoicing.report.view"}))
    with context.acting_as(reader), pytest.raises(PermissionDenied):
        service.email_statement(StatementEmailInput(company_id=co.company_id, party_id=party, date_to=inv.invoice_date))
    with pytest.raises(ValidationFailed) as bad_dates:
        service.email_statement(StatementEmailInput(company_id=co.company_id, party_id=party,
                                                    date_from=inv.invoice_date,
                                                    date_to=inv.invoice_date.replace(day=1)))
    assert bad_dates.value.field == "date_from"
    assert _queued() == 0 and _dispatch(tenant_id).sent == 0 and mailer.messages == []
