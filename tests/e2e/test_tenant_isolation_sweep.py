"""Every REST GET endpoint and every GraphQL query, called by a tenant-A administrator while
tenant B (the full demo company) exists, must never return one of tenant B's ids.

A generic sweep, so endpoints added later are covered without writing a test for each."""

from __future__ import annotations

import re
import uuid

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from starlette.routing import Route

from vextrus.app import create_app
from vextrus.platform import bootstrap, context

UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@pytest.fixture
def demo_tenant(db):
    tenant, _created, _lines = bootstrap.load_demo()
    return tenant


def _tenant_rows(db, tenant_id) -> tuple[set[str], set[str]]:
    """Ids and short codes of every row tenant B owns, read as the trusted system."""
    ids, codes = set(), set()
    insp = sa.inspect(db.engine)
    pg = db.engine.dialect.name == "postgresql"
    tables = []
    for schema in db.schemas():
        for table in insp.get_table_names(schema=schema if pg else None):
            cols = {c["name"] for c in insp.get_columns(table, schema=schema if pg else None)}
            if "tenant_id" in cols and "id" in cols:
                tables.append((f'"{schema}"."{table}"' if pg else f'"{table}"', "code" in cols))
    with context.acting_as(context.system_context(tenant_id)), db.session_factory() as s:
        for qualified, has_code in set(tables):
            pick = ", code" if has_code else ""
            for row in s.execute(sa.text(f"SELECT id{pick} FROM {qualified} WHERE tenant_id = :t"),
                                 {"t": tenant_id if pg else tenant_id.hex}):
                ids.add(str(row[0]) if isinstance(row[0], uuid.UUID) else str(uuid.UUID(str(row[0]))))
                if has_code and row[1]:
                    codes.add(str(row[1]))
    return ids, codes


def _get_paths(db) -> list[str]:
    """Every GET path of the modules' REST routers (under /api/v1/<module>) and UI pages."""
    paths = []
    for kind in ("rest", "web"):
        for m, router in db.registry.each(kind):
            prefix = f"/api/v1/{m.name}" if kind == "rest" else ""
            paths += [prefix + r.path for r in router.routes
                      if isinstance(r, Route) and "GET" in (r.methods or ())]
    return paths


def test_no_endpoint_shows_another_tenants_rows(db, admin, demo_tenant):
    b_ids, b_codes = _tenant_rows(db, demo_tenant.id)
    assert len(b_ids) > 50  # the demo company really has data
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _r: admin])
    sample_ids = sorted(b_ids)[:15]
    sample_codes = sorted(b_codes)[:8] or ["X"]
    leaks: list[str] = []
    called = 0
    with TestClient(app) as client:
        for path in _get_paths(db):
            params = re.findall(r"{(\w+)(?::\w+)?}", path)
            if len(params) > 1:
                values = [dict.fromkeys(params, v) for v in sample_ids[:5]]
            elif params:
                values = [{params[0]: v} for v in [*sample_ids, *sample_codes]]
            else:
                values = [{}]
            for v in values:
                url = re.sub(r"{(\w+)(?::\w+)?}", lambda m, v=v: str(v[m.group(1)]), path)
                r = client.get(url)
                called += 1
                found = (set(UUID_RE.findall(r.text)) & b_ids) - set(UUID_RE.findall(url))  # 404s echo the id asked
                if found:
                    leaks.append(f"GET {url} -> {r.status_code} shows {sorted(found)[:3]}")
        q = client.post("/graphql", json={"query": "{ __schema { queryType { fields { name args { name type { kind ofType { kind } } } } } } }"}).json()
        for f in q["data"]["__schema"]["queryType"]["fields"]:
            if f["name"].startswith("_") or any(a["type"]["kind"] == "NON_NULL" for a in f["args"]):
                continue
            body = client.post("/graphql", json={"query": "{ " + f["name"] + " { __typename } }"})
            if "must not have a selection" in body.text:  # a scalar field
                body = client.post("/graphql", json={"query": "{ " + f["name"] + " }"})
            called += 1
            found = set(UUID_RE.findall(body.text)) & b_ids
            if found:
                leaks.append(f"GraphQL {f['name']} shows {sorted(found)[:3]}")
        reps = [{"__typename": t, "id": i} for t in ("Company", "Party", "Item", "Project", "Activity",
                                                      "Account", "JournalEntry", "User") for i in sample_ids]
        ent = client.post("/graphql", json={"query": "query($r: [_Any!]!) { _entities(representations: $r) { __typename } }",
                                            "variables": {"r": reps}})
        found = (set(UUID_RE.findall(ent.text)) & b_ids) - set(sample_ids)  # "not found" errors name the id
        if found:
            leaks.append(f"GraphQL _entities shows {sorted(found)[:3]}")
    assert called > 20
    assert leaks == []
