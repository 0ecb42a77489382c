"""REST (201 + Location, idempotency keys, 409 naming the duplicate, 422 with code/en/bn/field and nothing
stored), GraphQL connections and mutations, the pages in English and Bangla (pipeline board with totals per
stage in Bangla digits, leads with the duplicate confirmation, tender register), and the demo, on both databases."""

from __future__ import annotations

import re
from decimal import Decimal as D

import pytest
from fastapi.testclient import TestClient

from vextrus.app import create_app
from vextrus.modules.crm import demo, service

API = "/api/v1/crm"


@pytest.fixture
def client(db, admin):
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as c:
        c.get("/crm")
        c.headers["X-CSRF-Token"] = c.cookies.get("vx_csrf") or ""
        yield c


def test_rest_lead_to_won_with_idempotency_and_the_duplicate_refusal(client):
    body = {"name": "Rafiq", "mobile": "01711-222333", "source": "phone", "budget": "9500000"}
    r = client.post(f"{API}/leads", json=body, headers={"Idempotency-Key": "lead-1"})
    again = client.post(f"{API}/leads", json=body, headers={"Idempotency-Key": "lead-1"})
    assert (r.status_code, again.json()["id"]) == (201, r.json()["id"])
    lead = client.get(r.headers["location"]).json()
    assert lead["mobile"] == "+8801711222333" and D(lead["budget"]) == D("9500000")
    dup = client.post(f"{API}/leads", json={**body, "mobile": "+880 1711 222333"})
    err = dup.json()
    assert dup.status_code == 409 and err["code"] == "crm.duplicate_lead" and err["field"] == "mobile"
    assert "Rafiq" in err["message"] and "Rafiq" in err["message_bn"] and err["details"]["matches"][0]["id"] == lead["id"]
    assert len(client.post(f"{API}/leads/duplicates", json={"name": "x", "mobile": "8801711222333"}).json()) == 1
    ok = client.post(f"{API}/leads", json={**body, "confirm_duplicate": True})
    assert ok.status_code == 201
    patched = client.patch(f"{API}/leads/{lead['id']}", json={"email": "Rafiq@Example.com", "expected_version": 1})
    assert patched.status_code == 200 and patched.json()["email"] == "rafiq@example.com" and patched.json()["version"] == 2
    stale = client.patch(f"{API}/leads/{lead['id']}", json={"note": "x", "expected_version": 1})
    assert stale.status_code == 409
    conv = client.post(f"{API}/leads/{lead['id']}/convert", json={}, headers={"Idempotency-Key": "conv-1"})
    assert conv.status_code == 200 and conv.json()["status"] == "converted" and conv.json()["party_id"]
    o = client.post(f"{API}/opportunities", json={"title": "Flat 5B", "lead_id": lead["id"], "expected_value": "9000000",
                                                  "expected_close": "2027-03-31"})
    assert o.status_code == 201 and o.json()["party_id"] == conv.json()["party_id"]
    opp = client.get(o.headers["location"]).json()
    a = client.post(f"{API}/opportunities/{opp['id']}/activities",
                    json={"kind": "site_visit", "subject": "Show 5B", "due_at": "2020-01-01T10:00:00+06:00"})
    assert a.status_code == 201 and client.get(a.headers["location"]).json()["overdue"] is True
    assert [x["id"] for x in client.get(f"{API}/activities/overdue").json()] == [a.json()["id"]]
    for stage in ("contacted", "site_visit", "negotiation", "won"):
        r = client.post(f"{API}/opportunities/{opp['id']}/stage", json={"stage": stage})
        assert r.status_code == 200, r.text
    board = client.get(f"{API}/pipeline").json()
    won = next(c for c in board["columns"] if c["stage"] == "won")
    assert (won["count"], D(won["total"])) == (1, D("9000000")) and D(board["total_open"]) == 0


