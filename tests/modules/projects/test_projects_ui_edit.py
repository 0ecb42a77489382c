"""Projects made and changed by hand: the new-project form on the list page (client picked by name
through master_data, site district/upazila from master_data's geography, lakh commas), the
dashboard's details form, refusals (422, message in the page's language, field marked, input kept,
nothing saved), an empty project's pages, and GraphQL updateProject."""

from __future__ import annotations

import re
from decimal import Decimal
from html import unescape
from uuid import uuid4

import pytest
from fastapi.testclient import TestClient

from vextrus.app import create_app
from vextrus.modules.master_data import service as md
from vextrus.modules.master_data.schemas import PartyInput
from vextrus.modules.projects import service
from vextrus.platform.errors import ValidationFailed

DHAKA, VATARA = "13", "91310"  # master_data geography: Dhaka district, Vatara thana


@pytest.fixture
def client(db, admin):
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as c:
        yield c


@pytest.fixture
def hdr(client) -> dict[str, str]:
    client.get("/projects?lang=en")
    return {"X-CSRF-Token": client.cookies.get("vx_csrf")}


@pytest.fixture
def party(admin):
    return md.create_party(PartyInput(legal_name="Bashundhara Housing Ltd.", legal_name_bn="বসুন্ধরা হাউজিং লিমিটেড",
                                      roles=["customer"]))


def _tag(html: str, name: str) -> str:
    m = re.search(rf'<(?:input|select)[^>]*\bname="{name}"[^>]*>', html)
    assert m, f"no field {name}"
    return m.group(0)


def _value(html: str, name: str) -> str:
    m = re.search(r'\bvalue="([^"]*)"', _tag(html, name))
    return unescape(m.group(1)) if m else ""


