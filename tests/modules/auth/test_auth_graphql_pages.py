"""GraphQL `users` and `companies` are Relay connections: pages follow `endCursor` without
gaps or repeats, and never show another tenant's rows."""

from __future__ import annotations

import os

os.environ.setdefault("VEXTRUS_AUTH_ARGON2", "fast-test")

from vextrus.modules.auth import service  # noqa: E402
from vextrus.modules.organization import api as org  # noqa: E402
from vextrus.platform import context  # noqa: E402
from vextrus.platform.graphql import build_schema  # noqa: E402
from vextrus.platform.ids import new_id  # noqa: E402
from vextrus.platform.tables import Tenant  # noqa: E402

PW = "Rod&Cement-2025"


def _schema():
    from vextrus.modules.auth.graphql import SUBGRAPH as AUTH
    from vextrus.modules.organization.graphql import SUBGRAPH as ORG

    return build_schema([ORG, AUTH])


def _walk(schema, field: str, size: int, select: str) -> list[str]:
    seen, after = [], None
    while True:
        q = f"query($a: String){{ {field}(first: {size}, after: $a) {{ nodes {{ {select} }} pageInfo {{ hasNextPage endCursor }} }} }}"
        r = schema.execute_sync(q, variable_values={"a": after})
        assert r.errors is None, r.errors
        conn = r.data[field]
        assert len(conn["nodes"]) <= size
        seen += [n[select] for n in conn["nodes"]]
        if not conn["pageInfo"]["hasNextPage"]:
            return seen
        after = conn["pageInfo"]["endCursor"]


def test_users_and_companies_page_through_every_row_once(admin, db):
    codes = [f"C{i}" for i in range(5)]
    companies = [org.create_company(org.CompanyInput(code=c, name=f"Company {c}")) for c in codes]
    service.seed_default_roles(companies[0].id)
    emails = [f"u{i}@t{admin.tenant_id.hex[-10:]}.example.com" for i in range(7)]
    for e in emails:
        service.create_user(service.UserInput(email=e, name="U"), PW, companies[0].id, ["viewer"])
    schema = _schema()
    assert _walk(schema, "companies", 2, "code") == codes  # creation order
    assert _walk(schema, "users", 3, "email") == emails
    # another tenant sees none of them
    tid = new_id()
    with context.acting_as(context.system_context()), db.session_factory.begin() as s:
        s.add(Tenant(id=tid, code=f"o{tid.hex[-10:]}", name="Other Ltd."))
    with context.acting_as(context.RequestContext(tenant_id=tid, permissions=frozenset({"*"}), actor="other")):
        assert _walk(schema, "users", 3, "email") == [] and _walk(schema, "companies", 3, "code") == []


def test_a_bad_cursor_is_a_clear_error(admin):
    r = _schema().execute_sync('{ users(first: 2, after: "not-a-cursor") { nodes { email } } }')
    assert r.errors and "cursor" in str(r.errors[0]).lower()