def test_rest_bad_input_is_422_with_the_field_and_nothing_is_stored(client):
    for body, field in (({"name": "X", "mobile": "12345"}, "mobile"), ({"name": "X", "email": "x@"}, "email"),
                        ({"name": "X", "mobile": "01711222333", "budget": "lots"}, "budget"),
                        ({"name": "X", "mobile": "01711222333", "source": "tv"}, "source")):
        r = client.post(f"{API}/leads", json=body)
        err = r.json()
        assert r.status_code == 422 and err["field"] == field and err["message_bn"] and err["message_bn"] != err["message"]
    t = client.post(f"{API}/tenders", json={"procuring_entity": "PWD", "title": "Office", "closing_at": "not a date"})
    assert t.status_code == 422 and t.json()["field"] == "closing_at"
    assert client.get(f"{API}/leads").json()["items"] == [] and client.get(f"{API}/tenders").json()["items"] == []


def test_rest_tender_result(client):
    t = client.post(f"{API}/tenders", json={"procuring_entity": "LGED", "egp_reference": "eGP-1", "title": "Road",
                                            "closing_at": "2027-01-05T12:00:00", "bid_security_amount": "900000",
                                            "bid_security_form": "pay_order"}, headers={"Idempotency-Key": "t-1"})
    assert t.status_code == 201
    url = t.headers["location"]
    bad = client.post(f"{url}/status", json={"status": "won", "bid_price": "1"})
    assert bad.status_code == 422 and bad.json()["field"] == "status"
    for body in ({"status": "preparing"}, {"status": "submitted", "bid_price": "88200000"}, {"status": "opened"},
                 {"status": "lost", "winner_name": "Abc Builders", "winner_price": "86950000"}):
        r = client.post(f"{url}/status", json=body)
        assert r.status_code == 200, r.text
    assert client.get(url).json()["winner_name"] == "Abc Builders"


def test_graphql_connections_and_mutations(client):
    q = """mutation { createCrmLead(lead: {name: "Nadia", mobile: "01811000222", source: "facebook"},
                                    idempotencyKey: "g-1") { id mobile source } }"""
    r = client.post("/graphql", json={"query": q}).json()
    lead = r["data"]["createCrmLead"]
    assert lead["mobile"] == "+8801811000222"
    m = f"""mutation {{ createCrmOpportunity(opportunity: {{title: "Shop", leadId: "{lead['id']}", expectedValue: "650000"}})
                      {{ id stage }} }}"""
    opp = client.post("/graphql", json={"query": m}).json()["data"]["createCrmOpportunity"]
    s = f'mutation {{ changeCrmOpportunityStage(id: "{opp["id"]}", stage: "lost") {{ stage }} }}'
    refused = client.post("/graphql", json={"query": s}).json()
    assert refused["errors"][0]["extensions"]["field"] == "lost_reason"
    data = client.post("/graphql", json={"query": """{ crmLeads { nodes { name } pageInfo { hasNextPage } }
        crmOpportunities { nodes { title stage } } crmTenders { nodes { title } }
        crmPipeline { totalOpen columns { stage count total } } }"""}).json()["data"]
    assert [n["name"] for n in data["crmLeads"]["nodes"]] == ["Nadia"]
    assert D(data["crmPipeline"]["totalOpen"]) == D("650000")
    assert data["crmPipeline"]["columns"][0] == {"stage": "new", "count": 1, "total": "650000.00"} or \
        D(data["crmPipeline"]["columns"][0]["total"]) == D("650000")


@pytest.mark.parametrize("lang,words", [
    ("en", ["Sales pipeline", "Negotiation", "Site visit", "Overdue activities", "Leads", "Tenders", "Bank guarantee"]),
    ("bn", ["বিক্রয় পাইপলাইন", "দর-কষাকষি", "সাইট পরিদর্শন", "মেয়াদোত্তীর্ণ কার্যক্রম", "নুসরাত জাহান", "ব্যাংক গ্যারান্টি",
            "হাতছাড়া", "প্রকল্প শুরু করুন"])])
