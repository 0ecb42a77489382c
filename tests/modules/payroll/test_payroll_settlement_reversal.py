"""Reversing a posted final settlement (issue 18), on both databases: finance reverses the journal (the posted
entry is never edited) so every account is back where it was before the settlement, the advance recovery is
given back, the gratuity provision is back in its account, the employee is active again and can be settled
afresh; refusals with code, en/bn message and field; the permission checked in the service; REST with a retried
Idempotency-Key and GraphQL."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from fastapi.testclient import TestClient
from payroll_setup import give, month_run, post, setup, site, staff

from vextrus.modules.finance import api as finance_api
from vextrus.modules.finance import service as finance
from vextrus.modules.payroll import service
from vextrus.modules.payroll.schemas import SettingsChange, SettlementInput
from vextrus.platform import context
from vextrus.platform.errors import Conflict, PermissionDenied, ValidationFailed
from vextrus.platform.ids import new_id

ACCOUNTS = ("5130", "2160", "2151", "2170", "2230", "1143")
OCT31 = date(2025, 10, 31)


def _balances():
    return {a: finance_api.account_balance("PBL", a) for a in ACCOUNTS}


def _settle(e):
    v = service.draft_settlement(e.id, SettlementInput(kind="resignation", last_day=OCT31, notice_given_days=60))
    v = service.approve_settlement(e.id, v.version)
    return service.post_settlement(e.id, v.version)


def _posted_case():
    """L1 (site, basic 20,000, joined 2020) with the gratuity provision on: October's run provides 116,666.67
    (2230) and recovers 1,000 of a 5,000 advance; the resignation on 31 October is posted."""
    c = setup()
    e = staff(c, "L1", workplace="site", project_id=site(c))
    service.change_settings(c.id, SettingsChange(gratuity_provision="true"))
    give(c, e, "5000.00", date(2025, 10, 1), instalment_amount=D(1000))
    post(month_run(c, date(2025, 10, 1)))
    return c, e


def _refused(err, code: str, field: str) -> None:
    assert (err.code, err.field) == (code, field)
    assert err.message and err.message_bn and err.message != err.message_bn


def test_reversal_puts_the_books_the_advance_and_the_employee_back(db, admin):
    c, e = _posted_case()
    before = _balances()
    assert before["2230"] == D("-116666.67") and before["1143"] == D("4000.00")
    posted = _settle(e)
    assert service.get_employee(e.id).status == "separated"
    assert _balances()["1143"] == 0 and _balances()["2230"] == 0  # the advance recovered, the provision used
    advance = service.list_advances(c.id, e.id).items[0]
    assert service.get_advance(advance.id).status == "settled"

    rev = service.reverse_settlement(e.id, "Resignation withdrawn", None, posted.version)
    assert (rev.status, rev.reversed_on, rev.reversal_reason) == ("reversed", OCT31, "Resignation withdrawn")
    assert rev.reversal_entry_id and rev.reversal_entry_number and rev.entry_id == posted.entry_id
    assert _balances() == before  # the journal reversed: every account as before the settlement
    assert finance.get_entry("PBL", posted.entry_id).lines  # the posted entry is still there, unchanged
    a = service.get_advance(advance.id)
    assert (a.status, a.recovered) == ("active", D("1000.00"))  # October's instalment only
    emp = service.get_employee(e.id)
    assert (emp.status, emp.separated_on, emp.separation_kind) == ("active", None, "")

    # refused: again (409), a draft (409), no reason and a date before the journal (422); nothing changes
    with pytest.raises(Conflict) as again:
        service.reverse_settlement(e.id, "twice")
    _refused(again.value, "payroll.settlement_already_reversed", "status")
    assert _balances() == before

    # computed again from the reversed settlement: a draft with the same figures, posted and reversed again
    redo = service.draft_settlement(e.id, SettlementInput(kind="resignation", last_day=OCT31, notice_given_days=60),
                                    rev.version)
    assert (redo.status, redo.entry_id, redo.reversed_on, redo.reversal_entry_id) == ("draft", None, None, None)
    assert [(ln.code, ln.amount) for ln in redo.lines] == [(ln.code, ln.amount) for ln in posted.lines]
    assert redo.leave_days == posted.leave_days  # hr's balance never lost the settled days
    with pytest.raises(Conflict) as draft:
        service.reverse_settlement(e.id, "not posted")
    _refused(draft.value, "payroll.settlement_not_posted", "status")
    redo = service.approve_settlement(e.id, redo.version)
    redo = service.post_settlement(e.id, redo.version)
    with pytest.raises(ValidationFailed) as no_reason:
        service.reverse_settlement(e.id, "  ")
    _refused(no_reason.value, "payroll.reversal_reason_missing", "reason")
    with pytest.raises(ValidationFailed) as early:
        service.reverse_settlement(e.id, "early", date(2025, 10, 30))
    _refused(early.value, "payroll.reversal_before_posting", "reversal_date")
    assert service.get_settlement(e.id).status == "posted" and service.get_employee(e.id).status == "separated"
    later = service.reverse_settlement(e.id, "Rehired", date(2025, 11, 5))
    assert later.reversed_on == date(2025, 11, 5)
    assert finance.get_entry("PBL", later.reversal_entry_id).entry_date == date(2025, 11, 5)
    # active again: November's run pays the employee
    assert [p.employee_code for p in month_run(c, date(2025, 11, 1)).payslips] == ["L1"]


def test_the_permission_is_checked_in_the_service(db, admin, tenant_id):
    c, e = _posted_case()
    posted = _settle(e)
    clerk = context.RequestContext(tenant_id=tenant_id, user_id=new_id(), actor="clerk@test",
                                   permissions=frozenset({"payroll.employee.view", "payroll.settlement.prepare"}))
    with context.acting_as(clerk), pytest.raises(PermissionDenied):
        service.reverse_settlement(e.id, "no right")
    assert service.get_settlement(e.id).status == "posted" and posted.status == "posted"


@pytest.fixture
def client(db, admin):
    from vextrus.app import create_app

    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as cl:
        yield cl


def test_rest_with_a_retried_key_and_graphql(client):
    c, e = _posted_case()
    before = _balances()
    _settle(e)
    url = f"/api/v1/payroll/employees/{e.id}/settlement/reverse"
    r1 = client.post(url, json={"reason": "Withdrawn"}, headers={"Idempotency-Key": "rev-1"})
    r2 = client.post(url, json={"reason": "Withdrawn"}, headers={"Idempotency-Key": "rev-1"})  # retried: once
    assert r1.status_code == r2.status_code == 200 and r1.json() == r2.json(), r1.text
    assert r1.json()["status"] == "reversed" and r1.json()["reversal_entry_number"]
    assert _balances() == before
    r3 = client.post(url, json={"reason": "Again"}, headers={"Idempotency-Key": "rev-2", "Accept-Language": "bn"})
    assert r3.status_code == 409 and r3.json()["code"] == "payroll.settlement_already_reversed"
    assert r3.json()["field"] == "status" and r3.json()["message_bn"]
    bad = client.post(url, json={"reason": "x", "reversal_date": "garbage"})
    assert bad.status_code == 422 and bad.json()["field"] == "reversal_date" and bad.json()["message_bn"]
    assert client.get(f"/payroll/employees/{e.id}?lang=bn").status_code == 200  # the page shows a reversed one
    page = client.get(f"/payroll/employees/{e.id}?lang=en").text
    assert "Reversed" in page and 'id="settlement-form"' in page  # and offers to compute it again
    v = service.draft_settlement(e.id, SettlementInput(kind="resignation", last_day=OCT31, notice_given_days=60),
                                 service.get_settlement(e.id).version)
    v = service.approve_settlement(e.id, v.version)
    v = service.post_settlement(e.id, v.version)
    q = ('mutation { reversePayrollSettlement(employeeId: "' + str(e.id) + '", reason: "Rehired", '
         'expectedVersion: ' + str(v.version) + ', idempotencyKey: "g-1") '
         '{ status reversedOn reversalReason reversalEntryNumber } }')
    g = client.post("/graphql", json={"query": q}).json()
    assert not g.get("errors"), g
    got = g["data"]["reversePayrollSettlement"]
    assert (got["status"], got["reversedOn"], got["reversalReason"]) == ("reversed", "2025-10-31", "Rehired")
    assert got["reversalEntryNumber"] and _balances() == before
    assert service.get_employee(e.id).status == "active"
