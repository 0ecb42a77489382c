"""Editing and cancelling a draft invoice or bill (issue 16), on both databases: the service (versioned, the
checks of a new draft, refused for a posted one with nothing changed), REST (PATCH and cancel with idempotency
keys), GraphQL (create, update, post, record a payment, cancel) and the draft's page in English and Bangla.
Numbers are given at posting (docs/invoicing.md), so a cancelled draft uses none: the next posted invoice is
still number 1."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from uuid import UUID

import pytest
from sqlalchemy import select

from vextrus.modules.finance.tables import JournalEntry
from vextrus.modules.invoicing import service
from vextrus.modules.invoicing.schemas import InvoiceLineInput
from vextrus.platform import context
from vextrus.platform.errors import DomainError
from vextrus.platform.tables import OutboxEvent

SITE = InvoiceLineInput(
    description="Site supervision", quantity=D("2"), unit_price=D("20000.00"), vat_code="VAT15"
)


def _events(db, tenant_id, name: str, invoice_id) -> list[dict]:  # noqa: ANN001
    with context.acting_as(context.system_context(tenant_id)), db.session_factory() as s:
        return [
            e.payload
            for e in s.scalars(select(OutboxEvent).where(OutboxEvent.name == name))
            if e.payload["invoice_id"] == str(invoice_id)
        ]


def _journals(db, tenant_id) -> int:  # noqa: ANN001
    with context.acting_as(context.system_context(tenant_id)), db.session_factory() as s:
        return len(list(s.scalars(select(JournalEntry.id))))


def test_a_draft_is_edited_by_the_checks_of_a_new_one_and_versioned(db, tenant_id, co, invoice):
    draft = service.create_invoice(invoice(co))
    edited = service.update_draft(draft.id, invoice(co, lines=[SITE], reference="RA-4"), draft.version)
    # 2 × 20,000 = 40,000 at 15 % VAT = 6,000 (VAT and SD Act 2012, standard rate)
    assert (edited.net, edited.vat, edited.gross, edited.reference) == (
        D("40000.00"),
        D("6000.00"),
        D("46000.00"),
        "RA-4",
    )
    assert [ln.description for ln in edited.lines] == [
        "Site supervision"
    ] and edited.version == draft.version + 1
    assert _events(db, tenant_id, "invoicing.invoice.updated", draft.id)[0]["gross"] in (
        "46000.00",
        "46000.0",
        46000,
    )
    with pytest.raises(DomainError) as e:  # read at the old version
        service.update_draft(draft.id, invoice(co), draft.version)
    assert e.value.status == 409 and e.value.code == "stale_version"
    bad = invoice(co, lines=[SITE, SITE.model_copy(update={"vat_code": "VAT99"})])
    with pytest.raises(DomainError) as e:
        service.update_draft(draft.id, bad, edited.version)
    assert e.value.field == "lines[1].vat_code"
    with pytest.raises(DomainError) as e:
        service.update_draft(draft.id, invoice(co, due_date=date(2025, 8, 1)), edited.version)
    assert e.value.field == "due_date"
    assert service.get_invoice(draft.id) == edited  # refusals left it as it was


def test_a_posted_invoice_is_neither_edited_nor_cancelled_and_stays_as_posted(db, tenant_id, co, invoice):
    posted = service.post_invoice(service.create_invoice(invoice(co)).id)
    for act in (
        lambda: service.update_draft(posted.id, invoice(co, lines=[SITE])),
        lambda: service.cancel_draft(posted.id, "customer withdrew"),
    ):
        with pytest.raises(DomainError) as e:
            act()
        assert (e.value.status, e.value.code, e.value.field) == (409, "invoicing.not_draft", "status")
        assert "posted" in e.value.message and "credit note" in e.value.message
        assert "পোস্ট করা" in e.value.message_bn and "ক্রেডিট নোট" in e.value.message_bn
    assert service.get_invoice(posted.id) == posted
    assert _journals(db, tenant_id) == 1


def test_a_cancelled_draft_posts_nothing_uses_no_number_and_takes_nothing_more(db, tenant_id, co, invoice):
    draft = service.create_invoice(invoice(co))
    with pytest.raises(DomainError) as e:
        service.cancel_draft(draft.id, "  ", draft.version)
    assert e.value.field == "reason" and service.get_invoice(draft.id).status == "draft"
    gone = service.cancel_draft(draft.id, "Duplicate of RA-3", draft.version)
    assert (gone.status, gone.number, gone.entry_id) == ("cancelled", None, None)
    assert _events(db, tenant_id, "invoicing.invoice.cancelled", draft.id)[0]["reason"] == "Duplicate of RA-3"
    assert _journals(db, tenant_id) == 0
    for act in (
        lambda: service.post_invoice(draft.id),
        lambda: service.update_draft(draft.id, invoice(co)),
        lambda: service.cancel_draft(draft.id, "again"),
    ):
        with pytest.raises(DomainError) as e:
            act()
        assert e.value.code == "invoicing.not_draft"
    assert service.get_invoice(draft.id) == gone
    nxt = service.post_invoice(service.create_invoice(invoice(co)).id)
    assert nxt.number == "SI-2025-26-00001"  # gapless: the cancelled draft had no number to lose
    aging = service.aging(co.company_id, "sales", date(2025, 12, 31))
    assert aging.totals.total == nxt.gross  # the cancelled draft is owed by no one


def _body(co, **kw):  # noqa: ANN001, ANN202
    return {
        "company_id": str(co.company_id),
        "kind": "sales",
        "party_id": str(co.customer_id),
        "invoice_date": "2025-08-10",
        "reference": "RA-3",
        "lines": [
            {
                "description": "RA bill 3: slab casting",
                "quantity": "1",
                "unit_price": "250000.00",
                "vat_code": "S004.00",
            }
        ],
        **kw,
    }


def test_rest_patches_and_cancels_a_draft_with_idempotency_keys(db, tenant_id, client, co):
    inv = client.post("/api/v1/invoicing/invoices", json=_body(co)).json()
    url = f"/api/v1/invoicing/invoices/{inv['id']}"
    change = _body(co, reference="RA-3A", expected_version=inv["version"])
    r1 = client.patch(url, json=change, headers={"Idempotency-Key": "edit-1"})
    r2 = client.patch(url, json=change, headers={"Idempotency-Key": "edit-1"})
    assert r1.status_code == r2.status_code == 200 and r1.json() == r2.json()
    assert (r1.json()["reference"], r1.json()["version"]) == ("RA-3A", inv["version"] + 1)
    assert (
        len(_events(db, tenant_id, "invoicing.invoice.updated", inv["id"])) == 1
    )  # the repeat did nothing more
    stale = client.patch(url, json=change)
    assert stale.status_code == 409 and stale.json()["code"] == "stale_version"
    bad = client.patch(url, json=_body(co, lines=[], expected_version=r1.json()["version"]))
    assert bad.status_code == 422 and bad.json()["field"] == "lines" and bad.json()["message_bn"]
    assert client.get(url).json() == r1.json()
    c1 = client.post(
        f"{url}/cancel", json={"reason": "Raised twice"}, headers={"Idempotency-Key": "cancel-1"}
    )
    c2 = client.post(
        f"{url}/cancel", json={"reason": "Raised twice"}, headers={"Idempotency-Key": "cancel-1"}
    )
    assert c1.status_code == c2.status_code == 200 and c1.json()["status"] == "cancelled"
    again = client.post(f"{url}/cancel", json={"reason": "Raised twice"})
    assert again.status_code == 409 and again.json()["code"] == "invoicing.not_draft"


def _gql(client, query: str, **variables) -> dict:  # noqa: ANN001
    return client.post("/graphql", json={"query": query, "variables": variables}).json()


def test_graphql_creates_edits_posts_pays_and_cancels(db, tenant_id, client, co):
    fields = "id status number version gross paid"
    created = _gql(
        client,
        f"""mutation($i: InvoicingInvoiceInput!) {{ createInvoice(invoice: $i,
        idempotencyKey: "g-1") {{ {fields} }} }}""",
        i={
            "companyId": str(co.company_id),
            "kind": "sales",
            "partyId": str(co.customer_id),
            "invoiceDate": "2025-08-10",
            "lines": [
                {"description": "Slab casting", "quantity": "1", "unitPrice": "100000", "vatCode": "S004.00"}
            ],
        },
    )
    assert created.get("errors") is None, created
    inv = created["data"]["createInvoice"]
    assert (inv["status"], inv["gross"]) == ("draft", "110000.00")  # 10 % on construction from 2025-07-01
    edit = _gql(
        client,
        f"""mutation($id: ID!, $i: InvoicingInvoiceInput!, $v: Int) {{ updateInvoice(id: $id,
        invoice: $i, expectedVersion: $v) {{ {fields} }} }}""",
        id=inv["id"],
        v=inv["version"],
        i={
            "companyId": str(co.company_id),
            "kind": "sales",
            "partyId": str(co.customer_id),
            "invoiceDate": "2025-08-10",
            "lines": [
                {"description": "Slab casting", "quantity": "2", "unitPrice": "100000", "vatCode": "S004.00"}
            ],
        },
    )
    assert edit.get("errors") is None, edit
    assert edit["data"]["updateInvoice"]["gross"] == "220000.00"
    post = _gql(
        client,
        f"""mutation($id: ID!) {{ postInvoice(id: $id, idempotencyKey: "g-2") {{ {fields} }} }}""",
        id=inv["id"],
    )
    assert post.get("errors") is None, post
    assert post["data"]["postInvoice"]["number"] == "SI-2025-26-00001"
    pay = _gql(
        client,
        f"""mutation($id: ID!, $p: InvoicingPaymentInput!) {{ recordInvoicePayment(id: $id, payment: $p,
        idempotencyKey: "g-3") {{ {fields} }} }}""",
        id=inv["id"],
        p={"amount": "20000.00", "paidOn": "2025-08-20"},
    )
    assert pay.get("errors") is None, pay
    assert (pay["data"]["recordInvoicePayment"]["status"], pay["data"]["recordInvoicePayment"]["paid"]) == (
        "partly_paid",
        "20000.00",
    )
    refused = _gql(
        client, """mutation($id: ID!) { cancelInvoice(id: $id, reason: "late") { status } }""", id=inv["id"]
    )
    assert refused["errors"][0]["extensions"]["code"] == "invoicing.not_draft"
    assert service.get_invoice(UUID(inv["id"])).status == "partly_paid"
    other = service.create_invoice(_draft_input(co))
    gone = _gql(
        client,
        """mutation($id: ID!) { cancelInvoice(id: $id, reason: "raised twice") { status number } }""",
        id=str(other.id),
    )
    assert gone["data"]["cancelInvoice"] == {"status": "cancelled", "number": None}


def _draft_input(co):  # noqa: ANN001, ANN202
    from vextrus.modules.invoicing.schemas import InvoiceInput

    return InvoiceInput(
        company_id=co.company_id,
        kind="sales",
        party_id=co.customer_id,
        invoice_date=date(2025, 8, 10),
        lines=[SITE],
    )


@pytest.mark.parametrize(
    "lang, words",
    [
        ("en", ["Edit the draft", "Save changes", "Cancel the draft", "Reason for cancelling"]),
        ("bn", ["খসড়া সম্পাদনা", "পরিবর্তন সংরক্ষণ", "খসড়া বাতিল করুন", "বাতিলের কারণ"]),
    ],
)
def test_the_draft_page_edits_and_cancels_in_english_and_bangla(client, co, lang, words):
    draft = service.create_invoice(_draft_input(co))
    url = f"/invoicing/invoices/{draft.id}"
    page = client.get(f"{url}?lang={lang}")
    assert page.status_code == 200 and all(w in page.text for w in words)
    assert 'value="Site supervision"' in page.text  # the form holds the draft as stored
    form = {
        "company_id": str(co.company_id),
        "kind": "sales",
        "party_id": str(co.customer_id),
        "invoice_date": "2025-08-10",
        "expected_version": str(draft.version),
        "line_rows": "3",
        "lines-0-description": "Site supervision",
        "lines-0-quantity": "3",
        "lines-0-unit_price": "20000",
        "lines-0-vat_code": "VAT15",
        "lines-1-description": "Typed but wrong",
        "lines-1-quantity": "1",
        "lines-1-unit_price": "10",
        "lines-1-vat_code": "VAT99",
    }
    bad = client.post(f"{url}/edit?lang={lang}", data=form, follow_redirects=False)
    assert bad.status_code == 422 and "Typed but wrong" in bad.text and 'value="3"' in bad.text
    assert service.get_invoice(draft.id) == draft
    ok = client.post(f"{url}/edit", data={**form, "lines-1-vat_code": "VAT15"}, follow_redirects=False)
    assert ok.status_code == 303
    edited = service.get_invoice(draft.id)
    assert edited.net == D("60010.00") and len(edited.lines) == 2  # 3 × 20,000 + 10
    stale = client.post(
        f"{url}/cancel?lang={lang}", data={"reason": "wrong customer", "expected_version": str(draft.version)}
    )
    assert stale.status_code == 422 and "wrong customer" in stale.text  # re-rendered with the refusal
    assert service.get_invoice(draft.id).status == "draft"
    done = client.post(
        f"{url}/cancel",
        data={"reason": "wrong customer", "expected_version": str(edited.version)},
        follow_redirects=False,
    )
    assert done.status_code == 303
    after = client.get(f"{url}?lang={lang}")
    assert ("Cancelled" if lang == "en" else "বাতিল") in after.text and 'id="edit-form"' not in after.text


def test_a_page_edit_keeps_the_account_a_line_was_given_elsewhere(client, co):
    """A line's ledger account (set over REST or GraphQL) is not on the page's visible fields: it rides in a hidden
    field, so saving the page's form changes what was typed and loses nothing else."""
    import re

    draft = service.create_invoice(_draft_input(co).model_copy(update={"kind": "purchase", "party_id": co.vendor_id,
        "lines": [SITE.model_copy(update={"account_code": "5110"})]}))
    url = f"/invoicing/invoices/{draft.id}"
    page = client.get(url).text
    form = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page[page.index('id="edit-form"'):
                                                                                  page.index('id="cancel-form"')]))
    form.update({"party_id": str(co.vendor_id), "narration": "typed on the page"})
    assert form["lines-0-account_code"] == "5110"
    ok = client.post(f"{url}/edit", data=form, follow_redirects=False)
    assert ok.status_code == 303
    edited = service.get_invoice(draft.id)
    assert edited.narration == "typed on the page" and [ln.account_code for ln in edited.lines] == ["5110"]
