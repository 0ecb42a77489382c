"""The REST convention (docs/modules.md, "REST convention"; issue 21 item 8) as a client sees it, on the six
kernel modules: create answers 201 with a Location that reads the thing back; PATCH changes only the fields
sent; `expected_version` guards an edit (and `version`, the older spelling, still does); lists page by cursor;
the older forms (PUT, a bare list, the `changes` wrapper) keep working for one release. And the page side:
a form is read into the same DTO (`forms.model_from_form`) and a refusal re-renders the form with the
message next to its field and what was typed kept (`forms.refused`). Both databases."""

from __future__ import annotations

from decimal import Decimal

import pytest
from fastapi.testclient import TestClient

from vextrus.platform import forms
from vextrus.platform.errors import ValidationFailed


@pytest.fixture
def client(db, admin, tenant_id):
    from vextrus.app import create_app
    from vextrus.modules.finance import demo

    demo.load(tenant_id)
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as c:
        c.get("/organization")
        c.headers["X-CSRF-Token"] = c.cookies.get("vx_csrf") or ""
        yield c


ORG = "/api/v1/organization"


def test_company_create_patch_version_and_the_old_put(client):
    r = client.post(f"{ORG}/companies", json={"code": "MEGHNA", "name": "Meghna Homes", "tin": "123456789012"})
    assert r.status_code == 201 and r.headers["location"] == f"{ORG}/companies/{r.json()['id']}"
    made = r.json()
    assert client.get(r.headers["location"]).json()["code"] == "MEGHNA"
    url = r.headers["location"]

    r = client.patch(url, json={"name": "Meghna Homes Ltd.", "expected_version": made["version"]})
    assert r.status_code == 200, r.text
    patched = r.json()
    assert (patched["name"], patched["tin"], patched["code"]) == ("Meghna Homes Ltd.", "123456789012", "MEGHNA")
    assert patched["version"] == made["version"] + 1

    stale = client.patch(url, json={"name": "Lost edit", "expected_version": made["version"]})
    assert stale.status_code == 409 and stale.json()["code"] == "stale_version"
    old_spelling = client.patch(url, json={"name": "Lost edit", "version": made["version"]})  # accepted for one release
    assert old_spelling.status_code == 409 and old_spelling.json()["code"] == "stale_version"
    assert client.get(url).json()["name"] == "Meghna Homes Ltd."

    # PUT is kept: the whole company, fields left out take their defaults (tin back to none), as before
    r = client.put(url, json={"code": "MEGHNA", "name": "Meghna", "expected_version": patched["version"]})
    assert r.status_code == 200 and r.json()["tin"] is None and r.json()["name"] == "Meghna"


def test_company_list_pages_by_cursor_and_still_answers_a_bare_list(client):
    for i in range(3):
        assert client.post(f"{ORG}/companies", json={"code": f"C{i}", "name": f"Company {i}"}).status_code == 201
    every = client.get(f"{ORG}/companies").json()
    assert isinstance(every, list) and len(every) >= 3
    seen, after = [], None
    while True:
        page = client.get(f"{ORG}/companies", params={"first": 2, **({"after": after} if after else {})}).json()
        assert set(page) == {"items", "end_cursor", "has_next_page"} and len(page["items"]) <= 2
        seen += [c["code"] for c in page["items"]]
        if not page["has_next_page"]:
            break
        after = page["end_cursor"]
    assert sorted(seen) == sorted(c["code"] for c in every)
    assert client.get(f"{ORG}/companies", params={"first": 0}).status_code == 422


