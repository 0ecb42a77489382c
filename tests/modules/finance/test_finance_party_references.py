"""A journal line's party is held by the ledger: it must exist in master data (not merged away), and
once posted master data refuses to delete or deactivate it (archive instead), whoever posts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from uuid import uuid4

import pytest

from vextrus.modules.finance import service
from vextrus.modules.finance.domain.errors import LedgerError
from vextrus.modules.finance.service import EntryIn, LineIn
from vextrus.modules.master_data import service as master_data
from vextrus.modules.master_data.schemas import PartyInput
from vextrus.platform import context
from vextrus.platform.errors import Conflict


@pytest.fixture
def book(admin):
    b = service.ensure_book("PADMA", "Padma Builders Ltd.")
    service.open_fiscal_year(b.code, "2025-26")
    return b.code


def _vendor(name: str = "Meghna Cement Mills Ltd."):
    return master_data.create_party(PartyInput(legal_name=name, party_type="company", roles=["vendor"],
                                               vendor_categories=["supplier"]))


def _bill(party_id, amount="1000") -> EntryIn:
    return EntryIn(journal_type="purchase", entry_date=date(2025, 7, 10), narration="Cement", lines=[
        LineIn(account_code="5110", debit=D(amount)), LineIn(account_code="2110", credit=D(amount), party_id=party_id)])


def test_a_posted_party_cannot_be_deleted_or_deactivated_only_archived(db, book):
    cement = _vendor()
    service.post_entry(book, _bill(cement.id))
    for action in (master_data.delete_party, master_data.deactivate_party):
        with pytest.raises(Conflict) as err:
            action(cement.id)
        assert err.value.code == "master_data.party_in_use" and "ledger PADMA" in err.value.message
    assert master_data.archive_party(cement.id).status == "archived"


def test_an_accountant_without_master_data_rights_still_posts_for_a_party(db, book, tenant_id):
    cement = _vendor()
    accountant = context.RequestContext(tenant_id=tenant_id, actor="accountant", permissions=frozenset({
        "finance.journal.post", "finance.journal.create", "finance.journal.view", "finance.account.view"}))
    with context.acting_as(accountant):
        posted = service.post_entry(book, _bill(cement.id))
    assert posted.number and [ln.party_id for ln in posted.lines] == [None, cement.id]
    with pytest.raises(Conflict):
        master_data.delete_party(cement.id)


def test_an_unknown_or_merged_party_is_refused_naming_the_line_and_nothing_is_posted(db, book):
    with pytest.raises(LedgerError) as err:
        service.post_entry(book, _bill(uuid4()))
    assert (err.value.code, err.value.field) == ("party_unknown", "lines[1].party_id")
    keep, drop = _vendor("Meghna Cement Mills Ltd."), _vendor("Meghna Cement Mill")
    master_data.merge_parties(keep.id, drop.id)
    with pytest.raises(Exception) as merged:
        service.post_entry(book, _bill(drop.id))
    assert merged.value.code == "master_data.party_merged" and merged.value.field == "lines[1].party_id"
    ok = _vendor("Karim Construction")
    with pytest.raises(LedgerError) as bulk:
        service.post_bulk(book, [_bill(ok.id), _bill(uuid4())])
    assert bulk.value.field == "entries[1].lines[1].party_id"
    assert service.list_entries(book) == []
    master_data.delete_party(ok.id)  # the refused bulk post held nothing: it can go
