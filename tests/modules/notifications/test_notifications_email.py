"""Email (issue 14): the password-reset link auth emits arrives at a real SMTP server (aiosmtpd), in the
user's language — a Bangla subject and body intact after encoding; the link is the one auth issued;
nothing is sent before the dispatcher runs, nor twice when it runs again."""

from __future__ import annotations

import re

from notify_helpers import dispatch, mail, make_user

from vextrus.modules.auth.service import sessions
from vextrus.modules.notifications.service import outbox
from vextrus.platform import context


def _reset(email: str) -> None:
    sessions.request_password_reset(email)


def test_a_bangla_password_reset_email_arrives_intact(db, tenant_id, smtp, notify):
    make_user(tenant_id, mail(tenant_id, "karim"), language="bn", name_bn="করিম উদ্দিন")
    _reset(mail(tenant_id, "karim"))
    assert smtp.messages == []  # queued, not sent inside the request
    report = dispatch(tenant_id)
    assert report.sent == 1 and len(smtp.messages) == 1
    msg = smtp.messages[0]
    assert msg["Subject"] == "আপনার ভেক্সট্রাস পাসওয়ার্ড রিসেট করুন"  # decoded from RFC 2047 words
    assert msg["To"] == mail(tenant_id, "karim") and smtp.envelopes[0][1] == [mail(tenant_id, "karim")]
    assert msg.get("Subject").defects == ()
    text = msg.get_body(("plain",)).get_content()
    html = msg.get_body(("html",)).get_content()
    assert "প্রিয় করিম উদ্দিন" in text and "লিংকটি" in text and "ঢাকা সময়" in text
    link = re.search(r"\S*reset-password\?token=([A-Za-z0-9_-]+)", text)
    assert link is not None and link.group(0) in html
    sessions.confirm_password_reset(link.group(1), "a brand new password 2")  # the very link auth issued works
    assert msg["Message-ID"].endswith("@vextrus>")
    assert dispatch(tenant_id).sent == 0 and len(smtp.messages) == 1  # sent once


def test_an_english_user_gets_english_and_the_link_escaped_in_html(db, tenant_id, smtp, notify):
    make_user(tenant_id, mail(tenant_id, "rahim"), language="en", name="Rahim <b>Uddin</b>")
    _reset(mail(tenant_id, "rahim"))
    dispatch(tenant_id)
    msg = smtp.messages[0]
    assert msg["Subject"] == "Reset your Vextrus password"
    html = msg.get_body(("html",)).get_content()
    assert "Rahim &lt;b&gt;Uddin&lt;/b&gt;" in html  # autoescaped: a name is text, never markup
    assert "Hello Rahim <b>Uddin</b>" in msg.get_body(("plain",)).get_content()


def test_an_unreachable_smtp_server_retries_with_backoff_then_dead_letters(db, tenant_id, smtp, notify):
    from datetime import timedelta

    from vextrus.platform import clock

    make_user(tenant_id, mail(tenant_id, "rahim"))
    notify_down = notify.model_copy(update={"smtp_port": 1})  # nothing listens there
    from vextrus.modules.notifications import config

    config.use(notify_down)
    fc = clock.FrozenClock(clock.now())
    clock.set_clock(fc)
    try:
        _reset(mail(tenant_id, "rahim"))
        waits = []
        for _ in range(5):
            r = dispatch(tenant_id)
            assert r.claimed == 1 and r.sent == 0
            with context.acting_as(context.system_context(tenant_id)):
                d = outbox.deliveries(channel="email")[0]
            if d.status == "pending":
                waits.append(d.next_attempt_at - fc.at)
                assert dispatch(tenant_id).claimed == 0  # not before its time
                fc.at = d.next_attempt_at
        assert waits == [timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=4), timedelta(minutes=8)]
        assert d.status == "dead" and d.attempts == 5 and "ConnectionRefused" in d.last_error
        with context.acting_as(context.system_context(tenant_id)):
            assert [a.ok for a in outbox.attempts(d.id)] == [False] * 5
            config.use(notify)  # the server is back; the administrator retries the dead letter
            assert [x.id for x in outbox.deliveries(status="dead")] == [d.id]
            outbox.retry(d.id)
        assert dispatch(tenant_id).sent == 1 and len(smtp.messages) == 1
    finally:
        clock.set_clock(None)


def test_without_an_smtp_server_configured_email_waits_without_using_up_attempts(db, tenant_id, smtp, notify):
    from vextrus.modules.notifications import config

    make_user(tenant_id, mail(tenant_id, "wait"))
    config.use(notify.model_copy(update={"smtp_host": ""}))
    _reset(mail(tenant_id, "wait"))
    assert dispatch(tenant_id).claimed == 0
    with context.acting_as(context.system_context(tenant_id)):
        d = outbox.deliveries(channel="email")[0]
    assert (d.status, d.attempts) == ("pending", 0)
    config.use(notify)  # configured later: it goes out
    assert dispatch(tenant_id).sent == 1 and len(smtp.messages) == 1