def test_finance_account_entry_and_book(client):
    api = "/api/v1/finance/books/PADMA"
    assert client.get(api).json()["code"] == "PADMA"
    r = client.post(f"{api}/accounts", json={"code": "5296", "name": "Site canteen", "account_type": "expense",
                                             "parent_code": "5200"})
    assert r.status_code == 201 and r.headers["location"] == f"{api}/accounts/5296"
    account = client.get(r.headers["location"]).json()
    assert account["name"] == "Site canteen" and account["version"] == 1
    r = client.patch(f"{api}/accounts/5296", json={"name": "Site canteen (Mirpur)", "expected_version": 1})
    assert r.status_code == 200 and r.json()["version"] == 2
    r = client.patch(f"{api}/accounts/5296", json={"name": "x", "expected_version": 1})
    assert r.status_code == 409 and r.json()["code"] == "stale_version"
    assert client.get(f"{api}/accounts/9999").status_code == 404

    entry = {"entry_date": "2026-01-10", "lines": [{"account_code": "5296", "debit": "10"},
                                                   {"account_code": "2110", "credit": "10"}]}
    for _ in range(3):
        assert client.post(f"{api}/entries", json=entry).status_code == 201
    every = client.get(f"{api}/entries", params={"limit": 500}).json()
    ids, after = [], None
    while True:
        page = client.get(f"{api}/entries", params={"first": 2, **({"after": after} if after else {})}).json()
        ids += [e["id"] for e in page["items"]]
        if not page["has_next_page"]:
            break
        after = page["end_cursor"]
    assert sorted(ids) == sorted(e["id"] for e in every)
    # cursor pages take the list's filters (they took none before): the account's entries, page by page
    client.post(f"{api}/entries", json={"entry_date": "2026-01-11", "lines": [
        {"account_code": "2110", "debit": "5"}, {"account_code": "1110", "credit": "5"}]})
    canteen = client.get(f"{api}/entries", params={"account": "5296", "limit": 500}).json()
    assert len(canteen) == 3
    ids, after = [], None
    while True:
        page = client.get(f"{api}/entries", params={"first": 2, "account": "5296", "date_from": "2026-01-10",
                                                    **({"after": after} if after else {})}).json()
        ids += [e["id"] for e in page["items"]]
        if not page["has_next_page"]:
            break
        after = page["end_cursor"]
    assert sorted(ids) == sorted(e["id"] for e in canteen)
    assert client.get(f"{api}/entries", params={"first": 2, "date_from": "2027-01-01"}).json()["items"] == []
    r = client.get(f"{api}/entries", params={"first": 2, "offset": 3})
    assert r.status_code == 422 and r.json()["code"] == "cursor_with_offset"


def test_party_and_user_patch_change_only_what_is_sent(client):
    md = "/api/v1/master_data"
    r = client.post(f"{md}/parties", json={"legal_name": "Rupali Cement Ltd.", "roles": ["vendor"],
                                          "mobile": "01711000000", "tin": "111122223333"})
    assert r.status_code == 201 and r.headers["location"] == f"{md}/parties/{r.json()['id']}"
    party = r.json()
    r = client.patch(r.headers["location"], json={"mobile": "01811000000", "expected_version": party["version"]})
    assert r.status_code == 200, r.text
    assert r.json()["mobile"].endswith("1811000000")  # stored as +880…
    assert (r.json()["tin"], r.json()["legal_name"]) == ("111122223333", "Rupali Cement Ltd.")
    assert client.patch(f"{md}/parties/{party['id']}", json={"mobile": "1"}).status_code == 422  # version required

    auth = "/api/v1/auth"
    r = client.post(f"{auth}/users", json={"email": "rahim@example.com", "name": "Rahim", "mobile": "01911000000"})
    assert r.status_code == 201 and r.headers["location"] == f"{auth}/users/{r.json()['id']}"
    user = r.json()
    r = client.patch(r.headers["location"], json={"name_bn": "রহিম", "version": user["version"]})
    assert r.status_code == 200, r.text
    assert (r.json()["name_bn"], r.json()["mobile"], r.json()["name"]) == ("রহিম", user["mobile"], "Rahim")
    assert client.post(f"{auth}/users", json={"email": "karima@example.com", "name": "Karima"}).status_code == 201
    page = client.get(f"{auth}/users", params={"first": 1}).json()
    assert len(page["items"]) == 1 and page["has_next_page"] is True
    rest = client.get(f"{auth}/users", params={"first": 1, "after": page["end_cursor"]}).json()
    assert rest["items"][0]["id"] != page["items"][0]["id"]


