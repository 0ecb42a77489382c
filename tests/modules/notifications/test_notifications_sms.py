"""SMS (issue 14): Bangla is segmented at 70 UCS-2 units (67 per part when concatenated), Latin text at
160/153 GSM-7 septets; parts join back to the text and never split a surrogate pair; two HTTP adapters
(a concatenating JSON gateway and a per-part form gateway) with failover from the first to the second,
tested against local HTTP servers that record what the gateway would have sent."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st
from notify_helpers import dispatch, mail, make_user

from vextrus.modules.master_data import service as md
from vextrus.modules.master_data.schemas import DocumentIn, PartyInput
from vextrus.modules.notifications import config, service
from vextrus.modules.notifications.channels import SendFailed
from vextrus.modules.notifications.channels.sms import FormGateway, JsonGateway, send_with_failover
from vextrus.modules.notifications.domain.sms import length, segment
from vextrus.modules.notifications.schemas import PreferenceInput
from vextrus.platform import clock, context

BN = "ক"


def test_bangla_fits_seventy_in_one_sms_and_sixty_seven_per_part_beyond():
    assert segment(BN * 70).parts == (BN * 70,) and segment(BN * 70).encoding == "ucs2"
    two = segment(BN * 71)
    assert [len(p) for p in two.parts] == [67, 4]
    assert [len(p) for p in segment(BN * 134).parts] == [67, 67]
    assert segment(BN * 135).count == 3


def test_latin_text_is_gsm7_160_then_153_and_extended_characters_count_twice():
    assert segment("a" * 160).count == 1 and segment("a" * 161).count == 2
    assert [len(p) for p in segment("a" * 306).parts] == [153, 153]
    assert length("€") == 2 and segment("€" * 80).count == 1 and segment("€" * 81).count == 2
    assert segment("a" * 159 + "ক").encoding == "ucs2"  # one Bangla letter makes the whole text UCS-2


def test_a_split_prefers_a_space_near_the_end():
    text = ("আমার সোনার বাংলা আমি তোমায় ভালোবাসি " * 5).strip()
    seg = segment(text)
    assert seg.count > 1 and all(p.endswith(" ") for p in seg.parts[:-1]) and "".join(seg.parts) == text


@given(st.text(alphabet=st.sampled_from(list("abc ক্ষমা।€😀{}\n")), max_size=400))
def test_parts_join_back_cost_at_most_a_part_and_keep_pairs_whole(text):
    seg = segment(text)
    assert "".join(seg.parts) == text
    limit = 67 if seg.encoding == "ucs2" else 153
    if seg.count > 1:
        for p in seg.parts:
            units = len(p.encode("utf-16-le")) // 2 if seg.encoding == "ucs2" else length(p)
            assert units <= limit
            p.encode("utf-16-le")  # a lone surrogate would not encode


def test_the_form_gateway_sends_each_bangla_part_with_its_number(http_recorder):
    gw = FormGateway("form", http_recorder.url, key="k")
    seg = gw.send("+8801711000000", BN * 71, "ref-1")
    assert seg.count == 2
    got = [r["data"] for r in http_recorder.requests]
    assert [(g["part"], g["total"], g["type"], g["ref"]) for g in got] == [("1", "2", "unicode", "ref-1"),
                                                                            ("2", "2", "unicode", "ref-1")]
    assert "".join(g["message"] for g in got) == BN * 71


def test_failover_to_the_second_provider_when_the_first_refuses(http_recorder, second_recorder):
    http_recorder.always_fail = True
    providers = [JsonGateway("primary", http_recorder.url, key="a"), FormGateway("backup", second_recorder.url)]
    name, seg = send_with_failover(providers, "+8801711000000", "আপনার কোড ১২৩৪", "d-1")
    assert name == "backup" and seg.count == 1
    assert len(http_recorder.requests) == 1 and http_recorder.requests[0]["data"]["reference"] == "d-1"
    assert second_recorder.requests[0]["data"]["message"] == "আপনার কোড ১২৩৪"
    second_recorder.always_fail = True
    try:
        send_with_failover(providers, "+8801711000000", "x", "d-2")
        raise AssertionError("expected SendFailed")
    except SendFailed as exc:
        assert "primary" in str(exc) and "backup" in str(exc)


def test_an_expiring_trade_licence_reaches_subscribers_by_sms_in_bangla_and_in_app(
        db, tenant_id, notify, http_recorder, second_recorder):
    config.use(notify.model_copy(update={"sms_providers": [
        {"kind": "json", "url": http_recorder.url, "name": "primary"},
        {"kind": "form", "url": second_recorder.url, "name": "backup"}]}))
    http_recorder.fail = 1  # the primary is down for one request
    bn_user = make_user(tenant_id, mail(tenant_id, "sms"), language="bn", mobile="01711000000")
    en_user = make_user(tenant_id, mail(tenant_id, "app"))
    quiet = make_user(tenant_id, mail(tenant_id, "quiet"))  # did not subscribe: hears nothing
    with context.acting_as(bn_user):
        service.set_preferences([PreferenceInput(event="master_data.party.document_expiring", channel="sms",
                                                 mode="immediate")])
    with context.acting_as(en_user):
        service.set_preferences([PreferenceInput(event="master_data.party.document_expiring", channel="in_app",
                                                 mode="immediate")])
    with context.acting_as(context.system_context(tenant_id)):
        md.create_party(PartyInput(legal_name="Meghna Cement Mills", roles=["vendor"], documents=[
            DocumentIn(kind="trade_licence", number="TL-20", expires_on=clock.today() + timedelta(days=12))]))
        assert len(md.notify_expiring_documents(30)) == 1
    report = dispatch(tenant_id)
    assert report.sent == 1
    assert len(http_recorder.requests) == 1 and http_recorder.requests[0]["failed"]
    parts = [r["data"] for r in second_recorder.requests]
    text = "".join(p["message"] for p in parts)
    assert parts[0]["number"].endswith("1711000000") and [p["part"] for p in parts] == ["1", "2"]
    assert "ট্রেড লাইসেন্স TL-20" in text and "মেয়াদোত্তীর্ণ হবে (১২ দিন বাকি)" in text
    with context.acting_as(context.system_context(tenant_id)):
        d = service.deliveries(channel="sms")[0]
    assert d.provider == "backup" and d.parts == 2 and d.status == "sent"
    with context.acting_as(en_user):
        box = service.inbox()
        assert box.unread == 1 and "Meghna Cement Mills" in box.messages[0].subject
        assert service.mark_read() == 1 and service.unread_count() == 0
    with context.acting_as(quiet):
        assert service.inbox().messages == []
