"""Other modules find parties and items through master data's api (for pickers)."""

from __future__ import annotations

from vextrus.modules.master_data import api
from vextrus.platform import bootstrap, context


def test_pickers_find_demo_parties_and_items_in_english_and_bangla(db):
    tenant, _created, _lines = bootstrap.load_demo()
    with context.acting_as(context.RequestContext(tenant_id=tenant.id, permissions=frozenset({"*"}))):
        english = api.search_parties("meghdoot")
        bangla = api.search_parties("মেঘদূত")
        vendors = api.search_parties("", role="vendor", limit=50)
        cement = api.search_items("cement")
    assert english and [p.id for p in english] == [p.id for p in bangla]
    assert vendors and all("vendor" in v.roles for v in vendors)
    assert cement and all("cement" in (i.name or "").lower() or "cement" in (i.code or "").lower() for i in cement)
