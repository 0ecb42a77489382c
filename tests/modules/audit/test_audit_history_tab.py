"""An object's own page shows its history: the journal entry and the party pages carry a History tab that
fetches the audit trail of that object (who did what, when), only for users who may read the trail."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from html import unescape

from fastapi.testclient import TestClient

from vextrus.app import create_app
from vextrus.modules.finance import service as finance
from vextrus.modules.finance.schemas import EntryIn, LineIn
from vextrus.modules.master_data import service as master_data
from vextrus.modules.master_data.schemas import PartyInput
from vextrus.modules.organization import api as organization
from vextrus.platform import context


def _client(db, ctx) -> TestClient:
    return TestClient(create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: ctx]))


def _tab(html: str) -> str | None:
    m = re.search(r'<details class="card" id="history" hx-get="([^"]+)"', html)
    return unescape(m.group(1)) if m else None


def test_the_entry_and_party_pages_show_their_own_history(db, admin):
    c = organization.create_company(organization.CompanyInput(code="HIS", name="History Builders Ltd."))
    book = finance.ensure_book(c.code, c.name, company_id=c.id)
    finance.open_fiscal_year(book.code, "2025-26")
    party = master_data.create_party(PartyInput(legal_name="Jamuna Rod Ltd.", roles=["vendor"]))
    other = master_data.create_party(PartyInput(legal_name="Karnaphuli Sand Co.", roles=["vendor"]))
    entry = finance.post_entry(book.code, EntryIn(
        journal_type="payment", entry_date=date(2025, 10, 2), narration="Rod advance",
        lines=[LineIn(account_code="5110", debit=Decimal("5000.00")), LineIn(account_code="1120", credit=Decimal("5000.00"))]))
    with _client(db, admin) as client:
        url = _tab(client.get(f"/finance/{book.code}/entries/{entry.id}?lang=en").text)
        assert url is not None, "no history tab on the entry page"
        rows = client.get(url).text
        assert "finance.journal.posted" in rows and rows.count("<tr data-seq") == 1

        url = _tab(client.get(f"/master_data/parties/{party.id}?lang=bn").text)
        assert url is not None, "no history tab on the party page"
        rows = client.get(url + "&lang=bn").text
        assert "master_data.party.created" in rows and str(other.id) not in rows and "Karnaphuli" not in rows
        assert _tab(client.get("/master_data/parties/new?lang=en").text) is None  # nothing to show yet

    reader = context.RequestContext(tenant_id=admin.tenant_id, user_id=admin.user_id, actor="reader",
                                    permissions=frozenset({"finance.*.view", "finance.*.read"}))
    with _client(db, reader) as client:
        page = client.get(f"/finance/{book.code}/entries/{entry.id}?lang=en")
        assert page.status_code == 200 and _tab(page.text) is None
