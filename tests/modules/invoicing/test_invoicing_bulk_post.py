"""Posting many drafts at once (issue 16, month-end): the same numbers, journals, balances and events as
posting them one by one in invoice-date order (two tenants, the same drafts, compared to the poisha); a draft
that cannot be posted is reported with its error and left a draft while the others are posted; REST
(idempotent), GraphQL and the list page's button; both databases."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal as D
from uuid import UUID

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from vextrus.modules.finance import service as finance
from vextrus.modules.invoicing import service
from vextrus.modules.invoicing.events import InvoicePosted
from vextrus.modules.invoicing.schemas import InvoiceInput, InvoiceLineInput, InvoicesPostInput
from vextrus.modules.master_data import service as master_data
from vextrus.modules.master_data.schemas import PartyInput
from vextrus.modules.organization import api as org
from vextrus.platform import context
from vextrus.platform.errors import DomainError, PermissionDenied
from vextrus.platform.ids import new_id
from vextrus.platform.tables import OutboxEvent, Tenant

CODES = ("S004.00", "VAT15", "VAT7.5", "VAT5", "EXEMPT")


def _tenant(db) -> context.RequestContext:
    """A fresh tenant with company PBL (book, fiscal year 2025-26), a customer and a vendor; its owner."""
    tid = new_id()
    with context.acting_as(context.system_context()), db.session_factory.begin() as s:
        s.add(Tenant(id=tid, code=f"t{tid.hex[-12:]}", name="Test Builders Ltd.", is_demo=False))
    return context.RequestContext(tenant_id=tid, user_id=new_id(), permissions=frozenset({"*"}),
                                  roles=frozenset({"owner"}), actor="admin@test")


def _company() -> tuple:
    c = org.create_company(org.CompanyInput(code="PBL", name="Padma Builders Ltd."))
    finance.ensure_book("PBL", "Padma Builders Ltd.", c.id)
    finance.open_fiscal_year("PBL", "2025-26")
    cust = master_data.create_party(PartyInput(legal_name="Meghna Housing Ltd.", roles=["customer"]))
    vend = master_data.create_party(PartyInput(legal_name="BSRM Steels Ltd.", roles=["vendor"],
                                               vendor_categories=["supplier"]))
    return c.id, cust.id, vend.id


def _drafts(specs: list[tuple[str, int, list[tuple[D, D, D, int]]]]) -> tuple:
    """The company and the drafts of `specs`: (kind, day offset, lines of (quantity, price, discount, code))."""
    cid, cust, vend = _company()
    ids = []
    for kind, day, lines in specs:
        ids.append(service.create_invoice(InvoiceInput(
            company_id=cid, kind=kind, party_id=cust if kind == "sales" else vend,
            invoice_date=date(2025, 7, 1) + timedelta(days=day), narration="" if day % 2 else f"Month-end {day}",
            lines=[InvoiceLineInput(description=f"Item {j}", quantity=q, unit_price=p, discount=d, vat_code=CODES[c])
                   for j, (q, p, d, c) in enumerate(lines)])).id)
    return cid, ids


def _books(db, cid, ids) -> dict:
    """What a user sees of the posted drafts: each invoice and its journal (lines with party names), the trial
    balance, the posted events; ids replaced by names and positions so two tenants compare."""
    invs = [service.get_invoice(i) for i in ids]
    journals = []
    for v in invs:
        if v.entry_id is None:
            journals.append(None)
            continue
        e = finance.get_entry("PBL", v.entry_id)
        journals.append((e.number, e.journal_type, e.entry_date, e.narration, e.reference, e.status,
                         [(ln.account_code, ln.debit, ln.credit, ln.memo, ln.party_id is not None, ln.activity_code)
                          for ln in e.lines]))
    tb = finance.trial_balance("PBL", None, date(2026, 6, 30))
    with db.session_factory() as s:
        events = [e.payload for e in s.scalars(select(OutboxEvent).where(
            OutboxEvent.tenant_id == context.require_tenant(), OutboxEvent.name == InvoicePosted.name))]
    pos = {i: k for k, i in enumerate(ids)}
    return {
        "invoices": [(v.kind, v.number, v.status, v.net, v.vat, v.gross, v.version, v.entry_number,
                      [(ln.net, ln.vat, ln.gross, ln.vat_rate) for ln in v.lines]) for v in invs],
        "journals": journals,
        "trial_balance": [(ln.account_code, ln.closing_debit, ln.closing_credit) for ln in tb.lines],
        "events": sorted((pos[UUID(p["invoice_id"])], p["kind"], p["number"], p["net"], p["vat"],
                          p["gross"]) for p in events),
    }


def _one_by_one(ids) -> None:
    """Post singly in the bulk post's order: invoice date, then the order drafted."""
    for v in sorted((service.get_invoice(i) for i in ids), key=lambda v: (v.invoice_date, v.id.int)):
        service.post_invoice(v.id)


