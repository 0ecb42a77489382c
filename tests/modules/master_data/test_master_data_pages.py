"""Party pages: repeating rows (contacts, bank accounts, wallets, documents), live duplicate
warnings, the vendor status action and the merge screen, rendered through the real app."""

from __future__ import annotations

import re
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from vextrus.modules.master_data import service
from vextrus.modules.master_data.schemas import PartyInput


@pytest.fixture
def client(db, admin):
    from vextrus.app import create_app

    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda request: admin])
    with TestClient(app) as c:
        c.get("/master_data/parties")  # sets the CSRF cookie
        yield c


def _post(client, url, data):
    return client.post(url, data={**data, "csrf_token": client.cookies.get("vx_csrf")}, follow_redirects=False)


def test_new_party_with_rows_saves_every_group_and_skips_blank_rows(client):
    r = _post(client, "/master_data/parties/new", {
        "legal_name": "Meghna Cement", "roles": "vendor", "vendor_categories": "supplier",
        "contacts-a1-name": "Rahim Uddin", "contacts-a1-mobile": "01711000111", "contacts-a1-is_primary": "on",
        "contacts-b2-name": "", "contacts-b2-mobile": "",  # an added row left blank
        "bank_accounts-c3-bank_name": "Sonali Bank", "bank_accounts-c3-account_name": "Meghna Cement",
        "bank_accounts-c3-account_number": "0012345678", "bank_accounts-c3-routing_number": "200270522",
        "wallets-d4-provider": "bkash", "wallets-d4-number": "01811000222",
        "documents-e5-kind": "trade_licence", "documents-e5-number": "TL-77", "documents-e5-expires_on": "2027-06-30",
    })
    assert r.status_code == 303, r.text
    party_id = UUID(r.headers["location"].split("/")[-1].split("?")[0])
    v = service.get_party(party_id)
    assert [(c.name, c.is_primary) for c in v.contacts] == [("Rahim Uddin", True)]
    assert [b.routing_number for b in v.bank_accounts] == ["200270522"]
    assert [(w.provider, w.number) for w in v.wallets] == [("bkash", "+8801811000222")]
    assert [(d.number, str(d.expires_on)) for d in v.documents] == [("TL-77", "2027-06-30")]
    page = client.get(f"/master_data/parties/{party_id}").text
    assert "Rahim Uddin" in page and "TL-77" in page and "0012345678" in page


def test_editing_can_remove_a_row_and_a_bad_routing_number_is_shown(client, admin):
    v = service.create_party(PartyInput(legal_name="Padma Steel", roles=["customer"],
                                        contacts=[{"name": "Karim"}, {"name": "Salma"}]))
    page = client.get(f"/master_data/parties/{v.id}").text
    keys = re.findall(r'name="contacts-([0-9a-f]+)-name" value="(\w+)"', page)
    assert [n for _, n in keys] == ["Karim", "Salma"]
    salma_key = keys[1][0]
    r = _post(client, f"/master_data/parties/{v.id}", {"legal_name": "Padma Steel", "roles": "customer",
                                                       "version": v.version, f"contacts-{salma_key}-name": "Salma"})
    assert r.status_code == 303, r.text
    assert [c.name for c in service.get_party(v.id).contacts] == ["Salma"]
    bad = _post(client, f"/master_data/parties/{v.id}", {
        "legal_name": "Padma Steel", "roles": "customer", "version": v.version + 1,
        "bank_accounts-x-bank_name": "Sonali", "bank_accounts-x-account_name": "P",
        "bank_accounts-x-account_number": "1", "bank_accounts-x-routing_number": "12"})
    assert bad.status_code == 422 and 'role="alert"' in bad.text


def test_add_row_fragment_has_fresh_keys(client):
    one = client.get("/master_data/parties/row/contacts").text
    two = client.get("/master_data/parties/row/contacts").text
    k1 = re.search(r'contacts-([0-9a-f]+)-name', one).group(1)
    k2 = re.search(r'contacts-([0-9a-f]+)-name', two).group(1)
    assert k1 != k2 and 'hx-swap="delete"' in one
    assert client.get("/master_data/parties/row/nonsense").status_code == 404


def test_live_duplicate_check_warns_and_says_when_saving_would_be_refused(client, admin):
    service.create_party(PartyInput(legal_name="Meghna Cement Mills", roles=["customer"], tin="123456789012"))
    similar = _post(client, "/master_data/parties/duplicates", {"legal_name": "Meghna Cement Mill"})
    assert "Meghna Cement Mills" in similar.text and "similar_name" in similar.text
    refused = _post(client, "/master_data/parties/duplicates", {"legal_name": "Other", "tin": "123456789012"})
    assert "Already registered to" in refused.text and "tin" in refused.text
    assert _post(client, "/master_data/parties/duplicates", {"legal_name": "Jamuna Bricks"}).text.strip() == ""


def test_vendor_status_action_needs_a_reason_to_suspend(client, admin):
    v = service.create_party(PartyInput(legal_name="Karnaphuli Traders", roles=["vendor"]))
    ok = _post(client, f"/master_data/parties/{v.id}/vendor-status", {"to": "approved", "version": v.version})
    assert ok.status_code == 303 and service.get_party(v.id).vendor_status == "approved"
    cur = service.get_party(v.id)
    no_reason = _post(client, f"/master_data/parties/{v.id}/vendor-status", {"to": "suspended", "version": cur.version})
    assert no_reason.status_code == 422 and service.get_party(v.id).vendor_status == "approved"
    done = _post(client, f"/master_data/parties/{v.id}/vendor-status",
                 {"to": "suspended", "reason": "Late deliveries", "version": cur.version})
    assert done.status_code == 303
    after = service.get_party(v.id)
    assert (after.vendor_status, after.status_reason) == ("suspended", "Late deliveries")


def test_merge_screen_shows_plan_and_conflicts_and_needs_confirmation(client, admin):
    keep = service.create_party(PartyInput(legal_name="Meghna Cement", roles=["vendor"], tin="123456789012"))
    drop = service.create_party(PartyInput(legal_name="Meghna Cement Ltd", roles=["customer"], tin="999988887777",
                                           mobile="01711000111"))
    page = client.get(f"/master_data/parties/{keep.id}/merge", params={"other": drop.code})
    assert page.status_code == 200 and 'id="merge-plan"' in page.text
    assert "conflict" in page.text and "999988887777" in page.text and 'name="confirm_conflicts"' in page.text
    unconfirmed = _post(client, f"/master_data/parties/{keep.id}/merge", {"duplicate_id": str(drop.id)})
    assert unconfirmed.status_code == 422 and service.get_party(drop.id).merged_into is None
    merged = _post(client, f"/master_data/parties/{keep.id}/merge",
                   {"duplicate_id": str(drop.id), "confirm_conflicts": "1"})
    assert merged.status_code == 303
    assert service.get_party(drop.id).merged_into == keep.id
    assert service.get_party(keep.id).mobile == "+8801711000111"  # taken from the duplicate
    missing = client.get(f"/master_data/parties/{keep.id}/merge", params={"other": "P-999999"})
    assert "P-999999" in missing.text and 'id="merge-plan"' not in missing.text
