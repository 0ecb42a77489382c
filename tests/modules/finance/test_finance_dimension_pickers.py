"""The journal form picks project, activity, cost centre and department by name (through the other
modules' `api`), the posted lines still carry ids, and the entry and ledger pages show names."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from html import unescape
from uuid import uuid4

import pytest
from fastapi.testclient import TestClient

from vextrus.app import create_app
from vextrus.modules.finance import service
from vextrus.modules.master_data import service as master_data
from vextrus.modules.master_data.schemas import PartyInput
from vextrus.modules.organization import api as organization
from vextrus.modules.organization import demo as org_demo
from vextrus.modules.projects import api as projects
from vextrus.modules.projects import demo as projects_demo
from vextrus.platform import context
from vextrus.platform.errors import PermissionDenied


@pytest.fixture
def company(admin, tenant_id):
    """The demo company (cost centres, departments), its book, and the demo building project."""
    org_demo.load(tenant_id)
    projects_demo.load(tenant_id)
    c = organization.company_by_code(org_demo.DEMO_COMPANY_CODE)
    book = service.ensure_book(c.code, c.name, company_id=c.id)
    service.open_fiscal_year(book.code, "2025-26")
    return c


def _client(db, ctx):
    return TestClient(create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: ctx]))


@pytest.fixture
def client(db, admin, company):
    with _client(db, admin) as c:
        yield c


def _options(html: str, name: str) -> dict[str, str]:
    """value → text of the options of the first select called `name` in the page."""
    m = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert m, f"no select {name}"
    return {v: unescape(t) for v, t in re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', m.group(1)) if v}


def test_organization_lists_cost_centres_and_departments_with_bangla_names(company):
    ccs = organization.list_cost_centres(company.id)
    assert [(c.code, c.name, c.name_bn) for c in ccs] == [
        ("CC-HO", "Head office overhead", "প্রধান কার্যালয় ওভারহেড"),
        ("CC-MIRPUR", "Mirpur Tower construction", "মিরপুর টাওয়ার নির্মাণ")]
    assert [d.code for d in organization.list_departments(company.id)] == ["ACC", "ENG", "HR", "PROC"]
    assert organization.list_cost_centres() == ccs  # every company of the tenant: here just the one
    with context.acting_as(replace(context.current(), permissions=frozenset({"finance.*"}))), \
            pytest.raises(PermissionDenied):
        organization.list_departments(company.id)


def test_form_offers_the_demo_project_cost_centres_and_departments_by_name(client, company):
    page = client.get(f"/finance/{company.code}/journal")
    assert page.status_code == 200
    project = projects.project_by_code(projects_demo.CODE)
    assert _options(page.text, "project_id") == {str(project.id): f"{project.code} — {project.name}"}
    ccs = _options(page.text, "cost_centre_id")
    assert sorted(ccs.values()) == ["CC-HO — Head office overhead", "CC-MIRPUR — Mirpur Tower construction"]
    assert "ENG — Engineering" in _options(page.text, "department_id").values()
    assert 'hx-get="/finance/PBL/lookups/activities"' in page.text
    bn = client.get(f"/finance/{company.code}/journal?lang=bn")
    assert "CC-MIRPUR — মিরপুর টাওয়ার নির্মাণ" in _options(bn.text, "cost_centre_id").values()
    assert "খরচ কেন্দ্র" in bn.text


def test_choosing_a_project_loads_its_activities(client, company):
    project = projects.project_by_code(projects_demo.CODE)
    r = client.get(f"/finance/{company.code}/lookups/activities", params={"project_id": str(project.id)})
    acts = _options(r.text, "activity_code")
    expected = projects.activities_of(project.id)
    assert len(acts) == len(expected) > 100
    assert acts[expected[0].code] == f"{expected[0].code} — {expected[0].name}"
    empty = client.get(f"/finance/{company.code}/lookups/activities", params={"project_id": str(uuid4())})
    assert _options(empty.text, "activity_code") == {}


def test_posting_with_picked_dimensions_stores_ids_and_pages_show_names(client, company):
    project = projects.project_by_code(projects_demo.CODE)
    activity = projects.activities_of(project.id)[3]
    cc = next(c for c in organization.list_cost_centres(company.id) if c.code == "CC-MIRPUR")
    dept = next(d for d in organization.list_departments(company.id) if d.code == "ENG")
    party = master_data.create_party(PartyInput(legal_name="Meghna Cement Mills Ltd.", roles=["vendor"],
                                                legal_name_bn="মেঘনা সিমেন্ট মিলস লিমিটেড"))
    r = client.get(f"/finance/{company.code}/lookups/party", params={"party_id": str(party.id)})
    assert f"{party.code} — Meghna Cement Mills Ltd." in r.text
    r = client.get(f"/finance/{company.code}/lookups/party", params={"party_id": str(uuid4())})
    assert "no such party" in r.text

    token = client.cookies.get("vx_csrf")
    r = client.post(f"/finance/{company.code}/journal", headers={"X-CSRF-Token": token}, data={
        "entry_date": "2025-07-10", "journal_type": "purchase", "narration": "Cement for the raft",
        "account": ["5110", "2110"], "debit": ["125000.50", ""], "credit": ["", "125000.50"], "memo": ["", ""],
        "project_id": [str(project.id), ""], "activity_code": [activity.code, ""],
        "cost_centre_id": [str(cc.id), ""], "department_id": [str(dept.id), ""], "party_id": ["", str(party.id)]},
        follow_redirects=False)
    assert r.status_code == 303, r.text[-2000:]
    [entry] = service.list_entries(company.code, date_from=date(2025, 7, 10), date_to=date(2025, 7, 10))
    e = service.get_entry(company.code, entry.id)
    assert [(ln.project_id, ln.activity_code, ln.cost_centre_id, ln.department_id, ln.party_id) for ln in e.lines] \
        == [(project.id, activity.code, cc.id, dept.id, None), (None, None, None, None, party.id)]

    page = client.get(f"/finance/{company.code}/entries/{e.id}").text
    assert f"{project.code} — {project.name}" in unescape(page)
    assert f"{activity.code} — {activity.name}" in unescape(page)
    assert "CC-MIRPUR — Mirpur Tower construction" in page and "ENG — Engineering" in page
    assert f"{party.code} — Meghna Cement Mills Ltd." in page
    for raw in (project.id, cc.id, dept.id, party.id):
        assert str(raw) not in page

    gl = client.get(f"/finance/{company.code}/reports/general-ledger",
                    params={"account": "5110", "project_id": str(project.id)}).text
    assert e.number in gl and f"{project.code} — {project.name}" in unescape(gl)
    other = client.get(f"/finance/{company.code}/reports/general-ledger",
                       params={"account": "5110", "cost_centre_id": str(next(
                           c.id for c in organization.list_cost_centres(company.id) if c.code == "CC-HO"))}).text
    assert e.number not in other and "CC-HO — Head office overhead" in other
    bn = client.get(f"/finance/{company.code}/entries/{e.id}?lang=bn").text
    assert "মিরপুর টাওয়ার নির্মাণ" in bn and "মেঘনা সিমেন্ট মিলস লিমিটেড" in bn


def test_a_mistyped_id_is_refused_with_the_line_number(client, company):
    token = client.cookies.get("vx_csrf") or client.get(f"/finance/{company.code}/journal").cookies.get("vx_csrf")
    r = client.post(f"/finance/{company.code}/journal", headers={"X-CSRF-Token": token}, data={
        "entry_date": "2025-07-10", "account": ["5110", "1120"], "debit": ["100", ""], "credit": ["", "100"],
        "memo": ["", ""], "party_id": ["", "not-an-id"]})
    assert r.status_code == 422 and "Line 2: the party id is not valid" in r.text
    assert service.list_entries(company.code) == []


def _selected(html: str, name: str) -> list[str]:
    """The selected option value of every select called `name`, in page order ('' when none)."""
    out = []
    for body in re.findall(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S):
        m = re.search(r'<option value="([^"]*)" selected', body)
        out.append(m.group(1) if m else "")
    return out


def test_a_refused_post_shows_the_entry_as_typed_with_the_bad_line_marked(client, company, cement):
    """An unbalanced entry is refused and nothing is written, but nothing typed is lost either."""
    project = projects.project_by_code(projects_demo.CODE)
    activity = projects.activities_of(project.id)[2]
    cc = next(c for c in organization.list_cost_centres(company.id) if c.code == "CC-MIRPUR")
    token = client.get(f"/finance/{company.code}/journal").cookies.get("vx_csrf") or client.cookies.get("vx_csrf")
    label = f"{cement.code} — Meghna Cement Mills Ltd."
    r = client.post(f"/finance/{company.code}/journal", headers={"X-CSRF-Token": token}, data={
        "entry_date": "2025-08-14", "journal_type": "purchase", "narration": "Cement, 300 bags",
        "account": ["5110", "2110", "1130"], "debit": ["157500", "", ""], "credit": ["", "150000", "x"],
        "memo": ["raft", "Meghna", ""], "project_id": [str(project.id), "", ""],
        "activity_code": [activity.code, "", ""], "cost_centre_id": [str(cc.id), "", ""],
        "department_id": ["", "", ""], "party_q": ["", label, ""], "party_id": ["", str(cement.id), ""]})
    assert r.status_code == 422 and "Line 3: the credit amount is not a number" in r.text
    assert service.list_entries(company.code) == []
    page = unescape(r.text)
    assert 'name="entry_date" value="2025-08-14"' in page and 'value="Cement, 300 bags"' in page
    assert _selected(r.text, "journal_type")[0] == "purchase"
    assert re.findall(r'<input name="account"[^>]*value="([^"]*)"', r.text) == ["5110", "2110", "1130"]
    assert re.findall(r'<input name="credit"[^>]*value="([^"]*)"', r.text) == ["", "150000", "x"]
    assert _selected(r.text, "project_id") == [str(project.id), "", ""]
    assert _selected(r.text, "activity_code") == [activity.code, "", ""]  # the project's activities offered again
    assert _selected(r.text, "cost_centre_id") == [str(cc.id), "", ""]
    assert _picked(r.text) == ("", "")  # first line: no party
    assert f'name="party_q" class="party-search" value="{label}"' in page
    assert f'<input type="hidden" name="party_id" value="{cement.id}">' in page
    rows = re.findall(r"<tr([^>]*)><td><input name=\"account\"", r.text)
    assert ["invalid" in a for a in rows] == [False, False, True]

    # mended and posted, the form is empty again
    fixed = client.post(f"/finance/{company.code}/journal", headers={"X-CSRF-Token": token}, data={
        "entry_date": "2025-08-14", "account": ["5110", "2110"], "debit": ["157500", ""],
        "credit": ["", "157500"], "memo": ["", ""]}, follow_redirects=False)
    assert fixed.status_code == 303
    assert re.findall(r'<input name="account"[^>]*value="([^"]*)"',
                      client.get(f"/finance/{company.code}/journal").text) == ["", ""]


def test_without_projects_permission_the_project_stays_an_id_field(db, admin, company):
    clerk = replace(admin, permissions=frozenset({"finance.*", "organization.*"}))
    with _client(db, clerk) as c:
        page = c.get(f"/finance/{company.code}/journal").text
    assert '<select name="project_id"' not in page and '<input name="project_id"' in page
    assert '<select name="cost_centre_id"' in page


# ---- party: a search box over master_data's parties -------------------------------------------

def _party_buttons(html: str) -> dict[str, str]:
    """party id → label of the pick buttons in a search result fragment."""
    return {pid: unescape(text) for pid, text in re.findall(
        r'<button type="button" class="party-option" hx-get="/finance/\w+/lookups/party-pick\?party_id=([^"]+)"'
        r'[^>]*>([^<]*)</button>', html)}


def _picked(html: str) -> tuple[str, str]:
    """(hidden party id, text shown in the box) of a party cell."""
    hidden = re.search(r'<input type="hidden" name="party_id" value="([^"]*)"', html)
    box = re.search(r'<input type="search" name="party_q" class="party-search" value="([^"]*)"', html)
    assert hidden and box, html
    return hidden.group(1), unescape(box.group(1))


@pytest.fixture
def cement(company):
    return master_data.create_party(PartyInput(legal_name="Meghna Cement Mills Ltd.", roles=["vendor"],
                                               legal_name_bn="মেঘনা সিমেন্ট মিলস লিমিটেড"))


def test_each_line_has_a_party_search_box_with_a_hidden_id(client, company):
    page = client.get(f"/finance/{company.code}/journal").text
    assert page.count('name="party_q"') == 2 and page.count('<input type="hidden" name="party_id" value="">') == 2
    assert f'hx-get="/finance/{company.code}/lookups/parties"' in page and "delay:" in page
    assert '<input name="party_id" size="12"' not in page  # no raw id field while master_data answers


def test_typing_lists_matching_parties_and_picking_one_sets_the_line_id(client, company, cement):
    other = master_data.create_party(PartyInput(legal_name="Meghdoot Steel Traders", roles=["vendor"]))
    found = _party_buttons(client.get(f"/finance/{company.code}/lookups/parties", params={"party_q": "megh"}).text)
    assert found == {str(cement.id): f"{cement.code} — Meghna Cement Mills Ltd.",
                     str(other.id): f"{other.code} — Meghdoot Steel Traders"}
    assert _party_buttons(client.get(f"/finance/{company.code}/lookups/parties",
                                     params={"party_q": "meghna"}).text) == {
        str(cement.id): f"{cement.code} — Meghna Cement Mills Ltd."}
    bn = client.get(f"/finance/{company.code}/lookups/parties", params={"party_q": "মেঘনা", "lang": "bn"}).text
    assert _party_buttons(bn) == {str(cement.id): f"{cement.code} — মেঘনা সিমেন্ট মিলস লিমিটেড"}
    none = client.get(f"/finance/{company.code}/lookups/parties", params={"party_q": "zzqx", "lang": "en"}).text
    assert _party_buttons(none) == {} and "no matching party" in none
    assert client.get(f"/finance/{company.code}/lookups/parties", params={"party_q": " "}).text.strip() == ""

    picked = client.get(f"/finance/{company.code}/lookups/party-pick", params={"party_id": str(cement.id)}).text
    assert _picked(picked) == (str(cement.id), f"{cement.code} — Meghna Cement Mills Ltd.")
    for bad in (str(uuid4()), "not-an-id"):
        assert _picked(client.get(f"/finance/{company.code}/lookups/party-pick",
                                  params={"party_id": bad}).text) == ("", "")


def test_a_party_typed_but_not_picked_is_refused(client, company, cement):
    token = client.get(f"/finance/{company.code}/journal?lang=en").cookies.get("vx_csrf") or \
        client.cookies.get("vx_csrf")
    data = {"entry_date": "2025-07-10", "account": ["5110", "2110"], "debit": ["100", ""], "credit": ["", "100"],
            "memo": ["", ""], "party_q": ["", "Meghna"], "party_id": ["", ""]}
    r = client.post(f"/finance/{company.code}/journal", headers={"X-CSRF-Token": token}, data=data)
    assert r.status_code == 422 and "Line 2: pick the party from the list" in r.text
    assert service.list_entries(company.code) == []
    data["party_id"] = ["", str(cement.id)]
    r = client.post(f"/finance/{company.code}/journal", headers={"X-CSRF-Token": token}, data=data,
                    follow_redirects=False)
    assert r.status_code == 303
    [entry] = service.list_entries(company.code)
    assert [ln.party_id for ln in service.get_entry(company.code, entry.id).lines] == [None, cement.id]


def test_without_master_data_permission_the_party_stays_an_id_field(db, admin, company):
    clerk = replace(admin, permissions=frozenset({"finance.*", "organization.*", "projects.*"}))
    with _client(db, clerk) as c:
        page = c.get(f"/finance/{company.code}/journal").text
        assert 'name="party_q"' not in page and '<input name="party_id" size="12"' in page
        assert _party_buttons(c.get(f"/finance/{company.code}/lookups/parties",
                                    params={"party_q": "megh"}).text) == {}


def test_the_general_ledger_filters_by_a_party_picked_by_name(client, company, cement):
    token = client.get(f"/finance/{company.code}/journal").cookies.get("vx_csrf") or client.cookies.get("vx_csrf")
    for party in ("", str(cement.id)):
        r = client.post(f"/finance/{company.code}/journal", headers={"X-CSRF-Token": token}, data={
            "entry_date": "2025-07-12", "account": ["5110", "2110"], "debit": ["500", ""], "credit": ["", "500"],
            "memo": ["", ""], "party_id": ["", party]}, follow_redirects=False)
        assert r.status_code == 303
    numbers = {ln.party_id: e.number for e in service.list_entries(company.code)
               for ln in service.get_entry(company.code, e.id).lines if ln.account_code == "2110"}
    page = client.get(f"/finance/{company.code}/reports/general-ledger", params={"account": "2110"}).text
    assert _picked(page) == ("", "") and 'name="party_q"' in page  # a search box, not a raw id field
    assert numbers[None] in page and numbers[cement.id] in page
    filtered = client.get(f"/finance/{company.code}/reports/general-ledger",
                          params={"account": "2110", "party_id": str(cement.id)}).text
    assert _picked(filtered) == (str(cement.id), f"{cement.code} — Meghna Cement Mills Ltd.")
    assert numbers[cement.id] in filtered and numbers[None] not in filtered
    found = client.get(f"/finance/{company.code}/lookups/parties", params={"party_q": "meghna"}).text
    assert 'hx-target="closest .party-cell"' in found  # a pick replaces the box it was made from


def test_statements_filter_by_a_dimension_and_their_ledger_links_keep_it(client, company):
    project = projects.project_by_code(projects_demo.CODE)
    token = client.get(f"/finance/{company.code}/journal").cookies.get("vx_csrf") or client.cookies.get("vx_csrf")
    for pid, amount in ((str(project.id), "7000"), ("", "3000")):
        assert client.post(f"/finance/{company.code}/journal", headers={"X-CSRF-Token": token}, data={
            "entry_date": "2025-07-20", "account": ["5110", "2110"], "debit": [amount, ""], "credit": ["", amount],
            "memo": ["", ""], "project_id": [pid, ""]}, follow_redirects=False).status_code == 303

    def tb_cost(**params: str) -> str:
        page = client.get(f"/finance/{company.code}/reports/trial-balance",
                          params={"date_from": "2025-07-01", "date_to": "2025-07-31", **params}).text
        row = re.search(r"<tr><td>5110</td>.*?</tr>", page, re.S)
        assert row, page[-2000:]
        return unescape(row.group(0))
    assert "10,000.00" in tb_cost()
    filtered = tb_cost(project_id=str(project.id))
    assert "7,000.00" in filtered and "10,000.00" not in filtered
    assert f"&project_id={project.id}" in filtered  # the figure's ledger keeps the project filter
    page = client.get(f"/finance/{company.code}/reports/income-statement",
                      params={"date_from": "2025-07-01", "date_to": "2025-07-31", "project_id": str(project.id)})
    assert f"{project.code} — {project.name}" in unescape(page.text) and "7,000.00" in page.text
    assert _selected(page.text, "project_id") == [str(project.id)]
