"""The home page shows the company and each module's figures to a signed-in user."""

from __future__ import annotations

from fastapi.testclient import TestClient

from vextrus.app import create_app
from vextrus.platform import bootstrap, context
from vextrus.platform.modules import HomeCard


def test_signed_in_home_shows_company_and_module_cards(db):
    tenant, _created, _lines = bootstrap.load_demo()
    owner = context.RequestContext(tenant_id=tenant.id, permissions=frozenset({"*"}), actor="owner@test")
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _r: owner])
    with TestClient(app) as c:
        page = c.get("/?lang=en").text
    assert "Padma Builders Ltd." in page and 'id="home-cards"' in page
    assert "Active users" in page and "Companies" in page


def test_a_failing_module_card_does_not_break_home(db, monkeypatch):
    from vextrus.web import routes

    mods = db.registry.modules
    broken = type(mods[0])(name="broken", title="B", title_bn="B", home="no.such.module:cards")
    ok = type(mods[0])(name="fine", title="F", title_bn="F", home="tests_home_cards:cards")
    import sys
    import types

    sys.modules["tests_home_cards"] = types.SimpleNamespace(cards=lambda: [HomeCard("Fine", "ঠিক", "1")])
    monkeypatch.setattr(db.registry, "modules", [*mods, broken, ok])
    titles = [c.title for c in routes.home_cards()]
    assert "Fine" in titles
