"""Quotations (issue 19) on both databases: version 1 from typed lines or a project's BOQ, totals to the
poisha against a computation made here (qty × rate half up per line; VAT on the subtotal half up); a revision
is version 2 as a draft, version 1 superseded and unchanged; only a draft is edited; accepting a sent version
wins its opportunity; bad input is refused naming its field path (`lines[1].rate`) with nothing stored; the
PDF (read back with poppler's `pdftotext`) shows the number, version, total and its words, Bangla digits on
Bangla; a user without crm permissions gets 403; the pages have no English on ?lang=bn."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date, timedelta
from decimal import ROUND_HALF_UP
from decimal import Decimal as D

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from vextrus.app import create_app
from vextrus.modules.crm import service
from vextrus.modules.crm.schemas import (
    OpportunityInput,
    QuotationInput,
    QuotationLineInput,
    QuotationUpdate,
    StageInput,  # noqa: F401
    TenderInput,
)
from vextrus.modules.crm.tables import QuotationLineRow, QuotationRow
from vextrus.modules.documents.api import amount_in_words
from vextrus.modules.master_data.schemas import PartyInput
from vextrus.modules.master_data.service import create_party
from vextrus.platform import clock, context
from vextrus.platform.errors import PermissionDenied, ValidationFailed
from vextrus.platform.i18n import format_number, to_bangla_digits
from vextrus.platform.ids import new_id

LINES = [("1.01", "Earthwork in excavation", "m3", "1234.567", "451.35"),
         ("2.01", "RCC in foundation slab", "m3", "200.125", "12499.99"),
         ("3.01", "Brickwork 250 mm", "m2", "0.005", "0.10")]  # 0.0005 rounds half up to 0.00


def _expected(lines, vat_rate: str | None):
    """The figures computed here, independently of the service: each line's qty × rate rounded half up to the
    poisha, their sum, VAT on the sum rounded half up, and the total."""
    p = D("0.01")
    amounts = [(D(q) * D(r)).quantize(p, rounding=ROUND_HALF_UP) for *_x, q, r in lines]
    sub = sum(amounts, D(0))
    vat = (sub * D(vat_rate) / 100).quantize(p, rounding=ROUND_HALF_UP) if vat_rate else D(0)
    return amounts, sub, vat, sub + vat


def _typed(lines=LINES):
    return [QuotationLineInput(item_no=i, description=d, unit=u, quantity=q, rate=r) for i, d, u, q, r in lines]


@pytest.fixture
def customer(db, admin):
    return create_party(PartyInput(legal_name="Meghna Housing Ltd.", legal_name_bn="মেঘনা হাউজিং লিমিটেড",
                                   roles=["customer"]))


@pytest.fixture
def opp(customer):
    return service.create_opportunity(OpportunityInput(title="Meghna Tower substructure", party_id=customer.id,
                                                       expected_value=D("3000000")))


def _count(db) -> tuple[int, int]:
    with db.session_factory() as s:
        return (s.scalar(select(func.count()).select_from(QuotationRow)),
                s.scalar(select(func.count()).select_from(QuotationLineRow)))


def test_a_quotation_from_typed_lines_has_totals_to_the_poisha(db, opp, customer):
    q = service.create_quotation(QuotationInput(opportunity_id=opp.id, lines=_typed(), vat_rate="7.5",
                                                valid_until=clock.today() + timedelta(days=30),
                                                terms="Rates hold for 30 days."))
    amounts, sub, vat, total = _expected(LINES, "7.5")
    assert [ln.amount for ln in q.lines] == amounts and amounts[2] == D("0.00")
    assert (q.subtotal, q.vat, q.total) == (sub, vat, total)
    assert (q.revision, q.status, q.party_id, q.title) == (1, "draft", customer.id, opp.title)
    assert re.fullmatch(r"QT-\d{6}", q.number)
    assert service.get_quotation(q.id) == q
    second = service.create_quotation(QuotationInput(opportunity_id=opp.id, lines=_typed()[:1]))
    assert second.number != q.number and second.vat == D(0) and second.total == amounts[0]
    assert [x.id for x in service.list_quotations(opportunity_id=opp.id)] == [q.id, second.id]


def test_a_quotation_copies_a_project_boq_with_rates_editable(db, admin, customer):
    from vextrus.modules.projects import service as projects

    p = projects.create_project("MGH-TWR", "Meghna Tower")
    boq = [("1.01", "Earthwork in excavation for foundation", "m3", "1000", "450.00"),
           ("2.01", "Reinforced cement concrete in foundation", "m3", "200.5", "12500.00")]
    for no, desc, unit, qty, rate in boq:
        projects.add_boq_item(p.id, no, desc, unit, qty, rate)
    t = service.create_tender(TenderInput(procuring_entity="Public Works Department", title="Meghna Tower",
                                          closing_at=clock.now() + timedelta(days=9), bid_security_amount=D(0)))
    q = service.create_quotation(QuotationInput(tender_id=t.id, party_id=customer.id, boq_project_id=p.id,
                                                vat_rate="15"))
    assert [(ln.item_no, ln.description, ln.unit, ln.quantity, ln.rate) for ln in q.lines] == \
        [(no, d, u, D(qty), D(r)) for no, d, u, qty, r in boq]
    assert (q.project_id, q.tender_id, q.opportunity_id) == (p.id, t.id, None)
    assert (q.subtotal, q.vat, q.total) == _expected(boq, "15")[1:]
    # the rates are editable on the draft
    edited = [(ln.item_no, ln.description, ln.unit, str(ln.quantity), "13125.75" if ln.item_no == "2.01" else str(ln.rate))
              for ln in q.lines]
    q2 = service.update_quotation(q.id, QuotationUpdate(lines=_typed(edited), vat_rate="15", expected_version=q.version))
    assert q2.lines[1].rate == D("13125.75") and (q2.subtotal, q2.vat, q2.total) == _expected(edited, "15")[1:]
    assert [x.id for x in service.list_quotations(tender_id=t.id)] == [q.id]


def test_revise_makes_v2_a_draft_and_v1_superseded_unchanged(db, opp):
    v1 = service.create_quotation(QuotationInput(opportunity_id=opp.id, lines=_typed(), vat_rate="5"))
    v1 = service.send_quotation(v1.id, v1.version)
    with pytest.raises(ValidationFailed) as e:  # a sent version is not edited
        service.update_quotation(v1.id, QuotationUpdate(lines=_typed(LINES[:1])))
    assert (e.value.code, e.value.field) == ("crm.quotation_not_draft", "status") and e.value.message_bn
    v2 = service.revise_quotation(v1.id, v1.version)
    old = service.get_quotation(v1.id)
    assert (v2.number, v2.revision, v2.status) == (v1.number, 2, "draft")
    assert [(x.item_no, x.quantity, x.rate, x.amount) for x in v2.lines] == \
        [(x.item_no, x.quantity, x.rate, x.amount) for x in v1.lines]
    assert old.status == "superseded"
    assert old.model_dump(exclude={"status", "version"}) == v1.model_dump(exclude={"status", "version"})
    for act in (service.send_quotation, service.accept_quotation, service.revise_quotation):
        with pytest.raises(ValidationFailed):
            act(v1.id)
    with pytest.raises(ValidationFailed):  # superseded stays read-only
        service.update_quotation(v1.id, QuotationUpdate(lines=_typed(LINES[:1])))
    v2 = service.update_quotation(v2.id, QuotationUpdate(lines=_typed(LINES[:2]), vat_rate="5",
                                                         expected_version=v2.version))
    assert (v2.subtotal, v2.vat, v2.total) == _expected(LINES[:2], "5")[1:]
    assert service.get_quotation(v1.id).total == v1.total
    assert [(x.revision, x.status) for x in service.list_quotations(opportunity_id=opp.id)] == \
        [(1, "superseded"), (2, "draft")]


def test_accepting_a_sent_version_wins_the_opportunity(db, opp):
    from vextrus.modules.crm.events import OpportunityStageChanged
    from vextrus.platform.tables import OutboxEvent

    q = service.create_quotation(QuotationInput(opportunity_id=opp.id, lines=_typed()))
    with pytest.raises(ValidationFailed):  # a draft is sent first
        service.accept_quotation(q.id)
    q = service.send_quotation(q.id)
    q = service.accept_quotation(q.id, q.version)
    assert q.status == "accepted" and service.get_opportunity(opp.id).stage == "won"
    with db.session_factory() as s:
        moves = s.scalars(select(OutboxEvent.payload).where(OutboxEvent.name == OpportunityStageChanged.name)
                          .order_by(OutboxEvent.occurred_at, OutboxEvent.id)).all()
    assert [(m["from_stage"], m["to_stage"]) for m in moves if m["opportunity_id"] == str(opp.id)] == \
        [("new", "negotiation"), ("negotiation", "won")]
    rejected = service.send_quotation(service.create_quotation(QuotationInput(opportunity_id=opp.id,
                                                                              lines=_typed())).id)
    assert service.reject_quotation(rejected.id).status == "rejected"


def test_a_lost_opportunity_or_a_lapsed_quotation_refuses_acceptance(db, opp, customer):
    from vextrus.platform.errors import StaleVersion

    q = service.send_quotation(service.create_quotation(QuotationInput(opportunity_id=opp.id, lines=_typed())).id)
    with pytest.raises(StaleVersion):
        service.accept_quotation(q.id, q.version - 1)
    service.change_stage(opp.id, "lost", "Went with another contractor")
    with pytest.raises(ValidationFailed) as e:
        service.accept_quotation(q.id)
    assert e.value.field == "stage" and service.get_quotation(q.id).status == "sent"


@pytest.mark.parametrize(("lines", "extra", "field"), [
    ([("1", "Earthwork", "m3", "10", "450"), ("2", "RCC", "m3", "5", "abc")], {}, "lines[1].rate"),
    ([("1", "Earthwork", "m3", "10", "450"), ("2", "RCC", "m3", "5", "12.345")], {}, "lines[1].rate"),
    ([("1", "Earthwork", "m3", "-1", "450")], {}, "lines[0].quantity"),
    ([("1", "Earthwork", "m3", "0", "450")], {}, "lines[0].quantity"),
    ([("1", "Earthwork", "m3", "1", "450"), ("2", "Brick", "m3", "1", "450"), ("3", " ", "m3", "1", "1")], {},
     "lines[2].description"),
    ([], {}, "lines"),
    ([("1", "Earthwork", "m3", "1", "1000000000000")], {}, "lines[0].rate"),
    ([("1", "Earthwork", "m3", "1000000", "1000000")], {}, "lines[0]"),
    ([("1", "Earthwork", "m3", "1000", "999999999"), ("2", "RCC", "m3", "1000", "999999999")], {}, "lines"),
    ([("1", "Earthwork", "m3", "1", "450")], {"vat_rate": "150"}, "vat_rate"),
    ([("1", "Earthwork", "m3", "1", "450")], {"valid_until": date(2020, 1, 1)}, "valid_until"),
])
def test_bad_input_is_refused_with_its_field_path_and_nothing_stored(db, opp, lines, extra, field):
    with pytest.raises(ValidationFailed) as e:
        service.create_quotation(QuotationInput(opportunity_id=opp.id, lines=_typed(lines), **extra))
    assert e.value.field == field and e.value.message_bn and e.value.code.startswith("crm.")
    assert _count(db) == (0, 0)


def test_a_quotation_is_for_an_opportunity_or_a_tender_and_a_customer(db, admin, customer):
    t = service.create_tender(TenderInput(procuring_entity="LGED", title="Upazila road", bid_security_amount=D(0),
                                          closing_at=clock.now() + timedelta(days=9)))
    with pytest.raises(ValidationFailed) as e:
        service.create_quotation(QuotationInput(lines=_typed()))
    assert e.value.field == "opportunity_id"
    with pytest.raises(ValidationFailed) as e:
        service.create_quotation(QuotationInput(tender_id=t.id, lines=_typed()))
    assert e.value.field == "party_id"
    assert _count(db) == (0, 0)


def test_a_user_without_crm_permissions_is_refused(db, opp, tenant_id):
    q = service.create_quotation(QuotationInput(opportunity_id=opp.id, lines=_typed()))
    nobody = context.RequestContext(tenant_id=tenant_id, user_id=new_id(), actor="clerk@test",
                                    permissions=frozenset({"projects.project.read"}))
    with context.acting_as(nobody):
        for call in (lambda: service.get_quotation(q.id), lambda: service.send_quotation(q.id),
                     lambda: service.create_quotation(QuotationInput(opportunity_id=opp.id, lines=_typed()))):
            with pytest.raises(PermissionDenied):
                call()
    assert service.get_quotation(q.id).status == "draft" and _count(db)[0] == 1


# ---- REST, GraphQL, PDF and pages ---------------------------------------------------------------

def _pdf_text(pdf: bytes, mode: str = "-layout") -> str:
    assert pdf.startswith(b"%PDF")
    return subprocess.run(["pdftotext", mode, "-", "-"], input=pdf, capture_output=True, check=True,
                          timeout=60).stdout.decode("utf-8")


@pytest.fixture
def client(db, admin):
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as c:
        c.get("/crm")
        c.headers["X-CSRF-Token"] = c.cookies.get("vx_csrf") or ""
        yield c


def test_rest_creates_revises_and_refuses_with_field_paths(client, db, opp):
    body = {"opportunity_id": str(opp.id), "vat_rate": "10",
            "lines": [{"item_no": i, "description": d, "unit": u, "quantity": q, "rate": r} for i, d, u, q, r in LINES]}
    r = client.post("/api/v1/crm/quotations", json=body, headers={"Idempotency-Key": "qt-1"})
    again = client.post("/api/v1/crm/quotations", json=body, headers={"Idempotency-Key": "qt-1"})
    assert r.status_code == 201 and again.json() == r.json() and _count(db)[0] == 1
    q = r.json()
    assert D(q["total"]) == _expected(LINES, "10")[3]
    bad = {**body, "lines": [*body["lines"][:2], {**body["lines"][2], "rate": "x"}]}
    refused = client.post("/api/v1/crm/quotations", json=bad, headers={"Idempotency-Key": "qt-2"})
    assert refused.status_code == 422 and refused.json()["field"] == "lines[2].rate" and _count(db)[0] == 1
    sent = client.post(f"/api/v1/crm/quotations/{q['id']}/send", json={"expected_version": q["version"]},
                       headers={"Idempotency-Key": "qt-3"})
    assert sent.status_code == 200 and sent.json()["status"] == "sent"
    edit = client.put(f"/api/v1/crm/quotations/{q['id']}", json={"lines": body["lines"][:1]},
                      headers={"Idempotency-Key": "qt-4"})
    assert edit.status_code == 422 and edit.json()["code"] == "crm.quotation_not_draft"
    v2 = client.post(f"/api/v1/crm/quotations/{q['id']}/revise", headers={"Idempotency-Key": "qt-5"})
    assert v2.status_code == 201 and (v2.json()["revision"], v2.json()["status"]) == (2, "draft")
    listed = client.get(f"/api/v1/crm/quotations?opportunity_id={opp.id}").json()
    assert [(x["revision"], x["status"]) for x in listed] == [(1, "superseded"), (2, "draft")]


def test_graphql_creates_and_sends(client, opp):
    lines = ", ".join(f'{{itemNo: "{i}", description: "{d}", unit: "{u}", quantity: "{q}", rate: "{r}"}}'
                      for i, d, u, q, r in LINES)
    m = (f'mutation {{ createCrmQuotation(quotation: {{opportunityId: "{opp.id}", vatRate: "7.5", lines: [{lines}]}}) '
         '{ id number revision status total lines { amount } } }')
    out = client.post("/graphql", json={"query": m}).json()
    q = out["data"]["createCrmQuotation"]
    assert D(q["total"]) == _expected(LINES, "7.5")[3] and q["revision"] == 1
    s = client.post("/graphql", json={"query": f'mutation {{ sendCrmQuotation(id: "{q["id"]}") {{ status }} }}'}).json()
    assert s["data"]["sendCrmQuotation"]["status"] == "sent"
    listed = client.post("/graphql", json={"query": f'{{ crmQuotations(opportunityId: "{opp.id}") {{ number }} }}'}).json()
    assert listed["data"]["crmQuotations"] == [{"number": q["number"]}]
    bad = m.replace('rate: "12499.99"', 'rate: "lots"')
    err = client.post("/graphql", json={"query": bad}).json()["errors"][0]["extensions"]
    assert (err["code"], err["field"]) == ("crm.quotation_number_bad", "lines[1].rate") and err["message_bn"]
    assert len(service.list_quotations(opportunity_id=opp.id)) == 1


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) not installed")
@pytest.mark.parametrize("lang", ["en", "bn"])
def test_the_pdf_shows_number_version_total_and_words(client, opp, lang):
    v1 = service.create_quotation(QuotationInput(opportunity_id=opp.id, lines=_typed(), vat_rate="7.5",
                                                 valid_until=clock.today() + timedelta(days=30),
                                                 terms="Rates hold for 30 days."))
    q = service.revise_quotation(v1.id)
    r = client.get(f"/api/v1/crm/quotations/{q.id}/pdf?lang={lang}")
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    text = _pdf_text(r.content)
    flat = " ".join(_pdf_text(r.content, "-raw").split())
    pages = [p for p in text.split("\f") if p.strip()]
    assert len(pages) == 1  # a short quotation is one page
    assert amount_in_words(q.total, lang) in flat
    for figure in (q.subtotal, q.vat, q.total, *(ln.amount for ln in q.lines)):
        assert format_number(figure, 2, lang) in text, figure
    if lang == "en":
        assert q.number in text and "Quotation" in text and "Meghna Housing Ltd." in text
        assert re.search(r"Version\s+2\b", text)
    else:
        assert to_bangla_digits(q.number) in text and q.number not in text
        assert "দরপ্রস্তাব" in text and "মেঘনা হাউজিং লিমিটেড" in text and re.search(r"সংস্করণ\s+২", text)
        above = re.sub(r"\bm[23]\b", "", text.split("যাচাই")[0])  # the units are the user's text (m3, m2)
        assert not re.search(r"[0-9]", above)  # every figure, date and number in Bangla digits
    again = client.get(f"/api/v1/crm/quotations/{q.id}/pdf?lang={lang}")
    assert again.headers["X-Document-Id"] == r.headers["X-Document-Id"]  # stored once per content


SHELL = {"QT", "English", "admin", "test"}  # the quotation number's prefix; the shell's language switch and user


def _visible_words(html: str) -> set[str]:
    """The Latin words a reader sees (tags, scripts, styles and attribute values left out)."""
    body = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", html)
    body = re.sub(r"(?s)<[^>]+>", " ", body)
    return set(re.findall(r"[A-Za-z]{2,}", body))


@pytest.mark.parametrize("lang", ["en", "bn"])
def test_pages_list_create_act_and_refuse_in_the_page_language(client, db, admin, lang):
    customer = create_party(PartyInput(legal_name="Jamuna Developers", legal_name_bn="যমুনা ডেভেলপার্স",
                                       roles=["customer"]))
    opp = service.create_opportunity(OpportunityInput(title="মিরপুর প্রকল্প", party_id=customer.id,
                                                      expected_value=D("1000000")))
    page = client.get(f"/crm/quotations?opportunity_id={opp.id}&lang={lang}")
    assert page.status_code == 200 and 'id="quotation-form"' in page.text
    board = client.get(f"/crm?lang={lang}").text
    assert f'data-quotations="{opp.id}"' in board
    form = {"opportunity_id": str(opp.id), "vat_rate": "৫", "terms": "",
            "item_no_0": "১", "description_0": "মাটি খনন", "unit_0": "ঘনমিটার", "quantity_0": "১,২০০.৫", "rate_0": "৪৫০",
            "item_no_1": "", "description_1": "", "unit_1": "", "quantity_1": "", "rate_1": "",
            "item_no_2": "২", "description_2": "ঢালাই", "unit_2": "ঘনমিটার", "quantity_2": "১০", "rate_2": "অনেক"}
    bad = client.post(f"/crm/quotations?lang={lang}", data=form)
    assert bad.status_code == 422 and 'data-field="lines[1].rate"' in bad.text and _count(db) == (0, 0)
    if lang == "bn":
        assert _visible_words(bad.text) <= SHELL, _visible_words(bad.text)
    r = client.post(f"/crm/quotations?lang={lang}", data={**form, "rate_2": "১২,৫০০.২৫"}, follow_redirects=False)
    assert r.status_code == 303
    q = service.list_quotations(opportunity_id=opp.id)[0]
    assert r.headers["location"] == f"/crm/quotations/{q.id}"
    assert (q.subtotal, q.vat, q.total) == _expected([("1", "", "", "1200.5", "450"), ("2", "", "", "10", "12500.25")],
                                                     "5")[1:]
    detail = client.get(f"/crm/quotations/{q.id}?lang={lang}").text
    for action in ("send", "revise"):
        assert f'data-action="{action}"' in detail
    assert f"/crm/quotations/{q.id}/quotation.pdf?lang={lang}" in detail
    if lang == "bn":
        assert _visible_words(detail) <= SHELL, _visible_words(detail)
        assert _visible_words(client.get(f"/crm/quotations?opportunity_id={opp.id}&lang=bn").text) <= SHELL
    sent = client.post(f"/crm/quotations/{q.id}/send?lang={lang}", data={"expected_version": str(q.version)},
                       follow_redirects=False)
    assert sent.status_code == 303 and service.get_quotation(q.id).status == "sent"
    q = service.get_quotation(q.id)
    edit = client.post(f"/crm/quotations/{q.id}?lang={lang}", data={**form, "rate_2": "1", "expected_version": str(q.version)})
    assert edit.status_code == 422 and service.get_quotation(q.id).total == q.total
    revised = client.post(f"/crm/quotations/{q.id}/revise?lang={lang}", data={"expected_version": str(q.version)},
                          follow_redirects=False)
    v2 = service.list_quotations(opportunity_id=opp.id)[-1]
    assert revised.headers["location"] == f"/crm/quotations/{v2.id}" and v2.revision == 2
    accepted = client.post(f"/crm/quotations/{q.id}/accept?lang={lang}", data={})  # v1 is superseded now
    assert accepted.status_code == 422 and "error" in accepted.text
    if lang == "bn":
        assert _visible_words(accepted.text) <= SHELL, _visible_words(accepted.text)
    pdf = client.get(f"/crm/quotations/{v2.id}/quotation.pdf?lang={lang}")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_rest_refuses_a_user_without_crm_permissions(db, opp, tenant_id):
    from vextrus.platform.context import RequestContext

    q = service.create_quotation(QuotationInput(opportunity_id=opp.id, lines=_typed()))
    clerk = RequestContext(tenant_id=tenant_id, user_id=new_id(), actor="clerk@test",
                           permissions=frozenset({"projects.project.read"}))
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: clerk])
    with TestClient(app) as c:
        assert c.get(f"/api/v1/crm/quotations/{q.id}").status_code == 403
        assert c.get(f"/api/v1/crm/quotations/{q.id}/pdf").status_code == 403
        r = c.post(f"/api/v1/crm/quotations/{q.id}/send", headers={"Idempotency-Key": "no-1"})
        assert r.status_code == 403
    assert service.get_quotation(q.id).status == "draft"


def test_the_documents_preview_prints_the_sample_quotation(client):
    """The type is declared when crm loads (the documents module's template preview shows it)."""
    for lang in ("en", "bn"):
        pdf = client.get(f"/documents/types/quotation/sample.pdf?lang={lang}")
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_quotation_permissions_alone_quote_a_tender(db, admin, customer, tenant_id):
    """The sales officer's pair (crm.quotation.view/manage) is enough to quote for a tender: no tender
    register permission is needed; a viewer (crm.quotation.view) reads but cannot send."""
    t = service.create_tender(TenderInput(procuring_entity="LGED", title="Upazila road", bid_security_amount=D(0),
                                          closing_at=clock.now() + timedelta(days=9)))
    quoter = context.RequestContext(tenant_id=tenant_id, user_id=new_id(), actor="quoter@test",
                                    permissions=frozenset({"crm.quotation.view", "crm.quotation.manage",
                                                           "master_data.party.read"}))
    with context.acting_as(quoter):
        q = service.create_quotation(QuotationInput(tender_id=t.id, party_id=customer.id, lines=_typed()))
        assert service.quotation_subject(tender_id=t.id)["title"] == "Upazila road"
    viewer = context.RequestContext(tenant_id=tenant_id, user_id=new_id(), actor="viewer@test",
                                    permissions=frozenset({"crm.quotation.view"}))
    with context.acting_as(viewer):
        assert service.get_quotation(q.id).total == q.total
        with pytest.raises(PermissionDenied):
            service.send_quotation(q.id)
