"""REST, GraphQL and pages of notifications (issue 14), signed in as a real user: the bell's unread count
in the header, the notification centre in Bangla with mark read, preferences saved from the page, the
template editor with its two-language preview, the delivery log with a dead letter's retry button."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from notify_helpers import mail, make_user

from vextrus.app import create_app
from vextrus.modules.master_data import service as md
from vextrus.modules.master_data.schemas import DocumentIn, PartyInput
from vextrus.modules.notifications import service
from vextrus.modules.notifications.schemas import PreferenceInput
from vextrus.platform import clock, context

DOC = "master_data.party.document_expiring"


@pytest.fixture
def me(db, tenant_id):
    return make_user(tenant_id, mail(tenant_id, "page"), language="bn", name_bn="করিম")


@pytest.fixture
def client(db, me):
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: me])
    with TestClient(app) as c:
        c.get("/notifications")  # the CSRF cookie
        yield c


def _expiring(tenant_id, me, name="Meghna Cement Mills") -> None:  # noqa: ANN001
    with context.acting_as(me):
        service.set_preferences([PreferenceInput(event=DOC, channel="in_app", mode="immediate")])
    with context.acting_as(context.system_context(tenant_id)):
        md.create_party(PartyInput(legal_name=name, roles=["vendor"], documents=[
            DocumentIn(kind="trade_licence", number="TL-9", expires_on=clock.today() + timedelta(days=3))]))
        md.notify_expiring_documents(30)


def test_the_bell_counts_unread_and_the_centre_marks_read_in_bangla(client, tenant_id, me):
    _expiring(tenant_id, me)
    page = client.get("/notifications?lang=bn")
    assert page.status_code == 200 and 'id="bell"' in page.text and 'hx-get="/notifications/bell"' in page.text
    assert "Meghna Cement Mills-এর ট্রেড লাইসেন্স" in page.text and "সব পড়া হয়েছে চিহ্নিত করুন" in page.text
    assert 'id="unread-count"' in client.get("/notifications/bell").text and "১" in client.get("/notifications/bell").text
    token = client.cookies.get("vx_csrf")
    r = client.post("/notifications/read", data={"csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303
    assert 'id="unread-count"' not in client.get("/notifications/bell").text
    assert client.get("/api/v1/notifications/inbox/unread").json() == {"unread": 0}


def test_preferences_page_saves_and_refuses_turning_off_security_mail(client):
    page = client.get("/notifications/preferences?lang=bn")
    assert page.status_code == 200 and "সবসময় (নিরাপত্তা)" in page.text
    token = client.cookies.get("vx_csrf")
    r = client.post("/notifications/preferences", data={"csrf_token": token, f"{DOC}|email": "digest",
                                                        f"{DOC}|sms": "off", f"{DOC}|in_app": "immediate"})
    assert r.status_code == 200 and "সংরক্ষিত হয়েছে" in r.text
    modes = {(p["event"], p["channel"]): p["mode"] for p in client.get("/api/v1/notifications/preferences").json()}
    assert modes[(DOC, "email")] == "digest" and modes[(DOC, "in_app")] == "immediate"
    bad = client.put("/api/v1/notifications/preferences",
                     json=[{"event": "auth.password_reset.requested", "channel": "email", "mode": "off"}])
    assert bad.status_code == 422 and bad.json()["code"] == "preference_mandatory" and bad.json()["field"] == "items[0].mode"


def test_template_editor_previews_both_languages_and_saves(client):
    page = client.get(f"/notifications/templates/{DOC}/email")
    assert page.status_code == 200 and 'id="preview-en"' in page.text and 'id="preview-bn"' in page.text
    token = client.cookies.get("vx_csrf")
    form = {"en_subject": "Licence of {{ party_name }}", "en_body": "<p>{{ party_code }} expires</p>",
            "bn_subject": "{{ party_name }}-এর লাইসেন্স", "bn_body": "<p>{{ party_code }} মেয়াদ শেষ</p>"}
    prev = client.post(f"/notifications/templates/{DOC}/email/preview", data=form,
                       headers={"X-CSRF-Token": token, "HX-Request": "true"})
    assert prev.status_code == 200 and "Licence of Meghna Cement Mills Ltd." in prev.text
    assert "মেঘনা সিমেন্ট মিলস লিমিটেড-এর লাইসেন্স" in prev.text  # Bangla sample values for the Bangla side
    broken = client.post(f"/notifications/templates/{DOC}/email/preview", data=form | {"bn_body": "{{ nope }}"},
                         headers={"X-CSRF-Token": token, "HX-Request": "true"})
    assert broken.status_code == 422 and "মূল লেখা" in broken.text and "nope" in broken.text  # the body, named in Bangla
    saved = client.post(f"/notifications/templates/{DOC}/email", data=form | {"csrf_token": token})
    assert saved.status_code == 200 and 'id="saved"' in saved.text
    t = client.get(f"/api/v1/notifications/templates/{DOC}/email/bn").json()
    assert t["customised"] and t["subject"] == "{{ party_name }}-এর লাইসেন্স"
    r = client.put(f"/api/v1/notifications/templates/{DOC}/email/en", json={"subject": "x", "body": "{% if %}"})
    assert r.status_code == 422 and r.json()["code"] == "template_invalid" and r.json()["field"] == "body"


def test_the_delivery_log_shows_a_dead_letter_with_retry(client, tenant_id, notify):
    from notify_helpers import dispatch

    from vextrus.modules.auth.service import sessions
    from vextrus.modules.notifications import config

    config.use(notify.model_copy(update={"smtp_port": 1}))
    sessions.request_password_reset(mail(tenant_id, "page"))
    fc = clock.FrozenClock(clock.now())
    clock.set_clock(fc)
    try:
        for _ in range(5):
            dispatch(tenant_id)
            fc.advance(hours=1)
    finally:
        clock.set_clock(None)
    page = client.get("/notifications/deliveries?status=dead&lang=bn")
    assert page.status_code == 200 and "চূড়ান্তভাবে ব্যর্থ" in page.text and "/retry" in page.text
    dead = client.get("/api/v1/notifications/deliveries?status=dead").json()
    assert len(dead) == 1 and len(client.get(f"/api/v1/notifications/deliveries/{dead[0]['id']}/attempts").json()) == 5
    r = client.post(f"/api/v1/notifications/deliveries/{dead[0]['id']}/retry", headers={"Idempotency-Key": "r-1"})
    assert r.status_code == 200 and r.json()["status"] == "pending"


def test_graphql_unread_count_preview_and_mark_read(client, tenant_id, me):
    _expiring(tenant_id, me, "Padma Steel")
    q = client.post("/graphql", json={"query": "{ notificationUnreadCount notifications { subject } "
                                               f'notificationPreview(event: "{DOC}", channel: "sms") {{ bn {{ text }} }} }}'})
    data = q.json()["data"]
    assert data["notificationUnreadCount"] == 1 and "Padma Steel" in data["notifications"][0]["subject"]
    assert "মেয়াদোত্তীর্ণ" in data["notificationPreview"]["bn"]["text"]
    m = client.post("/graphql", json={"query": 'mutation { markNotificationsRead(idempotencyKey: "g-1") }'}).json()
    assert m["data"]["markNotificationsRead"] == 1