SPECS = [("sales", 40, [(D("1"), D("1000000.00"), D(0), 0), (D("2.5"), D("20000.00"), D("1000.00"), 1)]),
         ("purchase", 3, [(D("12.5"), D("85000.75"), D(0), 2)]),
         ("sales", 3, [(D("0.333"), D("1000.01"), D(0), 1), (D("7"), D("3.33"), D("0.01"), 3), (D(1), D(500), D(0), 4)]),
         ("purchase", 90, [(D("1"), D("333.33"), D(0), 1), (D("1"), D("0.05"), D(0), 1)]),
         ("sales", 200, [(D("4"), D("2500.25"), D(0), c) for c in range(5)]),
         ("sales", 3, [(D("1"), D("99.99"), D(0), 1)]),
         ("purchase", 250, [(D("2"), D("45000.00"), D("100.00"), 0)])]


def test_posting_in_bulk_equals_posting_one_by_one(db, admin):
    single, bulk = _tenant(db), _tenant(db)
    with context.acting_as(single):
        cid_a, ids_a = _drafts(SPECS)
        _one_by_one(ids_a)
        a = _books(db, cid_a, ids_a)
    with context.acting_as(bulk):
        cid_b, ids_b = _drafts(SPECS)
        shuffled = ids_b[:]
        random.Random(16).shuffle(shuffled)
        res = service.post_invoices(InvoicesPostInput(company_id=cid_b, invoice_ids=shuffled))
        assert (len(res.posted), res.refused, res.more) == (len(SPECS), [], False)
        b = _books(db, cid_b, ids_b)
    assert a == b
    # numbers follow the invoice dates within each series, and the books balance
    assert [n for k, n, *_ in a["invoices"] if k == "sales"] == [
        "SI-2025-26-00003", "SI-2025-26-00001", "SI-2025-26-00004", "SI-2025-26-00002"]
    assert len(a["events"]) == len(SPECS)


line = st.tuples(st.decimals(D("0.5"), D(500), places=3), st.decimals(D("1.00"), D(100000), places=2),
                 st.just(D(0)), st.integers(0, 4))
spec = st.tuples(st.sampled_from(("sales", "purchase")), st.integers(0, 364), st.lists(line, min_size=1, max_size=5))


