"""An accepted quotation starts the project and the client contract (issue 19), on both databases: the chain
lead → opportunity → quotation → accept → project (its BOQ the quotation's lines) + client contract (its items
the same lines, amounts to the poisha against a computation made here); only an accepted version, only once;
a refusal from any module (crm, projects, contracts) leaves nothing; a user without projects.project.create is
refused with nothing written, while the BOQ and the contract are crm's declared `uses`; REST (a retried
Idempotency-Key answers the same, once), GraphQL, and the quotation page in English and Bangla. Quotation
numbers run per company."""

from __future__ import annotations

import dataclasses
import re
from datetime import date, timedelta
from decimal import ROUND_HALF_UP
from decimal import Decimal as D
from uuid import UUID

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import delete, func, select, update

from vextrus.app import create_app
from vextrus.modules.contracts import service as contracts
from vextrus.modules.contracts.tables import ContractRow, ItemRow
from vextrus.modules.crm import service
from vextrus.modules.crm.schemas import (
    LeadInput,
    OpportunityInput,
    QuotationInput,
    QuotationLineInput,
    QuotationProjectInput,
    TenderInput,
    TenderProjectInput,
    TenderStatusInput,
)
from vextrus.modules.crm.tables import QuotationRow
from vextrus.modules.organization import api as org
from vextrus.modules.projects import service as projects
from vextrus.modules.projects.tables import BoqItem, Project
from vextrus.platform import clock, context
from vextrus.platform.errors import Conflict, PermissionDenied, ValidationFailed
from vextrus.platform.ids import new_id
from vextrus.platform.sequences import DocumentSequence

LINES = [("1.01", "Earthwork in excavation for foundation", "m3", "1234.567", "451.35"),
         ("2.01", "RCC in foundation slab", "m3", "200.125", "12499.99"),
         ("10.01", "Brickwork 250 mm", "m2", "0.005", "0.10")]  # 0.0005 rounds half up to 0.00; sorts before 2.01


def _amount(q: str, r: str) -> D:
    return (D(q) * D(r)).quantize(D("0.01"), rounding=ROUND_HALF_UP)


@pytest.fixture
def co(db, admin):
    """Act within a company (a contract belongs to one)."""
    c = org.create_company(org.CompanyInput(code="PBL", name="Padma Builders Ltd."))
    ctx = dataclasses.replace(admin, company_id=c.id)
    with context.acting_as(ctx):
        yield ctx


def _accepted(lines=LINES, *, tender_id=None, party_id=None):
    """lead → converted to a customer → opportunity → quotation → sent → accepted (or a tender's quotation)."""
    opp_id = None
    if tender_id is None:
        lead = service.create_lead(LeadInput(name="Meghna Housing", mobile=f"0171{new_id().int % 10**7:07d}"))
        lead = service.convert_lead(lead.id)
        opp_id = service.create_opportunity(OpportunityInput(title="Meghna Tower substructure", lead_id=lead.id,
                                                             expected_value=D("3000000"))).id
    q = service.create_quotation(QuotationInput(
        opportunity_id=opp_id, tender_id=tender_id, party_id=party_id, vat_rate="10",
        valid_until=clock.today() + timedelta(days=30),
        lines=[QuotationLineInput(item_no=i, description=d, unit=u, quantity=qty, rate=r) for i, d, u, qty, r in lines]))
    service.send_quotation(q.id)
    return service.accept_quotation(q.id)


def _counts(db) -> tuple[int, int, int, int]:
    """(projects, BOQ lines, contracts, contract items) in the database."""
    with db.session_factory() as s:
        return tuple(s.scalar(select(func.count()).select_from(t)) for t in (Project, BoqItem, ContractRow, ItemRow))


