"""Recurring journals tell the people who follow them (issue 14): the morning job posts a due rent entry —
`finance.recurring.posted` reaches the bell and the mailbox (a real SMTP server) of the users who subscribed,
in their language, only those who may read that company's ledger; a recurring entry that cannot post (its
date in a closed period) is announced as `finance.recurring.failed` with the reason in both languages."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal as D

import pytest
from notify_helpers import dispatch, mail, make_user
from sqlalchemy import select

from vextrus.modules.finance import jobs
from vextrus.modules.finance import service as finance
from vextrus.modules.finance.service import LineIn
from vextrus.modules.notifications import service as notifications
from vextrus.modules.notifications.schemas import PreferenceInput
from vextrus.modules.notifications.tables import Delivery
from vextrus.platform import clock, context


@pytest.fixture
def morning():
    def at(day: date) -> None:
        clock.set_clock(lambda: datetime(day.year, day.month, day.day, 1, 0, tzinfo=UTC))
    yield at
    clock.set_clock(None)


def _follow(ctx: context.RequestContext, *events: str) -> None:
    with context.acting_as(ctx):
        notifications.set_preferences([PreferenceInput(event=e, channel=ch, mode="immediate")
                                       for e in events for ch in ("in_app", "email")])


def _other_company_user(tenant_id) -> context.RequestContext:  # noqa: ANN001
    """An accountant of another company of the tenant: subscribed, but may not read this company's ledger."""
    from vextrus.modules.auth import service as auth
    from vextrus.modules.auth.service import sessions
    from vextrus.modules.organization import api as org

    with context.acting_as(context.system_context(tenant_id)):
        c = org.create_company(org.CompanyInput(code="OTHER", name="Other Builders Ltd."))
        auth.seed_default_roles(c.id)
        u = auth.create_user(auth.UserInput(email=mail(tenant_id, "other"), name="Other"), "Pass-word-123",
                             c.id, ["accountant"])
    return sessions.context_for(u.id, tenant_id, company_id=c.id)


def _deliveries(db, tenant_id, event: str) -> list[Delivery]:  # noqa: ANN001
    with context.acting_as(context.system_context(tenant_id)), db.session_factory() as s:
        rows = s.execute(select(Delivery).where(Delivery.event == event)).scalars().all()
        s.expunge_all()
    return rows


def test_the_morning_job_tells_followers_of_posted_and_failed_recurring_entries(db, tenant_id, morning, smtp,
                                                                                 notify):
    rahim = make_user(tenant_id, mail(tenant_id, "rahim"))
    karim = make_user(tenant_id, mail(tenant_id, "karim"), language="bn", name_bn="করিম")
    make_user(tenant_id, mail(tenant_id, "quiet"))  # did not subscribe: told nothing
    _follow(_other_company_user(tenant_id), "finance.recurring.posted", "finance.recurring.failed")
    _follow(rahim, "finance.recurring.posted", "finance.recurring.failed")
    _follow(karim, "finance.recurring.posted", "finance.recurring.failed")
    with context.acting_as(rahim):
        book = finance.ensure_book("PADMA", "Padma Builders Ltd.", company_id=rahim.company_id)
        finance.open_fiscal_year(book.code, "2025-26")
        finance.create_recurring(book.code, finance.RecurringInput(name="Office rent", start_date=date(2025, 8, 15),
                                 lines=[LineIn(account_code="5220", debit=D("250000")),
                                        LineIn(account_code="1120", credit=D("250000"))]))
        finance.create_recurring(book.code, finance.RecurringInput(name="Depreciation", start_date=date(2025, 7, 28),
                                 lines=[LineIn(account_code="5260", debit=D("200000")),
                                        LineIn(account_code="1290", credit=D("200000"))]))
        finance.close_period(book.code, "2025-26", 1)  # July is closed: depreciation dated 28 July cannot post
    morning(date(2025, 8, 20))
    with context.acting_as(context.system_context(tenant_id, actor="job:finance.post_due_entries")):
        assert jobs.post_due_entries() == 1
    rows = _deliveries(db, tenant_id, "finance.recurring.posted")
    assert len(rows) == 4 and {d.user_id for d in rows} == {rahim.user_id, karim.user_id}  # not the other company
    posted = {(d.locale, d.channel): d for d in rows}
    assert set(posted) == {("en", "in_app"), ("en", "email"), ("bn", "in_app"), ("bn", "email")}
    en, bn = posted["en", "in_app"], posted["bn", "in_app"]
    assert en.subject.startswith("Recurring entry posted: Office rent (") and "15 Aug 2025" in en.body
    assert "250,000.00" in en.body or "2,50,000.00" in en.body
    assert bn.subject.startswith("পুনরাবৃত্ত এন্ট্রি পোস্ট হয়েছে: Office rent") and "১৫ আগ ২০২৫" in bn.body
    assert "Aug" not in bn.body and en.link == f"/finance/{book.code}/recurring"
    failed = {(d.locale, d.channel): d for d in _deliveries(db, tenant_id, "finance.recurring.failed")}
    assert set(failed) == set(posted)
    assert failed["en", "email"].subject == "Recurring entry not posted: Depreciation"
    assert "28 Jul 2025" in failed["en", "email"].body and "tried again" in failed["en", "email"].body
    assert "আবার চেষ্টা" in failed["bn", "email"].body
    with context.acting_as(rahim):
        assert notifications.inbox().unread == 2
    report = dispatch(tenant_id)
    assert report.sent == 4 and len(smtp.messages) == 4
    assert {m["Subject"] for m in smtp.messages} >= {"Recurring entry not posted: Depreciation",
                                                     "পুনরাবৃত্ত এন্ট্রি পোস্ট হয়নি: Depreciation"}
