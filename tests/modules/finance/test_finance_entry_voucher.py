"""A posted payment prints as a payment voucher: the entry's page links to the voucher form filled from the
entry (its debit lines, the party paid, the number and date), and the form then makes a PDF whose source is
the entry. A draft has no such link; a user who may not make documents does not see it."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from html import unescape
from urllib.parse import parse_qs, urlsplit

from fastapi.testclient import TestClient

from vextrus.app import create_app
from vextrus.modules.finance import service
from vextrus.modules.finance.schemas import EntryIn, LineIn
from vextrus.modules.master_data import service as master_data
from vextrus.modules.master_data.schemas import PartyInput
from vextrus.modules.organization import api as organization
from vextrus.platform import context


def _client(db, ctx) -> TestClient:
    return TestClient(create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: ctx]))


def test_a_posted_payment_links_to_its_voucher_filled_from_the_entry(db, admin):
    c = organization.create_company(organization.CompanyInput(code="VCH", name="Voucher Builders Ltd."))
    book = service.ensure_book(c.code, c.name, company_id=c.id)
    service.open_fiscal_year(book.code, "2025-26")
    vendor = master_data.create_party(PartyInput(legal_name="Meghna Cement Mills Ltd.", roles=["vendor"]))
    paid = service.post_entry(book.code, EntryIn(
        journal_type="payment", entry_date=date(2025, 9, 14), narration="Cement 500 bags and carriage",
        lines=[LineIn(account_code="5110", debit=Decimal("112500.00"), party_id=vendor.id),
               LineIn(account_code="5150", debit=Decimal("12500.00")),
               LineIn(account_code="1120", credit=Decimal("125000.00"))]))
    draft = service.create_draft(book.code, EntryIn(
        journal_type="payment", entry_date=date(2025, 9, 15), narration="Not yet",
        lines=[LineIn(account_code="5110", debit=Decimal("10.00")), LineIn(account_code="1120", credit=Decimal("10.00"))]))
    with _client(db, admin) as client:
        page = client.get(f"/finance/{book.code}/entries/{paid.id}?lang=en")
        link = re.search(r'id="print-voucher" href="([^"]+)"', page.text)
        assert link, "no voucher link on a posted payment"
        url = unescape(link.group(1))
        q = parse_qs(urlsplit(url).query)
        assert q["journal_entry_id"] == [str(paid.id)] and q["journal_number"] == [paid.number]
        assert q["payee"] == ["Meghna Cement Mills Ltd."] and q["voucher_date"] == ["2025-09-14"]
        assert [ln.split("|")[0] + "|" + ln.split("|")[2] for ln in q["line"]] == ["5110|112500.00", "5150|12500.00"]
        form = client.get(url)
        assert form.status_code == 200
        assert "Meghna Cement Mills Ltd." in unescape(form.text) and "112500.00" in form.text
        assert 'id="print-voucher"' not in client.get(f"/finance/{book.code}/entries/{draft.id}?lang=en").text
        bn = client.get(f"/finance/{book.code}/entries/{paid.id}?lang=bn").text
        assert "এই এন্ট্রির পেমেন্ট ভাউচার ছাপুন" in bn

    clerk = context.RequestContext(tenant_id=admin.tenant_id, user_id=admin.user_id, actor="reader",
                                   permissions=frozenset({"finance.*.view", "finance.*.read"}))
    with _client(db, clerk) as client:
        page = client.get(f"/finance/{book.code}/entries/{paid.id}?lang=en")
        assert page.status_code == 200 and 'id="print-voucher"' not in page.text
