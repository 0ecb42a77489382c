"""projects.api.add_boq_items on both databases: several BOQ lines at once, all or none, each refusal naming
`items[i].<field>` in English and Bangla; it needs projects.boq.create (the user's, or the calling module's
declaration)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from vextrus.modules.projects import api
from vextrus.modules.projects import service as projects
from vextrus.platform import context
from vextrus.platform.errors import Conflict, PermissionDenied, ValidationFailed
from vextrus.platform.ids import new_id


def _item(code: str, quantity: str = "10", rate: str = "450", description: str = "Earthwork") -> api.BoqItemIn:
    return api.BoqItemIn(code=code, description=description, unit="m3", quantity=D(quantity), rate=D(rate))


def test_lines_are_added_all_or_none(db, admin):
    p = projects.create_project("BOQ-1", "Boq test")
    out = api.add_boq_items(p.id, [_item("1.01", "1234.567", "451.35"), _item("2.01", "0.005", "0.10")])
    assert [(b.code, b.amount) for b in out] == [("1.01", D("557221.82")), ("2.01", D("0.00"))]  # 557221.81545 and 0.0005, half up
    cases = [([_item("3.01"), _item("1.01")], Conflict, "boq_item_exists", "items[1].item_no"),
             ([_item("3.01"), _item("3.01")], Conflict, "boq_item_exists", "items[1].item_no"),
             ([_item("3.01", rate="1.005")], ValidationFailed, "boq_rate_precision", "items[0].rate"),
             ([_item("3.01", quantity="1.00001")], ValidationFailed, "boq_quantity_precision", "items[0].quantity"),
             ([_item("3.01", quantity="-1")], ValidationFailed, "boq_quantity", "items[0].quantity"),
             ([_item(" ")], ValidationFailed, "boq_item_no", "items[0].item_no"),
             ([_item("3.01", description="x" * 401)], ValidationFailed, "boq_description", "items[0].description")]
    for items, kind, code, field in cases:
        with pytest.raises(kind) as e:
            api.add_boq_items(p.id, items)
        assert (e.value.code, e.value.field) == (code, field) and e.value.message_bn != e.value.message
        assert [b.code for b in api.boq_items(p.id)] == ["1.01", "2.01"]


def test_it_needs_boq_create(db, admin, tenant_id):
    p = projects.create_project("BOQ-2", "Boq test")
    reader = context.RequestContext(tenant_id=tenant_id, user_id=new_id(), actor="reader@test",
                                    permissions=frozenset({"projects.project.read", "projects.boq.read"}))
    with context.acting_as(reader), pytest.raises(PermissionDenied):
        api.add_boq_items(p.id, [_item("1.01")])
    assert api.boq_items(p.id) == []
