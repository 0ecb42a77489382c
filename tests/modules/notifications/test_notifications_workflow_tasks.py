"""An approval step waiting for someone tells them: in the bell and by e-mail, in their language, to the
users holding the step's role in the company (not the one who submitted, not other roles), step after step;
a user who turned the e-mail off still sees the bell."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

import pytest
from sqlalchemy import select

from vextrus.modules.notifications import service as notifications
from vextrus.modules.notifications.schemas import PreferenceInput
from vextrus.modules.notifications.tables import Delivery
from vextrus.modules.rules.api import SubjectField, declare_subject
from vextrus.modules.workflow import service as workflow
from vextrus.modules.workflow.schemas import ApproverModel, DefinitionInput, StepModel, SubmitInput
from vextrus.platform import context
from vextrus.platform.ids import new_id

declare_subject("notify.doc", [SubjectField("amount", "money"), SubjectField("currency", "string")],
                "Notified document", "বিজ্ঞপ্তির নথি")

EVENT = "workflow.task.assigned"
STAFF = {"clerk": ("accounts_payable_clerk", "en"), "rahim": ("accountant", "en"), "karim": ("accountant", "bn"),
         "md": ("managing_director", "en"), "viewer": ("viewer", "en")}


@dataclass
class Firm:
    tenant_id: UUID
    company_id: UUID
    ids: dict[str, UUID]

    def acting(self, who: str):  # noqa: ANN201
        from vextrus.modules.auth.service import sessions

        return context.acting_as(sessions.context_for(self.ids[who], self.tenant_id, company_id=self.company_id))


@pytest.fixture
def firm(db, tenant_id) -> Firm:
    from vextrus.modules.auth import service as auth
    from vextrus.modules.organization import api as org

    with context.acting_as(context.system_context(tenant_id)):
        c = org.create_company(org.CompanyInput(code="NT", name="Notified Builders Ltd."))
        auth.seed_default_roles(c.id)
        ids = {who: auth.create_user(auth.UserInput(email=f"{who}.{tenant_id.hex[-8:]}@nt.example", name=who.title(),
                                                    language=lang), "Pass-word-123", c.id, [role]).id
               for who, (role, lang) in STAFF.items()}
        steps = [StepModel(key="check", name="Accounts check", name_bn="হিসাব যাচাই", condition="true",
                           approver=ApproverModel(kind="role", role="accountant")),
                 StepModel(key="director", name="Director", name_bn="পরিচালক", condition="amount > 500000.0",
                           approver=ApproverModel(kind="role", role="managing_director"))]
        workflow.save_definition("notify", DefinitionInput(subject="notify.doc", name="Notified", name_bn="বিজ্ঞপ্তি",
                                                          steps=steps))
    return Firm(tenant_id, c.id, ids)


def _deliveries(db, firm: Firm) -> dict[tuple[str, str], Delivery]:
    """(who, channel) -> the delivery of a task-assigned message."""
    names = {v: k for k, v in firm.ids.items()}
    with context.acting_as(context.system_context(firm.tenant_id)), db.session_factory() as s:
        rows = s.execute(select(Delivery).where(Delivery.event == EVENT)).scalars().all()
        s.expunge_all()
    return {(names[d.user_id], d.channel): d for d in rows}


def _submit(firm: Firm, who: str, amount: str) -> workflow.InstanceView:
    with firm.acting(who):
        return workflow.submit(SubmitInput(subject="notify.doc", document_id=new_id(), document_label="BILL-0042",
                                           amount=Decimal(amount)))


def test_the_role_holders_hear_of_each_step_in_their_language(db, firm):
    inst = _submit(firm, "clerk", "750000")
    sent = _deliveries(db, firm)
    assert set(sent) == {("rahim", "in_app"), ("rahim", "email"), ("karim", "in_app"), ("karim", "email")}
    assert sent["rahim", "in_app"].status == "sent" and sent["rahim", "email"].status == "pending"
    assert sent["rahim", "email"].subject == "Waiting for your approval: BILL-0042"
    assert "Accounts check" in sent["rahim", "email"].body and "7,50,000.00" in sent["rahim", "email"].body
    assert sent["karim", "email"].subject == "আপনার অনুমোদনের অপেক্ষায়: BILL-0042"
    assert "হিসাব যাচাই" in sent["karim", "email"].body and "Accounts" not in sent["karim", "email"].body
    assert sent["rahim", "in_app"].link == f"/workflow/instances/{inst.id}"

    with firm.acting("rahim"):  # the bell of the accountant shows it
        bell = notifications.inbox()
        assert bell.unread == 1 and [m.subject for m in bell.messages] == ["Waiting for your approval: BILL-0042"]
        workflow.decide(inst.id, "approve")
    sent = _deliveries(db, firm)
    assert {k for k in sent if k[0] == "md"} == {("md", "in_app"), ("md", "email")}  # the next step's turn
    assert not {k for k in sent if k[0] in ("clerk", "viewer")}


def test_the_submitter_is_not_told_of_their_own_document_and_the_mail_can_be_turned_off(db, firm):
    with firm.acting("karim"):
        notifications.set_preferences([PreferenceInput(event=EVENT, channel="email", mode="off")])
    _submit(firm, "rahim", "1000")  # an accountant's own bill: the other accountant checks it
    assert set(_deliveries(db, firm)) == {("karim", "in_app")}


def test_a_step_for_named_users_tells_only_them(db, firm):
    with context.acting_as(context.system_context(firm.tenant_id)):
        workflow.save_definition("notify", DefinitionInput(
            subject="notify.doc", name="Notified", name_bn="বিজ্ঞপ্তি", steps=[StepModel(
                key="md", name="Director", name_bn="পরিচালক", condition="true",
                approver=ApproverModel(kind="user", user_ids=[firm.ids["md"]]))]))
    _submit(firm, "clerk", "1000")
    assert set(_deliveries(db, firm)) == {("md", "in_app"), ("md", "email")}


@pytest.fixture
def frozen():
    from datetime import UTC, datetime

    from vextrus.platform import clock

    f = clock.FrozenClock(datetime(2026, 12, 6, 4, 0, tzinfo=UTC))
    clock.set_clock(f)
    yield f
    clock.set_clock(None)


def _by_event(db, firm: Firm, event: str) -> dict[tuple[str, str], Delivery]:
    names = {v: k for k, v in firm.ids.items()}
    with context.acting_as(context.system_context(firm.tenant_id)), db.session_factory() as s:
        rows = s.execute(select(Delivery).where(Delivery.event == event)).scalars().all()
        s.expunge_all()
    return {(names[d.user_id], d.channel): d for d in rows}


def _timed(firm: Firm, check_action: str) -> None:
    with context.acting_as(context.system_context(firm.tenant_id)):
        workflow.save_definition("notify", DefinitionInput(subject="notify.doc", name="Notified", name_bn="বিজ্ঞপ্তি", steps=[
            StepModel(key="check", name="Accounts check", name_bn="হিসাব যাচাই", condition="true",
                      approver=ApproverModel(kind="role", role="accountant"), timeout_hours=24,
                      timeout_action=check_action),
            StepModel(key="director", name="Director", name_bn="পরিচালক", condition="true",
                      approver=ApproverModel(kind="role", role="managing_director"))]))


def test_a_reminder_tells_the_approvers_again_in_their_language(db, firm, frozen, smtp, notify):
    from notify_helpers import dispatch

    _timed(firm, "remind")
    _submit(firm, "clerk", "750000")
    frozen.advance(hours=24)
    with context.acting_as(context.system_context(firm.tenant_id)):
        assert workflow.process_timeouts() == 1  # what the workflow.timeouts job does each minute
    sent = _by_event(db, firm, "workflow.task.reminded")
    assert set(sent) == {("rahim", "in_app"), ("rahim", "email"), ("karim", "in_app"), ("karim", "email")}
    assert sent["rahim", "email"].subject == "Reminder: BILL-0042 still waits for your approval"
    assert "reminder 1" in sent["rahim", "email"].body and "8 Dec 2026 10:00" in sent["rahim", "email"].body
    bn = sent["karim", "in_app"]
    assert bn.subject == "মনে করিয়ে দেওয়া: BILL-0042 এখনও আপনার অনুমোদনের অপেক্ষায়"
    assert "হিসাব যাচাই" in bn.body and "১ বার" in bn.body and "৮ ডিসে ২০২৬ ১০:০০" in bn.body
    assert "Accounts" not in bn.body and "Dec" not in bn.body
    with firm.acting("rahim"):
        assert "Reminder: BILL-0042 still waits for your approval" in [m.subject for m in notifications.inbox().messages]
    dispatch(firm.tenant_id)  # the e-mails arrive at the real SMTP server
    subjects = {m["Subject"] for m in smtp.messages}
    assert {"Reminder: BILL-0042 still waits for your approval",
            "মনে করিয়ে দেওয়া: BILL-0042 এখনও আপনার অনুমোদনের অপেক্ষায়"} <= subjects


def test_an_escalation_tells_the_approvers_it_went_past_and_the_next_level_gets_the_task(db, firm, frozen):
    _timed(firm, "escalate")
    _submit(firm, "clerk", "1000")
    frozen.advance(hours=24)
    with context.acting_as(context.system_context(firm.tenant_id)):
        assert workflow.process_timeouts() == 1
    sent = _by_event(db, firm, "workflow.task.escalated")
    assert set(sent) == {("rahim", "in_app"), ("rahim", "email"), ("karim", "in_app"), ("karim", "email")}
    assert sent["rahim", "in_app"].subject == "Escalated: BILL-0042 went to Director"
    assert sent["karim", "in_app"].subject == "ঊর্ধ্বতনে পাঠানো হয়েছে: BILL-0042 এখন “পরিচালক” ধাপে"
    assert {k for k in _by_event(db, firm, EVENT) if k[0] == "md"} == {("md", "in_app"), ("md", "email")}
