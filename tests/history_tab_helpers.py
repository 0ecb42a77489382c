"""The History tab an object's page carries (audit's trail of that object; tests/modules/audit has the
party and journal pages): find it, open it, and check that a reader without `audit.record.view` has none."""

from __future__ import annotations

import re
from html import unescape

from fastapi.testclient import TestClient

from vextrus.app import create_app
from vextrus.platform import context

TITLE_EN, TITLE_BN = "History (who changed what, when)", "ইতিহাস (কে কখন কী বদলেছেন)"


def client_as(db, ctx: context.RequestContext) -> TestClient:  # noqa: ANN001
    return TestClient(create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: ctx]))


def tab(html: str) -> str | None:
    m = re.search(r'<details class="card" id="history" hx-get="([^"]+)"', html)
    return unescape(m.group(1)) if m else None


def check_history_tab(db, ctx: context.RequestContext, page: str, object_type: str, object_id: object,  # noqa: ANN001
                      events: list[str]) -> None:
    """`page` shows the tab in English and Bangla (no English title on the Bangla page); the tab fetches
    this object's records (each of `events` is there); a user without `audit.record.view` sees no tab."""
    with client_as(db, ctx) as client:
        en = client.get(f"{page}?lang=en")
        assert en.status_code == 200, en.text[-2000:]
        url = tab(en.text)
        assert url is not None, f"no history tab on {page}"
        assert f"object_type={object_type}" in url and f"object_id={object_id}" in url and TITLE_EN in en.text
        bn = client.get(f"{page}?lang=bn")
        assert bn.status_code == 200 and tab(bn.text) == url
        assert TITLE_BN in bn.text and TITLE_EN not in bn.text
        rows = client.get(url + "&lang=bn").text
        for e in events:
            assert e in rows, f"{e} not in the history of {page}"
        assert "<tr data-seq" in rows and "Who" not in rows and "When" not in rows
    reader = context.RequestContext(tenant_id=ctx.tenant_id, user_id=ctx.user_id, actor="reader@test",
                                    permissions=_view_of(object_type), company_id=ctx.company_id)
    with client_as(db, reader) as client:
        page_html = client.get(f"{page}?lang=en")
        assert page_html.status_code == 200, page_html.text[-1500:]
        assert tab(page_html.text) is None


def _view_of(object_type: str) -> frozenset[str]:
    """Every view permission of the object's module (the page reads a few of its objects)."""
    module = object_type.split(".")[0]
    return frozenset({f"{module}.*.view", f"{module}.*.read", "finance.*.view", "projects.*.view",
                      "master_data.*.view", "organization.*.view", "inventory.*.view"})
