"""Other modules find parties and items through master data's api (for pickers).

The demo's parties and items are loaded into this test's own tenant: the shared demo tenant is fair game
for the API fuzzer, which renames and archives what it finds."""

from __future__ import annotations

from vextrus.modules.master_data import api, demo
from vextrus.platform import context


def test_pickers_find_demo_parties_and_items_in_english_and_bangla(db, tenant_id):
    demo.load(tenant_id)
    db.relay.drain()
    with context.acting_as(context.RequestContext(tenant_id=tenant_id, permissions=frozenset({"*"}))):
        english = api.search_parties("meghdoot")
        bangla = api.search_parties("মেঘদূত")
        vendors = api.search_parties("", role="vendor", limit=50)
        cement = api.search_items("cement")
    assert english and [p.id for p in english] == [p.id for p in bangla]
    assert vendors and all("vendor" in v.roles for v in vendors)
    assert cement and all("cement" in (i.name or "").lower() or "cement" in (i.code or "").lower() for i in cement)
