"""The integration contract with hr: with the seeded leave workflow active (an HR officer decides), a
leave application is sent for approval when it is made, is decided there only, and the decision comes
back to hr once. Without the workflow, hr's own approve/reject decide as before."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from vextrus.modules.hr import service as hr
from vextrus.modules.hr.schemas import LeaveInput
from vextrus.modules.payroll import service as payroll
from vextrus.modules.payroll.schemas import EmployeeInput, StructureInput
from vextrus.modules.workflow import service as workflow
from vextrus.modules.workflow.domain import DecisionRefused
from vextrus.platform import context
from vextrus.platform.errors import Conflict
from vextrus.platform.tables import OutboxEvent


@pytest.fixture
def staff(db, people):  # noqa: ANN001, ANN201
    """Two HR officers and two employees of the people fixture's company."""
    from vextrus.modules.auth import service as auth

    with context.acting_as(context.system_context(people.tenant_id)):
        for who in ("hr1", "hr2"):
            people.ids[who] = auth.create_user(auth.UserInput(
                email=f"{who}.{people.tenant_id.hex[-10:]}@wf.example", name=who.upper()), "Pass-word-123",
                people.company_id, ["hr_officer"]).id
        payroll.save_structure(StructureInput(company_id=people.company_id, grade="G1", basic=Decimal(30_000),
                                              components=[]))
        return [payroll.create_employee(EmployeeInput(company_id=people.company_id, code=code, name=f"Staff {code}",
                                                      grade="G1", joining_date=date(2024, 1, 1), account_no="1"))
                for code in ("S1", "S2")]


def _apply(employee, day: int, days: int = 2):  # noqa: ANN001, ANN202
    return hr.apply_leave(LeaveInput(employee_id=employee.id, leave_type="casual", start=date(2026, 3, day),
                                     end=date(2026, 3, day + days - 1), reason="family"))


def _decided_events(db, tenant_id, leave_id) -> list[str]:  # noqa: ANN001
    with context.acting_as(context.system_context(tenant_id)), db.session_factory() as s:
        return [e.payload["status"] for e in s.execute(select(OutboxEvent).where(OutboxEvent.name == "hr.leave.decided")
                                                            .order_by(OutboxEvent.occurred_at, OutboxEvent.id))
                .scalars() if e.payload["leave_id"] == str(leave_id)]


def test_without_the_workflow_hr_decides_as_before(db, people, staff):
    with people.acting("hr1"):
        leave = _apply(staff[0], 2)
        assert leave.approval_id is None and leave.status == "applied"
        assert hr.approve_leave(leave.id).status == "approved"


def test_an_application_waits_for_its_approval_and_the_decision_comes_back_once(db, people, staff):
    with context.acting_as(context.system_context(people.tenant_id)):
        workflow.seed_defaults()  # leave request: an HR officer decides
    with people.acting("hr1"):
        leave = _apply(staff[0], 2)
        assert leave.status == "applied" and leave.approval_id is not None
        inst = workflow.get_instance(leave.approval_id)
        assert inst.definition_code == "leave_request" and inst.status == "pending"
        with pytest.raises(Conflict) as e:  # hr's own decision is refused: the approval decides
            hr.approve_leave(leave.id)
        assert e.value.code == "hr.leave_in_approval" and e.value.details["approval_id"] == str(inst.id)
        assert "অনুমোদন" in e.value.message_bn
        with pytest.raises(DecisionRefused) as e:  # nobody approves what they submitted
            workflow.decide(inst.id, "approve")
        assert e.value.code == "self_approval"
        assert hr.balances(staff[0].id, 2026)[0].pending == Decimal(2)
    with people.acting("hr2"):
        assert workflow.decide(inst.id, "approve", "cover arranged").status == "approved"
        workflow.decide(inst.id, "approve")  # the same decision again has no further effect
        [after] = [x for x in hr.list_leave(people.company_id) if x.id == leave.id]
        casual = next(b for b in hr.balances(staff[0].id, 2026) if b.leave_type == "casual")
    assert after.status == "approved" and after.decided_by.endswith("(approval)")
    assert (casual.taken, casual.pending, casual.left) == (Decimal(2), Decimal(0), Decimal(8))
    assert _decided_events(db, people.tenant_id, leave.id) == ["approved"]


def test_a_rejected_application_is_rejected_in_hr_and_frees_the_balance(db, people, staff):
    with context.acting_as(context.system_context(people.tenant_id)):
        workflow.seed_defaults()
    with people.acting("hr2"):
        leave = _apply(staff[1], 9, days=3)
    with people.acting("hr1"):
        workflow.decide(leave.approval_id, "reject", "site handover that week")
        [after] = [x for x in hr.list_leave(people.company_id) if x.id == leave.id]
        with pytest.raises(Conflict) as e:  # decided: hr's own approval cannot overturn it
            hr.approve_leave(leave.id)
        casual = next(b for b in hr.balances(staff[1].id, 2026) if b.leave_type == "casual")
    assert after.status == "rejected" and e.value.code in {"hr.leave_decided", "hr.leave_in_approval"}
    assert (casual.taken, casual.pending, casual.left) == (Decimal(0), Decimal(0), Decimal(10))
    assert _decided_events(db, people.tenant_id, leave.id) == ["rejected"]


def test_system_work_is_not_sent_for_approval(db, people, staff):
    with context.acting_as(context.system_context(people.tenant_id)):
        workflow.seed_defaults()
        leave = _apply(staff[0], 16)  # the demo loader applies as the system
        assert leave.approval_id is None
        assert hr.approve_leave(leave.id).status == "approved"


def test_a_withdrawn_application_frees_the_balance_and_can_be_made_again(db, people, staff):
    """Whoever applied withdraws the application's approval (workflow.instance.withdrawn): hr marks the application
    withdrawn (hr/approval_withdrawal.py), its days stop counting as pending, and nobody decides it any more."""
    from vextrus.modules.workflow.domain import InstanceClosed

    with context.acting_as(context.system_context(people.tenant_id)):
        workflow.seed_defaults()
    with people.acting("hr2"):
        leave = _apply(staff[1], 9, days=3)
        assert next(b for b in hr.balances(staff[1].id, 2026) if b.leave_type == "casual").pending == Decimal(3)
        assert workflow.withdraw(leave.approval_id, "plans changed").status == "withdrawn"
        [after] = [x for x in hr.list_leave(people.company_id) if x.id == leave.id]
        casual = next(b for b in hr.balances(staff[1].id, 2026) if b.leave_type == "casual")
    assert after.status == "withdrawn" and (casual.pending, casual.left) == (Decimal(0), Decimal(10))
    with people.acting("hr1"), pytest.raises(InstanceClosed):
        workflow.decide(leave.approval_id, "approve")
    assert _decided_events(db, people.tenant_id, leave.id) == []
    with people.acting("hr2"):
        again = _apply(staff[1], 9, days=3)  # applied again: a new approval
    assert again.approval_id not in (None, leave.approval_id)
