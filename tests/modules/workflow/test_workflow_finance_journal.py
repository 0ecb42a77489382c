"""The integration contract, end to end with finance: a journal entry above the configured amount
stays a draft until approved; the approval posts it as finance on behalf of the submitter."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from vextrus.modules.finance import approvals
from vextrus.modules.finance import service as finance
from vextrus.modules.finance.domain.errors import LedgerError
from vextrus.modules.finance.service import EntryIn, LineIn
from vextrus.modules.workflow import service
from vextrus.modules.workflow.domain import DecisionRefused
from vextrus.platform import context
from vextrus.platform.tables import OutboxEvent


@pytest.fixture
def ledger(people):  # noqa: ANN001, ANN201
    with context.acting_as(context.system_context(people.tenant_id)):
        service.seed_defaults()  # the journal entry workflow: accountant above 5,00,000, director above 50,00,000
        book = finance.ensure_book("WF", "Workflow Builders Ltd.", company_id=people.company_id)
        finance.open_fiscal_year(book.code, "2025-26")
    return book


def _entry(amount: str) -> EntryIn:
    return EntryIn(entry_date="2025-07-10", narration="site cement", lines=[
        LineIn(account_code="5220", debit=Decimal(amount)), LineIn(account_code="1120", credit=Decimal(amount))])


def test_an_entry_above_the_amount_waits_for_approval_then_finance_posts_it(db, people, ledger):
    with people.acting("clerk"):
        small = finance.post_entry(ledger.code, _entry("1000"))
        assert small.status == "posted"  # below the threshold nothing changes
        with pytest.raises(LedgerError) as e:
            finance.post_entry(ledger.code, _entry("600000"))
        assert e.value.code == "approval_required" and "খসড়া" in e.value.message_bn
        draft = finance.create_draft(ledger.code, _entry("600000"))
        with pytest.raises(LedgerError) as e:
            finance.post_draft(ledger.code, draft.id)
        assert e.value.code == "approval_required"
        inst = approvals.submit_draft(ledger.code, draft.id)
        assert inst.definition_code == "journal_entry" and [t.step_key for t in inst.tasks] == ["finance_manager"]
        with pytest.raises(LedgerError) as e:
            finance.post_draft(ledger.code, draft.id)
        assert e.value.details["approval"] == "pending"
        with pytest.raises(DecisionRefused) as e:
            service.decide(inst.id, "approve")
        assert e.value.code == "self_approval"
        assert finance.get_entry(ledger.code, draft.id).status == "draft"
    with people.acting("acct"):
        assert service.decide(inst.id, "approve", "checked the GRN").status == "approved"
        posted = finance.get_entry(ledger.code, draft.id)
    assert posted.status == "posted" and posted.number
    with context.acting_as(context.system_context(people.tenant_id)), db.session_factory() as s:
        [ev] = [e for e in s.execute(select(OutboxEvent).where(OutboxEvent.name == "finance.journal.posted"))
                .scalars() if e.payload["entry_id"] == str(draft.id)]
    assert ev.actor.startswith("clerk.") and ev.actor.endswith(" via finance")  # as finance for the submitter


def test_a_rejected_entry_stays_a_draft_and_the_limit_sends_big_ones_higher(db, people, ledger):
    with people.acting("clerk"):
        rejected = finance.create_draft(ledger.code, _entry("700000"))
        r_inst = approvals.submit_draft(ledger.code, rejected.id)
        big = finance.create_draft(ledger.code, _entry("6000000"))
        b_inst = approvals.submit_draft(ledger.code, big.id)
    assert [t.step_key for t in b_inst.tasks] == ["finance_review", "director"]
    with people.acting("acct"):
        assert service.decide(r_inst.id, "reject", "wrong project").status == "rejected"
        assert finance.get_entry(ledger.code, rejected.id).status == "draft"
        step1 = service.decide(b_inst.id, "approve")  # the accountant reviews; 60 lakh is the director's
        assert step1.status == "pending" and finance.get_entry(ledger.code, big.id).status == "draft"
        again = service.decide(b_inst.id, "approve")  # a second click: no further effect
        assert again.history == step1.history and again.tasks[1].status == "pending"
    with people.acting("acct2"), pytest.raises(DecisionRefused) as e:
        service.decide(b_inst.id, "approve")
    assert e.value.code == "approver_role"  # the director's step is not an accountant's
    with people.acting("md"):
        assert service.decide(b_inst.id, "approve").status == "approved"
        assert finance.get_entry(ledger.code, big.id).status == "posted"


def test_the_journal_page_sends_a_draft_for_approval_in_bangla(db, people, ledger):
    from fastapi.testclient import TestClient

    from vextrus.app import create_app

    with people.acting("clerk"):
        draft = finance.create_draft(ledger.code, _entry("800000"))
    ctx = people.ctx("clerk")
    with TestClient(create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: ctx])) as c:
        page = c.get(f"/finance/{ledger.code}/journal?lang=bn")
        assert page.status_code == 200 and "অনুমোদনের জন্য জমা দিন" in page.text
        r = c.post(f"/finance/{ledger.code}/approvals/{draft.id}/submit",
                   data={"csrf_token": c.cookies.get("vx_csrf")}, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/workflow/instances/")
        shown = c.get(r.headers["location"])
    assert shown.status_code == 200 and "অর্থ ব্যবস্থাপক" in shown.text  # the finance manager's step, in Bangla


def test_an_amount_out_of_bounds_is_refused_as_such_before_any_approval(db, people, ledger):
    with people.acting("clerk"), pytest.raises(Exception) as e:
        finance.post_entry(ledger.code, _entry("9300000000000"))
    assert getattr(e.value, "code", None) == "amount_too_large"


def test_a_journal_another_module_posts_for_its_own_document_is_not_held_again(db, people, ledger):
    """An approved invoice (or RA bill, payroll run) is posted by its module through finance's api: its
    approval is the document's, so the journal workflow does not hold the journal a second time; the same
    amount posted by a person in finance is held."""
    from vextrus.modules.finance import api as finance_api
    from vextrus.platform.modules import available_modules

    invoicing = available_modules()["invoicing"]
    with people.acting("clerk"):
        with context.calling_as(invoicing):
            posted = finance_api.post_entry(ledger.code, _entry("600000"))
        with pytest.raises(LedgerError) as e:
            finance.post_entry(ledger.code, _entry("600000"))
    assert posted.status == "posted" and e.value.code == "approval_required"


def test_an_approved_entry_whose_period_closed_meanwhile_waits_as_an_approved_draft_and_is_said_once(db, people, ledger):
    with people.acting("clerk"):
        draft = finance.create_draft(ledger.code, _entry("600000"))
        inst = approvals.submit_draft(ledger.code, draft.id)
    with context.acting_as(context.system_context(people.tenant_id)):
        finance.close_period(ledger.code, "2025-26", 1)  # July 2025, the entry's month
    with people.acting("acct"):
        assert service.decide(inst.id, "approve").status == "approved"
        assert finance.get_entry(ledger.code, draft.id).status == "draft"
    with context.acting_as(context.system_context(people.tenant_id)), db.session_factory() as s:
        told = [e.payload for e in s.execute(select(OutboxEvent).where(
            OutboxEvent.name == "finance.journal.approved_not_posted")).scalars()
            if e.payload["entry_id"] == str(draft.id)]
        [approved] = [e for e in s.execute(select(OutboxEvent).where(OutboxEvent.name == "workflow.instance.approved"))
                      .scalars() if e.payload["instance_id"] == str(inst.id)]
    assert len(told) == 1 and told[0]["instance_id"] == str(inst.id) and told[0]["message_bn"]
    assert approved.last_error is None  # delivered: the approval is not retried for ever
    # the submitter is told (bell and e-mail, notifications' finance.journal.approved_not_posted template) with the
    # reason, and the entry's page says so in English and Bangla with a link to the approval
    from fastapi.testclient import TestClient

    from vextrus.app import create_app
    from vextrus.modules.notifications.tables import Delivery

    with context.acting_as(context.system_context(people.tenant_id)), db.session_factory() as s:
        sent = s.execute(select(Delivery).where(Delivery.event == "finance.journal.approved_not_posted")).scalars().all()
    mine = [d for d in sent if str(draft.id) in d.link]
    assert {(d.channel, d.user_id) for d in mine} == {("in_app", people.ids["clerk"]), ("email", people.ids["clerk"])}
    assert all("closed" in d.body or "বন্ধ" in d.body for d in mine) and all("600,000" in d.body or "6,00,000" in d.body
                                                                              or "৬,০০,০০০" in d.body for d in mine)
    ctx = people.ctx("clerk")
    with TestClient(create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: ctx])) as c:
        en = c.get(f"/finance/{ledger.code}/entries/{draft.id}")
        bn = c.get(f"/finance/{ledger.code}/entries/{draft.id}?lang=bn")
    assert en.status_code == 200 and 'id="approved-not-posted"' in en.text and "Approved, but not posted" in en.text
    assert f"/workflow/instances/{inst.id}" in en.text
    assert bn.status_code == 200 and "অনুমোদিত, কিন্তু পোস্ট হয়নি" in bn.text
    with context.acting_as(context.system_context(people.tenant_id)):
        finance.reopen_period(ledger.code, "2025-26", 1, "the approved cement entry")
    with people.acting("clerk"):
        assert finance.post_draft(ledger.code, draft.id).status == "posted"  # approved: a person posts it
    with TestClient(create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: ctx])) as c:
        assert 'id="approved-not-posted"' not in c.get(f"/finance/{ledger.code}/entries/{draft.id}").text
