"""Every default role of a construction company walks every page of the navigation (in English, and in
Bangla for the roles whose staff mostly work in it), as a real user of the demo company (roles and permissions resolved by auth, not granted by hand).

A page the role's navigation shows must open (200): a role that sees a link it cannot follow cannot do
its work. A page it does not show must be refused with an HTML page (403), never a 500 or a traceback.
Generic over modules, so the pages of modules added later are walked without a test of their own."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from vextrus.app import create_app
from vextrus.modules.auth import service as auth
from vextrus.modules.auth.domain.roles import DEFAULT_ROLES
from vextrus.modules.auth.service import sessions
from vextrus.modules.organization import api as org
from vextrus.modules.organization import demo as org_demo
from vextrus.platform import bootstrap, context
from vextrus.platform.modules import NavItem

PW = "Walk-Every-Page-2026!"
# every role walks in English and is refused in both languages; the staff who most often work in Bangla
# also walk their pages in it (the owner's Bangla walk, tests/browser, reads every page's words)
BANGLA_ROLES = {"site_engineer", "store_keeper", "accountant", "hr_officer"}


def _nav(db) -> list[tuple[str, NavItem]]:
    """(module, item) of every navigation item (pages without path parameters)."""
    return [(m.name, n) for m in db.registry.modules for n in m.nav if "{" not in n.path]


def test_each_role_opens_the_pages_it_is_shown_and_is_refused_the_others(db):
    tenant, _created, _lines = bootstrap.load_demo()
    with context.acting_as(context.system_context(tenant.id, actor="roles-walk")):
        company = org.company_by_code(org_demo.DEMO_COMPANY_CODE)  # other tests add companies to the demo tenant
        contexts = {}
        for role in DEFAULT_ROLES:
            user = auth.create_user(auth.UserInput(email=f"{role.code.replace('_', '.')}@walk.example",
                                                   username=f"walk.{role.code}", name=role.name_en), PW, company.id, [role.code])
            contexts[role.code] = sessions.context_for(user.id, tenant.id, company_id=company.id)
    nav = _nav(db)
    assert len(nav) >= 15  # every module's pages, not a handful
    wrong: list[str] = []
    walked = 0
    for code, ctx in contexts.items():
        app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _r, ctx=ctx: ctx])
        with TestClient(app, raise_server_exceptions=False) as client:
            home = client.get("/?lang=en")
            assert home.status_code == 200, (code, home.status_code)
            for module, item in nav:
                path, shown = item.path, item.shown_to(ctx.can)
                if shown and f'href="{path}"' not in home.text:
                    wrong.append(f"{code}: {path} is allowed but the navigation does not show it")
                for lang in ("en", "bn") if code in BANGLA_ROLES or not shown else ("en",):
                    r = client.get(f"{path}?lang={lang}", headers={"Accept": "text/html"})
                    walked += 1
                    expected = 200 if shown else 403
                    if r.status_code != expected:
                        wrong.append(f"{code} GET {path}?lang={lang} ({module}) -> {r.status_code}, expected {expected}")
                    elif "Traceback" in r.text or "text/html" not in r.headers.get("content-type", ""):
                        wrong.append(f"{code} GET {path}?lang={lang} ({module}) is not a page")
    assert walked > 100
    assert wrong == [], "\n".join(wrong)


@pytest.mark.parametrize("role", ["viewer", "site_engineer"])
def test_a_role_without_a_module_does_not_see_its_link(db, role):
    """The navigation is the user's map: a link to a page the role may not open is a defect too."""
    tenant, _created, _lines = bootstrap.load_demo()
    with context.acting_as(context.system_context(tenant.id, actor="roles-walk")):
        company = org.company_by_code(org_demo.DEMO_COMPANY_CODE)  # other tests add companies to the demo tenant
        user = auth.create_user(auth.UserInput(email=f"{role}.nav@walk.example", username=f"nav.{role}", name=role), PW, company.id, [role])
        ctx = sessions.context_for(user.id, tenant.id, company_id=company.id)
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _r: ctx])
    with TestClient(app, raise_server_exceptions=False) as client:
        home = client.get("/?lang=en").text
    hidden = [item.path for _m, item in _nav(db) if not item.shown_to(ctx.can)]
    assert hidden, f"{role} should lack some module"
    assert [p for p in hidden if f'href="{p}"' in home] == []
