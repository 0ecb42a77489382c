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


def test_items_by_id_reads_many_items_in_one_query_and_leaves_out_unknown_and_other_tenants(db, tenant_id):
    """`api.items_by_id`: a document of many lines (an inventory slip) reads its items once, in one statement:
    each known id → code, names, base unit, status; an unknown id and another tenant's item are absent."""
    from sqlalchemy import event

    from vextrus.modules.master_data.schemas import ItemInput
    from vextrus.modules.master_data.service import items as item_service
    from vextrus.platform.ids import new_id

    other = new_id()
    with context.acting_as(context.system_context()), db.session_factory.begin() as s:
        from vextrus.platform.tables import Tenant

        s.add(Tenant(id=other, code=f"t{other.hex[-12:]}", name="Other Builders Ltd.", is_demo=False))
    with context.acting_as(context.RequestContext(tenant_id=other, permissions=frozenset({"*"}))):
        foreign = item_service.create_item(ItemInput(code="CEM-X", name="Cement X", name_bn="সিমেন্ট এক্স",
                                                     base_unit="bag"))
    with context.acting_as(context.RequestContext(tenant_id=tenant_id, permissions=frozenset({"*"}))):
        made = [item_service.create_item(ItemInput(code=f"ROD-{k}", name=f"Rod {k}", name_bn=f"রড {k}",
                                                   base_unit="kg")) for k in range(5)]
        seen: list[str] = []
        listen = lambda *a: seen.append(a[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listen)
        try:
            found = api.items_by_id([*(i.id for i in made), made[0].id, new_id(), foreign.id])
        finally:
            event.remove(db.engine, "before_cursor_execute", listen)
    assert set(found) == {i.id for i in made}
    assert [found[i.id].code for i in made] == [f"ROD-{k}" for k in range(5)]
    assert found[made[3].id].name_bn == "রড 3" and found[made[3].id].base_unit == "kg"
    assert found[made[3].id].status == "active"
    assert len([q for q in seen if "master_data_item" in q]) == 1