def test_the_chain_from_lead_to_project_and_contract(db, co):
    q = _accepted()
    opp = service.get_opportunity(q.opportunity_id)
    assert opp.stage == "won" and q.status == "accepted"
    started = service.start_quotation_project(q.id, QuotationProjectInput(
        code="MGH-TWR", start_date=date(2027, 2, 1), finish_date=date(2028, 6, 30), retention_pct=D("5"),
        expected_version=q.version))
    amounts = [_amount(qty, r) for *_x, qty, r in LINES]
    subtotal = sum(amounts, D(0))
    assert (q.subtotal, [ln.amount for ln in q.lines]) == (subtotal, amounts)
    p = projects.get_project("MGH-TWR")
    assert started.started_project_id == p.id and started.contract_id is not None
    assert (p.name, p.contract_value, p.client_party_id, p.status, p.start_date) == (
        "Meghna Tower substructure", subtotal, q.party_id, "planned", date(2027, 2, 1))
    boq = {b.item_no: (b.description, b.unit, b.quantity, b.rate, b.amount)
           for g in projects.boq(p.id).groups for b in g.items}
    assert boq == {i: (d, u, D(qty), D(r), _amount(qty, r)) for i, d, u, qty, r in LINES}
    c = contracts.get_contract(started.contract_id)
    assert (c.code, c.project_id, c.client_party_id, c.company_id, c.contract_value, c.retention_pct, c.title) == (
        "MGH-TWR", p.id, q.party_id, co.company_id, subtotal, D("5"), "Meghna Tower substructure")
    assert [(it.line_no, it.item_no, it.description, it.unit, it.quantity, it.rate, it.amount, it.kind)
            for it in c.items] == [(n + 1, i, d, u, D(qty), D(r), _amount(qty, r), "boq")
                                   for n, (i, d, u, qty, r) in enumerate(LINES)]  # the quotation's order
    assert sum((it.amount for it in c.items), D(0)) == q.subtotal
    assert (service.get_quotation(q.id).started_project_id, service.get_quotation(q.id).contract_id) == (
        p.id, c.id)
    with pytest.raises(Conflict) as again:  # only once
        service.start_quotation_project(q.id, QuotationProjectInput(code="MGH-TWR-2"))
    assert (again.value.code, again.value.field) == ("crm.quotation_has_project", "quotation_id")
    assert again.value.message_bn and _counts(db) == (1, 3, 1, 3)


def test_only_an_accepted_quotation_starts_a_project(db, co):
    lead = service.create_lead(LeadInput(name="Jamuna", mobile="01711000111"))
    opp = service.create_opportunity(OpportunityInput(title="Jamuna", lead_id=service.convert_lead(lead.id).id
                                                      and lead.id, expected_value=D(1)))
    q = service.create_quotation(QuotationInput(opportunity_id=opp.id, lines=[QuotationLineInput(
        description="Piling", unit="nos", quantity="10", rate="25000")]))
    for step in (None, service.send_quotation, service.reject_quotation):
        if step is not None:
            step(q.id)
        with pytest.raises(ValidationFailed) as e:
            service.start_quotation_project(q.id, QuotationProjectInput(code="NOPE-1"))
        assert (e.value.code, e.value.field) == ("crm.quotation_not_accepted", "status") and e.value.message_bn
    assert _counts(db) == (0, 0, 0, 0) and service.get_quotation(q.id).started_project_id is None


