"""A payable to a blacklisted vendor is refused (issue 12, "Bad input"): finance asks master_data's api
(`check_payees`), which answers for a clerk who may post but not read master data; paying what is
already owed stays possible. Web, REST and bulk, on both databases."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from html import unescape

import pytest
from fastapi.testclient import TestClient

from vextrus.modules.finance import service
from vextrus.modules.finance.service import EntryIn, LineIn
from vextrus.modules.master_data import service as master_data
from vextrus.modules.master_data.schemas import PartyInput
from vextrus.platform import context
from vextrus.platform.errors import DomainError
from vextrus.platform.ids import new_id


@pytest.fixture
def book(admin):
    b = service.ensure_book("PADMA", "Padma Builders Ltd.")
    service.open_fiscal_year(b.code, "2025-26")
    return b.code


def _vendor(name: str, to: str | None = None):
    p = master_data.create_party(PartyInput(legal_name=name, legal_name_bn="নিষিদ্ধ সরবরাহকারী", party_type="company",
                                            roles=["vendor"], vendor_categories=["supplier"]))
    if to:
        p = master_data.change_vendor_status(p.id, "approved")
        p = master_data.change_vendor_status(p.id, to, "Fake mill certificates", p.version)
    return p


def _bill(party_id, amount="1000", ap="2110") -> EntryIn:
    return EntryIn(journal_type="purchase", entry_date=date(2025, 7, 10), narration="Rod", lines=[
        LineIn(account_code="5110", debit=D(amount)), LineIn(account_code=ap, credit=D(amount), party_id=party_id)])


def _clerk(tenant_id) -> context.RequestContext:
    """Someone who may post journals and nothing in master data."""
    return context.RequestContext(tenant_id=tenant_id, user_id=new_id(), permissions=frozenset(
        {"finance.journal.post", "finance.journal.create", "finance.journal.view", "finance.account.view"}),
        roles=frozenset({"ap_clerk"}), actor="clerk@test")


def test_a_payable_to_a_blacklisted_vendor_is_refused_but_paying_it_is_not(db, book, tenant_id):
    ok, bad = _vendor("Approved Steel Ltd.", None), _vendor("Crooked Steel Ltd.", "blacklisted")
    with context.acting_as(_clerk(tenant_id)):
        service.post_entry(book, _bill(ok.id))  # pending vendors are not blocked here; only blacklisted
        with pytest.raises(DomainError) as err:
            service.post_entry(book, _bill(bad.id))
    e = err.value
    assert (e.code, e.field, e.status) == ("master_data.vendor_blacklisted", "lines[1].party_id", 422)
    assert "Crooked Steel Ltd. is blacklisted (Fake mill certificates)" in e.message
    assert "কালো তালিকাভুক্ত" in e.message_bn and "নিষিদ্ধ সরবরাহকারী" in e.message_bn
    with pytest.raises(DomainError) as err:
        service.post_bulk(book, [_bill(ok.id), _bill(bad.id, "5")])
    assert err.value.field == "entries[1].lines[1].party_id"
    assert len(service.list_entries(book)) == 1  # all or nothing
    pay = EntryIn(journal_type="payment", entry_date=date(2025, 7, 12), narration="Settle", lines=[
        LineIn(account_code="2110", debit=D(300), party_id=bad.id), LineIn(account_code="1120", credit=D(300))])
    assert service.post_entry(book, pay).number  # a debit to payables (paying it) is allowed


def test_the_refusal_in_words_over_rest_and_on_the_journal_page(db, admin, book):
    bad = _vendor("Crooked Cement Ltd.", "blacklisted")
    from vextrus.app import create_app

    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as c:
        body = {"entry_date": "2025-07-10", "journal_type": "purchase", "lines": [
            {"account_code": "5110", "debit": "100"}, {"account_code": "2110", "credit": "100", "party_id": str(bad.id)}]}
        r = c.post(f"/api/v1/finance/books/{book}/entries", json=body)
        assert r.status_code == 422 and r.json()["code"] == "master_data.vendor_blacklisted", r.text
        c.get(f"/finance/{book}/journal")
        c.headers["X-CSRF-Token"] = c.cookies.get("vx_csrf") or ""
        form = {"entry_date": "2025-07-10", "journal_type": "purchase", "narration": "Cement",
                "account": ["5110", "2110"], "debit": ["100", ""], "credit": ["", "100"], "memo": ["", ""],
                "party_q": ["", bad.code], "party_id": ["", str(bad.id)]}
        page = c.post(f"/finance/{book}/journal", data=form)
        assert page.status_code == 422 and "Crooked Cement Ltd. is blacklisted" in unescape(page.text)
