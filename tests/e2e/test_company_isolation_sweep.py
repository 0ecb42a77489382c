"""Company scoping, swept: inside one tenant, company A (the full demo company: book, a year of
entries, the demo building project) and company B. A user who holds roles only in B (its owner: every
permission, but in B) acts in B. Every REST GET endpoint and UI page (enumerated from the route
table, path parameters filled with A's book, entries, accounts, projects and activities) and every
GraphQL query (required arguments filled the same way, selecting every field to some depth) must
never show one of A's company-owned rows; and posting into A's book or changing A's project fails.

A's company-owned rows are those of the ledger and the schedule: A's book and every row of it,
A's projects and every row of them; and A's organization structure and role administration: its
branches, sites, departments, cost centres and members, its roles and the role assignments held in
it. The company record itself and the tenant's shared data (parties, items, users) are the
tenant's, not a company's. Modelled on the tenant sweep."""

from __future__ import annotations

import itertools
import re
import uuid
from dataclasses import replace

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from starlette.routing import Route

from vextrus.app import create_app
from vextrus.modules.auth import service as auth
from vextrus.modules.auth.service import sessions
from vextrus.modules.finance import service as finance
from vextrus.modules.organization import api as org
from vextrus.modules.organization import service as org_service
from vextrus.modules.projects import service as projects
from vextrus.platform import bootstrap, context

UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _uuid(v: object) -> str:
    return str(v) if isinstance(v, uuid.UUID) else str(uuid.UUID(str(v)))


@pytest.fixture
def companies(db):
    """The demo tenant (company A = the demo company) with company B added; B has its own book and
    project; the context of B's owner (roles in B only) acting in B."""
    tenant, _created, _lines = bootstrap.load_demo()
    with context.acting_as(context.system_context(tenant.id, actor="test")):
        a = org.company_by_code("PBL")
        b = org.create_company(org.CompanyInput(code="PB2", name="Padma Builders Two Ltd."))
        auth.seed_default_roles(b.id)
        u = auth.create_user(auth.UserInput(email="owner-b@pb2.example.com", name="Owner of B"), "Rod&Cement-2025",
                             b.id, ["owner"])
        book_b = finance.ensure_book("PB2", "Padma Builders Two Ltd.", b.id)
        finance.open_fiscal_year(book_b.code, "2025-26")
    with context.acting_as(replace(context.system_context(tenant.id), company_id=b.id)):
        projects.create_project("PB2-SITE", "Company B's site")
    ctx = sessions.context_for(u.id, tenant.id, company_id=b.id)
    assert ctx.company_id == b.id and ctx.can("finance.journal.post") and not ctx.system
    return tenant, a, b, ctx


def _company_rows(db, tenant_id, company_id) -> dict[str, set[str]]:
    """Ids of every row company A owns in the ledger and the schedule, by table, read as the system:
    its books and every row with one of their `book_id`s; its projects and every row with one of their
    `project_id`s or of their activities' `activity_id`s."""
    insp = sa.inspect(db.engine)
    pg = db.engine.dialect.name == "postgresql"
    t = tenant_id if pg else tenant_id.hex
    c = company_id if pg else company_id.hex
    out: dict[str, set[str]] = {}
    tables = []  # (schema, table, columns), read before the session holds SQLite's lock
    for schema in ("finance", "projects"):
        for table in insp.get_table_names(schema=schema if pg else None):
            if table.startswith(schema[:7]):  # SQLite: one namespace; a module's tables carry its prefix
                tables.append((schema, table, {col["name"] for col in insp.get_columns(
                    table, schema=schema if pg else None)}))
    with context.acting_as(context.system_context(tenant_id)), db.session_factory() as s:
        def q(sql: str, **kw: object) -> set[str]:
            return {_uuid(r[0]) for r in s.execute(sa.text(sql), {"t": t, **kw})}

        def name(schema: str, table: str) -> str:
            return f'"{schema}"."{table}"' if pg else f'"{table}"'

        books = q(f"SELECT id FROM {name('finance', 'finance_book')} WHERE tenant_id = :t AND company_id = :c", c=c)
        projs = q(f"SELECT id FROM {name('projects', 'project')} WHERE tenant_id = :t AND company_id = :c", c=c)
        out["finance_book"], out["project"] = books, projs
        acts = _children(s, name("projects", "project_activity"), "project_id", projs)
        for schema, table, cols in tables:
            if "id" not in cols or "tenant_id" not in cols:
                continue
            for key, owners in (("book_id", books), ("project_id", projs), ("activity_id", acts)):
                if key in cols and owners:
                    out.setdefault(table, set()).update(_children(s, name(schema, table), key, owners))
        # the organization structure and the role administration of the company (a `company_id` each)
        for schema, table in (("organization", "organization_branch"), ("organization", "organization_department"),
                              ("organization", "organization_cost_centre"),
                              ("organization", "organization_company_member"),
                              ("auth", "auth_role"), ("auth", "auth_role_assignment")):
            out[table] = q(f"SELECT id FROM {name(schema, table)} WHERE tenant_id = :t AND company_id = :c", c=c)
    return out


