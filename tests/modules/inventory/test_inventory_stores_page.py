"""The stores page `/inventory/stores` (issue 17: a new company creates its central warehouse and site stores on a
page): the list (code, name, kind, project, stock value today), the create form and the rename form in English
and Bangla, refusals at the field in the page's language with nothing stored, a stale rename 409, 403 without
`inventory.store.manage` or without the CSRF token; on both databases."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal as D
from uuid import uuid4

import pytest
from inventory_pages import page_client

from bangla_text import latin_in_main
from vextrus.modules.finance import service as finance
from vextrus.modules.inventory import service
from vextrus.modules.inventory.schemas import (
    MoveInput,
    StoreInput,
    StoreUpdateInput,
    TransferInput,
    TransferReceiveInput,
)
from vextrus.modules.master_data.schemas import ItemInput
from vextrus.modules.master_data.service import items as item_service
from vextrus.modules.organization import api as org
from vextrus.modules.projects import service as projects
from vextrus.platform import context
from vextrus.platform.errors import PermissionDenied, StaleVersion, ValidationFailed


def _world():
    c = org.create_company(org.CompanyInput(code="PBL", name="Padma Builders Ltd.", name_bn="পদ্মা বিল্ডার্স লিমিটেড"))
    p = projects.create_project("PADMA-RES", "Padma Residency", name_bn="পদ্মা রেসিডেন্সি", start_date="2025-07-01",
                                company_id=c.id)
    return c, p


@pytest.fixture
def web(db, admin):
    c, p = _world()
    tc = page_client(db, admin)
    yield tc, c, p
    tc.__exit__(None, None, None)


def _codes(c):
    return sorted(s.code for s in service.list_stores(c.id))


@pytest.mark.parametrize("lang", ["en", "bn"])
def test_the_stores_page_creates_a_central_and_a_site_store(web, lang):
    tc, c, p = web
    index = tc.get(f"/inventory?company={c.id}&lang={lang}").text
    assert f'href="/inventory/stores?company={c.id}" id="to-stores"' in index
    assert ("গুদামসমূহ" if lang == "bn" else ">Stores<") in index
    empty = tc.get(f"/inventory/stores?company={c.id}&lang={lang}")
    assert empty.status_code == 200 and 'id="store-form"' in empty.text
    assert ("এখনও কোনো গুদাম নেই" if lang == "bn" else "No stores yet") in empty.text
    base = {"company_id": str(c.id), "idempotency_key": str(uuid4())}
    ok = tc.post(f"/inventory/stores?lang={lang}", data={**base, "code": "cw", "name": "Central warehouse",
                                                         "name_bn": "কেন্দ্রীয় গুদাম", "kind": "central"},
                 follow_redirects=False)
    assert ok.status_code == 303 and ok.headers["location"] == f"/inventory/stores?company={c.id}"
    site = tc.post(f"/inventory/stores?lang={lang}", data={
        "company_id": str(c.id), "idempotency_key": str(uuid4()), "code": "site-padma", "name": "Padma site store",
        "name_bn": "পদ্মা সাইট গুদাম", "kind": "site", "project_id": str(p.id)}, follow_redirects=False)
    assert site.status_code == 303
    stores = {s.code: s for s in service.list_stores(c.id)}
    assert sorted(stores) == ["CW", "SITE-PADMA"]
    assert (stores["CW"].kind, stores["CW"].project_id, stores["CW"].name_bn) == ("central", None, "কেন্দ্রীয় গুদাম")
    assert (stores["SITE-PADMA"].kind, stores["SITE-PADMA"].project_id) == ("site", p.id)
    # the same form sent again with its idempotency key: the same store, not a refusal
    again = tc.post(f"/inventory/stores?lang={lang}", data={**base, "code": "cw", "name": "Central warehouse",
                                                            "name_bn": "কেন্দ্রীয় গুদাম", "kind": "central"},
                    follow_redirects=False)
    assert again.status_code == 303 and _codes(c) == ["CW", "SITE-PADMA"]
    # stock value today per store: 12 bags at ৳500 received in the site store
    finance.ensure_book("PBL", "Padma Builders Ltd.", c.id)
    finance.open_fiscal_year("PBL", "2025-26")
    cem = item_service.create_item(ItemInput(code="CEM", name="Cement", name_bn="সিমেন্ট", base_unit="bag"))
    service.post_move(MoveInput(company_id=c.id, item_id=cem.id, kind="receipt", move_date=date(2025, 8, 10),
                                store_id=stores["SITE-PADMA"].id, quantity=D(12), unit_cost=D(500)))
    page = tc.get(f"/inventory/stores?company={c.id}&lang={lang}").text
    row = re.search(rf'<tr id="store-{stores["SITE-PADMA"].id}".*?</tr>', page, re.S).group(0)
    if lang == "bn":
        for text in ("পদ্মা সাইট গুদাম", "সাইট গুদাম", "পদ্মা রেসিডেন্সি", "৬,০০০.০০"):
            assert text in row, text
        assert "কেন্দ্রীয় গুদাম" in page and "পুরো কোম্পানি" in page
        assert latin_in_main(page) == []
    else:
        for text in ("Padma site store", "Site store", "PADMA-RES", "Padma Residency", "6,000.00"):
            assert text in row, text
        assert "Whole company" in page


@pytest.mark.parametrize("lang", ["en", "bn"])
def test_refusals_are_shown_at_the_field_and_nothing_is_stored(web, lang):
    tc, c, p = web
    service.create_store(StoreInput(company_id=c.id, code="CW", name="Central warehouse", name_bn="কেন্দ্রীয় গুদাম"))
    good = {"company_id": str(c.id), "code": "SITE-1", "name": "Site store", "name_bn": "সাইট গুদাম", "kind": "site",
            "project_id": str(p.id)}
    cases = [  # (changed fields, status, field, English, Bangla)
        ({"code": "cw"}, 409, "code", "Code: Store CW already exists", "কোড: গুদাম CW আগে থেকেই আছে"),
        ({"name": "  "}, 422, "name", "Name: a value is required", "নাম: একটি মান দিতে হবে"),
        ({"code": "site 1"}, 422, "code", "Code: A code is 1 to 40 letters", "কোড: কোড ১ থেকে ৪০টি অক্ষর"),
        ({"project_id": str(uuid4())}, 422, "project_id", "Project: No such project in this company",
         "প্রকল্প: এই কোম্পানিতে এমন প্রকল্প নেই"),
        ({"kind": "yard"}, 422, "kind", "Kind: A store is central or site", "ধরন: গুদাম কেন্দ্রীয় অথবা সাইট হবে"),
    ]
    for change, status, field, en, bn in cases:
        r = tc.post(f"/inventory/stores?lang={lang}", data={**good, **change, "idempotency_key": str(uuid4())})
        assert r.status_code == status, (change, r.status_code)
        m = re.search(rf'<span class="error" data-field="{field}">([^<]*)</span>', r.text)
        assert m, (change, field)
        assert m.group(1).startswith(bn if lang == "bn" else en.split(": ", 1)[0]), m.group(1)
        assert (bn if lang == "bn" else en) in r.text, (change, m.group(1))
        assert 'aria-invalid="true"' in r.text
        if lang == "bn":
            assert latin_in_main(r.text) == [], latin_in_main(r.text)
        assert _codes(c) == ["CW"]


@pytest.mark.parametrize("lang", ["en", "bn"])
def test_a_store_is_renamed_with_its_version_and_a_stale_form_is_409(web, lang):
    tc, c, p = web
    s = service.create_store(StoreInput(company_id=c.id, code="CW", name="Central warehouse", name_bn="কেন্দ্রীয় গুদাম"))
    form = {"company_id": str(c.id), "name": "Central warehouse, Tejgaon", "name_bn": "কেন্দ্রীয় গুদাম, তেজগাঁও",
            "expected_version": str(s.version), "idempotency_key": str(uuid4())}
    ok = tc.post(f"/inventory/stores/{s.id}/rename?lang={lang}", data=form, follow_redirects=False)
    assert ok.status_code == 303
    now = service.get_store(s.id)
    assert (now.name, now.name_bn, now.code, now.version) == ("Central warehouse, Tejgaon", "কেন্দ্রীয় গুদাম, তেজগাঁও",
                                                               "CW", s.version + 1)
    stale = tc.post(f"/inventory/stores/{s.id}/rename?lang={lang}",
                    data={**form, "name": "Old form", "idempotency_key": str(uuid4())})
    assert stale.status_code == 409 and f'id="err-rename-{s.id}"' in stale.text
    blank = tc.post(f"/inventory/stores/{s.id}/rename?lang={lang}",
                    data={**form, "name": "", "expected_version": str(now.version), "idempotency_key": str(uuid4())})
    assert blank.status_code == 422 and ("নাম: গুদামের নাম দিন" if lang == "bn" else "Name: A store needs a name") in blank.text
    assert service.get_store(s.id).name == "Central warehouse, Tejgaon"
    # REST: PATCH with an idempotency key; a stale version 409
    r = tc.patch(f"/api/v1/inventory/stores/{s.id}", json={"name": "CW Tejgaon", "expected_version": now.version},
                 headers={"Idempotency-Key": "rn-1"})
    assert (r.status_code, r.json()["name"], r.json()["version"]) == (200, "CW Tejgaon", now.version + 1)
    r2 = tc.patch(f"/api/v1/inventory/stores/{s.id}", json={"name": "CW Tejgaon", "expected_version": now.version},
                  headers={"Idempotency-Key": "rn-1"})
    assert (r2.status_code, r2.json()["version"]) == (200, now.version + 1)  # replayed, not a second change
    r3 = tc.patch(f"/api/v1/inventory/stores/{s.id}", json={"name": "X", "expected_version": now.version})
    assert r3.status_code == 409


def test_without_the_store_permission_the_page_is_read_only_and_posts_are_403(db, admin, tenant_id):
    c, p = _world()
    s = service.create_store(StoreInput(company_id=c.id, code="CW", name="Central warehouse", name_bn="কেন্দ্রীয় গুদাম"))
    keeper = context.RequestContext(tenant_id=tenant_id, user_id=admin.user_id, actor="accountant@test",
                                    permissions=frozenset({"inventory.stock.view", "inventory.move.post"}))
    tc = page_client(db, keeper)
    try:
        page = tc.get(f"/inventory/stores?company={c.id}&lang=bn")
        assert page.status_code == 200 and "CW" in page.text
        assert 'id="store-form"' not in page.text and 'class="rename-store"' not in page.text
        assert 'id="stores-read-only"' in page.text and latin_in_main(page.text) == []
        r = tc.post("/inventory/stores", data={"company_id": str(c.id), "code": "SITE-1", "name": "Site store",
                                               "kind": "site"})
        assert r.status_code == 403
        r = tc.post(f"/inventory/stores/{s.id}/rename", data={"company_id": str(c.id), "name": "Renamed"})
        assert r.status_code == 403
        assert tc.post("/api/v1/inventory/stores", json={"company_id": str(c.id), "code": "S2", "name": "S"}).status_code == 403
    finally:
        tc.__exit__(None, None, None)
    with context.acting_as(keeper), pytest.raises(PermissionDenied):
        service.update_store(s.id, StoreUpdateInput(name="Renamed"))
    assert _codes(c) == ["CW"] and service.get_store(s.id).name == "Central warehouse"


def test_without_the_csrf_token_a_store_is_not_created(web):
    tc, c, p = web
    r = tc.post("/inventory/stores", data={"company_id": str(c.id), "code": "CW", "name": "Central warehouse",
                                           "kind": "central"}, headers={"X-CSRF-Token": ""})
    assert r.status_code == 403 and _codes(c) == []


def test_the_service_refuses_a_stale_rename_and_the_in_transit_store(db, admin):
    c, p = _world()
    s = service.create_store(StoreInput(company_id=c.id, code="CW", name="Central warehouse"))
    service.update_store(s.id, StoreUpdateInput(name="Central", expected_version=s.version))
    with pytest.raises(StaleVersion):
        service.update_store(s.id, StoreUpdateInput(name="Again", expected_version=s.version))
    assert service.get_store(s.id).name == "Central"


@pytest.mark.parametrize("lang", ["en", "bn"])
def test_a_store_is_deactivated_only_when_empty_and_then_takes_no_move(web, lang):
    tc, c, p = web
    finance.ensure_book("PBL", "Padma Builders Ltd.", c.id)
    finance.open_fiscal_year("PBL", "2025-26")
    cw = service.create_store(StoreInput(company_id=c.id, code="CW", name="Central warehouse", name_bn="কেন্দ্রীয় গুদাম"))
    site = service.create_store(StoreInput(company_id=c.id, code="SITE-1", name="Site", name_bn="সাইট", kind="site",
                                           project_id=p.id))
    cem = item_service.create_item(ItemInput(code="CEM", name="Cement", name_bn="সিমেন্ট", base_unit="bag"))
    day = date(2025, 8, 10)
    service.post_move(MoveInput(company_id=c.id, item_id=cem.id, kind="receipt", move_date=day, store_id=cw.id,
                                quantity=D(10), unit_cost=D(500)))
    t = service.dispatch_transfer(TransferInput(company_id=c.id, item_id=cem.id, from_store_id=cw.id,
                                                to_store_id=site.id, quantity=D(4), dispatch_date=day))

    def toggle(store, active):  # noqa: ANN001, ANN202
        version = service.get_store(store.id).version
        return tc.post(f"/inventory/stores/{store.id}/active?lang={lang}",
                       data={"company_id": str(c.id), "active": active, "expected_version": str(version)},
                       follow_redirects=False)

    held = toggle(cw, "false")  # 6 bags still in it
    assert held.status_code == 422 and f'id="err-rename-{cw.id}"' in held.text
    assert ("অবস্থা: গুদাম CW এ এখনও মজুদ আছে" if lang == "bn" else "Status: Store CW still holds stock") in held.text
    on_road = toggle(site, "false")  # empty, but 4 bags on the road to it
    assert on_road.status_code == 422
    assert ("পথে আছে" if lang == "bn" else "is on the road") in on_road.text
    if lang == "bn":
        assert latin_in_main(on_road.text) == []
    assert service.get_store(site.id).active and service.get_store(cw.id).active
    service.receive_transfer(t.id, TransferReceiveInput(receive_date=day, expected_version=t.version))
    service.post_move(MoveInput(company_id=c.id, item_id=cem.id, kind="issue", move_date=day, store_id=site.id,
                                quantity=D(4), project_id=p.id))
    ok = toggle(site, "false")
    assert ok.status_code == 303 and service.get_store(site.id).active is False
    page = tc.get(f"/inventory/stores?company={c.id}&lang={lang}").text
    assert ("নিষ্ক্রিয়" if lang == "bn" else "Inactive") in page
    assert ("আবার সক্রিয় করুন" if lang == "bn" else "Reactivate") in page
    assert f'value="{site.id}"' not in tc.get(f"/inventory?company={c.id}").text  # not offered on the move form
    with pytest.raises(ValidationFailed) as refused:
        service.post_move(MoveInput(company_id=c.id, item_id=cem.id, kind="receipt", move_date=day, store_id=site.id,
                                    quantity=D(1), unit_cost=D(500)))
    assert (refused.value.code, refused.value.field) == ("inventory.store_inactive", "store_id")
    with pytest.raises(ValidationFailed) as refused:
        service.dispatch_transfer(TransferInput(company_id=c.id, item_id=cem.id, from_store_id=cw.id,
                                                to_store_id=site.id, quantity=D(1), dispatch_date=day))
    assert (refused.value.code, refused.value.field) == ("inventory.store_inactive", "to_store_id")
    assert toggle(site, "true").status_code == 303 and service.get_store(site.id).active is True
    service.post_move(MoveInput(company_id=c.id, item_id=cem.id, kind="receipt", move_date=day, store_id=site.id,
                                quantity=D(1), unit_cost=D(500)))
