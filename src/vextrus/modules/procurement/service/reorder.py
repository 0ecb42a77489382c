"""A draft purchase requisition from inventory's reorder suggestions (issue 17). Procurement depends on inventory
(not the reverse), so the command lives here and reads the suggestions through `inventory.api` as procurement on
behalf of the user: load (company, store, the store's suggestions as of the request date) → guard (a store that
serves a project, at least one item, each item chosen once and suggested now) → `create_requisition` (the same
unit of work: its own checks, number, lines, event) → view."""

from __future__ import annotations

from datetime import timedelta

from vextrus.platform import clock, context
from vextrus.platform.i18n import format_date
from vextrus.platform.uow import UnitOfWork, command

from .. import domain
from ..schemas import RequisitionFromSuggestionsInput, RequisitionInput, RequisitionLineInput, RequisitionView
from .common import check_company, check_store
from .requisitions import create_requisition


@command("procurement.requisition.create", scope="procurement.requisition_from_suggestions")
def create_requisition_from_suggestions(uow: UnitOfWork, data: RequisitionFromSuggestionsInput) -> RequisitionView:
    from vextrus.modules.inventory import api as inventory

    from .. import MODULE

    check_company(data.company_id)
    store = check_store(data.store_id, data.company_id)
    on = data.requested_on or clock.today()
    if store.project_id is None:
        raise domain.bad("store_without_project",
                         f"Store {store.code} serves no project: a requisition from reorder suggestions is raised "
                         "for a site store of a project",
                         f"গুদাম {store.code} কোনো প্রকল্পের নয়: পুনঃক্রয় প্রস্তাব থেকে চাহিদাপত্র শুধু কোনো "
                         "প্রকল্পের সাইট গুদামের জন্য", field="store_id")
    if not data.item_ids:
        raise domain.bad("suggestions_none", "Choose at least one suggested item",
                         "অন্তত একটি প্রস্তাবিত পণ্য বেছে নিন", field="item_ids")
    with context.calling_as(MODULE):
        suggested = {s.item_id: s for s in inventory.reorder_suggestions(data.company_id, store.id, on)}
    seen: set = set()
    for i, item_id in enumerate(data.item_ids):
        if item_id in seen:
            raise domain.bad("suggestion_repeated", "This item is chosen twice", "এই পণ্য দুবার বাছাই করা হয়েছে",
                             field=f"item_ids[{i}]")
        seen.add(item_id)
        if item_id not in suggested:
            raise domain.bad("not_suggested",
                             f"Item {item_id} is not at or below its reorder point in store {store.code} on {on}",
                             f"গুদাম {store.code}-এ {format_date(on, 'bn')} তারিখে পণ্যটি পুনঃক্রয় বিন্দুতে বা তার নিচে নেই",
                             field=f"item_ids[{i}]")
    needed = data.needed_by or on + timedelta(days=7)
    note = data.note.strip() or "From reorder suggestions / পুনঃক্রয় প্রস্তাব থেকে"
    return create_requisition(RequisitionInput(
        company_id=data.company_id, store_id=store.id, requested_on=on, project_id=store.project_id, note=note,
        lines=[RequisitionLineInput(item_id=i, quantity=suggested[i].suggested_quantity, needed_by=needed)
               for i in data.item_ids]))
