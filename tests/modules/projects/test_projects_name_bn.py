"""Projects have a Bangla name (`name_bn`, empty = none): service, REST, GraphQL, pages (Bangla when
the page is in Bangla and the name is set), the lookups finance uses, the demo, XER/MSPDI (never
carried), and migration 0004 (existing rows get '', no drift between the tables and the migrations)."""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal
from html import unescape
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from fastapi.testclient import TestClient
from sqlalchemy import select
from test_projects_mspdi import XML as MSPDI

from vextrus.app import create_app
from vextrus.modules.projects import api, demo, interchange, service
from vextrus.modules.projects.tables import Activity, Base, Project
from vextrus.platform import clock, context, migrations
from vextrus.platform.db import dispose_engine, make_engine
from vextrus.platform.errors import ValidationFailed
from vextrus.platform.ids import new_id
from vextrus.platform.scratch import scratch_database
from vextrus.platform.tables import OutboxEvent

DATA = Path(__file__).parent / "data"
BN = "মিরপুর টাওয়ার (জি+১৪)"


@pytest.fixture
def client(db, admin):
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as c:
        yield c


def _csrf(client: TestClient) -> dict[str, str]:
    client.get("/projects?lang=en")
    return {"X-CSRF-Token": client.cookies.get("vx_csrf")}


# ---- service and projects.api -----------------------------------------------------------------

def test_service_creates_and_updates_the_bangla_name(db, admin):
    p = service.create_project("MIRPUR-T", "Mirpur Tower (G+14)", name_bn=f"  {BN} ", status="active")
    assert (p.name, p.name_bn) == ("Mirpur Tower (G+14)", BN)  # trimmed
    assert service.get_project("MIRPUR-T").name_bn == BN
    assert [(x.code, x.name_bn) for x in service.list_projects()] == [("MIRPUR-T", BN)]
    plain = service.create_project("UTTARA", "Uttara shops")
    assert plain.name_bn == ""  # optional

    u = service.update_project("UTTARA", plain.version, name_bn="উত্তরা দোকান")
    assert (u.name, u.name_bn, u.version) == ("Uttara shops", "উত্তরা দোকান", plain.version + 1)
    assert service.update_project("MIRPUR-T", name_bn="").name_bn == ""  # cleared: pages show the English name
    with pytest.raises(ValidationFailed) as exc:
        service.update_project("UTTARA", name_bn="ক" * 201)
    assert exc.value.field == "name_bn"
    with pytest.raises(ValidationFailed):
        service.create_project("LONG", "Long", name_bn="ক" * 201)

    with db.session_factory() as s:
        created = {e.payload["code"]: e.payload for e in s.execute(select(OutboxEvent).where(
            OutboxEvent.tenant_id == context.current().tenant_id,
            OutboxEvent.name == "projects.project.created")).scalars()}
        updated = [e.payload for e in s.execute(select(OutboxEvent).where(
            OutboxEvent.tenant_id == context.current().tenant_id,
            OutboxEvent.name == "projects.project.updated")).scalars()]
    assert created["MIRPUR-T"]["project_name_bn"] == BN and created["UTTARA"]["project_name_bn"] == ""
    assert updated[0]["changed"] == ["name_bn"]


def test_api_refs_carry_the_bangla_name(db, admin):
    p = service.create_project("MIRPUR-T", "Mirpur Tower (G+14)", name_bn=BN, status="active")
    service.create_project("UTTARA", "Uttara shops", status="active")
    ref = api.project_by_code("MIRPUR-T")
    assert (ref.name, ref.name_bn) == ("Mirpur Tower (G+14)", BN)
    assert api.get_project(p.id) == ref
    assert [(r.code, r.name_bn) for r in api.list_projects()] == [("MIRPUR-T", BN), ("UTTARA", "")]


# ---- REST and GraphQL -------------------------------------------------------------------------