def _children(s, qualified: str, key: str, owners: set[str]) -> set[str]:  # noqa: ANN001
    ids = set()
    for row in s.execute(sa.text(f"SELECT id, {key} FROM {qualified}")):
        if row[1] is not None and _uuid(row[1]) in owners:
            ids.add(_uuid(row[0]))
    return ids


def _get_paths(db) -> list[str]:
    paths = []
    for kind in ("rest", "web"):
        for m, router in db.registry.each(kind):
            prefix = f"/api/v1/{m.name}" if kind == "rest" else ""
            paths += [prefix + r.path for r in router.routes if isinstance(r, Route) and "GET" in (r.methods or ())]
    return paths


def test_a_user_of_company_b_sees_none_of_company_as_rows_and_cannot_post_into_a(db, companies):
    tenant, a, b, ctx = companies
    rows = _company_rows(db, tenant.id, a.id)
    a_ids = set().union(*rows.values())
    assert len(rows["finance_book"]) == 1 and len(rows["project"]) == 1
    assert len(rows.get("finance_journal_entry", ())) > 50 and len(rows.get("project_activity", ())) > 100
    assert rows["organization_cost_centre"] and rows["organization_department"] and rows["organization_company_member"] \
        and rows["auth_role_assignment"]
    with context.acting_as(context.system_context(tenant.id)):
        book_a = finance.book_view(a.id)
        entries_a = finance.list_entries(book_a.code, limit=2)
        project_a = projects.list_projects()
        [project_a] = [p for p in project_a if p.id in {uuid.UUID(i) for i in rows["project"]}]
        activity_a = projects.list_activities(project_a.id)[0]
        account_a = finance.list_accounts(book_a.code)[5]
        users_a = sorted({str(m.user_id) for m in org_service.members(a.id)})[:2]  # role holders of A only
    words = [project_a.code, project_a.name]  # shown on pages by code and name, not by id
    fill = {
        "book": [book_a.code, str(book_a.id), str(a.id)], "entry": [str(entries_a[0].id), entries_a[0].number],
        "account": [account_a.code], "project": [project_a.code, str(project_a.id)],
        "kind": ["trial-balance", "general-ledger", "balance-sheet"], "ref": [project_a.code, str(project_a.id)],
        "id": [str(project_a.id), str(activity_a.id), str(entries_a[0].id), str(account_a.id)],
        "company_id": [str(a.id)], "companyId": [str(a.id)], "user_id": users_a,
    }
    fill["id"] += users_a  # GraphQL `user(id:)`: their roles in A must not show
    sample = sorted(a_ids)[:6]
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _r: ctx])
    leaks: list[str] = []
    wrote: list[str] = []  # writes into company A that were not refused
    called = ok = 0

    def check(what: str, text: str, asked: str) -> None:
        found = (set(UUID_RE.findall(text)) & a_ids) - set(UUID_RE.findall(asked))  # a 404 echoes the id asked
        named = [w for w in words if w in text and w not in asked]
        if found or named:
            leaks.append(f"{what} shows {sorted(found)[:3]} {named}")

    with TestClient(app) as client:
        # every GET endpoint and page, its path parameters pointing into company A
        for path in _get_paths(db):
            params = re.findall(r"{(\w+)(?::\w+)?}", path)
            combos = list(itertools.product(*[fill.get(p, sample) for p in params]))[:12]
            for combo in combos:
                url = path
                for p, v in zip(params, combo, strict=True):
                    url = re.sub(r"{" + p + r"(?::\w+)?}", v, url)
                r = client.get(url)
                called += 1
                ok += r.status_code == 200
                check(f"GET {url} -> {r.status_code}", r.text, url)
        # B's own book and pages, filtered or looked up by A's project and activity
        for url in (f"/api/v1/finance/books/PB2/reports/trial-balance?project_id={project_a.id}",
                    f"/finance/PB2/lookups/activities?project_id={project_a.id}",
                    f"/finance/PB2/journal?project_id={project_a.id}"):
            r = client.get(url)
            called += 1
            check(f"GET {url} -> {r.status_code}", r.text, url)
        # every GraphQL query, required arguments pointing into company A
        schema = client.post("/graphql", json={"query": INTROSPECTION}).json()["data"]["__schema"]
        types = {t["name"]: t for t in schema["types"]}
        for f in types[schema["queryType"]["name"]]["fields"]:
            if f["name"].startswith("_"):
                continue
            required = [arg for arg in f["args"] if arg["type"]["kind"] == "NON_NULL" and arg["defaultValue"] is None]
            choices = [_arg_values(arg, fill, sample) for arg in required]
            if any(not c for c in choices):
                continue
            sel = _selection(types, _named(f["type"]), 0)
            for combo in list(itertools.product(*choices))[:8]:
                args = ", ".join(f"{arg['name']}: {v}" for arg, v in zip(required, combo, strict=True))
                query = "{ " + f["name"] + (f"({args})" if args else "") + (f" {{ {sel} }}" if sel else "") + " }"
                body = client.post("/graphql", json={"query": query})
                called += 1
                ok += '"errors"' not in body.text
                check(f"GraphQL {query[:120]}", body.text, query)
        reps = [{"__typename": t, "id": i} for t in ("Project", "Activity", "Account", "JournalEntry")
                for i in fill["id"]]
        ent = client.post("/graphql", json={"query": "query($r: [_Any!]!) { _entities(representations: $r) "
                                                     "{ __typename ... on Project { id code name } } }",
                                            "variables": {"r": reps}})
        check("GraphQL _entities", ent.text, str(reps))
        # writes into company A: refused, nothing changes
        before = len(rows.get("finance_journal_entry", ()))
        line = [{"account_code": "5110", "debit": "100"}, {"account_code": "1120", "credit": "100"}]
        for ref in fill["book"]:
            r = client.post(f"/api/v1/finance/books/{ref}/entries", json={"entry_date": "2026-02-10", "lines": line})
            if r.status_code != 404:
                wrote.append(f"POST entry into book {ref} -> {r.status_code}")
        gql = client.post("/graphql", json={
            "query": "mutation($b: String!, $i: JournalEntryInput!) { postJournalEntry(book: $b, input: $i) { id } }",
            "variables": {"b": book_a.code, "i": {"entryDate": "2026-02-10", "lines": [
                {"accountCode": "5110", "debit": "100"}, {"accountCode": "1120", "credit": "100"}]}}})
        if not gql.json().get("errors") or (gql.json().get("data") or {}).get("postJournalEntry"):
            wrote.append(f"GraphQL postJournalEntry into {book_a.code}: {gql.text[:200]}")
        r = client.post(f"/api/v1/projects/projects/{project_a.code}/activities",
                        json={"code": "SNEAK", "name": "Added from company B", "duration_hours": 8})
        if r.status_code != 404:
            wrote.append(f"POST activity into project {project_a.code} -> {r.status_code}")
        # and a line of B's own book cannot name A's project
        r = client.post("/api/v1/finance/books/PB2/entries", json={"entry_date": "2026-02-10", "lines": [
            {**line[0], "project_id": str(project_a.id)}, line[1]]})
        if r.status_code != 422 or r.json().get("field") != "lines[0].project_id":
            wrote.append(f"POST entry into PB2 naming A's project -> {r.status_code}")
    after = len(_company_rows(db, tenant.id, a.id).get("finance_journal_entry", ()))
    if after != before:
        wrote.append(f"company A's book has {after - before} more entries")
    if "SNEAK" in {x.code for x in _activities_as_system(tenant.id, project_a.id)}:
        wrote.append("company A's project has the activity SNEAK")
    assert called > 150 and ok > 40, (called, ok)
    assert (leaks, wrote) == ([], [])


