"""Webhooks (issue 14): each listening endpoint gets the event as JSON signed with HMAC-SHA256 over
"<timestamp>.<body>" with a delivery id that stays the same on every retry; a failing endpoint is retried
with exponential backoff and switched off after its allowed failures in a row; the password-reset link
never goes to a webhook. Tested against a local HTTP server."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from notify_helpers import dispatch, mail, make_user

from vextrus.modules.auth.service import sessions
from vextrus.modules.notifications import service
from vextrus.modules.notifications.domain import signing
from vextrus.modules.notifications.schemas import WebhookInput
from vextrus.platform import clock, context
from vextrus.platform.errors import ValidationFailed


def _hook(tenant_id, url, events, max_failures=3):  # noqa: ANN001, ANN202
    with context.acting_as(context.system_context(tenant_id)):
        return service.create_webhook(WebhookInput(name="ERP mirror", url=url, events=events,
                                                   max_failures=max_failures))


def test_a_signed_event_reaches_the_endpoint_without_the_reset_link(db, tenant_id, notify, smtp, http_recorder):
    hook = _hook(tenant_id, http_recorder.url, ["auth.password_reset.requested"])
    assert hook.secret and len(hook.secret) >= 32
    make_user(tenant_id, mail(tenant_id, "w"))
    sessions.request_password_reset(mail(tenant_id, "w"))
    assert dispatch(tenant_id).sent == 2  # the email and the webhook
    req = http_recorder.requests[0]
    h = {k.lower(): v for k, v in req["headers"].items()}
    ts = int(h[signing.TIMESTAMP_HEADER.lower()])
    assert signing.verify(hook.secret, ts, req["body"], h[signing.SIGNATURE_HEADER.lower()])
    assert not signing.verify("another secret", ts, req["body"], h[signing.SIGNATURE_HEADER.lower()])
    body = json.loads(req["body"])
    assert body["event"] == "auth.password_reset.requested" and "token" not in req["body"].decode()
    assert h[signing.DELIVERY_HEADER.lower()] and h[signing.EVENT_HEADER.lower()] == body["event"]
    with context.acting_as(context.system_context(tenant_id)):
        service.list_webhooks()[0].secret is None  # noqa: B015 - shown once only
        assert service.list_webhooks()[0].secret is None


def test_a_failing_endpoint_backs_off_then_is_switched_off_and_dead_lettered(db, tenant_id, notify, smtp,
                                                                              http_recorder):
    http_recorder.always_fail = True
    _hook(tenant_id, http_recorder.url, ["*"], max_failures=3)
    make_user(tenant_id, mail(tenant_id, "f"))
    fc = clock.FrozenClock(clock.now())
    clock.set_clock(fc)
    try:
        sessions.request_password_reset(mail(tenant_id, "f"))
        dispatch(tenant_id)  # email sent, webhook failed once
        gaps = []
        for _ in range(2):
            with context.acting_as(context.system_context(tenant_id)):
                d = service.deliveries(channel="webhook")[0]
            gaps.append(d.next_attempt_at - fc.at)
            assert dispatch(tenant_id).claimed == 0  # waits its turn
            fc.at = d.next_attempt_at
            dispatch(tenant_id)
        assert gaps == [timedelta(minutes=1), timedelta(minutes=2)]
        with context.acting_as(context.system_context(tenant_id)):
            hook = service.list_webhooks()[0]
            d = service.deliveries(channel="webhook")[0]
        assert hook.active is False and hook.failures == 3 and hook.disabled_at is not None
        assert d.status == "dead" and d.attempts == 3
        ids = {r["headers"].get(signing.DELIVERY_HEADER) for r in http_recorder.requests}
        assert len(http_recorder.requests) == 3 and len(ids) == 1  # the same delivery id on every try
        sessions.request_password_reset(mail(tenant_id, "f"))  # a disabled endpoint hears nothing new
        with context.acting_as(context.system_context(tenant_id)):
            assert len(service.deliveries(channel="webhook")) == 1
        http_recorder.always_fail = False
        with context.acting_as(context.system_context(tenant_id)):
            service.retry(d.id)  # the administrator retries: the endpoint is switched on again
        assert dispatch(tenant_id).sent >= 1 and http_recorder.ok()
        with context.acting_as(context.system_context(tenant_id)):
            assert service.list_webhooks()[0].active is True
    finally:
        clock.set_clock(None)


def test_a_webhook_needs_an_http_url_and_known_events(db, tenant_id):
    with pytest.raises(ValidationFailed) as e:
        _hook(tenant_id, "file:///etc/passwd", ["*"])
    assert e.value.field == "url"
    with pytest.raises(ValidationFailed) as e:
        _hook(tenant_id, "https://example.com/h", ["finance.nothing"])
    assert e.value.field == "events[0]"


@pytest.mark.parametrize("url", ["http://127.0.0.1:5432/", "http://localhost/hook", "http://169.254.169.254/latest/meta-data/",
                                 "http://10.1.2.3/h", "http://192.168.0.10/h", "http://100.64.0.1/h", "http://[::1]/h",
                                 "http://[::ffff:127.0.0.1]/h", "http://0.0.0.0/h", "https://224.0.0.1/h"])
def test_a_webhook_may_not_point_at_this_server_or_a_private_network(db, tenant_id, url):
    """Server-side request forgery: the tenant's administrator types the URL, the server calls it."""
    with pytest.raises(ValidationFailed) as e:
        _hook(tenant_id, url, ["*"])
    assert e.value.code == "webhook_url_private" and e.value.field == "url" and e.value.message_bn
    with context.acting_as(context.system_context(tenant_id)):
        assert service.list_webhooks() == []


def test_each_try_checks_the_address_again_and_never_follows_a_redirect(db, tenant_id, notify, smtp, http_recorder):
    """A name may resolve elsewhere later, and an endpoint may answer with a redirect to the inside:
    both are failures of that try, and nothing is sent there."""
    from vextrus.modules.notifications import config

    _hook(tenant_id, http_recorder.url, ["*"])  # allowed while the deployment allows local endpoints
    make_user(tenant_id, mail(tenant_id, "s"))
    config.use(notify.model_copy(update={"webhook_allow_private": False}))
    sessions.request_password_reset(mail(tenant_id, "s"))
    dispatch(tenant_id)
    with context.acting_as(context.system_context(tenant_id)):
        d = service.deliveries(channel="webhook")[0]
    assert d.status == "pending" and "not allowed" in (d.last_error or "") and http_recorder.requests == []

    config.use(notify)
    http_recorder.redirect_to = "http://169.254.169.254/latest/meta-data/"
    clock.set_clock(clock.FrozenClock(d.next_attempt_at))  # the next try's turn
    try:
        dispatch(tenant_id)
        with context.acting_as(context.system_context(tenant_id)):
            d = service.deliveries(channel="webhook")[0]
    finally:
        clock.set_clock(None)
    assert len(http_recorder.requests) == 1 and "redirects are not followed" in (d.last_error or "")
    assert d.status == "pending" and d.attempts == 2