def test_rest_create_update_list_and_get_with_a_bangla_name(client):
    r = client.post("/api/v1/projects/projects", json={"code": "R1", "name": "REST house", "name_bn": "রেস্ট বাড়ি"})
    assert r.status_code == 201 and r.json()["name_bn"] == "রেস্ট বাড়ি"
    r = client.post("/api/v1/projects/projects", json={"code": "R2", "name": "No Bangla"})
    assert r.status_code == 201 and r.json()["name_bn"] == ""
    r = client.patch("/api/v1/projects/projects/R2", json={"expected_version": 1, "changes": {"name_bn": "বাংলা নেই"}})
    assert r.status_code == 200 and (r.json()["name_bn"], r.json()["version"]) == ("বাংলা নেই", 2)
    assert client.get("/api/v1/projects/projects/R1").json()["name_bn"] == "রেস্ট বাড়ি"
    listed = {p["code"]: p["name_bn"] for p in client.get("/api/v1/projects/projects").json()}
    assert listed == {"R1": "রেস্ট বাড়ি", "R2": "বাংলা নেই"}
    r = client.patch("/api/v1/projects/projects/R2", json={"changes": {"name_bn": "ক" * 201}})
    assert r.status_code == 422 and r.json()["field"] == "name_bn"


def test_graphql_creates_and_reads_name_bn(client):
    q = """mutation { createProject(code: "G1", name: "GraphQL house", nameBn: "গ্রাফকিউএল বাড়ি",
                                    idempotencyKey: "g1") { id code name nameBn } }"""
    r = client.post("/graphql", json={"query": q}).json()
    created = r["data"]["createProject"]
    assert (created["name"], created["nameBn"]) == ("GraphQL house", "গ্রাফকিউএল বাড়ি")
    r = client.post("/graphql", json={"query": 'mutation { createProject(code: "G2", name: "Plain") { nameBn } }'})
    assert r.json()["data"]["createProject"]["nameBn"] == ""
    service.update_project("G2", name_bn="সাধারণ")  # changed by the service (updateProject: test_projects_ui_edit)
    r = client.post("/graphql", json={"query": '{ project(ref: "G2") { nameBn } projects { nodes { code nameBn } } }'})
    data = r.json()["data"]
    assert data["project"]["nameBn"] == "সাধারণ"
    assert {n["code"]: n["nameBn"] for n in data["projects"]["nodes"]} == {"G1": "গ্রাফকিউএল বাড়ি", "G2": "সাধারণ"}
    q = """query($r: [_Any!]!) { _entities(representations: $r) { ... on Project { code nameBn } } }"""
    r = client.post("/graphql", json={"query": q, "variables": {"r": [{"__typename": "Project", "id": created["id"]}]}})
    assert r.json()["data"]["_entities"] == [{"code": "G1", "nameBn": "গ্রাফকিউএল বাড়ি"}]


# ---- pages ------------------------------------------------------------------------------------

def _h1(html: str) -> str:
    return unescape(re.search(r"<h1>(.*?)</h1>", html, re.S).group(1))


def _list_names(html: str) -> dict[str, str]:
    table = re.search(r'<table class="grid" id="projects">(.*?)</table>', html, re.S).group(1)
    return {c: unescape(n) for c, n in re.findall(r'<a href="/projects/[^"]+">([^<]+)</a></td><td>([^<]*)</td>', table)}


def test_pages_show_the_bangla_name_in_bangla_and_the_english_name_in_english(client):
    service.create_project("MIRPUR-T", "Mirpur Tower (G+14)", name_bn=BN)
    service.create_project("UTTARA", "Uttara shops")  # no Bangla name: the English one everywhere
    en = client.get("/projects?lang=en")
    assert _list_names(en.text) == {"MIRPUR-T": "Mirpur Tower (G+14)", "UTTARA": "Uttara shops"}
    assert _h1(client.get("/projects/MIRPUR-T?lang=en").text) == "MIRPUR-T — Mirpur Tower (G+14)"
    bn = client.get("/projects?lang=bn")
    assert _list_names(bn.text) == {"MIRPUR-T": BN, "UTTARA": "Uttara shops"}
    page = client.get("/projects/MIRPUR-T?lang=bn").text
    assert _h1(page) == f"MIRPUR-T — {BN}"
    assert "নাম (বাংলা)" in page and 'name="name_bn"' in page  # the form's "Name (Bangla)" field
    assert _h1(client.get("/projects/UTTARA?lang=bn").text) == "UTTARA — Uttara shops"
    assert "Name (Bangla)" in client.get("/projects/UTTARA?lang=en").text


