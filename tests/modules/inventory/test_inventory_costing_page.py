"""The costing method on the stores page and in GraphQL (issue 17): a new company chooses FIFO on the page (English
and Bangla), sees it, and once it has a stock move the page shows the method locked with no form, while a forged
post is refused at the field in the page's language and nothing changes; GraphQL reads and sets the same setting.
Both databases."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from inventory_pages import page_client

from bangla_text import latin_in_main
from vextrus.modules.finance import service as finance
from vextrus.modules.inventory import service
from vextrus.modules.inventory.schemas import MoveInput, StoreInput
from vextrus.modules.master_data.schemas import ItemInput
from vextrus.modules.master_data.service import items as item_service
from vextrus.modules.organization import api as org


@pytest.fixture
def web(db, admin):
    c = org.create_company(org.CompanyInput(code="PBL", name="Padma Builders Ltd.", name_bn="পদ্মা বিল্ডার্স লিমিটেড"))
    tc = page_client(db, admin)
    yield tc, c
    tc.__exit__(None, None, None)


def _form(tc, c, method: str, lang: str, version: int):  # noqa: ANN001, ANN202
    return tc.post(f"/inventory/settings?lang={lang}", data={
        "company_id": str(c.id), "costing_method": method, "expected_version": str(version),
        "csrf_token": tc.headers["X-CSRF-Token"]}, follow_redirects=False)


@pytest.mark.parametrize("lang", ["en", "bn"])
def test_fifo_is_chosen_on_the_page_then_locked_by_the_first_move(web, lang):
    tc, c = web
    page = tc.get(f"/inventory/stores?company={c.id}&lang={lang}").text
    assert 'id="costing-form"' in page and ("চলমান গড়" if lang == "bn" else "moving average") in page
    if lang == "bn":
        assert latin_in_main(page) == []

    assert _form(tc, c, "fifo", lang, 0).status_code == 303
    assert service.get_settings(c.id).costing_method == "fifo"
    chosen = tc.get(f"/inventory/stores?company={c.id}&lang={lang}").text
    assert ("আগে আসা আগে যাওয়া" if lang == "bn" else "FIFO (first in, first out)") in chosen

    finance.ensure_book("PBL", "Padma Builders Ltd.", c.id)
    finance.open_fiscal_year("PBL", "2025-26")
    cw = service.create_store(StoreInput(company_id=c.id, code="CW", name="Central warehouse", name_bn="কেন্দ্রীয় গুদাম"))
    cem = item_service.create_item(ItemInput(code="CEM", name="Cement", name_bn="সিমেন্ট", base_unit="bag"))
    service.post_move(MoveInput(company_id=c.id, item_id=cem.id, kind="receipt", move_date=date(2025, 8, 10),
                                store_id=cw.id, quantity=D(10), unit_cost=D(500)))
    locked = tc.get(f"/inventory/stores?company={c.id}&lang={lang}").text
    assert 'id="costing-locked"' in locked and 'id="costing-form"' not in locked
    if lang == "bn":
        assert latin_in_main(locked) == []

    version = service.get_settings(c.id).version
    refused = _form(tc, c, "moving_average", lang, version)  # a post made without the form
    assert refused.status_code == 422 and 'data-field="costing_method"' in refused.text
    assert ("পুনর্মূল্যায়ন" if lang == "bn" else "revaluation") in refused.text
    assert service.get_settings(c.id).costing_method == "fifo" and service.get_settings(c.id).version == version


def test_graphql_reads_and_sets_the_costing_method(web):
    tc, c = web
    q = '{ inventorySettings(companyId: "CID") { costingMethod locked version } }'.replace("CID", str(c.id))
    got = tc.post("/graphql", json={"query": q}).json()
    assert got["data"]["inventorySettings"] == {"costingMethod": "moving_average", "locked": False, "version": 0}
    m = ('mutation { setInventorySettings(settings: {companyId: "CID", costingMethod: "lifo"}) { costingMethod } }'
         .replace("CID", str(c.id)))
    bad = tc.post("/graphql", json={"query": m}).json()
    assert bad["errors"][0]["extensions"]["code"] == "inventory.costing_method_invalid"
    ok = tc.post("/graphql", json={"query": m.replace("lifo", "fifo")}).json()
    assert ok["data"]["setInventorySettings"]["costingMethod"] == "fifo"
    assert service.get_settings(c.id).costing_method == "fifo"
