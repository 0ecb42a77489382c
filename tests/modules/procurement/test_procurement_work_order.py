"""An approved purchase order issued as a Word work order letter (documents' `work_order`), in English and
Bangla, on both databases: the vendor's legal name and address, the order's number, lines and total (to the
poisha, the service's order view), the project of its requisition, the delivery the vendor quoted; stored
once per content; a draft refused with nothing stored; no procurement read permission, no letter; the
order's page links to it in both languages."""

from __future__ import annotations

import io
from dataclasses import replace
from decimal import Decimal as D

import docx
import pytest
from fastapi.testclient import TestClient

from conftest import DAY, Setup, pick, quote, requisition
from vextrus.app import create_app
from vextrus.modules.documents import service as documents
from vextrus.modules.documents.docx_render import CONTENT_TYPE
from vextrus.modules.master_data import service as master_data
from vextrus.modules.master_data.schemas import AddressIn, PartyInput
from vextrus.modules.procurement import service
from vextrus.modules.procurement.schemas import RfqInput
from vextrus.modules.projects import api as projects
from vextrus.platform import context
from vextrus.platform.errors import PermissionDenied, ValidationFailed
from vextrus.platform.i18n import format_number, to_bangla_digits
from vextrus.platform.ids import new_id

LINES = {"CEM": "500", "ROD": "1250.25", "SAND": "300"}
RATES = {"CEM": "520.50", "ROD": "96.40", "SAND": "45.75"}  # 260,250.00 + 120,524.10 + 13,725.00


def _vendor(co: Setup) -> int:
    """A subcontractor-supplier with a registered address (master data), added to the setup's vendors."""
    p = master_data.create_party(PartyInput(
        legal_name="Rahman Construction & Supply Ltd.", legal_name_bn="রহমান কনস্ট্রাকশন অ্যান্ড সাপ্লাই লিমিটেড",
        roles=["vendor"], vendor_categories=["supplier"],
        addresses=[AddressIn(line1="12 Karwan Bazar", city="Dhaka", district="Dhaka", postcode="1215")]))
    master_data.change_vendor_status(p.id, "approved")
    co.vendors.append(p.id)
    return len(co.vendors) - 1


def _order(co: Setup, admin, approve: bool = True, project: bool = True):
    """A draft (or approved) order of three lines to the new vendor, who quoted lowest on every item."""
    v = _vendor(co)
    project_id = None
    if project:
        with context.acting_as(replace(admin, company_id=co.company_id)):
            project_id = projects.create_project(f"PUR-{new_id().hex[-4:]}", "Purbachal Tower").id
    req = service.create_requisition(requisition(co, LINES, project_id=project_id))
    service.submit_requisition(req.id)
    service.approve_requisition(req.id)
    rfq = service.create_rfq(RfqInput(requisition_id=req.id, vendor_ids=[co.vendors[v], *co.vendors[:2]]))
    quote(co, rfq.id, v, RATES, days=21)
    for other in (0, 1):
        quote(co, rfq.id, other, {k: str(D(r) + 10) for k, r in RATES.items()}, days=7)
    service.select_vendors(rfq.id, [pick(co, code, v) for code in LINES])
    (po,) = service.create_orders(rfq.id, DAY)
    return service.approve_order(po.id) if approve else po


def _text(content: bytes) -> str:
    d = docx.Document(io.BytesIO(content))
    cells = [c.text for t in d.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in d.paragraphs] + cells)


