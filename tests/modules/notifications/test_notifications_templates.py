"""Templates and preferences (issue 14): an administrator's words replace the default for one event,
channel and language and go out from then on; the preview shows both languages; a template that does not
compile or names a value the event does not give is refused with its field; values are escaped; a user
chooses per event and channel (immediate, daily digest by email, off), except for security mail; the
digest folds a day's messages into one email."""

from __future__ import annotations

import pytest
from notify_helpers import dispatch, mail, make_user

from vextrus.modules.auth.service import sessions
from vextrus.modules.notifications import service
from vextrus.modules.notifications.domain import templates as tpl
from vextrus.modules.notifications.schemas import PreferenceInput, TemplateInput
from vextrus.platform import context
from vextrus.platform.errors import StaleVersion, ValidationFailed

RESET = "auth.password_reset.requested"
DOC = "master_data.party.document_expiring"


def test_a_saved_template_is_what_goes_out(db, tenant_id, smtp, notify):
    make_user(tenant_id, mail(tenant_id, "t"))
    with context.acting_as(context.system_context(tenant_id)):
        saved = service.save_template(RESET, "email", "en", TemplateInput(
            subject="Password help for {{ name }}", body="<p>Click {{ link }} before {{ expires_at }}.</p>"))
        assert saved.customised and saved.version == 1
        with pytest.raises(StaleVersion):
            service.save_template(RESET, "email", "en", TemplateInput(subject="x", body="y"), expected_version=7)
    sessions.request_password_reset(mail(tenant_id, "t"))
    dispatch(tenant_id)
    assert smtp.messages[0]["Subject"] == "Password help for Rahim Uddin"
    with context.acting_as(context.system_context(tenant_id)):
        assert service.reset_template(RESET, "email", "en").customised is False


def test_preview_in_both_languages_with_sample_values_and_unsaved_text(db, tenant_id):
    with context.acting_as(context.system_context(tenant_id)):
        p = service.preview(DOC, "email")
        assert "Meghna Cement Mills Ltd." in p.en.subject and "মেয়াদোত্তীর্ণ" in p.bn.subject
        typed = service.preview(DOC, "email", en=TemplateInput(subject="{{ party_code }}!", body="<b>{{ party_name }}</b>"))
        assert typed.en.subject == "V-0042!" and typed.en.text == "Meghna Cement Mills Ltd."
        assert "মেয়াদোত্তীর্ণ" in typed.bn.body  # the other language as saved


@pytest.mark.parametrize(("body", "code"), [("{% if %}", "template_invalid"), ("{{ salary }}", "template_unknown_value"),
                                            ("{{ ''.__class__.__mro__ }}", "template_unknown_value")])
def test_a_broken_or_unsafe_template_is_refused_with_its_field(db, tenant_id, body, code):
    with context.acting_as(context.system_context(tenant_id)), pytest.raises(ValidationFailed) as e:
        service.save_template(DOC, "email", "bn", TemplateInput(subject="ok", body=body))
    assert e.value.code == code and e.value.field == "body" and e.value.message_bn != e.value.message


def test_values_are_escaped():
    assert tpl.render("<p>{{ v }}</p>", {"v": "<script>x</script>"}) == "<p>&lt;script&gt;x&lt;/script&gt;</p>"
    assert tpl.plain("<p>a &amp; b</p><p>c</p>") == "a & b\nc"


def test_preferences_per_event_and_channel_and_security_mail_stays_on(db, tenant_id):
    me = make_user(tenant_id, mail(tenant_id, "p"))
    with context.acting_as(me):
        prefs = {(p.event, p.channel): p for p in service.my_preferences()}
        assert prefs[(RESET, "email")].mandatory and prefs[(DOC, "sms")].mode == "off"
        with pytest.raises(ValidationFailed) as e:
            service.set_preferences([PreferenceInput(event=RESET, channel="email", mode="off")])
        assert e.value.field == "items[0].mode"
        with pytest.raises(ValidationFailed):
            service.set_preferences([PreferenceInput(event=DOC, channel="sms", mode="digest")])
        out = service.set_preferences([PreferenceInput(event=DOC, channel="email", mode="digest")])
        assert {(p.event, p.channel): p.mode for p in out}[(DOC, "email")] == "digest"


def test_a_daily_digest_folds_held_emails_into_one(db, tenant_id, smtp, notify):
    from datetime import timedelta

    from vextrus.modules.master_data import service as md
    from vextrus.modules.master_data.schemas import DocumentIn, PartyInput
    from vextrus.platform import clock

    me = make_user(tenant_id, mail(tenant_id, "d"), language="bn")
    with context.acting_as(me):
        service.set_preferences([PreferenceInput(event=DOC, channel="email", mode="digest")])
    with context.acting_as(context.system_context(tenant_id)):
        for n in ("Padma Steel", "Jamuna Bricks"):
            md.create_party(PartyInput(legal_name=n, roles=["vendor"], documents=[
                DocumentIn(kind="trade_licence", number=f"TL-{n[:3]}", expires_on=clock.today() + timedelta(days=5))]))
        md.notify_expiring_documents(30)
    assert dispatch(tenant_id).claimed == 0  # held for the digest
    with context.acting_as(context.system_context(tenant_id)):
        assert service.send_digests() == 1 and service.send_digests() == 0
    assert dispatch(tenant_id).sent == 1
    msg = smtp.messages[0]
    assert msg["Subject"] == "আপনার ভেক্সট্রাস সারসংক্ষেপ: ২টি বিজ্ঞপ্তি"
    html = msg.get_body(("html",)).get_content()
    assert "Padma Steel" in html and "Jamuna Bricks" in html and "&lt;p&gt;" not in html