def _activities_as_system(tenant_id, project_id):  # noqa: ANN001, ANN202
    with context.acting_as(context.system_context(tenant_id)):
        return projects.list_activities(project_id)


def _named(t: dict) -> str:
    while t.get("ofType"):
        t = t["ofType"]
    return t["name"]


def _arg_values(arg: dict, fill: dict[str, list[str]], sample: list[str]) -> list[str]:
    """GraphQL literals for a required argument: names known from the REST sweep, else by type."""
    typ = _named(arg["type"])
    if arg["name"] in fill or typ == "ID":
        return [f'"{v}"' for v in fill.get(arg["name"], sample[:3])]
    return {"String": ['"PBL"'], "Int": ["10"], "Boolean": ["false"], "Date": ['"2025-07-01"'],
            "DateTime": ['"2026-01-01T08:00:00"']}.get(typ, [])


def _selection(types: dict, name: str, depth: int) -> str:
    """Every field without required arguments, objects to three levels (ids and codes are scalars)."""
    t = types[name]
    if t["kind"] not in ("OBJECT", "INTERFACE"):
        return ""
    parts = ["__typename"]
    for f in t["fields"] or []:
        if any(a["type"]["kind"] == "NON_NULL" and a["defaultValue"] is None for a in f["args"]):
            continue
        inner = types[_named(f["type"])]
        if inner["kind"] in ("SCALAR", "ENUM"):
            parts.append(f["name"])
        elif inner["kind"] in ("OBJECT", "INTERFACE") and depth < 3:
            sub = _selection(types, inner["name"], depth + 1)
            if sub:
                parts.append(f"{f['name']} {{ {sub} }}")
    return " ".join(parts)


INTROSPECTION = """{ __schema { queryType { name } types { name kind fields {
  name args { name defaultValue type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } }
  type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } }"""