def test_pages_in_english_and_bangla_over_the_demo(client, tenant_id, lang, words):
    demo.load(tenant_id)
    demo.load(tenant_id)  # a second load adds nothing
    assert len(service.list_leads().items) == 12 and len(service.list_tenders().items) == 4
    pages = [client.get(f"/crm?lang={lang}"), client.get(f"/crm/leads?lang={lang}"), client.get(f"/crm/tenders?lang={lang}")]
    assert [p.status_code for p in pages] == [200, 200, 200]
    text = " ".join(p.text for p in pages)
    for w in words:
        assert w in text, w
    board = service.pipeline_board()
    assert {c.stage for c in board.columns if c.count} == {"new", "contacted", "site_visit", "negotiation", "won", "lost"}
    if lang == "bn":  # the board's totals in Bangla digits and lakh grouping, no Latin digits in the columns
        cols = re.sub(r"<[^>]+>", " ", pages[0].text.split('id="board"')[1].split("</div>")[0])
        assert "৳" in cols or "টাকা" in cols or "১" in cols
        negotiation = next(c for c in board.columns if c.stage == "negotiation")
        from vextrus.platform import i18n
        assert i18n.format_money(negotiation.total, "BDT", "bn") in pages[0].text
        visible = re.sub(r"(?s)<form.*?</form>|<details.*?</details>", " ", pages[0].text.split('id="board"')[1].split('id="overdue"')[0])
        assert not re.findall(r">[^<]*[0-9][^<]*<", visible), re.findall(r">[^<]*[0-9][^<]*<", visible)[:5]


def test_page_forms_refuse_at_the_field_in_bangla_and_confirm_a_duplicate(client):
    data = {"name": "রহিম", "mobile": "০১৭১১-৩৩৩৪৪৪", "source": "walk_in", "budget": "৯৫,০০,০০০"}
    ok = client.post("/crm/leads?lang=bn", data=data, follow_redirects=False)
    assert ok.status_code == 303
    lead = service.list_leads().items[0]
    assert lead.mobile == "+8801711333444" and lead.budget == D("9500000")
    dup = client.post("/crm/leads?lang=bn", data={**data, "name": "রহিম ২"})
    assert dup.status_code == 409 and "একই মোবাইল নম্বর ইতিমধ্যে লিড রহিম" in dup.text and 'name="confirm_duplicate"' in dup.text
    assert client.post("/crm/leads?lang=bn", data={**data, "name": "রহিম ২", "confirm_duplicate": "1"},
                       follow_redirects=False).status_code == 303
    bad = client.post("/crm/leads?lang=bn", data={"name": "করিম", "mobile": "01711333445", "budget": "অনেক"})
    assert bad.status_code == 422 and 'data-field="budget"' in bad.text and "সংখ্যা নয়" in bad.text
    t = client.post("/crm/tenders?lang=bn", data={"procuring_entity": "গণপূর্ত", "title": "অফিস ভবন",
                                                  "closing_at": "২০২৭-০১-০৫T১২:০০", "bid_security_amount": "১৮,০০,০০০",
                                                  "bid_security_form": "bank_guarantee"}, follow_redirects=False)
    assert t.status_code == 303, t.text[-800:]
    opp = client.post("/crm/opportunities?lang=bn", data={"title": "ফ্ল্যাট", "lead_id": str(lead.id),
                                                          "expected_value": "৫০,০০,০০০"}, follow_redirects=False)
    assert opp.status_code == 303
    o = service.list_opportunities().items[0]
    lost = client.post(f"/crm/opportunities/{o.id}/stage?lang=bn", data={"stage": "lost", "expected_version": "1"})
    assert lost.status_code == 422 and "হাতছাড়া সুযোগের কারণ লিখুন" in lost.text
    moved = client.post(f"/crm/opportunities/{o.id}/stage?lang=bn", data={"stage": "contacted", "expected_version": "১"},
                        follow_redirects=False)
    assert moved.status_code == 303 and service.get_opportunity(o.id).stage == "contacted"