def test_project_patch_takes_fields_and_the_older_wrapper(client):
    api = "/api/v1/projects/projects"
    r = client.post(api, json={"code": "RC-01", "name": "Road culvert", "contract_value": "1000000"})
    assert r.status_code == 201 and r.headers["location"] == f"{api}/RC-01"
    v = r.json()["version"]
    r = client.patch(f"{api}/RC-01", json={"name": "Road culvert, phase 1", "expected_version": v})
    assert r.status_code == 200 and r.json()["name"] == "Road culvert, phase 1"
    r = client.patch(f"{api}/RC-01", json={"expected_version": v + 1, "changes": {"name_bn": "কালভার্ট"}})
    assert r.status_code == 200 and r.json()["name_bn"] == "কালভার্ট" and r.json()["name"] == "Road culvert, phase 1"
    r = client.patch(f"{api}/RC-01", json={"name": "Lost", "version": v})
    assert r.status_code == 409


def test_model_from_form_reads_by_type_in_both_languages():
    from vextrus.modules.finance.service import LineIn
    from vextrus.modules.organization.service import CompanyInput

    c = forms.model_from_form(CompanyInput, {"code": " PADMA ", "name": "Padma", "fiscal_year_start_month": "১",
                                             "name_bn": "  "})
    assert (c.code, c.fiscal_year_start_month, c.name_bn, c.base_currency) == ("PADMA", 1, None, "BDT")
    line = forms.model_from_form(LineIn, {"account_code": "5110", "debit": "১,২৫,০০০.৫০", "project_id": ""})
    assert line.debit == Decimal("125000.50") and line.project_id is None
    with pytest.raises(ValidationFailed) as bad:
        forms.model_from_form(CompanyInput, {"code": "X", "name": "Y", "fiscal_year_start_month": "July"})
    assert bad.value.field == "fiscal_year_start_month" and "'July' is not a whole number" in bad.value.message
    assert "পূর্ণসংখ্যা নয়" in bad.value.message_bn
    with pytest.raises(ValidationFailed) as missing:
        forms.model_from_form(CompanyInput, {"code": "X"})
    assert missing.value.field == "name" and missing.value.message_bn


def test_a_refused_company_form_shows_the_error_at_its_field_and_keeps_what_was_typed(client):
    r = client.post("/organization/companies?lang=en", data={"code": "SURMA", "name": "Surma Builders",
                                                             "tin": "999888777666", "fiscal_year_start_month": "July"})
    assert r.status_code == 422
    field = r.text.split('name="fiscal_year_start_month"')[1].split("</label>")[0]
    assert 'aria-invalid="true"' in field and 'id="fiscal_year_start_month-error"' in field
    assert "&#39;July&#39; is not a whole number" in field
    assert 'value="999888777666"' in r.text and 'value="Surma Builders"' in r.text  # nothing typed is lost
    assert 'name="id"' not in r.text.split('id="company-form"')[1].split("</form>")[0]  # still a new company
    bn = client.post("/organization/companies?lang=bn", data={"code": "SURMA", "name": "Surma",
                                                              "fiscal_year_start_month": "July"})
    assert "পূর্ণসংখ্যা নয়" in bn.text.split('name="fiscal_year_start_month"')[1].split("</label>")[0]


def test_invite_form_refusals_sit_at_their_field(client):
    client.get("/auth/users")
    r = client.post("/auth/users/invite?lang=en", data={"email": "", "name": "Karim", "mobile": "01711000001"})
    assert r.status_code == 422 and 'id="email-error"' in r.text
    assert 'value="Karim"' in r.text and 'value="01711000001"' in r.text
    r = client.post("/auth/users/invite?lang=en", data={"email": "karim@example.com", "name": "Karim",
                                                        "company_id": "garbage", "role": "accountant"})
    assert r.status_code == 422 and "is not an id" in r.text  # was a 500 (UUID() on the raw text)


def test_account_form_reads_the_dto_and_refuses_at_the_field(client):
    client.get("/finance/PADMA/accounts")
    r = client.post("/finance/PADMA/accounts?lang=en", data={"code": "5297", "name": "", "account_type": "expense",
                                                             "parent_code": "5200", "name_bn": "ক্যান্টিন"})
    assert r.status_code == 422 and 'id="name-error"' in r.text and 'value="ক্যান্টিন"' in r.text
    r = client.post("/finance/PADMA/accounts", data={"code": "5298", "name": "Site group", "account_type": "expense",
                                                     "parent_code": "5200", "is_group": "on"}, follow_redirects=False)
    assert r.status_code == 303
    made = client.get("/api/v1/finance/books/PADMA/accounts/5298").json()
    assert made["is_group"] is True and made["name"] == "Site group"