def _selected(html: str, name: str) -> str:
    m = re.search(rf'<select[^>]*\bname="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert m, f"no select {name}"
    found = re.search(r'<option value="([^"]*)" selected>', m.group(1))
    return found.group(1) if found else ""


def _invalid(html: str) -> list[str]:
    return re.findall(r'<(?:input|select)[^>]*\bname="([^"]+)"[^>]*aria-invalid="true"', html)


def _alert(html: str) -> str:
    m = re.search(r'<div class="error" role="alert"[^>]*>(.*?)</div>', html, re.S)
    assert m, "no error shown"
    return unescape(m.group(1))


def _form(party=None, **over: str) -> dict[str, str]:
    data = {"code": "GULSHAN-2", "name": "Gulshan 2 office tower", "name_bn": "গুলশান ২ অফিস টাওয়ার",
            "party_q": f"{party.code} — {party.legal_name}" if party else "",
            "client_party_id": str(party.id) if party else "", "site_district_code": DHAKA,
            "site_upazila_code": VATARA, "contract_value": "1,25,00,000", "start_date": "2026-01-10",
            "finish_date": "2027-06-30", "status": "active"}
    return {**data, **over}


# ---- creating -------------------------------------------------------------------------------

def test_the_new_project_form_creates_the_project_with_every_field(client, hdr, party):
    r = client.post("/projects?lang=en", headers=hdr, data=_form(party), follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/projects/GULSHAN-2"
    p = service.get_project("GULSHAN-2")
    assert (p.name, p.name_bn, p.client_party_id, p.status) == (
        "Gulshan 2 office tower", "গুলশান ২ অফিস টাওয়ার", party.id, "active")
    assert (p.site_district_code, p.site_upazila_code) == (DHAKA, VATARA)
    assert isinstance(p.contract_value, Decimal) and p.contract_value == Decimal("12500000")  # lakh commas
    assert (str(p.start_date), str(p.finish_date), p.currency, p.source) == ("2026-01-10", "2027-06-30", "BDT",
                                                                              "manual")
    # Bangla digits and paisa, exactly
    r = client.post("/projects", headers=hdr, data=_form(code="G-BN", contract_value="৳ ১,২৫,০০,০০০.৫০"),
                    follow_redirects=False)
    assert r.status_code == 303 and service.get_project("G-BN").contract_value == Decimal("12500000.50")


def test_the_dashboard_of_a_project_without_activities_renders(client, hdr, party):
    client.post("/projects", headers=hdr, data=_form(party), follow_redirects=False)
    page = client.get("/projects/GULSHAN-2?lang=en")
    assert page.status_code == 200
    assert "No activities yet" in page.text
    assert unescape(re.search(r'<dd id="site">(.*?)</dd>', page.text).group(1)) == "Dhaka › Vatara"
    assert party.legal_name in re.search(r'<dd id="client">(.*?)</dd>', page.text).group(1)
    assert "₹" not in page.text and "৳1,25,00,000.00" in page.text
    bn = client.get("/projects/GULSHAN-2?lang=bn").text
    assert unescape(re.search(r'<dd id="site">(.*?)</dd>', bn).group(1)) == "ঢাকা › ভাটারা"
    assert re.search(r'<dd id="status">চলমান</dd>', bn)
    for tab in ("activities", "gantt", "issues", "compare", "evm", "boq"):
        r = client.get(f"/projects/GULSHAN-2/{tab}?lang=en")
        assert r.status_code == 200, tab
    assert 'id="gantt-empty"' in client.get("/projects/GULSHAN-2/gantt").text
    r = client.post("/projects/GULSHAN-2/schedule", headers=hdr, follow_redirects=False)
    assert r.status_code == 303
    assert client.get("/projects/GULSHAN-2?lang=en").status_code == 200
    assert client.get("/projects/GULSHAN-2/issues").status_code == 200


def test_a_duplicate_code_is_refused_with_everything_typed_kept(client, hdr, party):
    service.create_project("GULSHAN-2", "The first one")
    before = len(service.list_projects())
    data = _form(party, name="Second attempt", contract_value="2,50,00,000")
    r = client.post("/projects?lang=en", headers=hdr, data=data)
    assert r.status_code == 422
    assert "A project with code GULSHAN-2 already exists" in _alert(r.text) and "(Code)" in _alert(r.text)
    assert _invalid(r.text) == ["code"]
    assert 'id="new-project" open' in r.text
    for name in ("code", "name", "name_bn", "party_q", "client_party_id", "contract_value", "start_date",
                 "finish_date"):
        assert _value(r.text, name) == data[name], name
    assert (_selected(r.text, "site_district_code"), _selected(r.text, "site_upazila_code"),
            _selected(r.text, "status")) == (DHAKA, VATARA, "active")
    assert len(service.list_projects()) == before and service.get_project("GULSHAN-2").name == "The first one"
    bn = client.post("/projects?lang=bn", headers=hdr, data=data)
    assert bn.status_code == 422 and "GULSHAN-2 কোডের প্রকল্প আগে থেকেই আছে" in _alert(bn.text)
    assert "(কোড)" in _alert(bn.text)


def test_a_finish_before_the_start_names_the_field(client, hdr):
    r = client.post("/projects?lang=en", headers=hdr, data=_form(start_date="2026-05-01", finish_date="2026-04-30"))
    assert r.status_code == 422
    assert _alert(r.text) == "The finish date is before the start date (Contract finish)"
    assert _invalid(r.text) == ["finish_date"]
    assert (_value(r.text, "start_date"), _value(r.text, "finish_date")) == ("2026-05-01", "2026-04-30")
    r = client.post("/projects?lang=bn", headers=hdr, data=_form(start_date="2026-05-01", finish_date="2026-04-30"))
    assert _alert(r.text) == "শেষের তারিখ শুরুর তারিখের আগে (চুক্তি অনুযায়ী শেষ)"
    assert service.list_projects() == []


@pytest.mark.parametrize(("over", "field"), [
    ({"contract_value": "1,25,00,abc"}, "contract_value"),
    ({"contract_value": "-5,000"}, "contract_value"),
    ({"contract_value": "100.555"}, "contract_value"),
    ({"name": " "}, "name"),
    ({"code": ""}, "code"),
    ({"status": "dreaming"}, "status"),
    ({"site_district_code": "99"}, "site_district_code"),
    ({"site_upazila_code": "97"}, "site_upazila_code"),  # Bandarban Sadar is not in Dhaka
    ({"site_district_code": "", "site_upazila_code": VATARA}, "site_district_code"),
    ({"party_q": "Bashundhara", "client_party_id": ""}, "client_party_id"),  # typed, never picked
    ({"client_party_id": "00000000-0000-0000-0000-000000000001"}, "client_party_id"),
    ({"start_date": "2026-13-45"}, "start_date"),
])
def test_refused_input_marks_its_field_and_saves_nothing(client, hdr, over, field):
    r = client.post("/projects?lang=en", headers=hdr, data=_form(**over))
    assert r.status_code == 422, r.text[:300]
    assert _invalid(r.text) == [{"client_party_id": "party_q"}.get(field, field)]
    assert service.list_projects() == []


def test_the_bangla_page_has_the_form_in_bangla(client):
    page = client.get("/projects?lang=bn").text
    for label in ("নতুন প্রকল্প", "কোড", "নাম (বাংলা)", "ক্লায়েন্ট", "সাইটের জেলা", "সাইটের উপজেলা/থানা",
                  "চুক্তি মূল্য", "চুক্তি অনুযায়ী শেষ", "পরিকল্পিত", "প্রকল্প তৈরি করুন"):
        assert label in page, label
    assert f'<option value="{DHAKA}">ঢাকা</option>' in page
    assert f'<option value="{DHAKA}">Dhaka</option>' in client.get("/projects?lang=en").text


def test_the_lookups_offer_upazilas_and_parties_by_name(client, party):
    r = client.get(f"/projects/lookups/upazilas?site_district_code={DHAKA}&lang=en")
    assert r.status_code == 200 and f'<option value="{VATARA}">Vatara</option>' in r.text
    assert client.get("/projects/lookups/upazilas?site_district_code=99").text.count("<option") == 1
    r = client.get("/projects/lookups/parties?party_q=bashun&lang=en")
    assert f"party_id={party.id}" in r.text and "Bashundhara Housing Ltd." in r.text
    assert "বসুন্ধরা হাউজিং লিমিটেড" in client.get("/projects/lookups/parties?party_q=bashun&lang=bn").text
    assert "No party matches" in client.get("/projects/lookups/parties?party_q=zzzz&lang=en").text
    r = client.get(f"/projects/lookups/party-pick?party_id={party.id}&lang=en")
    assert _value(r.text, "client_party_id") == str(party.id)
    assert _value(r.text, "party_q") == f"{party.code} — Bashundhara Housing Ltd."


# ---- editing on the dashboard ---------------------------------------------------------------

def test_the_details_form_changes_the_project(client, hdr, party):
    p = service.create_project("UTTARA", "Uttara shops")
    page = client.get("/projects/UTTARA?lang=en").text
    assert _value(page, "contract_value") == "0.00" and _selected(page, "status") == "planned"
    r = client.post("/projects/UTTARA/details", headers=hdr, follow_redirects=False, data={
        "version": p.version, **{k: v for k, v in _form(party).items() if k not in ("code", "name", "name_bn")},
        "contract_value": "3,75,50,000.25", "status": "on_hold"})
    assert r.status_code == 303 and r.headers["location"] == "/projects/UTTARA"
    saved = service.get_project("UTTARA")
    assert (saved.contract_value, saved.status, saved.client_party_id, saved.version) == (
        Decimal("37550000.25"), "on_hold", party.id, p.version + 1)
    assert (saved.site_district_code, saved.site_upazila_code, str(saved.finish_date)) == (DHAKA, VATARA,
                                                                                            "2027-06-30")
    assert saved.name == "Uttara shops"  # the names form owns the names
    page = client.get("/projects/UTTARA?lang=en").text
    assert _value(page, "contract_value") == "3,75,50,000.25" and _value(page, "client_party_id") == str(party.id)

    # a stale form comes back as typed
    stale = {"version": p.version, "contract_value": "9,99,999", "status": "completed", "start_date": "",
             "finish_date": "", "site_district_code": "", "site_upazila_code": ""}
    r = client.post("/projects/UTTARA/details?lang=en", headers=hdr, data=stale)
    assert r.status_code == 422 and "changed by someone else" in _alert(r.text)
    assert 'id="details" open' in r.text and _value(r.text, "contract_value") == "9,99,999"
    assert _selected(r.text, "status") == "completed"
    r = client.post("/projects/UTTARA/details?lang=bn", headers=hdr,
                    data={**stale, "version": saved.version, "start_date": "2026-03-01", "finish_date": "2026-02-01"})
    assert r.status_code == 422 and "শেষের তারিখ শুরুর তারিখের আগে" in _alert(r.text)
    assert _invalid(r.text) == ["finish_date"]
    assert service.get_project("UTTARA").contract_value == Decimal("37550000.25")


def test_the_details_form_keeps_site_text_that_names_no_place(client, hdr):
    """Older rows (the demo, the API) hold free text: names that match a place are shown and saved as
    codes; text that names none is kept as it is when the form is saved unchanged."""
    a = service.create_project("OLD-A", "Old A", site_district_code="BD-13", site_upazila_code="Bhatara")
    b = service.create_project("OLD-B", "Old B", site_district_code="Dhaka", site_upazila_code="Plot 7 site")
    page = client.get("/projects/OLD-A?lang=en").text
    assert (_selected(page, "site_district_code"), _selected(page, "site_upazila_code")) == (DHAKA, VATARA)
    assert unescape(re.search(r'<dd id="site">(.*?)</dd>', page).group(1)) == "Dhaka › Vatara"
    page = client.get("/projects/OLD-B?lang=en").text
    assert _selected(page, "site_upazila_code") == "Plot 7 site"
    for p, kept in ((a, (DHAKA, VATARA)), (b, (DHAKA, "Plot 7 site"))):
        page = client.get(f"/projects/{p.code}?lang=en").text
        data = {"version": p.version, "contract_value": "10", "status": "planned",
                "site_district_code": _selected(page, "site_district_code"),
                "site_upazila_code": _selected(page, "site_upazila_code")}
        r = client.post(f"/projects/{p.code}/details", headers=hdr, data=data, follow_redirects=False)
        assert r.status_code == 303, r.text[:300]
        saved = service.get_project(p.code)
        assert (saved.site_district_code, saved.site_upazila_code) == kept


# ---- service, REST and GraphQL --------------------------------------------------------------

def test_the_service_checks_updates_like_creates(db, admin):
    p = service.create_project("S1", "Service", start_date="2026-01-01")
    with pytest.raises(ValidationFailed) as exc:
        service.update_project("S1", finish_date="2025-12-31")
    assert (exc.value.code, exc.value.field) == ("project_dates", "finish_date")
    with pytest.raises(ValidationFailed) as exc:
        service.update_project("S1", contract_value="-1")
    assert exc.value.field == "contract_value"
    with pytest.raises(ValidationFailed) as exc:
        service.update_project("S1", name="")
    assert exc.value.field == "name"
    u = service.update_project("S1", p.version, finish_date="2026-12-31", contract_value="1,00,000",
                               client_party_id=None, site_district_code=" ")
    assert (str(u.finish_date), u.contract_value, u.site_district_code) == ("2026-12-31", Decimal("100000"), None)


def test_rest_patch_takes_iso_dates_and_refuses_bad_amounts(client):
    client.post("/api/v1/projects/projects", json={"code": "R1", "name": "REST"})
    r = client.patch("/api/v1/projects/projects/R1", json={"expected_version": 1, "changes": {
        "start_date": "2026-02-01", "finish_date": "2026-08-31", "contract_value": "5000000.00"}})
    assert r.status_code == 200 and (r.json()["finish_date"], r.json()["contract_value"]) == ("2026-08-31",
                                                                                             "5000000.00")
    r = client.patch("/api/v1/projects/projects/R1", json={"changes": {"finish_date": "2026-01-01"}})
    assert r.status_code == 422 and r.json()["field"] == "finish_date"
    r = client.post("/api/v1/projects/projects", json={"code": "R2", "name": "REST", "contract_value": "-3"})
    assert r.status_code == 422 and r.json()["field"] == "contract_value"


def _gql(client: TestClient, query: str) -> dict:
    return client.post("/graphql", json={"query": query}).json()


def test_graphql_update_project(client, party):
    p = service.create_project("G1", "GraphQL house", site_district_code=DHAKA)
    r = _gql(client, f"""mutation {{ updateProject(project: "G1", expectedVersion: {p.version}, name: "GraphQL tower",
        nameBn: "গ্রাফকিউএল টাওয়ার", contractValue: "12500000.50", clientPartyId: "{party.id}", status: "active",
        startDate: "2026-01-01", finishDate: "2026-12-31", idempotencyKey: "u1")
        {{ code name nameBn contractValue clientPartyId status startDate finishDate siteDistrictCode version }} }}""")
    assert "errors" not in r, r
    u = r["data"]["updateProject"]
    assert (u["name"], u["nameBn"], u["status"], u["finishDate"], u["version"]) == (
        "GraphQL tower", "গ্রাফকিউএল টাওয়ার", "active", "2026-12-31", p.version + 1)
    assert Decimal(u["contractValue"]) == Decimal("12500000.50") and u["clientPartyId"] == str(party.id)
    assert u["siteDistrictCode"] == DHAKA  # not given: unchanged
    saved = service.get_project("G1")
    assert saved.name == "GraphQL tower" and saved.contract_value == Decimal("12500000.50")

    # by id; null clears an optional field
    r = _gql(client, f'mutation {{ updateProject(project: "{p.id}", siteDistrictCode: null) {{ siteDistrictCode }} }}')
    assert r["data"]["updateProject"]["siteDistrictCode"] is None

    def error(q: str) -> dict:
        out = _gql(client, q)
        assert out["data"] is None and len(out["errors"]) == 1, out
        return out["errors"][0]

    e = error(f'mutation {{ updateProject(project: "G1", expectedVersion: {p.version}, name: "Stale") {{ name }} }}')
    assert e["extensions"]["code"] == "stale_version" and e["extensions"]["field"] == "version"
    e = error('mutation { updateProject(project: "G1", finishDate: "2025-01-01") { name } }')
    assert (e["extensions"]["code"], e["extensions"]["field"]) == ("project_dates", "finish_date")
    e = error('mutation { updateProject(project: "G1", contractValue: "-1") { name } }')
    assert e["extensions"]["field"] == "contract_value"
    e = error('mutation { updateProject(project: "G1", name: null) { name } }')
    assert e["extensions"]["code"] == "project_name"
    e = error('mutation { updateProject(project: "NOPE", name: "x") { name } }')
    assert e["extensions"]["code"] == "not_found"
    assert service.get_project("G1").name == "GraphQL tower"


def test_the_client_is_held_in_master_data_while_it_is_the_projects_client(db, admin):
    from vextrus.modules.master_data import service as parties
    from vextrus.modules.master_data.schemas import PartyInput
    from vextrus.platform.errors import Conflict

    def customer(name: str):
        return parties.create_party(PartyInput(legal_name=name, party_type="company", roles=["customer"]))

    first, second = customer("Bashundhara Housing Ltd."), customer("Navana Real Estate Ltd.")
    p = service.create_project("HOLD-1", "Tower A", client_party_id=first.id)
    with pytest.raises(Conflict) as err:
        parties.delete_party(first.id)
    assert "project HOLD-1" in err.value.message
    service.update_project(p.id, expected_version=p.version, client_party_id=second.id)
    assert parties.delete_party(first.id) is True  # no longer the client: it may go
    with pytest.raises(Conflict):
        parties.deactivate_party(second.id)
    with pytest.raises(ValidationFailed) as unknown:
        service.create_project("HOLD-2", "Tower B", client_party_id=uuid4())
    assert (unknown.value.code, unknown.value.field) == ("client_unknown", "client_party_id")
    assert service.list_projects() and "HOLD-2" not in {x.code for x in service.list_projects()}
