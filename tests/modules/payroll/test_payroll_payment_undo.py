"""Undoing a payroll payment recorded by mistake, on both databases: finance reverses the payment journal (the
original stays, marked reversed), salaries payable owes the run's net again, the run is `posted` again (files
readable, a new payment and a reversal possible), the payment and its undo are kept, event
`payroll.run.payment_undone`; refusals (not paid, no reason, dated before the payment, stale version) with code,
en/bn message and field, nothing changed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from uuid import UUID

import pytest
from fastapi.testclient import TestClient
from payroll_setup import SAT, month_run, post, setup, site, staff, week, worker
from sqlalchemy import select

from bangla_text import latin_left
from vextrus.modules.finance import api as finance_api
from vextrus.modules.finance import service as finance
from vextrus.modules.hr import api as hr_api
from vextrus.modules.payroll import service
from vextrus.modules.payroll.schemas import PaymentInput, PaymentUndoInput, WageRunRequest
from vextrus.platform import context
from vextrus.platform.errors import DomainError
from vextrus.platform.tables import OutboxEvent

JAN, FEB5 = date(2026, 1, 1), date(2026, 2, 5)


def people(c):  # bank, bKash, cash (as test_payroll_payment.py)
    staff(c, "E1", account_no="0002634012345", payment_method="bank", bank_name="Sonali Bank PLC",
          bank_branch="Motijheel Corporate", routing_no="200275356")
    staff(c, "E2", payment_method="mfs", account_no="01712345678", mfs_provider="bkash", basic=D("23456.78"))
    staff(c, "E3", payment_method="cash", account_no="", grade="W1", employment_type="contractual")


def refused(code: str, field: str, fn, *args, **kw) -> DomainError:  # noqa: ANN001
    with pytest.raises(DomainError) as e:
        fn(*args, **kw)
    assert (e.value.code, e.value.field) == (code, field), (e.value.code, e.value.field, e.value.message)
    assert e.value.message_bn
    return e.value


def outbox(db, tenant_id: UUID, name: str) -> list[OutboxEvent]:  # noqa: ANN001
    with context.acting_as(context.system_context(tenant_id)), db.session_factory() as s:
        return list(s.execute(select(OutboxEvent).where(OutboxEvent.name == name)).scalars())


def test_undoing_a_payment_reverses_its_journal_and_the_run_is_posted_again(db, admin):
    c = setup()
    people(c)
    run = post(month_run(c, JAN))
    paid = service.record_payment("runs", run.id, PaymentInput(paid_on=FEB5))
    assert finance_api.account_balance("PBL", "2160") == 0
    back = service.undo_payment("runs", run.id, PaymentUndoInput(reason="Recorded twice: the bank has not paid",
                                                                 expected_version=paid.version))
    assert (back.status, back.paid_on, back.payment_entry_id, back.payment_entry_number) == ("posted", None, None, "")
    assert back.version == paid.version + 1
    original = finance.get_entry("PBL", paid.payment_entry_id)
    assert original.reversed_by_id is not None  # never edited: reversed
    rev = finance.get_entry("PBL", original.reversed_by_id)
    assert rev.entry_date == FEB5 and rev.reverses_id == paid.payment_entry_id
    assert sorted((ln.account_code, ln.debit, ln.credit) for ln in rev.lines) == sorted(
        (ln.account_code, ln.credit, ln.debit) for ln in original.lines)
    assert finance_api.account_balance("PBL", "2160") == -run.net  # salaries payable owes the net again (credit)
    [undo] = service.payment_undos("runs", run.id)
    assert (undo.paid_on, undo.payment_entry_id, undo.net, undo.undone_on, undo.reversal_entry_id) == (
        FEB5, paid.payment_entry_id, run.net, FEB5, rev.id)
    assert undo.reason == "Recorded twice: the bank has not paid"
    [ev] = [e for e in outbox(db, context.current().tenant_id, "payroll.run.payment_undone") if e.payload["run_id"] == str(run.id)]
    assert ev.payload["reversal_entry_id"] == str(rev.id) and D(ev.payload["net"]) == run.net
    # posted again: the files are made, it can be paid again (later) or undone again, and reversed
    assert service.disbursement("runs", run.id).total_net == run.net
    again = service.record_payment("runs", run.id, PaymentInput(paid_on=date(2026, 2, 9)))
    assert again.status == "paid" and finance_api.account_balance("PBL", "2160") == 0
    service.undo_payment("runs", run.id, PaymentUndoInput(reason="Wrong day", reversal_date=date(2026, 2, 10)))
    assert [u.undone_on for u in service.payment_undos("runs", run.id)] == [FEB5, date(2026, 2, 10)]
    assert service.reverse_run(run.id, "wrong month", None).status == "reversed"


def test_refusals_change_nothing(db, admin):
    c = setup()
    people(c)
    run = post(month_run(c, JAN))
    e = refused("payroll.run_not_paid", "status", service.undo_payment, "runs", run.id, PaymentUndoInput(reason="x"))
    assert latin_left(e.message_bn) == []
    paid = service.record_payment("runs", run.id, PaymentInput(paid_on=FEB5))
    e = refused("payroll.reversal_reason_missing", "reason", service.undo_payment, "runs", run.id,
                PaymentUndoInput(reason="  "))
    assert latin_left(e.message_bn) == []
    e = refused("payroll.reversal_before_posting", "reversal_date", service.undo_payment, "runs", run.id,
                PaymentUndoInput(reason="wrong", reversal_date=date(2026, 2, 4)))
    assert "পরিশোধের তারিখ" in e.message_bn
    with pytest.raises(DomainError) as stale:
        service.undo_payment("runs", run.id, PaymentUndoInput(reason="wrong", expected_version=paid.version - 1))
    assert stale.value.status == 409 and stale.value.message_bn
    now = service.get_run(run.id)
    assert (now.status, now.version, now.payment_entry_id) == ("paid", paid.version, paid.payment_entry_id)
    assert finance.get_entry("PBL", paid.payment_entry_id).reversed_by_id is None
    assert service.payment_undos("runs", run.id) == []


def test_a_wage_runs_payment_is_undone(db, admin):
    c = setup()
    project = site(c)
    ws = [worker(c, project, "W-1"), worker(c, project, "W-2", D(650))]
    week(c, project, ws, SAT, {ws[0].id: 6, ws[1].id: 7})
    run = hr_api.prepare_wage_run(WageRunRequest(company_id=c.id, period_start=SAT, period_end=date(2025, 10, 10),
                                                 project_id=project))
    posted = service.post_wage_run(service.approve_wage_run(run.id).id)
    paid = service.record_payment("wage-runs", posted.id, PaymentInput(paid_on=date(2025, 10, 11)))
    back = service.undo_payment("wage-runs", posted.id, PaymentUndoInput(reason="paid from the wrong till"))
    assert back.status == "posted" and back.paid_on is None
    assert finance.get_entry("PBL", paid.payment_entry_id).reversed_by_id is not None
    [undo] = service.payment_undos("wage-runs", posted.id)
    assert undo.run_kind == "wage" and undo.net == D(7550)
    assert service.reverse_wage_run(posted.id, "wrong week", None).status == "reversed"


@pytest.fixture
def client(db, admin):  # noqa: ANN001, ANN201
    from vextrus.app import create_app

    with TestClient(create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])) as c:
        c.get("/payroll")
        c.headers["X-CSRF-Token"] = c.cookies.get("vx_csrf") or ""
        yield c


def test_rest_undoes_a_payment_and_refuses_at_the_field(client):
    c = setup()
    people(c)
    run = post(month_run(c, JAN))
    client.post(f"/api/v1/payroll/runs/{run.id}/pay", json={"paid_on": "2026-02-05"})
    r = client.post(f"/api/v1/payroll/runs/{run.id}/undo-payment", json={"reason": ""})
    assert r.status_code == 422 and "reason" in str(r.json())
    r = client.post(f"/api/v1/payroll/runs/{run.id}/undo-payment", json={"reason": "recorded by mistake"},
                    headers={"Idempotency-Key": "undo-1"})
    assert r.status_code == 200 and r.json()["status"] == "posted"
    again = client.post(f"/api/v1/payroll/runs/{run.id}/undo-payment", json={"reason": "recorded by mistake"},
                        headers={"Idempotency-Key": "undo-1"})
    assert again.status_code == 200 and len(service.payment_undos("runs", run.id)) == 1  # undone once
    r = client.post(f"/api/v1/payroll/runs/{run.id}/undo-payment", json={"reason": "again"})
    assert r.status_code == 409 and "run_not_paid" in str(r.json())
    got = client.get(f"/api/v1/payroll/runs/{run.id}/payment-undos").json()
    assert [u["reason"] for u in got] == ["recorded by mistake"] and D(got[0]["net"]) == run.net
    # GraphQL the same: undone once more after paying again; a blank reason refused at `reason`
    service.record_payment("runs", run.id, PaymentInput(paid_on=date(2026, 2, 9)))
    m = 'mutation { undoPayrollRunPayment(id: "RID", reason: "WHY") { status paidOn } }'.replace("RID", str(run.id))
    err = client.post("/graphql", json={"query": m.replace("WHY", " ")}).json()["errors"][0]["extensions"]
    assert (err["code"], err["field"]) == ("payroll.reversal_reason_missing", "reason")
    got = client.post("/graphql", json={"query": m.replace("WHY", "twice")}).json()["data"]["undoPayrollRunPayment"]
    assert got == {"status": "posted", "paidOn": None} and len(service.payment_undos("runs", run.id)) == 2


def test_the_paid_run_page_undoes_the_payment_in_english_and_bangla(client):
    """The paid run page's Undo payment form: a missing reason refused at its field in the page's language
    (nothing changes); undone, the page shows the run posted and the payment undone (no English on the Bangla page)."""
    from bangla_text import latin_in_main

    c = setup()
    people(c)
    run = post(month_run(c, JAN))
    paid = service.record_payment("runs", run.id, PaymentInput(paid_on=FEB5))
    for lang, words in (("en", "Undo payment"), ("bn", "পরিশোধ বাতিল করুন")):
        page = client.get(f"/payroll/runs/{run.id}?lang={lang}").text
        assert 'id="run-undo-payment"' in page and words in page
    assert latin_in_main(client.get(f"/payroll/runs/{run.id}?lang=bn").text) == []
    for lang, words in (("en", "Give the reason for the reversal"), ("bn", "রিভার্স করার কারণ লিখুন")):
        r = client.post(f"/payroll/runs/{run.id}/undo-payment?lang={lang}",
                        data={"expected_version": str(paid.version), "reason": " "})
        assert r.status_code == 422
        form = r.text.split('id="run-undo-payment"', 1)[1].split("</form>", 1)[0]
        assert words in form and 'aria-invalid="true"' in form
        assert form.index('aria-invalid="true"') < form.index('name="reversal_date"')
    assert service.get_run(run.id).status == "paid"
    r = client.post(f"/payroll/runs/{run.id}/undo-payment?lang=bn",
                    data={"expected_version": str(paid.version), "reason": "ভুল করে লেখা", "reversal_date": "2026-02-06"},
                    follow_redirects=False)
    assert r.status_code == 303
    page = client.get(f"/payroll/runs/{run.id}?lang=bn").text
    assert page.count('id="payment-undos"') == 1 and page.count("ভুল করে লেখা") == 1 and 'id="run-pay"' in page
    assert latin_in_main(page) == []
    assert service.payment_undos("runs", run.id)[0].undone_on == date(2026, 2, 6)