@settings(max_examples=4, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(specs=st.lists(spec, min_size=1, max_size=6))
def test_property_any_drafts_post_the_same_in_bulk_as_one_by_one(db, admin, specs):
    single, bulk = _tenant(db), _tenant(db)
    with context.acting_as(single):
        cid_a, ids_a = _drafts(specs)
        _one_by_one(ids_a)
        a = _books(db, cid_a, ids_a)
    with context.acting_as(bulk):
        cid_b, ids_b = _drafts(specs)
        res = service.post_invoices(InvoicesPostInput(company_id=cid_b))  # the filter: all the company's drafts
        assert len(res.posted) == len(specs) and not res.refused
        b = _books(db, cid_b, ids_b)
    assert a == b


def test_a_draft_that_cannot_be_posted_is_reported_and_the_others_are_posted(db, admin):
    cid, ids = _drafts(SPECS[:5])
    service.post_invoice(ids[1])  # already posted: its single post says not_draft
    # July to September closed: finance refuses the journals of the three drafts dated in them
    for period in (1, 2, 3):
        finance.close_period("PBL", "2025-26", period)
    missing = new_id()
    res = service.post_invoices(InvoicesPostInput(company_id=cid, invoice_ids=[*ids, missing]),
                                idempotency_key="month-end-1")
    refused = {r.invoice_id: r for r in res.refused}
    assert set(refused) == {ids[0], ids[1], ids[2], ids[3], missing}
    assert (refused[ids[1]].code, refused[ids[1]].field) == ("invoicing.not_draft", "status")
    assert refused[missing].code == "not_found" and refused[missing].message_bn
    for i in (ids[0], ids[2], ids[3]):  # finance's own refusal, as the single post gives it, en and bn
        with pytest.raises(DomainError) as single:
            service.post_invoice(i)
        assert (refused[i].code, refused[i].message, refused[i].message_bn) == (
            single.value.code, single.value.message, single.value.message_bn)
        assert service.get_invoice(i).status == "draft"
    # the other one posted, numbered as the first of its series (the refused gave their numbers back)
    assert [(p.invoice_id, p.number) for p in res.posted] == [(ids[4], "SI-2025-26-00001")]
    assert service.get_invoice(ids[4]).status == "posted"
    again = service.post_invoices(InvoicesPostInput(company_id=cid, invoice_ids=[*ids, missing]),
                                  idempotency_key="month-end-1")  # the same answer, nothing posted twice
    assert again == res


def test_bulk_posting_needs_the_post_permission(db, admin):
    cid, ids = _drafts(SPECS[:1])
    clerk = context.RequestContext(tenant_id=admin.tenant_id, user_id=new_id(),
                                   permissions=frozenset({"invoicing.invoice.view", "invoicing.invoice.manage"}),
                                   actor="clerk@test")
    with context.acting_as(clerk), pytest.raises(PermissionDenied):
        service.post_invoices(InvoicesPostInput(company_id=cid, invoice_ids=ids))
    assert service.get_invoice(ids[0]).status == "draft"


def test_rest_graphql_and_the_list_page_post_selected_drafts(db, admin, client):
    cid, ids = _drafts(SPECS[:4])
    body = {"company_id": str(cid), "invoice_ids": [str(ids[0])]}
    r1 = client.post("/api/v1/invoicing/invoices/post", json=body, headers={"Idempotency-Key": "bulk-1"})
    r2 = client.post("/api/v1/invoicing/invoices/post", json=body, headers={"Idempotency-Key": "bulk-1"})
    assert r1.status_code == 200 and r1.json() == r2.json()
    assert [p["number"] for p in r1.json()["posted"]] == ["SI-2025-26-00001"]
    q = """mutation($c: ID!, $ids: [ID!]) { postInvoices(companyId: $c, invoiceIds: $ids, idempotencyKey: "g-1") {
             posted { invoiceId number entryNumber } refused { invoiceId code message messageBn field } more } }"""
    g = client.post("/graphql", json={"query": q, "variables": {"c": str(cid), "ids": [str(ids[1]), str(ids[0])]}})
    out = g.json()["data"]["postInvoices"]
    assert [p["number"] for p in out["posted"]] == ["PB-2025-26-00001"]
    assert [(r["code"], r["field"]) for r in out["refused"]] == [("invoicing.not_draft", "status")]
    # the list page: the drafts have a box and the button posts the ticked ones, in en and bn
    for lang, label in (("bn", "বাছাই করা খসড়া পোস্ট করুন"), ("en", "Post selected drafts")):
        page = client.get(f"/invoicing?company={cid}&lang={lang}")
        assert label in page.text and f'value="{ids[2]}"' in page.text and f'value="{ids[0]}"' not in page.text
    done = client.post("/invoicing/post-selected", data={"company_id": str(cid), "invoice_ids": [str(ids[2])],
                                                         "csrf_token": client.headers["X-CSRF-Token"]})
    assert done.status_code == 200 and "SI-2025-26-00002" in done.text
    assert service.get_invoice(ids[2]).status == "posted" and service.get_invoice(ids[3]).status == "draft"


def _stale_vat(db, ids) -> None:
    """The drafts' stored lines carry a VAT the tax module no longer gives (as after a rate change)."""
    from sqlalchemy import update

    from vextrus.modules.invoicing.tables import LineRow

    with db.session_factory.begin() as s:
        s.execute(update(LineRow).where(LineRow.invoice_id.in_(ids))
                  .values(vat=D("1.00"), gross=D("1.00"), vat_rate=D("99.1234")))


def test_lines_priced_again_are_stored_as_the_single_post_stores_them(db, admin):
    single, bulk = _tenant(db), _tenant(db)
    with context.acting_as(single):
        cid_a, ids_a = _drafts(SPECS)
        _stale_vat(db, ids_a)
        _one_by_one(ids_a)
        a = _books(db, cid_a, ids_a)
    with context.acting_as(bulk):
        cid_b, ids_b = _drafts(SPECS)
        _stale_vat(db, ids_b)
        res = service.post_invoices(InvoicesPostInput(company_id=cid_b, invoice_ids=ids_b))
        assert len(res.posted) == len(SPECS) and not res.refused
        b = _books(db, cid_b, ids_b)
    assert a == b
    assert all(rate != D("99.1234") for *_, lines in b["invoices"] for *_, rate in lines)


def test_a_draft_changed_while_the_batch_is_posted_fails_the_whole_call(db, admin, monkeypatch):
    from sqlalchemy import update

    from vextrus.modules.invoicing.service import bulk_post
    from vextrus.modules.invoicing.tables import InvoiceRow

    cid, ids = _drafts(SPECS[:3])
    guard = bulk_post._guard

    def then_changed(uow, rows):  # another writer moved one draft's version on after it was read
        out = guard(uow, rows)
        uow.session.execute(update(InvoiceRow).where(InvoiceRow.id == ids[1])
                            .values(version=InvoiceRow.version + 1))
        return out

    monkeypatch.setattr(bulk_post, "_guard", then_changed)
    with pytest.raises(DomainError) as exc:
        service.post_invoices(InvoicesPostInput(company_id=cid, invoice_ids=ids))
    assert (exc.value.code, exc.value.field) == ("stale_version", "version")
    monkeypatch.undo()
    assert [service.get_invoice(i).status for i in ids] == ["draft"] * 3  # nothing posted, no number taken
    res = service.post_invoices(InvoicesPostInput(company_id=cid, invoice_ids=ids))
    assert sorted(p.number for p in res.posted if p.kind == "sales") == ["SI-2025-26-00001", "SI-2025-26-00002"]