def test_the_dashboard_form_saves_both_names(client):
    p = service.create_project("UTTARA", "Uttara shops")
    hdr = _csrf(client)
    r = client.post("/projects/UTTARA/names", headers=hdr,
                    data={"version": p.version, "name": "Uttara shopping centre", "name_bn": " উত্তরা শপিং সেন্টার "},
                    follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/projects/UTTARA"
    saved = service.get_project("UTTARA")
    assert (saved.name, saved.name_bn) == ("Uttara shopping centre", "উত্তরা শপিং সেন্টার")
    # a stale form comes back as typed, with the error
    r = client.post("/projects/UTTARA/names", headers=hdr, data={"version": p.version, "name": "Old tab",
                                                                "name_bn": "পুরনো ট্যাব"})
    assert r.status_code == 422 and 'role="alert"' in r.text
    assert 'value="Old tab"' in r.text and 'value="পুরনো ট্যাব"' in r.text
    r = client.post("/projects/UTTARA/names", headers=hdr, data={"version": saved.version, "name": " ",
                                                                "name_bn": "নাম ছাড়া"})
    assert r.status_code == 422 and "(name)" in r.text
    assert service.get_project("UTTARA").name == "Uttara shopping centre"


# ---- finance's project picker (through projects.api) ------------------------------------------

def _options(html: str, name: str) -> dict[str, str]:
    m = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert m, f"no select {name}"
    return {v: unescape(t) for v, t in re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', m.group(1)) if v}


def test_the_finance_journal_picks_the_project_by_its_bangla_name_in_bangla(client, tenant_id):
    from vextrus.modules.finance import service as finance
    from vextrus.modules.organization import api as organization
    from vextrus.modules.organization import demo as org_demo

    org_demo.load(tenant_id)
    demo.load(tenant_id)
    c = organization.company_by_code(org_demo.DEMO_COMPANY_CODE)
    finance.ensure_book(c.code, c.name, company_id=c.id)
    finance.open_fiscal_year(c.code, "2025-26")
    project = api.project_by_code(demo.CODE)
    en = client.get(f"/finance/{c.code}/journal?lang=en")
    assert en.status_code == 200
    assert _options(en.text, "project_id") == {str(project.id): f"{demo.CODE} — {demo.NAME}"}
    bn = client.get(f"/finance/{c.code}/journal?lang=bn")
    assert _options(bn.text, "project_id") == {str(project.id): f"{demo.CODE} — {demo.NAME_BN}"}


# ---- demo, XER and MSPDI ----------------------------------------------------------------------

def test_the_demo_building_has_its_bangla_name(client, tenant_id):
    demo.load(tenant_id)
    p = service.get_project(demo.CODE)
    assert p.name == "Padma Residency (B+10 residential), Bashundhara R/A"
    assert p.name_bn == demo.NAME_BN == "পদ্মা রেসিডেন্সি (বি+১০ আবাসিক ভবন), বসুন্ধরা আ/এ"
    assert _h1(client.get(f"/projects/{demo.CODE}?lang=bn").text) == f"{demo.CODE} — {demo.NAME_BN}"


def test_xer_and_mspdi_imports_leave_the_bangla_name_empty_and_the_export_ignores_it(db, admin):
    interchange.import_xer((DATA / "tower_a.xer").read_bytes())
    assert service.get_project("TOWER-A").name_bn == ""
    before = interchange.export_xer("TOWER-A")
    service.update_project("TOWER-A", name_bn="টাওয়ার এ")
    after = interchange.export_xer("TOWER-A")
    assert after == before  # nothing of the Bangla name reaches the XER
    interchange.import_xer(after, code="TOWER-A2")
    assert service.get_project("TOWER-A2").name_bn == ""
    report = interchange.import_file(MSPDI.encode(), "tower_b.xml", "MSP-1")
    assert report.format == "mspdi" and service.get_project("MSP-1").name_bn == ""


# ---- migration 0004 ---------------------------------------------------------------------------

def test_the_tables_match_the_migrations(db):
    """Autogenerate finds nothing to do for the projects schema (on SQLite the tables have no schema)."""
    with db.engine.connect() as conn:
        pg = conn.dialect.name == "postgresql"
        md = Base.metadata
        if not pg:
            md = sa.MetaData()
            for t in Base.metadata.tables.values():
                t.to_metadata(md, schema=None, referred_schema_fn=lambda *_: sa.BLANK_SCHEMA)
        ours = {t.name for t in md.tables.values()}

        def include(obj, name, type_, reflected, compare_to):  # noqa: ANN001
            return type_ != "table" or (name in ours and (not pg or obj.schema == "projects"))

        mc = MigrationContext.configure(conn, opts={"compare_type": True, "include_schemas": pg,
                                                    "include_object": include, "target_metadata": md})
        assert compare_metadata(mc, md) == []
        cols = {c["name"]: c for c in sa.inspect(conn).get_columns("project", schema="projects" if pg else None)}
    assert not cols["name_bn"]["nullable"] and cols["name_bn"]["type"].length == 200
    assert cols["name_bn"]["default"] in ("''", "''::character varying")


def _table(model: type, skip: set[str] = frozenset()) -> sa.Table:  # noqa: B006
    """The model's columns without Python-side defaults: rows as a 0003 database holds them."""
    return sa.Table(model.__tablename__, sa.MetaData(schema="projects"),
                    *[sa.Column(c.name, c.type) for c in model.__table__.c if c.name not in skip])


def _columns(conn: sa.Connection) -> set[str]:
    pg = conn.dialect.name == "postgresql"
    return {c["name"] for c in sa.inspect(conn).get_columns("project", schema="projects" if pg else None)}


def test_0004_gives_existing_projects_an_empty_bangla_name_and_downgrades_without_losing_rows(db, scratch_postgres):
    scratch = scratch_postgres() if db.engine.dialect.name == "postgresql" else scratch_database(None)
    url, drop = scratch.owner_url, scratch.drop  # migrations run as the owner role
    engine = make_engine(url, migrations.all_schemas())
    tenant, pid = new_id(), new_id()

    def system(conn: sa.Connection) -> None:  # the tenant's rows (row-level security binds the owner too)
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("SELECT set_config('vextrus.tenant_id', :t, true)"), {"t": str(tenant)})

    try:
        migrations.upgrade(engine)
        with engine.begin() as conn:
            command.downgrade(migrations._config(conn), "projects_0003")
        with engine.begin() as conn:
            assert "name_bn" not in _columns(conn)
            system(conn)
            now = clock.now()
            conn.execute(sa.insert(_table(Project, {"name_bn"})).values(
                id=pid, tenant_id=tenant, code="OLD", name="Built before 0004", contract_value=Decimal(0),
                currency="BDT", schedule_options={}, source="manual", version=1, status="active",
                created_at=now, updated_at=now, data_date=datetime(2026, 1, 3, 8)))
            conn.execute(sa.insert(_table(Activity)).values(
                id=new_id(), tenant_id=tenant, project_id=pid, code="A", name="Work", type="task", seq=0,
                duration_hours=8.0, remaining_hours=8.0, percent_complete=0.0, critical=False,
                status="not_started", version=1, budget=Decimal(0)))
        migrations.upgrade(engine)
        assert not migrations.pending(engine)
        q = "SELECT p.name_bn, (SELECT count(*) FROM {s}project_activity a WHERE a.project_id = p.id) FROM {s}project p"
        with engine.begin() as conn:
            system(conn)
            s = "projects." if conn.dialect.name == "postgresql" else ""
            assert conn.execute(sa.text(q.format(s=s))).all() == [("", 1)]
        with engine.begin() as conn:  # and back: the column goes, the project and its activity stay
            command.downgrade(migrations._config(conn), "projects_0003")
        with engine.begin() as conn:
            assert "name_bn" not in _columns(conn)
            system(conn)
            s = "projects." if conn.dialect.name == "postgresql" else ""
            assert conn.execute(sa.text(f"SELECT count(*) FROM {s}project_activity")).scalar() == 1
            assert conn.execute(sa.text(f"SELECT code FROM {s}project")).all() == [("OLD",)]
    finally:
        dispose_engine(engine)
        drop()
