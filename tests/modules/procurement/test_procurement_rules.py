"""Rules on both databases: requisition states, the CS selection (lowest, reasons, at least three quotations —
Public Procurement Rules 2008's Request for Quotations method), order revisions with history, receipts
within what is due, the 3-way match tolerances (settings), bad input refused with its field and nothing
stored, permissions and companies."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from sqlalchemy import func, select

from conftest import DAY, approved, pick, quote, requisition, sourced
from vextrus.modules.configuration import service as configuration
from vextrus.modules.procurement import service, settings
from vextrus.modules.procurement.schemas import (
    BillInput,
    BillLineInput,
    GrnInput,
    GrnLineInput,
    OrderLineInput,
    OrderRevisionInput,
    QuotationInput,
    QuotationLineInput,
    RfqInput,
)
from vextrus.modules.procurement.tables import BillMatchRow, GrnRow, OrderRow, RequisitionRow
from vextrus.platform import context
from vextrus.platform.errors import DomainError, PermissionDenied, StaleVersion, ValidationFailed
from vextrus.platform.ids import new_id


def _count(db, table) -> int:
    with db.session_factory() as s:
        return s.scalar(select(func.count()).select_from(table))


def _order(co, qty="100", rate="500", approve=True):
    rfq = sourced(co, {"CEM": qty}, {0: {"CEM": rate}, 1: {"CEM": "510"}, 2: {"CEM": "520"}}, {"CEM": (0, "")})
    po = service.create_orders(rfq, DAY)[0]
    return service.approve_order(po.id) if approve else po


def _grn(po, accepted, received=None, rejected="0", line=1, challan="CH-1", on=date(2025, 8, 12)):
    return GrnInput(order_id=po.id, receipt_date=on, challan_no=challan, lines=[
        GrnLineInput(line_no=line, received=D(received or str(D(accepted) + D(rejected))), accepted=D(accepted),
                     rejected=D(rejected))])


def _bill(po, qty, rate, ref="B-1"):
    return BillInput(order_id=po.id, reference=ref, bill_date=date(2025, 8, 16),
                     lines=[BillLineInput(line_no=1, quantity=D(qty), rate=D(rate))])


# ---- requisitions


def test_a_requisition_is_submitted_rejected_with_a_reason_and_submitted_again(db, admin, co):
    r = service.create_requisition(requisition(co, {"CEM": "10", "SAND": "400"}, activity_code="1.2.3"))
    assert (r.status, r.activity_code, [ln.item_code for ln in r.lines]) == ("draft", "1.2.3", ["CEM", "SAND"])
    with pytest.raises(ValidationFailed) as early:
        service.approve_requisition(r.id)
    assert (early.value.code, early.value.field) == ("procurement.requisition_state", "status")
    r = service.submit_requisition(r.id, expected_version=r.version)
    with pytest.raises(ValidationFailed) as no_reason:
        service.reject_requisition(r.id, "  ")
    assert no_reason.value.field == "reason" and no_reason.value.message_bn
    r = service.reject_requisition(r.id, "Sand is in stock at the central warehouse")
    assert (r.status, r.reason) == ("rejected", "Sand is in stock at the central warehouse")
    with pytest.raises(StaleVersion):
        service.submit_requisition(r.id, expected_version=r.version - 1)
    assert service.approve_requisition(service.submit_requisition(r.id).id).status == "approved"
    assert [x.number for x in service.list_requisitions(co.company_id, status="approved").items] == [r.number]


@pytest.mark.parametrize(("change", "code", "field"), [
    ({"lines": []}, "procurement.requisition_empty", "lines"),
    ({"quantity": "0"}, "procurement.quantity_not_positive", "lines[0].quantity"),
    ({"needed_by": date(2025, 8, 1)}, "procurement.needed_before_request", "lines[0].needed_by"),
    ({"item": "unknown"}, "procurement.item_unknown", "lines[0].item_id"),
    ({"store": "unknown"}, "procurement.store_unknown", "store_id"),
])
def test_a_bad_requisition_is_refused_with_its_field_and_nothing_stored(db, admin, co, change, code, field):
    data = requisition(co, {"CEM": "10"})
    if "lines" in change:
        data.lines = []
    if "quantity" in change:
        data.lines[0].quantity = D(change["quantity"])
    if "needed_by" in change:
        data.lines[0].needed_by = change["needed_by"]
    if "item" in change:
        data.lines[0].item_id = new_id()
    if "store" in change:
        data.store_id = new_id()
    with pytest.raises(ValidationFailed) as bad:
        service.create_requisition(data)
    assert (bad.value.code, bad.value.field) == (code, field) and bad.value.message_bn != bad.value.message
    assert _count(db, RequisitionRow) == 0


# ---- the comparative statement


def test_the_selection_needs_a_reason_when_not_the_lowest_or_too_few_quotations(db, admin, co):
    req = approved(co, {"CEM": "100", "ROD": "500"})
    rfq = service.create_rfq(RfqInput(requisition_id=req.id, vendor_ids=co.vendors[:3]))
    quote(co, rfq.id, 0, {"CEM": "520", "ROD": "96"})
    quote(co, rfq.id, 1, {"CEM": "515", "ROD": "97"})
    cs = quote(co, rfq.id, 2, {"CEM": "515"})  # a tie on cement; no rod quotation from the third vendor
    assert [sum(1 for c in r.cells if c and c.lowest) for r in cs.rows] == [2, 1]
    assert cs.rows[1].cells.count(None) == 1 and cs.rows[1].quotations == 2
    with pytest.raises(ValidationFailed) as not_lowest:
        service.select_vendors(rfq.id, [pick(co, "CEM", 0), pick(co, "ROD", 0, "only two quoted")])
    assert (not_lowest.value.code, not_lowest.value.field) == ("procurement.selection_reason_missing",
                                                               "selections[0].reason")
    with pytest.raises(ValidationFailed) as few:
        service.select_vendors(rfq.id, [pick(co, "CEM", 2), pick(co, "ROD", 0)])
    assert (few.value.code, few.value.field) == ("procurement.too_few_quotations", "selections[1].reason")
    with pytest.raises(ValidationFailed) as unquoted:
        service.select_vendors(rfq.id, [pick(co, "CEM", 2), pick(co, "ROD", 2, "x")])
    assert unquoted.value.code == "procurement.selection_not_quoted"
    with pytest.raises(ValidationFailed) as partial:
        service.select_vendors(rfq.id, [pick(co, "CEM", 2)])
    assert partial.value.code == "procurement.selection_incomplete"
    cs = service.select_vendors(rfq.id, [pick(co, "CEM", 0, "Akij delivers to site within 2 days"),
                                         pick(co, "ROD", 0, "only two mills quoted; BSRM grade certificate")])
    assert [r.selection_reason[:4] for r in cs.rows] == ["Akij", "only"]
    assert [len(o.lines) for o in service.create_orders(rfq.id, DAY)] == [2]
    with pytest.raises(ValidationFailed) as ordered:
        quote(co, rfq.id, 1, {"CEM": "500"})
    assert ordered.value.code == "procurement.rfq_ordered"


def test_the_minimum_number_of_quotations_is_a_setting(db, admin, co):
    configuration.set_setting(settings.MIN_QUOTATIONS, 1)
    rfq = sourced(co, {"SAND": "400"}, {3: {"SAND": "55"}}, {"SAND": (3, "")})
    assert service.comparative_statement(rfq).min_quotations == 1


def test_quotations_refuse_uninvited_vendors_and_bad_rates(db, admin, co):
    req = approved(co, {"CEM": "100"})
    rfq = service.create_rfq(RfqInput(requisition_id=req.id, vendor_ids=co.vendors[:2]))
    for party, line, code, field in (
            (co.vendors[3], {"item_id": co.items["CEM"], "rate": D("500")}, "vendor_not_invited", "party_id"),
            (co.vendors[0], {"item_id": co.items["ROD"], "rate": D("90")}, "item_not_requested", "lines[0].item_id"),
            (co.vendors[0], {"item_id": co.items["CEM"], "rate": D("0")}, "rate_not_positive", "lines[0].rate"),
            (co.vendors[0], {"item_id": co.items["CEM"], "rate": D("5"), "delivery_days": -1}, "delivery_days_invalid",
             "lines[0].delivery_days")):
        with pytest.raises(ValidationFailed) as bad:
            service.enter_quotation(rfq.id, QuotationInput(party_id=party, lines=[QuotationLineInput(**line)]))
        assert (bad.value.code, bad.value.field) == (f"procurement.{code}", field)
    assert all(c is None for c in service.comparative_statement(rfq.id).rows[0].cells)
    draft = service.create_requisition(requisition(co, {"CEM": "1"}))
    with pytest.raises(ValidationFailed) as not_approved:
        service.create_rfq(RfqInput(requisition_id=draft.id, vendor_ids=co.vendors[:1]))
    assert not_approved.value.code == "procurement.requisition_not_approved"


# ---- orders and receipts


def test_a_revision_keeps_the_history_and_needs_approval_again(db, admin, co):
    po = _order(co, "100", "500")
    service.receive_goods(_grn(po, "40"))
    with pytest.raises(ValidationFailed) as below:
        service.revise_order(po.id, OrderRevisionInput(lines=[OrderLineInput(item_id=co.items["CEM"], quantity=D("30"),
                                                                             rate=D("500"))], reason="less"))
    assert (below.value.code, below.value.field) == ("procurement.below_received", "lines[0].quantity")
    po2 = service.revise_order(po.id, OrderRevisionInput(
        lines=[OrderLineInput(item_id=co.items["CEM"], quantity=D("120"), rate=D("505")),
               OrderLineInput(item_id=co.items["SAND"], quantity=D("300"), rate=D("55"))],
        reason="Slab enlarged; sand added"), expected_version=service.get_order(po.id).version)
    # 120 × 505 + 300 × 55 = 60,600 + 16,500 = 77,100
    assert (po2.status, po2.revision, po2.total, po2.lines[0].accepted) == ("draft", 1, D("77100.00"), D("40"))
    assert [(h.revision, h.total, h.lines[0]["quantity"]) for h in po2.history] == [(0, D("50000.00"), "100.000000")]
    with pytest.raises(ValidationFailed) as draft:
        service.receive_goods(_grn(po2, "10"))
    assert draft.value.code == "procurement.order_not_open"
    assert service.approve_order(po2.id).status == "partially_received"
    with pytest.raises(ValidationFailed) as cancel:
        service.cancel_order(po2.id, "no longer needed")
    assert cancel.value.code == "procurement.order_state"


@pytest.mark.parametrize(("grn", "code", "field"), [
    ({"accepted": "101"}, "procurement.over_receipt", "lines[0].accepted"),
    ({"accepted": "10", "received": "12", "rejected": "1"}, "procurement.receipt_unbalanced", "lines[0].accepted"),
    ({"accepted": "10", "line": 2}, "procurement.order_line_unknown", "lines[0].line_no"),
    ({"accepted": "0"}, "procurement.receipt_empty", "lines"),
    ({"accepted": "10", "challan": " "}, "procurement.challan_missing", "challan_no"),
])
def test_a_bad_receipt_is_refused_and_nothing_is_posted(db, admin, co, grn, code, field):
    po = _order(co, "100")
    with pytest.raises(ValidationFailed) as bad:
        service.receive_goods(_grn(po, **grn))
    assert (bad.value.code, bad.value.field) == (code, field)
    assert _count(db, GrnRow) == 0 and service.get_order(po.id).lines[0].accepted == 0


def test_a_receipt_against_a_draft_or_cancelled_order_is_refused(db, admin, co):
    po = _order(co, approve=False)
    with pytest.raises(ValidationFailed):
        service.receive_goods(_grn(po, "1"))
    assert service.cancel_order(po.id, "the vendor withdrew").status == "cancelled"
    with pytest.raises(ValidationFailed) as closed:
        service.approve_order(po.id)
    assert closed.value.code == "procurement.order_state"


# ---- the 3-way match


def test_a_bill_above_what_was_received_or_the_order_rate_is_blocked_with_the_reasons(db, admin, co):
    configuration.set_setting(settings.QTY_TOLERANCE, D("0"))
    configuration.set_setting(settings.PRICE_TOLERANCE, D("1"))
    po = _order(co, "100", "500")
    service.receive_goods(_grn(po, "60", rejected="5"))
    blocked = service.match_bill(_bill(po, "65", "506"))  # 5 over the 60 accepted; 506 > 500 × 1.01 = 505
    assert blocked.status == "blocked" and blocked.invoice_id is None
    assert [(r.kind, r.expected, r.billed) for r in blocked.reasons] == [("quantity", D("60"), D("65")),
                                                                         ("price", D("500"), D("506"))]
    assert all(r.message_bn for r in blocked.reasons)
    assert service.get_order(po.id).lines[0].billed == 0
    ok = service.match_bill(_bill(po, "60", "505"))  # at the tolerance exactly
    assert (ok.status, ok.net) == ("matched", D("30300.00"))
    assert service.match_bill(_bill(po, "1", "500", ref="B-2")).status == "blocked"  # nothing left unbilled
    with pytest.raises(ValidationFailed) as again:
        service.match_bill(_bill(po, "1", "500"))
    assert again.value.code == "procurement.bill_repeated"
    assert [b.status for b in service.list_bill_matches(po.id)] == ["blocked", "matched", "blocked"]


def test_a_quantity_tolerance_lets_a_small_overbilling_through(db, admin, co):
    configuration.set_setting(settings.QTY_TOLERANCE, D("2"))
    po = _order(co, "100", "500")
    service.receive_goods(_grn(po, "100"))
    assert service.match_bill(_bill(po, "103", "500")).status == "blocked"  # 103 > 102
    assert service.match_bill(_bill(po, "102", "500", ref="B-2")).status == "matched"


@pytest.mark.parametrize(("qty", "rate", "line", "code", "field"), [
    ("0", "500", 1, "procurement.quantity_not_positive", "lines[0].quantity"),
    ("1", "-1", 1, "procurement.rate_not_positive", "lines[0].rate"),
    ("1", "500", 3, "procurement.order_line_unknown", "lines[0].line_no"),
])
def test_a_bad_bill_is_refused_and_nothing_is_stored(db, admin, co, qty, rate, line, code, field):
    po = _order(co)
    with pytest.raises(ValidationFailed) as bad:
        service.match_bill(BillInput(order_id=po.id, reference="B-9", bill_date=DAY,
                                     lines=[BillLineInput(line_no=line, quantity=D(qty), rate=D(rate))]))
    assert (bad.value.code, bad.value.field) == (code, field)
    assert _count(db, BillMatchRow) == 0


# ---- who and which company


def test_permissions_idempotency_and_another_company(db, admin, co, tenant_id):
    data = requisition(co, {"CEM": "5"})
    first = service.create_requisition(data, idempotency_key="pr-1")
    assert service.create_requisition(data, idempotency_key="pr-1") == first and _count(db, RequisitionRow) == 1
    engineer = context.RequestContext(tenant_id=tenant_id, user_id=new_id(), actor="engineer@test",
                                      permissions=frozenset({"procurement.requisition.create",
                                                             "procurement.requisition.view"}))
    with context.acting_as(engineer):
        service.submit_requisition(first.id)
        with pytest.raises(PermissionDenied):
            service.approve_requisition(first.id)
        with pytest.raises(PermissionDenied):
            service.list_orders(co.company_id)
    other = context.RequestContext(tenant_id=tenant_id, user_id=new_id(), actor="other@test",
                                   permissions=admin.permissions, company_id=new_id())
    with context.acting_as(other), pytest.raises(DomainError) as hidden:
        service.get_requisition(first.id)
    assert hidden.value.status == 404
    assert _count(db, OrderRow) == 0


def test_another_tenant_sees_none_of_the_documents(db, admin, co):
    rfq = sourced(co, {"CEM": "10"}, {0: {"CEM": "500"}, 1: {"CEM": "510"}, 2: {"CEM": "520"}}, {"CEM": (0, "")})
    po = service.create_orders(rfq, DAY)[0]
    stranger = context.RequestContext(tenant_id=new_id(), user_id=new_id(), actor="stranger@test",
                                      permissions=admin.permissions)
    with context.acting_as(stranger):
        for read, key in ((service.get_order, po.id), (service.comparative_statement, rfq)):
            with pytest.raises(DomainError) as hidden:
                read(key)
            assert hidden.value.status == 404
        assert service.list_orders(co.company_id).items == []


def test_an_order_above_the_approvers_limit_is_refused(db, admin, co, monkeypatch):
    """Roles carry `procurement.purchase_order.approve` with a cap (a procurement officer ৳50,000): approval
    reads it from auth. 100 bags × ৳500 = ৳50,000 passes a ৳50,000 cap; 101 bags do not."""
    from vextrus.modules.auth import api as auth

    limits = {}
    monkeypatch.setattr(auth, "amount_limit", lambda user, permission, company_id=None, scope_id=None:
                        limits.setdefault(permission, D("50000")))
    at_cap = _order(co, "100", "500", approve=False)
    assert service.approve_order(at_cap.id).status == "approved"
    rfq = sourced(co, {"ROD": "101"}, {0: {"ROD": "500"}, 1: {"ROD": "510"}, 2: {"ROD": "520"}}, {"ROD": (0, "")})
    over = service.create_orders(rfq, DAY)[0]
    with pytest.raises(ValidationFailed) as refused:
        service.approve_order(over.id)
    assert (refused.value.code, refused.value.details["limit"]) == ("procurement.over_approval_limit", "50000")
    assert service.get_order(over.id).status == "draft" and limits == {"procurement.purchase_order.approve": D("50000")}
