"""The party form through platform.forms (issue 21, one declaration per concept): the head fields and each
repeating row (contacts, bank accounts, wallets, documents) are read into their DTOs with `model_from_form`
/ `rows_from_form`; a wrong input of each kind is shown in English and Bangla next to its field (a row's
field under its row), what was typed stays, and nothing is saved — on both databases."""

from __future__ import annotations

from html import unescape

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from vextrus.modules.master_data import service
from vextrus.modules.master_data.schemas import PartyInput
from vextrus.modules.master_data.tables import ComplianceDocumentRow, ContactRow, PartyRow
from vextrus.platform import runtime


@pytest.fixture
def client(db, admin):
    from vextrus.app import create_app

    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda request: admin])
    with TestClient(app) as c:
        c.get("/master_data/parties")  # sets the CSRF cookie
        yield c


def _post(client, url, data, lang="en"):
    return client.post(f"{url}?lang={lang}", data={**data, "csrf_token": client.cookies.get("vx_csrf")},
                       follow_redirects=False)


def _parties() -> tuple[int, ...]:
    """Rows of parties, contacts and documents: what a save would write."""
    with runtime.current().session_factory() as s:
        return tuple(s.scalar(select(func.count()).select_from(t)) or 0
                     for t in (PartyRow, ContactRow, ComplianceDocumentRow))


HEAD = {"legal_name": "Meghna Cement", "roles": "vendor", "vendor_categories": "supplier",
        "contacts-a1-name": "Rahim Uddin", "contacts-a1-mobile": "01711000111"}
DOC = {"documents-e5-kind": "trade_licence", "documents-e5-number": "TL-77"}
BANK = {"bank_accounts-c3-account_name": "Meghna Cement", "bank_accounts-c3-account_number": "0012345678",
        "bank_accounts-c3-routing_number": "200270522"}

# (what was typed, the field it names, words in English, words in Bangla)
WRONG = [
    pytest.param({**DOC, "documents-e5-expires_on": "31/06/2027"}, "documents[0].expires_on",
                 "Compliance documents, Expires on: '31/06/2027' is not a date",
                 "কমপ্লায়েন্স নথি, মেয়াদ শেষ: '31/06/2027' তারিখ নয়", id="a row's date"),
    pytest.param({**DOC, "documents-e5-issued_on": "garbage"}, "documents[0].issued_on",
                 "Compliance documents, Issued on: 'garbage' is not a date", "'garbage' তারিখ নয়", id="another date"),
    pytest.param(BANK, "bank_accounts[0].bank_name", "Bank accounts, Bank: a value is required",
                 "ব্যাংক হিসাব, ব্যাংক: একটি মান দিতে হবে", id="a row's required field"),
    pytest.param({"tin": "123"}, "tin", "TIN", "ই-টিআইএন", id="a head field the service refuses"),
]


@pytest.mark.parametrize(("typed", "field", "words", "words_bn"), WRONG)
def test_a_wrong_input_is_shown_by_its_field_in_both_languages_and_nothing_is_saved(client, typed, field, words,
                                                                                    words_bn):
    before = _parties()
    r = _post(client, "/master_data/parties/new", {**HEAD, **typed})
    page = unescape(r.text)
    assert r.status_code == 422 and words in page, page[-3000:]
    assert f'data-field="{field}">' in page  # the message stands by its field (a row's: under its row)
    assert page.split(f'data-field="{field}">', 1)[1].split("<", 1)[0].strip()  # … and is not empty there
    assert 'value="Meghna Cement"' in page and 'value="Rahim Uddin"' in page  # what was typed stays
    bn = unescape(_post(client, "/master_data/parties/new", {**HEAD, **typed}, lang="bn").text)
    assert words_bn in bn.split(f'data-field="{field}">', 1)[1].split("</span>", 1)[0], bn[-3000:]
    assert "is not a date" not in bn and "a value is required" not in bn and "expires_on" not in bn.split("<form")[0]
    assert _parties() == before


def test_editing_with_a_wrong_row_keeps_the_party_as_it_was(client, admin):
    v = service.create_party(PartyInput(legal_name="Padma Steel", roles=["customer"], contacts=[{"name": "Karim"}]))
    r = _post(client, f"/master_data/parties/{v.id}", {
        "legal_name": "Padma Steel Renamed", "roles": "customer", "version": v.version, "contacts-k1-name": "Karim",
        "documents-z9-kind": "trade_licence", "documents-z9-number": "TL-1", "documents-z9-expires_on": "২০২৭-১৩-০১"},
        lang="bn")
    page = unescape(r.text)
    assert r.status_code == 422 and 'data-field="documents[0].expires_on">' in page
    assert "মেয়াদ শেষ: '২০২৭-১৩-০১' তারিখ নয়" in page and 'value="Padma Steel Renamed"' in page
    after = service.get_party(v.id)
    assert (after.legal_name, after.version, after.documents) == ("Padma Steel", v.version, [])


def test_typed_values_are_read_by_their_types(client):
    """Bangla digits in a row's date, a ticked flag, blank optional fields: saved as before."""
    r = _post(client, "/master_data/parties/new", {
        **HEAD, "contacts-a1-is_primary": "on", "tin": "", **DOC, "documents-e5-expires_on": "২০২৭-০৬-৩০"})
    assert r.status_code == 303, r.text[-2000:]
    party = service.search_parties("Meghna Cement", first=5).items[0]
    v = service.get_party(party.id)
    assert [(c.name, c.is_primary) for c in v.contacts] == [("Rahim Uddin", True)]
    assert [str(d.expires_on) for d in v.documents] == ["2027-06-30"] and v.tin is None