def test_a_refusal_from_any_module_leaves_nothing(db, co):
    q = _accepted()
    projects.create_project("TAKEN", "Another project")
    before = _counts(db)
    cases = [  # (input, code, field): projects refuses first, contracts last (after the project and BOQ were written)
        (QuotationProjectInput(code="TAKEN"), "project_exists", "code"),
        (QuotationProjectInput(code="MGH-1", start_date=date(2027, 2, 1), finish_date=date(2027, 1, 1)),
         None, "finish_date"),
        (QuotationProjectInput(code="MGH-2", retention_pct=D("50")), "contracts.percent_out_of_range", "retention_pct"),
        (QuotationProjectInput(code="MGH-3", contract_code="bad code!"), "contracts.code_invalid", "contract_code"),
    ]
    for data, code, field in cases:
        with pytest.raises((ValidationFailed, Conflict)) as e:
            service.start_quotation_project(q.id, data)
        assert e.value.field == field and (code is None or e.value.code == code), e.value.to_dict()
        assert _counts(db) == before and service.get_quotation(q.id).started_project_id is None
    # lines that could not become a BOQ are refused when typed, so an accepted quotation can always start
    with pytest.raises(ValidationFailed) as e:
        _accepted([("1", "Earthwork", "m3", "10", "450"), ("1", "Concrete", "m3", "2", "12500")])
    assert (e.value.code, e.value.field) == ("crm.quotation_item_repeated", "lines[1].item_no") and e.value.message_bn
    with pytest.raises(ValidationFailed) as e:
        _accepted([("1", "Earthwork", "m3", "10", "450"), ("2", "x" * 401, "m3", "2", "12500")])
    assert (e.value.code, e.value.field) == ("crm.quotation_description_long", "lines[1].description")
    assert _counts(db) == before


def test_a_user_without_project_creation_is_refused_and_nothing_is_written(db, co, tenant_id):
    q = _accepted()
    quoter = context.RequestContext(tenant_id=tenant_id, user_id=new_id(), actor="sales@test",
                                    company_id=co.company_id,
                                    permissions=frozenset({"crm.quotation.view", "crm.quotation.manage"}))
    with context.acting_as(quoter), pytest.raises(PermissionDenied) as e:
        service.start_quotation_project(q.id, QuotationProjectInput(code="MGH-X"))
    assert e.value.details["permission"] == "projects.project.create"
    assert _counts(db) == (0, 0, 0, 0) and service.get_quotation(q.id).started_project_id is None
    # the project creation right is the user's own; the BOQ and the contract are crm's declared `uses`
    director = dataclasses.replace(quoter, actor="director@test",
                                   permissions=quoter.permissions | {"projects.project.create"})
    with context.acting_as(director):
        started = service.start_quotation_project(q.id, QuotationProjectInput(code="MGH-X"))
    assert started.contract_id is not None and _counts(db) == (1, 3, 1, 3)


def test_a_tender_quotation_links_the_won_tender_and_one_with_a_project_refuses(db, co):
    party = service.get_quotation(_accepted().id).party_id

    def won_tender():
        t = service.create_tender(TenderInput(procuring_entity="LGED", title="Upazila road", bid_security_amount=D(1),
                                              closing_at=clock.now() + timedelta(days=9)))
        for status, extra in (("preparing", {}), ("submitted", {"bid_price": D("4500")}), ("opened", {}), ("won", {})):
            t = service.change_tender_status(t.id, TenderStatusInput(status=status, **extra))
        return t

    t1, t2 = won_tender(), won_tender()
    q1 = _accepted(tender_id=t1.id, party_id=party)
    started = service.start_quotation_project(q1.id, QuotationProjectInput(code="LGED-1"))
    assert service.get_tender(t1.id).project_id == started.started_project_id
    with pytest.raises(Conflict) as e:  # the tender register starts no second project
        service.start_project(t1.id, TenderProjectInput(code="LGED-1B"))
    assert e.value.code == "crm.tender_has_project"
    t2 = service.start_project(t2.id, TenderProjectInput(code="LGED-2"))  # the tender flow as before
    q2 = _accepted(tender_id=t2.id, party_id=party)
    before = _counts(db)
    with pytest.raises(Conflict) as e:
        service.start_quotation_project(q2.id, QuotationProjectInput(code="LGED-2B"))
    assert (e.value.code, e.value.field) == ("crm.tender_has_project", "tender_id")
    assert _counts(db) == before and service.get_tender(t2.id).project_id == projects.get_project("LGED-2").id