def test_an_approved_order_is_issued_as_a_work_order_in_english_and_bangla(db, admin, co):
    po = _order(co, admin)
    view = service.get_order(po.id)
    assert (view.status, view.total, len(view.lines)) == ("approved", D("394499.10"), 3)

    en = service.issue_work_order(po.id, "en")
    text = _text(en.content)
    assert "Rahman Construction & Supply Ltd." in text and "12 Karwan Bazar, Dhaka, 1215" in text
    assert f"Work order {view.number}" in text and view.number == "PO-00001"
    for name in ("Portland composite cement", "MS deformed bar 500W", "Sylhet sand"):
        assert name in text
    assert format_number(view.total, 2, "en") in text and "3,94,499.10" in text  # the order's total, lakh grouping
    assert "1,250.250" in text and "96.40" in text and "1,20,524.10" in text  # a line: quantity, rate, amount
    assert "Purbachal Tower" in text and "31 August 2025" in text  # the project; 10 Aug + 21 quoted days
    doc = documents.get_document(en.document_id)
    assert (doc.source_type, doc.source_id, doc.doc_type, doc.output) == ("procurement.purchase_order", po.id,
                                                                           "work_order", "docx")
    assert sum(D(i["quantity"]) * D(i["rate"]) for i in doc.data["items"]) == view.total

    bn = service.issue_work_order(po.id, "bn")
    text = _text(bn.content)
    assert "রহমান কনস্ট্রাকশন অ্যান্ড সাপ্লাই লিমিটেড" in text
    assert to_bangla_digits(view.number) in text and "সিমেন্ট" in text and "রড" in text and "সিলেট বালু" in text
    assert format_number(view.total, 2, "bn") in text and "৩,৯৪,৪৯৯.১০" in text  # lakh grouping, Bangla digits
    assert "কার্যাদেশ" in text and bn.document_id != en.document_id

    # asking again gives back the same stored document (same id, number and file)
    again = service.issue_work_order(po.id, "en")
    assert (again.document_id, again.number, again.sha256, again.content) == (en.document_id, en.number, en.sha256,
                                                                            en.content)
    assert len(documents.list_documents(source_id=po.id)) == 2


def test_a_draft_is_refused_and_nothing_is_stored(db, admin, co):
    po = _order(co, admin, approve=False, project=False)
    with pytest.raises(ValidationFailed) as refused:
        service.issue_work_order(po.id, "bn")
    e = refused.value
    assert (e.code, e.field) == ("procurement.work_order_not_issued", "status")
    assert "draft" in e.message and "খসড়া" in e.message_bn
    with pytest.raises(ValidationFailed) as bad_lang:
        service.issue_work_order(po.id, "fr")
    assert bad_lang.value.field == "lang"
    assert documents.list_documents(source_id=po.id) == []
    # approved later, it prints (no project on the requisition: none on the letter)
    service.approve_order(po.id)
    assert "Purbachal" not in _text(service.issue_work_order(po.id, "en").content)


def test_a_rate_that_does_not_print_to_the_poisha_is_refused(db, admin, co):
    from vextrus.modules.procurement.schemas import OrderLineInput, OrderRevisionInput

    po = _order(co, admin, project=False)
    lines = [OrderLineInput(item_id=ln.item_id, quantity=ln.quantity, rate=ln.rate) for ln in po.lines]
    lines[1] = OrderLineInput(item_id=lines[1].item_id, quantity=lines[1].quantity, rate=D("96.405"))
    po = service.approve_order(service.revise_order(po.id, OrderRevisionInput(lines=lines, reason="rate")).id)
    with pytest.raises(ValidationFailed) as refused:
        service.issue_work_order(po.id, "en")
    assert (refused.value.code, refused.value.field) == ("procurement.work_order_rate_precision", "lines[1].rate")
    # 1,250.5 kg × 96.25 = 120,360.625: the order rounds half up (.63), and the letter prints the same
    lines[1] = OrderLineInput(item_id=lines[1].item_id, quantity=D("1250.5"), rate=D("96.25"))
    po = service.approve_order(service.revise_order(po.id, OrderRevisionInput(lines=lines, reason="tie")).id)
    assert po.lines[1].amount == D("120360.63")
    text = _text(service.issue_work_order(po.id, "en").content)
    assert "1,20,360.63" in text


def test_a_procurement_reader_issues_the_letter_through_procurement(db, admin, co, tenant_id):
    """The user needs only procurement's read permission: procurement `uses` documents.document.create,
    and that grant holds through documents' own call to files (nested `calling_as` keeps it). The
    document still names the user as its creator, and the page offers the link."""
    po = _order(co, admin, project=False)
    reader = context.RequestContext(tenant_id=tenant_id, user_id=new_id(), actor="reader@test",
                                    permissions=frozenset({"procurement.purchase_order.view"}))
    with context.acting_as(reader):
        issued = service.issue_work_order(po.id, "bn")
    assert documents.get_document(issued.document_id).created_by == "reader@test"
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: reader])
    with TestClient(app) as c:
        page = c.get(f"/procurement/orders/{po.id}")
        assert page.status_code == 200 and 'id="work-order"' in page.text


