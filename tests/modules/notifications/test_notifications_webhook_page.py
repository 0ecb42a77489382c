"""The webhooks page (issue 14): an administrator adds an endpoint from the page and sees its signing secret
once (the list never shows it again), a private address is refused naming the address field in the reader's
language, an endpoint is switched off and on (its failures start again) and removed; the delivery log links
to the page; English and Bangla. Both databases."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from vextrus.app import create_app
from vextrus.modules.notifications import config, service

DOC = "master_data.party.document_expiring"


@pytest.fixture
def client(db, admin):
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as c:
        c.get("/notifications/webhooks")  # the CSRF cookie
        yield c


@pytest.fixture
def public_only():
    config.use(config.NotifyConfig(webhook_allow_private=False))
    yield
    config.use(None)


def _form(c: TestClient, **kw) -> dict:  # noqa: ANN003
    return {"csrf_token": c.cookies.get("vx_csrf"), "max_failures": "3", **kw}


def test_an_endpoint_added_from_the_page_shows_its_secret_once_and_is_switched_and_removed(
    client, public_only
):
    r = client.post(
        "/notifications/webhooks?lang=en",
        data=_form(client, name="site-ledger", url="http://10.0.0.5/hook", events=[DOC]),
    )
    assert r.status_code == 422 and "private network" in r.text and 'value="http://10.0.0.5/hook"' in r.text
    r_bn = client.post(
        "/notifications/webhooks?lang=bn",
        data=_form(client, name="site-ledger", url="http://10.0.0.5/hook", events=[DOC]),
    )
    assert r_bn.status_code == 422 and "ব্যক্তিগত নেটওয়ার্ক" in r_bn.text
    none = client.post(
        "/notifications/webhooks?lang=en", data=_form(client, name="x", url="https://93.184.216.34/h")
    )
    assert none.status_code == 422 and "choose at least one" in none.text  # no event ticked

    made = client.post(
        "/notifications/webhooks?lang=en",
        data=_form(client, name="site-ledger", url="https://93.184.216.34/vextrus", events=[DOC, "*"]),
    )
    assert made.status_code == 200 and "site-ledger" in made.text
    [hook] = client.get("/api/v1/notifications/webhooks").json()
    assert hook["events"] == [DOC, "*"] and hook["max_failures"] == 3 and hook["secret"] is None
    secret = made.text.split('id="webhook-secret"')[1].split("<code>")[1].split("</code>")[0]
    assert len(secret) >= 40
    listed = client.get("/notifications/webhooks?lang=en").text
    assert "site-ledger" in listed and secret not in listed and "Every event" in listed and "0 of 3" in listed
    bn = client.get("/notifications/webhooks?lang=bn").text
    assert "ওয়েবহুক" in bn and "সব ইভেন্ট" in bn and "বন্ধ করুন" in bn and secret not in bn

    off = client.post(
        f"/notifications/webhooks/{hook['id']}/active",
        data={"csrf_token": client.cookies.get("vx_csrf"), "active": "false", "version": hook["version"]},
    )
    assert off.status_code == 200 and "Switch on" in client.get("/notifications/webhooks?lang=en").text
    assert client.get("/api/v1/notifications/webhooks").json()[0]["active"] is False
    stale = client.post(
        f"/notifications/webhooks/{hook['id']}/active",
        data={"csrf_token": client.cookies.get("vx_csrf"), "active": "true", "version": hook["version"]},
    )
    assert stale.status_code == 409  # the page was stale: changed since
    gone = client.post(
        f"/notifications/webhooks/{hook['id']}/delete", data={"csrf_token": client.cookies.get("vx_csrf")}
    )
    assert gone.status_code == 200 and client.get("/api/v1/notifications/webhooks").json() == []
    assert 'id="webhooks-link"' in client.get("/notifications/deliveries").text


def test_the_page_needs_the_webhook_permission(db, tenant_id):
    from vextrus.platform import context
    from vextrus.platform.errors import PermissionDenied

    clerk = context.RequestContext(
        tenant_id=tenant_id, permissions=frozenset({"notifications.delivery.view"}), actor="clerk@test"
    )
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: clerk])
    with TestClient(app) as c:
        assert c.get("/notifications/webhooks").status_code == 403
        assert 'id="webhooks-link"' not in c.get("/notifications/deliveries").text
    with context.acting_as(clerk), pytest.raises(PermissionDenied):  # the service refuses too
        service.list_webhooks()