def test_quotation_numbers_run_per_company(db, admin):
    other = org.create_company(org.CompanyInput(code="MBL", name="Meghna Builders Ltd."))
    first = org.create_company(org.CompanyInput(code="PBL", name="Padma Builders Ltd."))
    numbers = {}
    for c in (first, other, first):
        with context.acting_as(dataclasses.replace(admin, company_id=c.id)):
            q = _accepted([("1", "Earthwork", "m3", "10", "450")])
        numbers.setdefault(c.code, []).append(q.number)
    assert numbers == {"PBL": ["QT-000001", "QT-000002"], "MBL": ["QT-000001"]}
    # a company's quotations numbered tenant-wide before crm_0004 keep their numbers: its series starts after them
    third = org.create_company(org.CompanyInput(code="JBL", name="Jamuna Builders Ltd."))
    with context.acting_as(dataclasses.replace(admin, company_id=third.id)):
        old = _accepted([("1", "Earthwork", "m3", "10", "450")])
        with db.session_factory.begin() as s:
            s.execute(update(QuotationRow).where(QuotationRow.id == old.id).values(number="QT-000041"))
        with db.session_factory.begin() as s:  # the counter row as if the series had never been used
            s.execute(delete(DocumentSequence).where(DocumentSequence.company_id == third.id))
        assert _accepted([("1", "Earthwork", "m3", "10", "450")]).number == "QT-000042"


@pytest.fixture
def client(db, co):
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: co])
    with TestClient(app) as c:
        c.get("/crm")
        c.headers["X-CSRF-Token"] = c.cookies.get("vx_csrf") or ""
        yield c


def test_rest_and_graphql_start_the_project_and_contract(client, db):
    first, second = _accepted(), _accepted()
    body = {"code": "REST-1", "contract_date": "2027-01-15"}
    r = client.post(f"/api/v1/crm/quotations/{first.id}/project", json=body, headers={"Idempotency-Key": "qp-1"})
    again = client.post(f"/api/v1/crm/quotations/{first.id}/project", json=body, headers={"Idempotency-Key": "qp-1"})
    assert r.status_code == 201 and again.json() == r.json()  # a retried key answers the same, once
    assert r.json()["started_project_id"] == str(projects.get_project("REST-1").id) and _counts(db) == (1, 3, 1, 3)
    assert contracts.get_contract(UUID(r.json()["contract_id"])).contract_date == date(2027, 1, 15)
    bad = client.post(f"/api/v1/crm/quotations/{first.id}/project", json={"code": "REST-2"})
    assert bad.status_code == 409 and bad.json()["code"] == "crm.quotation_has_project" and bad.json()["message_bn"]
    q = (f'mutation {{ startCrmQuotationProject(id: "{second.id}", project: {{code: "GQL-1", retentionPct: "5"}}) '
         '{ startedProjectId contractId status } }')
    out = client.post("/graphql", json={"query": q}).json()
    assert out["data"]["startCrmQuotationProject"]["startedProjectId"] == str(projects.get_project("GQL-1").id)
    assert contracts.get_contract(UUID(out["data"]["startCrmQuotationProject"]["contractId"])).retention_pct == D(5)


SHELL = {"QT", "English", "admin", "test", "m3", "m2", "mm"}  # the number's prefix, the language switch, user, units
TYPED = {"Earthwork", "in", "excavation", "for", "foundation", "RCC", "slab", "Brickwork", "Meghna", "Tower",
         "substructure", "Housing"}  # what the user typed (the lines, the title, the customer's name)


def _visible_words(html: str) -> set[str]:
    body = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", html)
    body = re.sub(r"(?s)<[^>]+>", " ", body)
    return set(re.findall(r"[A-Za-z]{2,}", body))