def test_without_procurement_read_permission_no_letter(db, admin, co, tenant_id):
    po = _order(co, admin, project=False)
    stranger = context.RequestContext(tenant_id=tenant_id, user_id=new_id(), actor="stranger@test",
                                      permissions=frozenset({"documents.document.create", "documents.document.view"}))
    with context.acting_as(stranger), pytest.raises(PermissionDenied):
        service.issue_work_order(po.id, "en")
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: stranger])
    with TestClient(app) as c:
        assert c.get(f"/api/v1/procurement/orders/{po.id}/work-order?lang=en").status_code == 403
        assert c.get(f"/procurement/orders/{po.id}/work-order.docx").status_code == 403
    assert documents.list_documents(source_id=po.id) == []


@pytest.fixture
def client(db, admin, co):
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as c:
        c.get("/procurement")
        c.headers["X-CSRF-Token"] = c.cookies.get("vx_csrf") or ""
        yield c


@pytest.mark.parametrize("lang,label", [("en", "Work order (Word)"), ("bn", "কার্যাদেশ (ওয়ার্ড)")])
def test_rest_and_the_orders_page(client, admin, co, lang, label):
    draft = _order(co, admin, approve=False, project=False)
    page = client.get(f"/procurement/orders/{draft.id}?lang={lang}")
    assert page.status_code == 200 and 'id="work-order"' not in page.text  # a draft has no letter
    refused = client.get(f"/api/v1/procurement/orders/{draft.id}/work-order?lang={lang}")
    assert (refused.status_code, refused.json()["code"], refused.json()["field"]) == (
        422, "procurement.work_order_not_issued", "status")
    shown = client.get(f"/procurement/orders/{draft.id}/work-order.docx?lang={lang}")
    assert shown.status_code == 422 and ("খসড়া" if lang == "bn" else "draft") in shown.text

    po = service.approve_order(draft.id)
    page = client.get(f"/procurement/orders/{po.id}?lang={lang}")
    href = f'href="/procurement/orders/{po.id}/work-order.docx?lang={lang}"'
    assert page.status_code == 200 and href in page.text and label in page.text
    got = client.get(f"/procurement/orders/{po.id}/work-order.docx?lang={lang}")
    assert got.status_code == 200 and got.headers["content-type"] == CONTENT_TYPE
    api = client.get(f"/api/v1/procurement/orders/{po.id}/work-order?lang={lang}")
    assert api.status_code == 200 and api.headers["content-type"] == CONTENT_TYPE
    assert api.content == got.content and api.headers["x-document-id"] == got.headers["x-document-id"]
    assert f"Work-order-{po.number}-{lang}.docx" in api.headers["content-disposition"]
    total = format_number(service.get_order(po.id).total, 2, lang)
    assert total in _text(api.content)
    gql = client.post("/graphql", json={"query": "mutation($id: ID!, $l: String!) { issueProcurementWorkOrder(id: $id, "
                                                 "lang: $l) { documentId orderNumber sha256 downloadPath } }",
                                        "variables": {"id": str(po.id), "l": lang}}).json()["data"]["issueProcurementWorkOrder"]
    assert (gql["documentId"], gql["orderNumber"]) == (api.headers["x-document-id"], po.number)
    assert client.get(gql["downloadPath"]).content == api.content
    assert client.get(f"/api/v1/procurement/orders/{po.id}/work-order?lang=fr").status_code == 422
    assert client.get(f"/api/v1/procurement/orders/{new_id()}/work-order").status_code == 404


def test_the_issuing_users_name_signs_the_letter(db, admin, co):
    from vextrus.modules.auth import api as auth

    po = _order(co, admin, project=False)
    u = auth.invite_user("karim@padma.test", "Md. Karim Uddin", co.company_id, "procurement_officer",
                         name_bn="মো. করিম উদ্দিন")
    with context.acting_as(replace(admin, user_id=u.id)):
        assert "Md. Karim Uddin" in _text(service.issue_work_order(po.id, "en").content)
        assert "মো. করিম উদ্দিন" in _text(service.issue_work_order(po.id, "bn").content)
