"""Material estimates and the consumption vs estimate report through REST, GraphQL, the page (English and Bangla)
and the CSV / XLSX files, on both databases: the files hold what the page shows; refusals at the field with
nothing stored; the demo's estimates and return (cement 3.23 % over its estimate)."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from inventory_pages import page_client
from openpyxl import load_workbook

from vextrus.modules.finance import service as finance
from vextrus.modules.inventory import demo, service
from vextrus.modules.inventory.schemas import (
    MaterialEstimateInput,
    MaterialReturnInput,
    MoveInput,
    StoreInput,
)
from vextrus.modules.master_data.schemas import ConversionIn, ItemInput
from vextrus.modules.master_data.service import items as item_service
from vextrus.modules.organization import api as org
from vextrus.modules.projects import service as projects
from vextrus.platform import clock, context
from vextrus.platform.i18n import to_bangla_digits

DAY = date(2025, 8, 10)


def _world():
    from dataclasses import replace

    c = org.create_company(
        org.CompanyInput(code="PBL", name="Padma Builders Ltd.", name_bn="পদ্মা বিল্ডার্স লিমিটেড")
    )
    finance.ensure_book("PBL", "Padma Builders Ltd.", c.id)
    finance.open_fiscal_year("PBL", "2025-26")
    with context.acting_as(replace(context.current(), company_id=c.id)):
        p = projects.create_project(
            "PADMA-RES", "Padma Residency", name_bn="পদ্মা রেসিডেন্সি", start_date="2025-07-01", company_id=c.id
        )
        projects.add_activity(p.id, "A1020", "Ground floor slab casting", 8.0)
        projects.add_activity(p.id, "A1030", "Brickwork", 8.0)
    site = service.create_store(
        StoreInput(
            company_id=c.id, code="site-1", name="Site store", name_bn="সাইট গুদাম", kind="site", project_id=p.id
        )
    )
    cem = item_service.create_item(
        ItemInput(
            code="CEM",
            name="Cement",
            name_bn="সিমেন্ট",
            base_unit="bag",
            conversions=[ConversionIn(from_unit="bag", to_unit="kg", factor=D(50))],
        )
    )
    service.post_move(
        MoveInput(
            company_id=c.id,
            item_id=cem.id,
            kind="receipt",
            move_date=DAY,
            store_id=site.id,
            quantity=D(400),
            unit_cost=D(560),
        )
    )
    service.post_move(
        MoveInput(
            company_id=c.id,
            item_id=cem.id,
            kind="issue",
            move_date=DAY,
            store_id=site.id,
            quantity=D(330),
            project_id=p.id,
            activity_code="A1020",
        )
    )
    service.post_move(
        MoveInput(
            company_id=c.id,
            item_id=cem.id,
            kind="issue",
            move_date=DAY,
            store_id=site.id,
            quantity=D(20),
            project_id=p.id,
            activity_code="A1030",
        )
    )
    service.return_material(
        MaterialReturnInput(
            company_id=c.id,
            project_id=p.id,
            activity_code="A1020",
            item_id=cem.id,
            store_id=site.id,
            quantity=D(10),
            move_date=DAY,
        )
    )
    return c, p, site, cem


@pytest.fixture
def web(db, admin):
    c, p, site, cem = _world()
    tc = page_client(db, admin)
    yield tc, c, p, site, cem
    tc.__exit__(None, None, None)


def _estimate(c, p, cem, **kw) -> dict:
    return {
        "company_id": str(c.id),
        "project_id": str(p.id),
        "activity_code": "A1020",
        "item_id": str(cem.id),
        **kw,
    }


def test_rest_sets_an_estimate_in_kg_with_an_idempotency_key_and_reports_it(web):
    tc, c, p, site, cem = web
    body = _estimate(c, p, cem, quantity="15500", unit="kg")
    r1 = tc.put("/api/v1/inventory/material-estimates", json=body, headers={"Idempotency-Key": "e-1"})
    r2 = tc.put("/api/v1/inventory/material-estimates", json=body, headers={"Idempotency-Key": "e-1"})
    assert (
        r1.status_code,
        r1.json()["quantity"],
        r1.json()["unit"],
        r2.json()["id"],
        r2.json()["version"],
    ) == (200, "310.000000", "bag", r1.json()["id"], 1)
    rep = tc.get(
        "/api/v1/inventory/reports/consumption", params={"company_id": str(c.id), "as_of": "2025-08-10"}
    )
    a1020 = next(ln for ln in rep.json()["lines"] if ln["activity_code"] == "A1020")
    assert (D(a1020["net"]), D(a1020["wastage_pct"]), a1020["over"], D(a1020["value"])) == (
        D(320),
        D("3.23"),
        True,
        D(179200),
    )
    assert rep.json()["over_activities"] == ["PADMA-RES/A1020"]
    lenient = tc.get(
        "/api/v1/inventory/reports/consumption",
        params={"company_id": str(c.id), "as_of": "2025-08-10", "tolerance": "5"},
    ).json()
    assert lenient["over_activities"] == []
    # before the moves: nothing issued yet, the estimate still listed
    early = tc.get(
        "/api/v1/inventory/reports/consumption", params={"company_id": str(c.id), "as_of": "2025-08-09"}
    ).json()["lines"]
    assert [(ln["activity_code"], D(ln["net"]), D(ln["estimated"] or 0)) for ln in early] == [
        ("A1020", D(0), D(310))
    ]
    ret = tc.post(
        "/api/v1/inventory/material-returns",
        headers={"Idempotency-Key": "r-1"},
        json={
            "company_id": str(c.id),
            "project_id": str(p.id),
            "activity_code": "A1030",
            "item_id": str(cem.id),
            "store_id": str(site.id),
            "quantity": "5",
            "move_date": "2025-08-11",
        },
    )
    assert (ret.status_code, ret.json()["kind"], D(ret.json()["value"])) == (201, "adjustment", D(2800))
    url = f"/api/v1/inventory/material-estimates/{r1.json()['id']}"
    assert tc.delete(url, params={"expected_version": 0}).status_code == 409
    assert tc.delete(url, params={"expected_version": 1}).status_code == 200
    assert tc.delete(url).status_code == 404
    assert tc.get("/api/v1/inventory/material-estimates", params={"company_id": str(c.id)}).json() == []


@pytest.mark.parametrize(
    "bad, status, code, field",
    [
        ({"quantity": "-5"}, 422, "inventory.estimate_negative", "quantity"),
        ({"quantity": "abc"}, 422, None, "quantity"),
        ({"quantity": "5", "unit": "cft"}, 422, "inventory.unit_not_convertible", "unit"),
        ({"quantity": "5", "activity_code": "Z9"}, 422, "inventory.activity_unknown", "activity_code"),
    ],
)
def test_rest_refuses_bad_estimates_at_the_field_and_stores_nothing(web, bad, status, code, field):
    tc, c, p, site, cem = web
    r = tc.put("/api/v1/inventory/material-estimates", json=_estimate(c, p, cem, **bad))
    assert r.status_code == status and field in (r.json().get("field") or "")
    assert code is None or r.json()["code"] == code
    assert r.json()["message"] and r.json()["message_bn"]
    assert tc.get("/api/v1/inventory/material-estimates", params={"company_id": str(c.id)}).json() == []


def test_graphql_sets_an_estimate_and_reads_the_report(web):
    tc, c, p, site, cem = web
    m = (
        "mutation($e: InventoryMaterialEstimateInput!) { setInventoryMaterialEstimate(estimate: $e, "
        'idempotencyKey: "g-1") { activityCode quantity unit version } }'
    )
    e = {
        "companyId": str(c.id),
        "projectId": str(p.id),
        "activityCode": "A1020",
        "itemId": str(cem.id),
        "quantity": "310",
    }
    out = tc.post("/graphql", json={"query": m, "variables": {"e": e}}).json()
    assert out["data"]["setInventoryMaterialEstimate"]["unit"] == "bag"
    err = tc.post(
        "/graphql", json={"query": m.replace("g-1", "g-2"), "variables": {"e": {**e, "quantity": "-1"}}}
    ).json()["errors"][0]
    assert (err["extensions"]["code"], err["extensions"]["field"]) == (
        "inventory.estimate_negative",
        "quantity",
    )
    q = (
        f'{{ inventoryConsumption(companyId: "{c.id}", asOf: "2025-08-10", tolerance: "3") '
        "{ overActivities totalValue lines { activityCode net wastagePct over } totals { net } } }"
    )
    got = tc.post("/graphql", json={"query": q}).json()["data"]["inventoryConsumption"]
    assert got["overActivities"] == ["PADMA-RES/A1020"] and D(got["totalValue"]) == D(190400)
    assert [(ln["activityCode"], D(ln["net"]), ln["over"]) for ln in got["lines"]] == [
        ("A1020", D(320), True),
        ("A1030", D(20), False),
    ]
    q2 = f'{{ inventoryMaterialEstimates(companyId: "{c.id}") {{ activityCode quantity }} }}'
    assert (
        tc.post("/graphql", json={"query": q2}).json()["data"]["inventoryMaterialEstimates"][0][
            "activityCode"
        ]
        == "A1020"
    )


def _cells(html: str, table_id: str) -> list[list[str]]:
    body = re.search(rf'<table class="grid" id="{table_id}">.*?<tbody>(.*?)</tbody>', html, re.S).group(1)
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    return [
        [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)] for r in rows
    ]


@pytest.mark.parametrize("lang", ["en", "bn"])
def test_the_page_and_its_csv_and_xlsx_hold_the_same_rows(web, lang):
    tc, c, p, site, cem = web
    service.set_material_estimate(
        MaterialEstimateInput(
            company_id=c.id, project_id=p.id, activity_code="A1020", item_id=cem.id, quantity=D(310)
        )
    )
    page = tc.get(f"/inventory/consumption?company={c.id}&as_of=2025-08-10&lang={lang}")
    assert page.status_code == 200
    rows = _cells(page.text, "consumption")
    assert len(rows) == 2 and 'data-over="yes"' in page.text
    bn = lang == "bn"
    expect = (
        ["৩১০.০০", "৩৩০.০০", "১০.০০", "৩২০.০০", "১০.০০", "৩.২৩%"]
        if bn
        else ["310.00", "330.00", "10.00", "320.00", "10.00", "3.23%"]
    )
    assert rows[0][4:10] == expect
    params = {"company_id": str(c.id), "as_of": "2025-08-10", "lang": lang}
    text = tc.get("/api/v1/inventory/reports/consumption.csv", params=params).content.decode("utf-8-sig")
    got = list(csv.reader(io.StringIO(text)))
    assert got[0][0] == ("প্রকল্প" if bn else "Project")
    lines = got[1:3]
    # the CSV's exact figures are the page's, formatted: estimated, issued, returned, net, variance, wastage
    fmt = (lambda v: to_bangla_digits(f"{D(v):,.2f}")) if bn else (lambda v: f"{D(v):,.2f}")
    for page_row, file_row in zip(rows, lines, strict=True):
        assert page_row[0] == (to_bangla_digits(file_row[0]) if bn else file_row[0])  # project
        assert [fmt(v) if v else "" for v in file_row[4:9]] == [
            x if x not in ("প্রাক্কলন নেই", "No estimate") else "" for x in page_row[4:9]
        ]
    assert lines[0][9] == "3.23" and lines[0][11] == ("হ্যাঁ" if bn else "yes") and lines[1][11] == ""
    assert (
        got[3][1] == ("মোট" if bn else "Total") and got[3][7] == "340.000000"
    )  # the project's total of cement
    x = tc.get("/api/v1/inventory/reports/consumption.xlsx", params=params)
    sheet = load_workbook(io.BytesIO(x.content)).active
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    head = next(i for i, r in enumerate(values) if r[0] == got[0][0])
    data = values[head + 1 : head + 4]
    assert [r[:3] for r in data] == [[f[0], f[1], f[2]] for f in got[1:4]]
    assert [r[7] for r in data] == [pytest.approx(float(f[7])) for f in got[1:4]]
    assert data[0][9] == pytest.approx(3.23) and data[0][10] == pytest.approx(179200)
    if bn:  # no English word in the page's own text (codes of items, projects and activities are data)
        main = re.sub(
            r"<[^>]+>",
            " ",
            re.search(r"<main[^>]*>(.*)</main>", page.text, re.S).group(1)
            if "<main" in page.text
            else page.text,
        )
        words = set(re.findall(r"[A-Za-z]{3,}", main)) - {"PADMA", "RES", "CEM"}
        assert not words, words
    assert tc.get("/api/v1/inventory/reports/consumption.pdf", params=params).status_code == 422


@pytest.mark.parametrize("lang", ["en", "bn"])
def test_the_page_form_sets_an_estimate_and_shows_a_refusal_at_its_field(web, lang):
    tc, c, p, site, cem = web
    form = {
        "company_id": str(c.id),
        "project_id": str(p.id),
        "activity_code": "A1020",
        "item_id": str(cem.id),
        "quantity": "১৫৫০০" if lang == "bn" else "15500",
        "unit": "kg",
        "idempotency_key": "pg-1",
    }
    ok = tc.post(f"/inventory/material-estimates?lang={lang}", data=form, follow_redirects=False)
    assert ok.status_code == 303
    assert [e.quantity for e in service.list_material_estimates(c.id)] == [D(310)]
    bad = tc.post(
        f"/inventory/material-estimates?lang={lang}",
        data={**form, "quantity": "-1", "idempotency_key": "pg-2"},
    )
    assert bad.status_code == 422 and 'data-field="quantity"' in bad.text
    assert ("পরিমাণ:" in bad.text) if lang == "bn" else ("Quantity:" in bad.text)
    assert [e.quantity for e in service.list_material_estimates(c.id)] == [D(310)]
    tol = tc.get(f"/inventory/consumption?company={c.id}&tolerance=abc&lang={lang}")
    assert tol.status_code == 422 and 'data-field="tolerance"' in tol.text


def test_a_viewer_sees_the_page_without_the_form_and_rest_refuses_the_write(db, admin, tenant_id):
    c, p, site, cem = _world()
    viewer = context.RequestContext(
        tenant_id=tenant_id,
        user_id=admin.user_id,
        company_id=c.id,
        permissions=frozenset({"inventory.stock.view", "projects.project.read", "projects.activity.read"}),
        actor="viewer@test",
    )
    tc = page_client(db, viewer)
    try:
        page = tc.get(f"/inventory/consumption?company={c.id}")
        assert (
            page.status_code == 200
            and 'id="estimate-form"' not in page.text
            and 'id="consumption"' in page.text
        )
        r = tc.put("/api/v1/inventory/material-estimates", json=_estimate(c, p, cem, quantity="1"))
        assert r.status_code == 403
        assert (
            tc.post(
                "/inventory/material-estimates",
                data={
                    "company_id": str(c.id),
                    "project_id": str(p.id),
                    "activity_code": "A1020",
                    "item_id": str(cem.id),
                    "quantity": "1",
                },
            ).status_code
            == 403
        )
    finally:
        tc.__exit__(None, None, None)
    assert service.list_material_estimates(c.id) == []


def test_the_demo_estimates_its_issues_and_cement_is_over_by_3_23_percent(db, admin, tenant_id):
    from vextrus.modules.organization.demo import DEMO_COMPANY_CODE

    c = org.create_company(org.CompanyInput(code=DEMO_COMPANY_CODE, name="Padma Builders Ltd."))
    finance.ensure_book(DEMO_COMPANY_CODE, "Padma Builders Ltd.", c.id)
    for on in (clock.today() - timedelta(days=60), clock.today()):
        finance.open_fiscal_year(DEMO_COMPANY_CODE, on)
    p = projects.create_project(demo.PROJECT, "Padma Residency", company_id=c.id)
    for code in ("N03PI", "F08SR", "N04BI"):
        projects.add_activity(p.id, code, code, 8.0)
    units = {
        "CEM-OPC-50": ("bag", [ConversionIn(from_unit="bag", to_unit="kg", factor=D(50))]),
        "ROD-60G-10": ("kg", []),
        "BRICK-1ST": ("piece", []),
        "SAND-SYLHET": ("cft", []),
    }
    for code, (unit, conv) in units.items():
        item_service.create_item(
            ItemInput(code=code, name=code.title(), name_bn="পণ্য", base_unit=unit, conversions=conv)
        )
    demo.load(tenant_id)
    r = service.consumption(c.id, p.id)
    got = {
        (ln.activity_code, ln.item_code): (ln.estimated, ln.net, ln.wastage_pct, ln.over) for ln in r.lines
    }
    assert got == {
        ("N03PI", "CEM-OPC-50"): (D(310), D(320), D("3.23"), True),
        ("F08SR", "ROD-60G-10"): (D(5100), D(5200), D("1.96"), False),
        ("N04BI", "BRICK-1ST"): (D(40000), D(42000), D("5.00"), True),
        ("N03PI", "SAND-SYLHET"): (D(1750), D(1800), D("2.86"), False),
    }
    assert r.over_activities == ["PADMA-RES/N03PI", "PADMA-RES/N04BI"]