@pytest.mark.parametrize("lang", ["en", "bn"])
def test_the_quotation_page_starts_the_project_and_links_to_it(client, db, lang):
    q = _accepted()
    page = client.get(f"/crm/quotations/{q.id}?lang={lang}").text
    assert f'data-start-project="{q.id}"' in page
    assert ("Start the project and contract" if lang == "en" else "প্রকল্প ও চুক্তি শুরু করুন") in page
    if lang == "bn":
        assert _visible_words(page) <= SHELL | TYPED, _visible_words(page) - SHELL - TYPED
    bad = client.post(f"/crm/quotations/{q.id}/project?lang={lang}",
                      data={"code": "PG-1", "start_date": "2027-02-01", "finish_date": "2027-01-01"})
    assert bad.status_code == 422 and 'data-field="finish_date"' in bad.text and _counts(db) == (0, 0, 0, 0)
    bad_pct = client.post(f"/crm/quotations/{q.id}/project?lang={lang}", data={"code": "PG-1", "retention_pct": "অনেক"})
    assert bad_pct.status_code == 422 and 'data-field="retention_pct"' in bad_pct.text
    if lang == "bn":
        for r in (bad, bad_pct):
            assert _visible_words(r.text) <= SHELL | TYPED, _visible_words(r.text) - SHELL - TYPED
    r = client.post(f"/crm/quotations/{q.id}/project?lang={lang}", follow_redirects=False,
                    data={"code": "PG-1", "start_date": "২০২৭-০২-০১", "retention_pct": "৫",
                          "expected_version": str(q.version)})
    assert r.status_code == 303 and r.headers["location"] == f"/crm/quotations/{q.id}"
    started = service.get_quotation(q.id)
    assert projects.get_project("PG-1").start_date == date(2027, 2, 1)
    assert contracts.get_contract(started.contract_id).retention_pct == D(5)
    page = client.get(f"/crm/quotations/{q.id}?lang={lang}").text
    assert f'data-start-project="{q.id}"' not in page
    assert f'href="/projects/{started.started_project_id}"' in page and f'href="/contracts/{started.contract_id}"' in page
    if lang == "bn":
        assert _visible_words(page) <= SHELL | TYPED, _visible_words(page) - SHELL - TYPED
    for link in (f"/projects/{started.started_project_id}", f"/contracts/{started.contract_id}"):
        assert client.get(f"{link}?lang={lang}").status_code == 200


@pytest.mark.parametrize("lang", ["en", "bn"])
def test_the_demo_has_an_accepted_quotation_whose_page_offers_the_project(db, admin, tenant_id, lang):
    from vextrus.modules.crm import demo
    from vextrus.modules.organization import demo as org_demo

    org_demo.load(tenant_id)
    demo.load(tenant_id)
    company = org.demo_company()
    won = next(o for o in service.list_opportunities(first=50).items if o.stage == "won")
    [q] = service.list_quotations(opportunity_id=won.id)
    assert (q.status, q.started_project_id, q.contract_id) == ("accepted", None, None)
    ctx = dataclasses.replace(admin, company_id=company.id)
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: ctx])
    with context.acting_as(ctx), TestClient(app) as c:
        page = c.get(f"/crm/quotations/{q.id}?lang={lang}").text
        assert f'data-start-project="{q.id}"' in page
        if lang == "bn":
            typed = {w for t in [q.title, *(ln.description for ln in q.lines)] for w in re.findall(r"[A-Za-z]{2,}", t)}
            words = _visible_words(page) - SHELL - typed - {"LS", "sft", "rft"}
            assert not words, words
        c.get("/crm")
        r = c.post(f"/crm/quotations/{q.id}/project?lang={lang}", follow_redirects=False,
                   headers={"X-CSRF-Token": c.cookies.get("vx_csrf") or ""}, data={"code": "DEMO-Q1"})
        assert r.status_code == 303
        started = service.get_quotation(q.id)
        assert contracts.get_contract(started.contract_id).contract_value == q.subtotal


def test_the_quotation_page_shows_its_history_from_creation_to_the_project(client, db, co):
    from history_tab_helpers import check_history_tab

    q = _accepted()
    r = client.post(f"/api/v1/crm/quotations/{q.id}/project", json={"code": "HIST-1"})
    assert r.status_code == 201, r.text
    check_history_tab(db, co, f"/crm/quotations/{q.id}", "crm.quotation", q.id,
                      ["crm.quotation.created", "crm.quotation.status_changed", "crm.quotation.project_started"])
